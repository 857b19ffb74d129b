"""The home page's pictures: the taxonomy as a tree of bars, and the papers per year.

The tree is a static SVG drawn from the taxonomy: one row per node, indented under its parent
and joined to it by a line, with a bar as long as its share of the survey's papers and its
paper count (the papers of its node page, sub-nodes included). Each row links to the node's
page. It is drawn in `currentColor` only, so it takes the page's text colour in either theme,
and its width suits a phone: on a wider screen it keeps its size.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from site_src import svg, svg_canvas, urls
from site_src.model import Survey, TaxonomyNode

WIDTH = 400
ROW = 24
INDENT = 16
FONT_SIZE = 12.5
CHAR_WIDTH = 0.56 * FONT_SIZE
"""A generous average glyph width: labels longer than their room are cut with an ellipsis."""
COUNT_ROOM = 38


class _Listed(Protocol):
    """What the diagram reads of a `views.NodeView`."""

    @property
    def node(self) -> TaxonomyNode: ...

    @property
    def url(self) -> str: ...

    @property
    def papers(self) -> Sequence[object]: ...

    @property
    def children(self) -> Sequence[_Listed]: ...


@dataclass(frozen=True)
class _Row:
    label: str
    title: str
    count: int
    url: str
    depth: int
    parent: int | None
    """Index of the parent's row, if any."""


def _rows(survey: Survey, views: Mapping[str, _Listed]) -> list[_Row]:
    rows = [_Row("All papers", "All papers", len(survey.papers), urls.ALL_PAPERS, 0, None)]

    def add(view: _Listed, depth: int, parent: int) -> None:
        rows.append(_Row(view.node.short or view.node.title, view.node.title,
                         len(view.papers), view.url, depth, parent))
        here = len(rows) - 1
        for child in view.children:
            add(child, depth + 1, here)

    for root in survey.taxonomy:
        add(views[root.id], 1, 0)
    return rows


def _fit(label: str, room: float) -> str:
    fits = int(room // CHAR_WIDTH)
    return label if len(label) <= fits else label[:max(fits - 1, 1)].rstrip() + "…"


def taxonomy_svg(survey: Survey, views: Mapping[str, _Listed]) -> str:
    """The tree of bars, its links relative to the home page; `views` are the node pages'."""
    rows = _rows(survey, views)
    most = max(row.count for row in rows) or 1
    height = ROW * len(rows) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}" font-family="{escape(svg_canvas.FONT)}" '
             f'font-size="{FONT_SIZE}" fill="currentColor" class="taxonomy-diagram" '
             'aria-labelledby="taxonomy-diagram-title">',
             f'<title id="taxonomy-diagram-title">{escape(survey.config.title)}: the taxonomy '
             'with the number of papers under each node</title>']
    reached: dict[int, float] = {}
    """How far down each parent's line is drawn: to its last child so far."""
    for number, row in enumerate(rows):
        top = 2 + ROW * number
        left = INDENT * row.depth
        if row.parent is not None:
            parent_x = INDENT * rows[row.parent].depth + 5
            start = reached.get(row.parent, ROW * (row.parent + 1) - 1)
            reached[row.parent] = top + ROW / 2
            parts.append(f'<path d="M{parent_x} {start:.1f}V{top + ROW / 2:.1f}H{left + 2}" '
                         'fill="none" stroke="currentColor" stroke-opacity=".35"/>')
        room = WIDTH - left - COUNT_ROOM
        bar = max(row.count / most * room, 1.5 if row.count else 0)
        papers = "paper" if row.count == 1 else "papers"
        baseline = f"{top + ROW / 2 + 4.5:.1f}"
        parts.append(
            f'<a href="{escape(urls.relative(row.url, urls.HOME))}">'
            f"<title>{escape(row.title)}: {row.count} {papers}</title>"
            f'<rect x="{left + 2}" y="{top + 3}" width="{bar:.1f}" height="{ROW - 6}" rx="3" '
            'fill-opacity=".16"/>'
            f'<text x="{left + 7}" y="{baseline}">{escape(_fit(row.label, room - 8))}</text>'
            f'<text x="{WIDTH - 2}" y="{baseline}" text-anchor="end" class="count">'
            f"{row.count}</text></a>")
    return "\n".join([*parts, "</svg>"]) + "\n"


_YEAR_FILTER = re.compile(r'href="\?from=(\d+)&amp;to=\1#papers-heading"')


def home_pictures(survey: Survey, views: Mapping[str, _Listed]) -> Mapping[str, object]:
    """What home.html shows besides text: the taxonomy tree, and the papers per year drawn as
    on a node page, where a bar filters the page's table to its year; here it leads to the
    year's page instead."""
    chart, counts = svg.node_chart(survey.papers, "Papers per year")
    linked = _YEAR_FILTER.sub(
        lambda found: f'href="{urls.relative(urls.year(int(found[1])), urls.HOME)}"', chart.svg)
    return {"taxonomy_diagram": taxonomy_svg(survey, views),
            "year_chart": svg.PageChart(chart.dom_id, chart.title, "", linked),
            "year_chart_counts": counts}
