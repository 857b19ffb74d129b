"""Shared fixtures: real content copied into temporary projects, and built sites."""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from remote_server import RemoteServer, remote_server

from site_src.pipeline import Project, build
from tests.system import REQUIREMENTS

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = REPO / "tests" / "fixtures" / "sample"
REAL_CONTENT = REPO / "content"

MakeProject = Callable[..., Project]
BROWSER_TESTS = REPO / "tests" / "e2e"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e drives Chromium: marked here, before `-m` selects."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Stop at once, in one line, when a program the selected tests need is missing."""
    selected = {mark.name for item in session.items for mark in item.iter_markers()}
    for requirement in REQUIREMENTS:
        if requirement.marker in selected and requirement.missing():
            pytest.exit(requirement.message(), returncode=pytest.ExitCode.USAGE_ERROR)


# Browser tests serve the site under /survey/; the base URL's path must say so for 404.html.
TEST_BASE_URL = "https://example.org/survey/"


def copy_project(destination: Path, content: Path = SAMPLE_CONTENT,
                 base_url: str | None = None) -> Project:
    """A throwaway project: the given content only, so the packaged default theme renders it."""
    shutil.copytree(content, destination / "content")
    return Project(destination, base_url)


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    def make(content: Path = SAMPLE_CONTENT, name: str = "project") -> Project:
        return copy_project(tmp_path / name, content)
    return make


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("sample"), SAMPLE_CONTENT)
    build(project)
    return project


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("real"), REAL_CONTENT, TEST_BASE_URL)
    build(project)
    return project


@pytest.fixture
def remote() -> Iterator[RemoteServer]:
    """A local stand-in for the arXiv API and Crossref, answering the recorded fixtures."""
    with remote_server() as server:
        yield server
