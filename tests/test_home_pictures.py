"""The home page's taxonomy diagram: drawn from the data, its counts those of the node pages,
every row a link that resolves; and the papers-per-year chart beside it."""
from __future__ import annotations

import html
import re
from pathlib import Path

from site_src.pipeline import Project, Report, load_survey

ROW = re.compile(r'<a href="([^"]*)"><title>([^<]*)</title><rect [^>]*/><text [^>]*>[^<]*</text>'
                 r'<text [^>]*class="count">(\d+)</text></a>')
NODE_COUNT = re.compile(r'<h2 id="papers-heading">Papers <span class="count">(\d+)</span>')


def diagram(site: Path) -> str:
    home = (site / "index.html").read_text("utf-8")
    start = home.index('<svg xmlns="http://www.w3.org/2000/svg"', home.index('id="taxonomy-heading"'))
    return home[start:home.index("</svg>", start)]


def target(site: Path, href: str) -> Path:
    """The file a link of the home page leads to."""
    path = href.split("#")[0].split("?")[0]
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def test_diagram_counts_are_the_node_pages_counts(real_site: Project) -> None:
    survey = load_survey(real_site, Report())
    rows = ROW.findall(diagram(real_site.site))
    counts = {href: int(count) for href, _title, count in rows}
    assert counts.pop("papers/") == len(survey.papers)
    assert sorted(counts) == sorted(f"taxonomy/{node_id}/" for node_id in survey.nodes)
    for href, count in counts.items():
        page = target(real_site.site, href).read_text("utf-8")
        match = NODE_COUNT.search(page)
        assert match, href
        assert count == int(match[1]), href
    titles = {href: html.unescape(title) for href, title, _count in rows}
    for node_id, node in survey.nodes.items():
        assert titles[f"taxonomy/{node_id}/"].startswith(node.title + ": ")


def test_every_link_of_the_home_pictures_resolves(real_site: Project) -> None:
    home = (real_site.site / "index.html").read_text("utf-8")
    pictures = re.findall(r"<svg .*?</svg>", home, re.DOTALL)
    assert len(pictures) == 2, "the taxonomy diagram and the papers-per-year chart"
    links = [href for picture in pictures for href in re.findall(r'<a href="([^"]*)"', picture)]
    assert len(links) > len(load_survey(real_site, Report()).nodes)
    for href in links:
        assert not href.startswith(("/", "http")), href
        assert target(real_site.site, href.replace("&amp;", "&")).is_file(), href
    years = {int(year) for year in re.findall(r"^years/(\d+)/$", "\n".join(links), re.MULTILINE)}
    assert years == {paper.year for paper in load_survey(real_site, Report()).papers}
