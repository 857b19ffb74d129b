"""The charts tell the truth: every number is recounted here straight from the content files.

The expected counts are computed from the raw YAML (front-matter, taxonomy.yaml,
charts.yaml) without the generator's loaders, then compared with the plotly figure data,
the SVG pictures, the data tables (every cell) and the pages a click leads to.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_src.pipeline import Project

Counts = dict[str, dict[int, set[str]]]


def _front_matter(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8").split("---")[1])
    assert isinstance(data, dict)
    return data


def _subtrees(nodes: list[dict[str, Any]], into: dict[str, set[str]]) -> set[str]:
    """Map each node id to itself and all its descendants; return the ids of this level."""
    found: set[str] = set()
    for node in nodes:
        below = _subtrees(node.get("children") or [], into)
        into[node["id"]] = {node["id"], *below}
        found |= into[node["id"]]
    return found


class Expected:
    """Per category and year, the keys of the papers that belong there."""

    def __init__(self, content: Path) -> None:
        self.spec = yaml.safe_load((content / "charts.yaml").read_text("utf-8"))
        subtree: dict[str, set[str]] = {}
        _subtrees(yaml.safe_load((content / "taxonomy.yaml").read_text("utf-8"))["nodes"],
                  subtree)
        self.papers = [_front_matter(p) for p in sorted((content / "papers").glob("*.md"))]
        self.labels = {c["id"]: c["label"] for c in self.spec["categories"]}
        self.members: dict[str, set[str]] = {}
        for category in self.spec["categories"]:
            under = set().union(*(subtree[n] for n in category["nodes"]))
            words = [w.lower() for w in category.get("model_contains", [])]
            excluded = set().union(*(self.members[c] for c in category.get("exclude", [])))
            self.members[category["id"]] = {
                p["key"] for p in self.papers
                if under & {t if isinstance(t, str) else t["node"] for t in p["taxonomy"]}
                and p["key"] not in excluded
                and (not words or any(w in " ".join([p.get("network") or "",
                                                     *(p.get("base_model") or [])]).lower()
                                      for w in words))}
        year_of = {p["key"]: p["year"] for p in self.papers}
        used = {year_of[k] for keys in self.members.values() for k in keys}
        self.years = list(range(min(used), max(used) + 1))
        self.by_year: Counts = {c: {y: {k for k in keys if year_of[k] == y} for y in self.years}
                                for c, keys in self.members.items()}

    def count(self, category: str, year: int, cumulative: bool = False) -> int:
        if cumulative:
            return sum(len(self.by_year[category][y]) for y in self.years if y <= year)
        return len(self.by_year[category][year])

    def node_years(self, content: Path, node_id: str) -> dict[int, int]:
        subtree: dict[str, set[str]] = {}
        _subtrees(yaml.safe_load((content / "taxonomy.yaml").read_text("utf-8"))["nodes"],
                  subtree)
        years = [p["year"] for p in self.papers
                 if subtree[node_id] & {t if isinstance(t, str) else t["node"]
                                        for t in p["taxonomy"]}]
        return {y: years.count(y) for y in range(min(years), max(years) + 1)} if years else {}


class _Tables(HTMLParser):
    """Rows of every table with an id: (header-or-data, text, href) per cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str, str]]]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None
        self.kind = ""
        self.href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("id"):
            self.current = str(values["id"])
            self.tables[self.current] = []
        elif self.current and tag == "tr":
            self.tables[self.current].append([])
        elif self.current and tag in ("td", "th"):
            self.cell, self.kind, self.href = [], tag, ""
        elif self.cell is not None and tag == "a":
            self.href = str(values.get("href"))

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self.current and tag in ("td", "th") and self.cell is not None:
            self.tables[self.current][-1].append((self.kind, "".join(self.cell).strip(),
                                                  self.href))
            self.cell = None
        elif tag == "table":
            self.current = None


