"""The GitHub workflows and issue form: valid by a real linter, and their commands work here."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_src.schema import PAPER_FIELDS

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
CI = GITHUB / "workflows" / "ci.yml"
PAGES = GITHUB / "workflows" / "pages.yml"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "suggest-paper.yml"
PAGES_BASE_URL = "${{ steps.pages.outputs.base_url }}"
FORM_EXTRAS = {"url", "bibtex", "summary"}  # what a suggester gives instead of a bib entry


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def steps(workflow: Any) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def commands(workflow: Any) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", [CI, PAGES]),
    ("vendor.github-issue-forms", [ISSUE_FORM]),
])
def test_files_pass_check_jsonschema(schema: str, files: list[Path]) -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                             *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_on_pushes_and_pull_requests_and_checks_strictly() -> None:
    workflow = load(CI)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert {"python -m pytest", "python build.py check --strict"} <= set(commands(workflow))


def test_pages_deploys_with_official_actions_minimal_permissions_and_one_at_a_time() -> None:
    workflow = load(PAGES)
    assert set(workflow[True]) == {"push", "workflow_dispatch"}
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    used = [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]
    official = ["actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert [action for action in used if action in official] == official
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith(official[1]))
    assert upload["with"]["path"] == "_site"
    assert any(PAGES_BASE_URL in command for command in commands(workflow))


@pytest.fixture
def repository_copy(tmp_path: Path) -> Path:
    """The real content, templates, README and its figures, and the entry point, as checked out."""
    for folder in ("content", "templates", "docs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    for file in ("README.md", "build.py"):
        shutil.copy(REPO / file, tmp_path / file)
    return tmp_path


def run_commands(workflow: Path, checkout: Path, substitutions: dict[str, str]) -> None:
    """Run the workflow's own generator commands (not the test suite, which runs us)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    ran = 0
    for command in commands(load(workflow)):
        if not command.startswith("python build.py"):
            continue
        for expression, value in substitutions.items():
            command = command.replace(expression, value)
        result = subprocess.run(["bash", "-ec", command], cwd=checkout, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
        ran += 1
    assert ran


def test_ci_commands_pass_on_the_real_content(repository_copy: Path) -> None:
    run_commands(CI, repository_copy, {})
    assert (repository_copy / "_site" / "index.html").is_file()


def test_pages_build_uses_the_pages_base_url(repository_copy: Path) -> None:
    run_commands(PAGES, repository_copy, {PAGES_BASE_URL: "https://octo.github.io/survey"})
    home = (repository_copy / "_site" / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://octo.github.io/survey/">' in home
    missing = (repository_copy / "_site" / "404.html").read_text("utf-8")
    assert 'href="/survey/' in missing


def test_issue_form_fields_match_the_front_matter() -> None:
    form = load(ISSUE_FORM)
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert set(fields) - FORM_EXTRAS == {field.name for field in PAPER_FIELDS}
    for field in PAPER_FIELDS:
        if field.choices:
            assert fields[field.name]["type"] == "dropdown"
            assert tuple(fields[field.name]["attributes"]["options"]) == field.choices
