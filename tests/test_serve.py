"""`python build.py serve` as a contributor uses it: edit, see the change, break, fix, stop."""
from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from live_server import REPO, LiveServer

from site_src import search_index, views
from site_src.pipeline import Project, Report, load_survey
from site_src.project import THEME_DIR

KEY = "ma2023eureka"
PAGE = f"papers/{KEY}/"


@pytest.fixture
def project(make_project: Callable[[], Project]) -> Project:
    return make_project()


@pytest.fixture
def server(project: Project) -> Iterator[LiveServer]:
    live = LiveServer(project.root)
    yield live
    live.kill()


def changed_files(server: LiveServer, after: int) -> list[str]:
    """The files the server reported changing in its first rebuild after line `after`."""
    line = next(line for line in server.lines[after:] if line.startswith("rebuilt in "))
    listed = line.split("changed: ", 1)[1]
    assert listed != "...", line
    return listed.split(", ") if listed else []


def dependents(project: Project, source: str) -> tuple[set[str], int]:
    """Site files whose planned outputs depend on `source`, and how many outputs there are."""
    survey = load_survey(project, Report())
    outputs = views.site_outputs(survey, project.content_files())
    return {o.path for o in outputs if source in o.deps}, len(outputs)


def rebuilt_after(server: LiveServer, after: int) -> bool:
    return any(line.startswith(("rebuilt in ", "build failed")) for line in server.lines[after:])


def test_edit_shows_new_text_and_rewrites_only_dependent_pages(project: Project,
                                                               server: LiveServer) -> None:
    paper = project.content / "papers" / f"{KEY}.md"
    status, before = server.fetch(PAGE)
    assert status == 200 and "Edited while serving" not in before
    mark = len(server.lines)
    paper.write_text(paper.read_text("utf-8") + "\nEdited while serving.\n", "utf-8")
    server.wait_for(lambda: "Edited while serving." in server.fetch(PAGE)[1], "the edit")
    server.wait_for(lambda: rebuilt_after(server, mark), "the rebuild report")
    written = changed_files(server, mark)
    expected, total = dependents(project, f"content/papers/{KEY}.md")
    assert f"{PAGE}index.html" in written
    # The search index is derived from the paper pages, so its shards follow a body edit.
    planned = {path for path in written if not path.startswith(f"{search_index.FOLDER}/")}
    assert planned <= expected, planned - expected
    assert len(written) < total


def test_broken_file_serves_error_page_until_fixed(project: Project, server: LiveServer) -> None:
    paper = project.content / "papers" / f"{KEY}.md"
    good = paper.read_text("utf-8")
    paper.write_text(good.replace("year: 2023", "year: <b>2023</b>"), "utf-8")
    server.wait_for(lambda: server.fetch(PAGE)[0] == 500, "the error page")
    status, body = server.fetch("")
    assert status == 500
    assert f"content/papers/{KEY}.md:5: year: expected a whole number" in body
    assert "&lt;b&gt;2023&lt;/b&gt;" in body and "<b>2023" not in body
    assert any(f"content/papers/{KEY}.md:5: year:" in line for line in server.lines)
    assert server.process.poll() is None

    paper.write_text(good, "utf-8")
    server.wait_for(lambda: server.fetch(PAGE)[0] == 200, "recovery")
    assert "EUREKA" in server.fetch(PAGE)[1]


def test_template_error_names_template_and_line(project: Project, server: LiveServer) -> None:
    template = project.overrides / "paper.html"
    template.parent.mkdir(exist_ok=True)
    good = (THEME_DIR / "paper.html").read_text("utf-8")
    template.write_text(good + "\n{% if %}\n", "utf-8")
    server.wait_for(lambda: server.fetch(PAGE)[0] == 500, "the error page")
    lines = good.count("\n") + 2
    assert f"paper.html:{lines}: template error" in server.fetch(PAGE)[1]
    template.write_text(good, "utf-8")
    server.wait_for(lambda: server.fetch(PAGE)[0] == 200, "recovery")


def test_unknown_path_gets_the_sites_404_page(server: LiveServer) -> None:
    status, body = server.fetch("no/such/page/")
    assert status == 404 and "Page not found" in body
    assert server.fetch("../../etc/passwd")[0] == 404


def test_ctrl_c_stops_cleanly(server: LiveServer) -> None:
    assert server.interrupt() == 0
    output = "\n".join(server.lines)
    assert "Traceback" not in output and output.rstrip().endswith("stopped")
    assert server.fetch("")[0] == 0


def test_busy_port_is_reported_not_a_traceback(project: Project) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "build.py", "--root", str(project.root), "serve",
                                 "--port", str(port)], cwd=REPO, capture_output=True, text=True,
                                timeout=60)
    assert result.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert "Traceback" not in result.stderr
