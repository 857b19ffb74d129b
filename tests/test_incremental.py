"""Warm and incremental builds give byte-for-byte the site a cold build gives, and write
only what changed."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_src.pipeline import Project, build
from site_src.project import THEME_DIR

MakeProject = Callable[..., Project]
EUREKA_PAGE = "papers/ma2023eureka/index.html"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cold(project: Project, tmp_path: Path) -> dict[str, bytes]:
    """The site a first build of the same content gives, in a fresh folder without cache."""
    fresh = tmp_path / "cold"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(project.content, fresh / "content")
    build(Project(fresh, project.base_url))
    return tree(fresh / "_site")


def paper_file(project: Project, key: str = "ma2023eureka") -> Path:
    return project.content / "papers" / f"{key}.md"


def test_warm_build_writes_nothing_and_keeps_the_site(make_project: MakeProject) -> None:
    project = make_project()
    first = build(project)
    before = tree(project.site)
    assert sorted(first.written) == sorted(before)
    again = build(project)
    assert again.written == []
    assert again.files == first.files == len(before)
    assert again.diagnostics == first.diagnostics
    assert tree(project.site) == before


def test_body_edit_rewrites_the_paper_page_and_not_other_papers(make_project: MakeProject,
                                                                 tmp_path: Path) -> None:
    project = make_project()
    build(project)
    path = paper_file(project)
    original = path.read_text("utf-8")
    path.write_text(original + "\nA sentence added in review.\n", "utf-8")
    report = build(project)
    assert EUREKA_PAGE in report.written and "papers.json" in report.written
    assert not [p for p in report.written
                if p.startswith(("papers/", "taxonomy/")) and p != EUREKA_PAGE]
    assert tree(project.site) == cold(project, tmp_path)
    path.write_text(original, "utf-8")
    reverted = build(project)
    assert EUREKA_PAGE in reverted.written
    assert tree(project.site) == cold(project, tmp_path)


def test_taxonomy_edit_rewrites_affected_pages_only(make_project: MakeProject,
                                                     tmp_path: Path) -> None:
    project = make_project()
    build(project)
    path = paper_file(project)
    text = path.read_text("utf-8")
    assert "- reward-llm\n" in text
    path.write_text(text.replace("- reward-llm\n", "- reward-vlm\n"), "utf-8")
    report = build(project)
    assert tree(project.site) == cold(project, tmp_path)
    assert {"taxonomy/reward-llm/index.html", "taxonomy/reward-vlm/index.html",
            EUREKA_PAGE, "papers/index.html"} <= set(report.written)
    assert "about/index.html" not in report.written


@pytest.mark.parametrize("edit", ["template", "config", "bib"])
def test_shared_input_edits_match_a_cold_build(make_project: MakeProject, tmp_path: Path,
                                               edit: str) -> None:
    project = make_project()
    build(project)
    if edit == "template":
        target = project.overrides / "base.html"
        target.parent.mkdir()
        theme = (THEME_DIR / "base.html").read_text("utf-8")
        target.write_text(theme.replace("<main", "<main data-x=\"1\""), "utf-8")
    elif edit == "config":
        target = project.content / "site.yaml"
        target.write_text(target.read_text("utf-8").replace("language: en", "language: fr"),
                          "utf-8")
    else:
        target = project.content / "references.bib"
        target.write_text(target.read_text("utf-8").replace("Ma, Yecheng Jason",
                                                            "M{\\\"a}, Yecheng Jason"), "utf-8")
    report = build(project)
    assert report.written
    assert tree(project.site) == cold(project, tmp_path)


def test_removed_paper_disappears(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project()
    build(project)
    paper_file(project, "wu2022daydreamer").unlink()
    bib = project.content / "references.bib"
    text = bib.read_text("utf-8")
    start = text.index("@article{wu2022daydreamer")
    bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3:], "utf-8")
    build(project)
    site = tree(project.site)
    assert "papers/wu2022daydreamer/index.html" not in site
    assert site == cold(project, tmp_path)


def test_deleted_site_or_readme_is_rebuilt(make_project: MakeProject) -> None:
    project = make_project()
    build(project)
    before, readme = tree(project.site), project.readme.read_bytes()
    shutil.rmtree(project.site)
    project.readme.unlink()
    build(project)
    assert tree(project.site) == before
    assert project.readme.read_bytes() == readme
