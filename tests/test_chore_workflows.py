"""The chore workflows (suggest a paper, watch arXiv, link check): their shape, and their own
scripts run here with bash against the local stand-in for arXiv and Crossref."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from remote_server import RemoteServer

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
BODIES = REPO / "tests" / "fixtures" / "issue-forms"


def load(name: str) -> Any:
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


def step(workflow: Any, name: str) -> dict[str, Any]:
    return next(s for job in workflow["jobs"].values() for s in job["steps"]
                if s.get("name", "").startswith(name))


def test_untrusted_issue_text_never_reaches_a_script_as_an_expression() -> None:
    """`${{ github.event.issue.body }}` inside `run:` would let an issue run shell code."""
    for path in WORKFLOWS.glob("*.yml"):
        for job in yaml.safe_load(path.read_text("utf-8"))["jobs"].values():
            for s in job["steps"]:
                assert "github.event.issue" not in s.get("run", ""), (path.name, s.get("name"))


def test_shapes_triggers_and_permissions() -> None:
    suggest, watch, links = load("suggest-paper.yml"), load("watch.yml"), load("linkcheck.yml")
    assert suggest[True] == {"issues": {"types": ["opened", "edited", "labeled"]}}
    job = suggest["jobs"]["propose"]
    assert job["if"] == "contains(github.event.issue.labels.*.name, 'paper')"
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    pull = step(suggest, "Open or update the pull request")
    assert pull["uses"] == "peter-evans/create-pull-request@v7"
    assert pull["with"]["body"].startswith("Closes #${{ github.event.issue.number }}.")
    for workflow in (watch, links):
        assert set(workflow[True]) == {"schedule", "workflow_dispatch"}
        assert workflow["permissions"] == {"contents": "read"}
        assert next(iter(workflow["jobs"].values()))["permissions"]["issues"] == "write"
    cache = step(watch, "Remember where the last run stopped")
    assert cache["with"]["path"] == ".cache/watch.json", "the state file watch keeps by default"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The repository as the workflow checks it out."""
    for folder in ("content", "templates", "docs", ".github"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    for file in ("README.md", "build.py"):
        shutil.copy(REPO / file, tmp_path / file)
    return tmp_path


def run_step(script: str, checkout: Path, remote: RemoteServer, **env: str) -> dict[str, str]:
    """Run a step's script with bash as the runner would; returns what it wrote to GITHUB_OUTPUT."""
    runner = checkout / "runner"
    runner.mkdir(exist_ok=True)
    output = runner / "output"
    output.write_text("")
    environment = {**os.environ, **env, "RUNNER_TEMP": str(runner), "GITHUB_OUTPUT": str(output),
                   "PYTHONPATH": str(REPO), "SURVEY_SITE_ARXIV_API": remote.arxiv,
                   "SURVEY_SITE_CROSSREF_API": remote.crossref,
                   "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-e", "-c", script], cwd=checkout, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(line.split("=", 1) for line in output.read_text().splitlines())


def test_suggest_paper_step_adds_a_checked_paper(checkout: Path, remote: RemoteServer) -> None:
    script = step(load("suggest-paper.yml"), "Add the paper from the form")["run"]
    outputs = run_step(script, checkout, remote, ISSUE_BODY=(BODIES / "arxiv-full.md").read_text())
    assert outputs == {"added": "true"}
    assert (checkout / "content" / "papers" / "black2024pi0.md").is_file()
    assert "A Vision-Language-Action Flow Model" in (checkout / "README.md").read_text("utf-8")


def test_suggest_paper_step_reports_a_failure(checkout: Path, remote: RemoteServer) -> None:
    script = step(load("suggest-paper.yml"), "Add the paper from the form")["run"]
    outputs = run_step(script, checkout, remote,
                       ISSUE_BODY=(BODIES / "unknown-arxiv-id.md").read_text())
    assert outputs == {"added": "false"}
    report = (checkout / "runner" / "report.txt").read_text()
    assert report == "new: arXiv has no paper with the id 2501.99999; check the id on arxiv.org\n"


def test_watch_step_writes_a_digest(checkout: Path, remote: RemoteServer) -> None:
    """Run today, the recorded 2025 feed holds nothing in the window: the quiet week."""
    script = step(load("watch.yml"), "Ask arXiv")["run"]
    run_step(script.replace("watch ", "watch --delay 0 "), checkout, remote)
    digest = (checkout / "runner" / "digest.md").read_text("utf-8")
    assert digest.startswith('# New on arXiv for "The duality of generative AI')
    assert "Nothing new this time." in digest
    assert (checkout / ".cache" / "watch.json").is_file()