def tables_of(html: str) -> dict[str, list[list[tuple[str, str, str]]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def figure_data(html: str, dom_id: str) -> dict[str, Any]:
    match = re.search(rf'<script type="application/json" id="{dom_id}-data">(.*?)</script>',
                      html, re.S)
    assert match, dom_id
    figure = json.loads(match.group(1))
    assert isinstance(figure, dict)
    return figure


def svg_counts(svg: str) -> dict[tuple[str, str], int]:
    return {(label, period): int(n)
            for label, period, n in re.findall(r"<title>(.+?), ([\d-]+): (\d+) papers?</title>",
                                               svg)}


def inline_svg(html: str, dom_id: str | None) -> str:
    """The static SVG of the interactive chart `dom_id`, or of the page's only static chart."""
    figure = rf' data-figure="{dom_id}-data"' if dom_id else ""
    match = re.search(rf'<figure class="chart"{figure}>\s*<div class="chart-static">(<svg.*?</svg>)',
                      html, re.S)
    assert match, dom_id
    return match.group(1)


@pytest.fixture(params=["sample_site", "real_site"])
def built(request: pytest.FixtureRequest) -> tuple[Project, Expected, str]:
    project: Project = request.getfixturevalue(request.param)
    html = (project.site / "charts" / "index.html").read_text("utf-8")
    return project, Expected(project.content), html


def test_expected_counts_are_not_trivial(built: tuple[Project, Expected, str]) -> None:
    _, expected, _ = built
    assert sum(len(keys) for keys in expected.members.values()) >= 10
    assert len({c for c, keys in expected.members.items() if keys}) >= 5


def test_timeline_figure_has_every_count_per_year_and_cumulative(
        built: tuple[Project, Expected, str]) -> None:
    _, expected, html = built
    figure = figure_data(html, "chart-timeline")
    traces = {trace["name"]: trace for trace in figure["data"]}
    group_ids = [c for g in expected.spec["timeline"]["groups"] for c in g["categories"]]
    assert list(traces) == [expected.labels[c] for c in group_ids]
    buttons = figure["layout"]["updatemenus"][0]["buttons"]
    for index, category in enumerate(group_ids):
        trace = traces[expected.labels[category]]
        assert [round(x) for x in trace["x"]] == expected.years
        per_year = [expected.count(category, y) for y in expected.years]
        running = [expected.count(category, y, cumulative=True) for y in expected.years]
        assert trace["y"] == per_year
        assert buttons[0]["args"][0]["y"][index] == per_year
        assert buttons[1]["args"][0]["y"][index] == running


def test_heatmap_figure_has_every_cell(built: tuple[Project, Expected, str]) -> None:
    _, expected, html = built
    (heatmap,) = figure_data(html, "chart-heatmap")["data"]
    rows = expected.spec["heatmap"]["categories"]
    assert heatmap["y"] == [expected.labels[c] for c in rows]
    assert heatmap["x"] == [str(y) for y in expected.years]
    assert heatmap["z"] == [[expected.count(c, y) for y in expected.years] for c in rows]
    assert heatmap["texttemplate"] == "%{z}"


@pytest.mark.parametrize("dom_id", ["chart-timeline", "chart-heatmap"])
def test_figures_are_what_plotly_itself_would_write(built: tuple[Project, Expected, str],
                                                    dom_id: str) -> None:
    """The build writes plotly's JSON without plotly: plotly's own validators must accept
    every property (a misspelt one raises) and give back exactly the same JSON."""
    import plotly.graph_objects as go

    figure = figure_data(built[2], dom_id)
    narrow = figure.pop("narrow")
    assert go.Figure(figure).to_plotly_json() == figure
    assert go.Layout(narrow).to_plotly_json() == narrow
    assert figure["layout"]["template"]["layout"]["colorway"]


def test_tables_hold_the_same_numbers_in_every_cell(built: tuple[Project, Expected, str]) -> None:
    _, expected, html = built
    tables = tables_of(html)
    heat = tables["heatmap-table"]
    assert [text for _, text, _ in heat[0]] == ["Category", *map(str, expected.years)]
    rows = expected.spec["heatmap"]["categories"]
    assert len(heat) == len(rows) + 1
    for category, row in zip(rows, heat[1:], strict=True):
        assert row[0] == ("th", expected.labels[category], "")
        assert [int(text) for _, text, _ in row[1:]] == [expected.count(category, y)
                                                          for y in expected.years]
    timeline = tables["timeline-table"]
    group_ids = [c for g in expected.spec["timeline"]["groups"] for c in g["categories"]]
    assert [text for _, text, _ in timeline[1]] == [expected.labels[c] for c in group_ids]
    for year, row in zip(expected.years, timeline[2:], strict=True):
        assert row[0] == ("th", str(year), "")
        assert [int(text) for _, text, _ in row[1:]] == [expected.count(c, year)
                                                          for c in group_ids]


def test_svgs_show_the_same_numbers(built: tuple[Project, Expected, str]) -> None:
    project, expected, html = built
    heat = svg_counts(inline_svg(html, "chart-heatmap"))
    assert heat == {(expected.labels[c], str(y)): expected.count(c, y)
                    for c in expected.spec["heatmap"]["categories"] for y in expected.years}
    group_ids = [c for g in expected.spec["timeline"]["groups"] for c in g["categories"]]
    bars = svg_counts(inline_svg(html, "chart-timeline"))
    assert bars == {(expected.labels[c], str(y)): expected.count(c, y)
                    for c in group_ids for y in expected.years if expected.count(c, y)}
    readme_bars = svg_counts((project.figures / "fig1.svg").read_text("utf-8"))
    first = expected.years[0]
    assert readme_bars == {(expected.labels[c], f"{first}-{y}"): expected.count(c, y, True)
                           for c in group_ids for y in expected.years
                           if expected.count(c, y, True)}
    assert svg_counts((project.figures / "fig2.svg").read_text("utf-8")) == heat
    assert "docs/figures/fig1.svg" in project.readme.read_text("utf-8")


def test_landmarks_come_from_front_matter(built: tuple[Project, Expected, str]) -> None:
    project, expected, html = built
    marked = {p["landmark"] for p in expected.papers
              if p.get("landmark") and any(p["key"] in keys for keys in expected.members.values())}
    assert marked
    figure = figure_data(html, "chart-timeline")
    for layout in (figure["layout"], figure["narrow"]):
        labels = [note["text"] for note in layout["annotations"] if note["text"]]
        assert sorted(labels) == sorted(marked)
        assert {"landmark"} == {"landmark" for note in layout["annotations"] if not note["text"]
                                and note["showarrow"]}, "labels have leader lines"
    readme = (project.figures / "fig1.svg").read_text("utf-8")
    assert set(re.findall(r'class="landmark">([^<]+)</text>', readme)) == marked


def test_one_paper_is_one_paper_in_every_chart(built: tuple[Project, Expected, str]) -> None:
    project, _, html = built
    pages = [html, *(p.read_text("utf-8") for p in (project.site / "taxonomy").glob("*/index.html"))]
    assert any(": 1 paper<" in page for page in pages)
    assert not any(re.search(r"\b1 papers\b", page) for page in pages)
    hovers = json.dumps(figure_data(html, "chart-heatmap")) + json.dumps(figure_data(html, "chart-timeline"))
    assert '"1 paper"' in hovers and '"1 papers"' not in hovers and " papers<" not in hovers


def test_every_linked_cell_lists_exactly_its_papers(built: tuple[Project, Expected, str]) -> None:
    project, expected, html = built
    rows = expected.spec["heatmap"]["categories"]
    heat = tables_of(html)["heatmap-table"]
    for category, row in zip(rows, heat[1:], strict=True):
        for year, (_, text, href) in zip(expected.years, row[1:], strict=True):
            assert bool(href) == (text != "0")
            if href:
                page = (project.site / "charts" / href / "index.html").read_text("utf-8")
                keys = set(re.findall(r'href="\.\./\.\./\.\./papers/([^/]+)/"', page))
                assert keys == expected.by_year[category][year], (category, year)


def test_node_pages_chart_their_papers_per_year(built: tuple[Project, Expected, str]) -> None:
    project, expected, _ = built
    for node_id in ("generative-tools", "reward-llm", "rl-for-generative-policies"):
        html = (project.site / "taxonomy" / node_id / "index.html").read_text("utf-8")
        want = expected.node_years(project.content, node_id)
        table = tables_of(html)["years-table"]
        assert {int(r[0][1]): int(r[1][1]) for r in table[1:]} == want
        assert "plotly" not in html, "node charts are static"
        links = re.findall(r'<a href="\?from=(\d+)&amp;to=(\d+)#papers-heading">', html)
        assert [int(a) for a, b in links if a == b] == [y for y, n in sorted(want.items()) if n]
        svg = svg_counts(inline_svg(html, None).replace("<title>", "<title>n, "))
        assert {int(year): n for (_, year), n in svg.items()} == want


def test_plotly_is_served_locally_and_only_on_chart_pages(sample_site: Project) -> None:
    site = sample_site.site
    (plotly,) = (site / "static").glob("plotly.*.min.js")
    assert plotly.stat().st_size > 1_000_000
    charts_page = (site / "charts" / "index.html").read_text("utf-8")
    assert f"static/{plotly.name}" in charts_page
    assert "plotly" not in (site / "papers" / "index.html").read_text("utf-8")
    assert "http" not in "".join(re.findall(r'<script[^>]*src="([^"]+)"', charts_page))
    assert "script-src 'self'; style-src 'self'" in charts_page
