"""Every link of the built sites resolves: each href/src names a file, each #fragment an id."""
from __future__ import annotations

from site_src.linkcheck import internal_problems, parse_page
from site_src.pipeline import Project, Report, load_survey


def _check(project: Project) -> None:
    pages = sorted(project.site.rglob("*.html"))
    links = sum(len(parse_page(p.read_text("utf-8")).links) for p in pages)
    assert len(pages) > 20 and links > 10 * len(pages), "the checker must see the whole site"
    base_path = load_survey(project, Report()).config.base_path
    assert internal_problems(project.site, base_path) == []


def test_sample_site_has_no_broken_internal_links(sample_site: Project) -> None:
    _check(sample_site)


def test_real_site_has_no_broken_internal_links(real_site: Project) -> None:
    _check(real_site)
