"""Static SVG charts: the page's picture without JavaScript and the README's figures.

Drawn by our own writer (`svg_canvas`), so the README images need no browser and are
byte-identical for identical data.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from site_src.model import Paper, Survey
from site_src.svg_canvas import Canvas, bars_frame, nice_top
from site_src.trend_svgs import heatmap_svg, timeline_svg
from site_src.trends import README_FIGURES, node_year_counts, trend_charts
from site_src.wording import count_of

NODE_CHART_WIDTH = 360
"""Narrow enough that a 360 px phone shrinks its 12 px text by no more than a tenth."""


def year_counts_svg(counts: Sequence[tuple[int, int]], title: str) -> str:
    """The small chart of a node page: static, each bar linking to the page's table filtered
    to its year, so it needs no plotly (a 4.8 MB script on every node page would cost more
    than the chart is worth)."""
    width, height, left, top, plot_height = NODE_CHART_WIDTH, 176, 36.0, 16.0, 120.0
    svg = Canvas(width, height, title, "Number of papers per year")
    y_top = nice_top(max((n for _, n in counts), default=0) + 1)
    scale, step = bars_frame(svg, left, top, width - left - 10, plot_height, y_top,
                              [year for year, _ in counts])
    for i, (year, count) in enumerate(counts):
        x = left + step * (i + 0.15)
        svg.rect(x, top + plot_height - count * scale, step * 0.7, count * scale, "#0b5cad",
                 f"{year}: {count_of(count)}",
                 href=f"?from={year}&to={year}#papers-heading" if count else "")
        svg.text(x + step * 0.35, top + plot_height - count * scale - 3, str(count), 12,
                 extra=' class="total"')
    return svg.close()


@dataclass(frozen=True)
class PageChart:
    """What a template needs to show one chart: static picture and, if interactive, its figure."""

    dom_id: str
    title: str
    figure: str
    svg: str


def node_chart(papers: Sequence[Paper], title: str) -> tuple[PageChart, list[tuple[int, int]]]:
    counts = node_year_counts(papers)
    return PageChart("chart-years", title, "", year_counts_svg(counts, title)), counts




def readme_figures(survey: Survey) -> dict[str, str]:
    """README images by file name: the review's Fig. 1 (cumulative, as published) and the heatmap."""
    trends = trend_charts(survey)
    if trends is None:
        return {}
    timeline, heatmap = README_FIGURES
    figures = {}
    if trends.groups:
        figures[timeline] = timeline_svg(trends, cumulative=True)
    if trends.heatmap_rows:
        figures[heatmap] = heatmap_svg(trends)
    return figures
