"""`python build.py serve` as a contributor uses it: edit, see the change, break, fix, stop."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from live_server import REPO, LiveServer

from site_src import preview as preview_module
from site_src import search_index, urls, views
from site_src.pipeline import Project, Report, build, load_survey
from site_src.preview import Preview
from site_src.project import THEME_DIR
from tests.test_clean_build import tree

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


def changed_files(server: LiveServer, after: int, step: str = "rebuilt in ") -> list[str]:
    """The files the server reported changing in its first `step` after line `after`."""
    line = next(line for line in server.lines[after:] if line.startswith(step))
    listed = line.split("changed: ", 1)[1]
    assert listed != "...", line
    return listed.split(", ") if listed else []


def content_keys(project: Project) -> dict[str, str]:
    """Each planned output's content key, for the content as it is now."""
    return {o.path: o.key() for o in views.site_outputs(load_survey(project, Report()))}


def rebuilt_after(server: LiveServer, after: int) -> bool:
    return any(line.startswith(("rebuilt in ", "build failed")) for line in server.lines[after:])


def test_edit_shows_new_text_and_rewrites_only_dependent_pages(project: Project,
                                                               server: LiveServer) -> None:
    paper = project.content / "papers" / f"{KEY}.md"
    status, before = server.fetch(PAGE)
    assert status == 200 and "Edited while serving" not in before
    keys_before = content_keys(project)
    mark = len(server.lines)
    paper.write_text(paper.read_text("utf-8") + "\nEdited while serving.\n", "utf-8")
    server.wait_for(lambda: "Edited while serving." in server.fetch(PAGE)[1], "the edit")
    server.wait_for(lambda: rebuilt_after(server, mark), "the rebuild report")
    server.wait_for(lambda: any(line.startswith("caught up") for line in server.lines[mark:]),
                    "the rest of the site to be checked")
    on_screen = changed_files(server, mark)
    assert on_screen == [f"{PAGE}index.html"], "only the open page is made before the reload"
    written = on_screen + changed_files(server, mark, "caught up")
    keys_after = content_keys(project)
    expected = {path for path, key in keys_after.items() if keys_before[path] != key}
    # The search index is derived from the paper pages, so its shards follow a body edit.
    planned = {path for path in written if not path.startswith(f"{search_index.FOLDER}/")}
    assert planned <= expected, planned - expected
    assert len(written) < len(keys_after) / 4


def test_serving_never_writes_the_site_readme_or_figures(project: Project) -> None:
    build(project)
    committed = {path: path.read_bytes() for path in (project.readme, *project.figures.iterdir())}
    site = tree(project.site)
    live = LiveServer(project.root)
    try:
        paper = project.content / "papers" / f"{KEY}.md"
        paper.write_text(paper.read_text("utf-8").replace("- reward-llm\n", "- reward-vlm\n")
                         + "\nEdited while serving.\n", "utf-8")
        live.wait_for(lambda: "Edited while serving." in live.fetch(PAGE)[1], "the edit")
        assert "127.0.0.1" in live.fetch(PAGE)[1], "the preview builds for its own address"
    finally:
        live.interrupt()
    assert {path: path.read_bytes() for path in committed} == committed
    assert sorted(project.figures.iterdir()) == sorted(p for p in committed if p != project.readme)
    assert tree(project.site) == site


LOCAL = "http://127.0.0.1:8000/"
NEW_PAPER = """---
key: added2024paper
taxonomy: [reward-llm]
year: 2024
year_source: bib
---
A paper added while the preview runs.
"""
NEW_ENTRY = """
@article{added2024paper,
  title = {A Paper Added While Serving},
  author = {Doe, Jane},
  year = {2024},
  url = {https://example.org/added},
}
"""


def edit_content(project: Project, kind: str) -> list[Path]:
    """Make one kind of edit a contributor makes; the files it changed."""
    paper = project.content / "papers" / f"{KEY}.md"
    bib = project.content / "references.bib"

    def replace(path: Path, old: str, new: str) -> list[Path]:
        text = path.read_text("utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
        return [path]

    if kind == "body":
        return replace(paper, "Uses a coding", "Uses, as edited, a coding")
    if kind == "taxonomy placement":
        return replace(paper, "- reward-llm\n", "- reward-vlm\n")
    if kind == "template":  # an override of the packaged theme's base.html
        override = project.overrides / "base.html"
        override.parent.mkdir(exist_ok=True)
        override.write_text((THEME_DIR / "base.html").read_text("utf-8"), "utf-8")
        return replace(override, "<main", '<main data-edited="1"')
    if kind == "config":
        return replace(project.content / "site.yaml", "language: en", "language: fr")
    if kind == "bib":
        return replace(bib, "Ma, Yecheng Jason", "M{\\\"a}, Yecheng Jason")
    if kind == "title in every table":
        return replace(paper, "year: 2023\n", "year: 2023\ntitle: Eureka, retitled\n")
    if kind == "new paper":
        added = project.content / "papers" / "added2024paper.md"
        added.write_text(NEW_PAPER, "utf-8")
        bib.write_text(bib.read_text("utf-8") + NEW_ENTRY, "utf-8")
        return [added, bib]
    assert kind == "deleted paper"
    gone = project.content / "papers" / "wu2022daydreamer.md"
    gone.unlink()
    text = bib.read_text("utf-8")
    start = text.index("@article{wu2022daydreamer")
    bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3:], "utf-8")
    return [gone, bib]


@pytest.mark.parametrize("kind", ["body", "taxonomy placement", "template", "config", "bib",
                                  "title in every table", "new paper", "deleted paper"])
def test_preview_after_an_edit_serves_what_a_clean_build_writes(
        make_project: Callable[..., Project], tmp_path: Path, kind: str) -> None:
    project = make_project()
    served = Project(project.root, LOCAL)
    preview = Preview(served, tmp_path / "preview")
    preview.rebuild()
    assert preview.problems == []
    shown = f"{PAGE}index.html" if kind != "deleted paper" else "index.html"
    preview(environ(shown), lambda status, headers: None)  # a tab showing that page
    changed = edit_content(project, kind)
    preview.rebuild([str(path) for path in changed])
    assert preview.problems == []
    clean = tmp_path / "clean"
    shutil.copytree(project.content, clean / "content")
    build(Project(clean, LOCAL))
    built = tree(clean / "_site")
    assert (preview.folder / shown).read_bytes() == (clean / "_site" / shown).read_bytes(), \
        "the page on screen is up to date before the browser reloads"
    assert preview.pending, "the rest waits to be checked between requests"
    preview.changed_at -= preview_module.QUIET_SECONDS
    while preview.pending:
        preview.catch_up()
    assert preview.search is not None, "the search index waits until it is fetched"
    preview(environ(urls.SEARCH_MANIFEST), lambda status, headers: None)
    assert tree(preview.folder) == built
    assert not project.readme.exists() and not project.site.exists()


def environ(site_path: str) -> dict[str, str]:
    """A WSGI request for the page at `site_path` (its folder's address for an index.html)."""
    return {"PATH_INFO": "/" + site_path.removesuffix("index.html")}


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


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGINT to send to another process")
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


def test_a_page_asked_for_before_the_preview_caught_up_is_made_first(
        make_project: Callable[..., Project], tmp_path: Path) -> None:
    """Pages not on screen wait to be checked, but one the browser asks for never shows the
    content before the change; nor does the search index, made when first fetched."""
    project = make_project()
    preview = Preview(Project(project.root, LOCAL), tmp_path / "preview")
    preview.rebuild()
    edit_content(project, "title in every table")
    preview.rebuild([str(project.content / "papers" / f"{KEY}.md")])
    assert "papers/index.html" in preview.pending and preview.search is not None
    statuses: list[str] = []
    body = b"".join(preview(environ("papers/index.html"), lambda status, _: statuses.append(status)))
    assert statuses == ["200 OK"] and b"Eureka, retitled" in body
    assert "papers/index.html" not in preview.pending
    manifest = f"{search_index.FOLDER}/index.json"
    index = json.loads(b"".join(preview(environ(manifest), lambda status, _: None)))
    assert preview.search is None
    shards = {name: json.loads((preview.folder / search_index.FOLDER / "terms" / f"{name}.json")
                               .read_text("utf-8")) for name in index["shards"]}
    assert any("retitled" in shard["words"] for shard in shards.values())
