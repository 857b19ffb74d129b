"""Static SVG charts: the page's picture without JavaScript and the README's figures.

The writer is our own so the README images need no browser and are byte-identical for
identical data; every number is rounded so output is stable across platforms.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from site_src.model import Paper, Survey
from site_src.trends import README_FIGURES, TrendCharts, node_year_counts, trend_charts, year_labels

HEAT_STOPS = ((0.0, (247, 251, 255)), (0.5, (107, 174, 214)), (1.0, (8, 48, 107)))
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def rgb(color: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


def heat_color(fraction: float) -> str:
    """Colour of a heatmap cell, interpolated between the same stops plotly gets."""
    for (low, a), (high, b) in itertools.pairwise(HEAT_STOPS):
        if fraction <= high:
            t = (fraction - low) / (high - low)
            return rgb(tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]
    return rgb(HEAT_STOPS[-1][1])


def _text_color(fill: str) -> str:
    red, green, blue = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * red + 0.587 * green + 0.114 * blue < 140 else "#1c1e21"


def _nice_top(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return value


def _ticks(top: int) -> list[int]:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, top) if top / s <= 6)
    return list(range(0, top + 1, step))


class _Svg:
    """A tiny SVG builder: every number is rounded so output is stable across platforms."""

    def __init__(self, width: int, height: int, title: str, description: str) -> None:
        self.width, self.height = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" font-family="{escape(FONT)}">',
            f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>']

    def text(self, x: float, y: float, text: str, size: int = 12, anchor: str = "middle",
             weight: str = "normal", fill: str = "#1c1e21", extra: str = "") -> None:
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" '
                          f'text-anchor="{anchor}" font-weight="{weight}" fill="{fill}"{extra}>'
                          f"{escape(text)}</text>")

    def rect(self, x: float, y: float, width: float, height: float, fill: str,
             tooltip: str = "", stroke: str = "none", href: str = "") -> None:
        tip = f"<title>{escape(tooltip)}</title>" if tooltip else ""
        shape = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                 f'height="{height:.1f}" fill="{fill}" stroke="{stroke}" '
                 f'stroke-width="0.5">{tip}</rect>')
        self.parts.append(f'<a href="{escape(href)}">{shape}</a>' if href else shape)

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str = "#d8dde3") -> None:
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                          f'stroke="{color}" stroke-width="1"/>')

    def close(self) -> str:
        parts = list(self.parts)
        if any(part.startswith("<a ") for part in parts):
            # An image role would hide the bar links from assistive technology.
            parts[0] = parts[0].replace(' role="img"', '')
        return "\n".join([*parts, "</svg>"]) + "\n"


def _bars_frame(svg: _Svg, left: float, top: float, width: float, height: float,
                y_top: int, years: Sequence[int]) -> tuple[float, float]:
    """Grid, y ticks and year labels; returns (pixels per paper, pixels per year)."""
    scale = height / y_top
    for tick in _ticks(y_top):
        y = top + height - tick * scale
        svg.line(left, y, left + width, y)
        svg.text(left - 6, y + 4, str(tick), 11, "end", fill="#5a5f66")
    step = width / max(len(years), 1)
    for i, year in enumerate(years):
        svg.text(left + step * (i + 0.5), top + height + 18, str(year), 12)
    return scale, step


def timeline_svg(trends: TrendCharts, cumulative: bool) -> str:
    mode = "cumulative" if cumulative else "per year"
    legend_width = 250
    width, height = max(640, 90 * len(trends.years) + legend_width + 60), 460
    left, top, plot_height = 50.0, 70.0, 330.0
    plot_width = width - left - legend_width - 20
    svg = _Svg(width, height, f"{trends.timeline_title} ({mode})",
               "Stacked bars: " + "; ".join(f"{g.label} ({g.short})" for g in trends.groups))
    svg.text(left, 24, f"{trends.timeline_title} ({mode})", 16, "start", "bold")
    totals = [trends.group_totals(g, cumulative) for g in trends.groups]
    y_top = _nice_top(max((max(t, default=0) for t in totals), default=0) + 1)
    levels: dict[tuple[int, int], int] = {}
    for mark in trends.landmarks:
        levels[(mark.year, mark.group)] = levels.get((mark.year, mark.group), 0) + 1
    headroom = max(levels.values(), default=0) * 13 + 16
    scale, step = _bars_frame(svg, left, top + headroom, plot_width, plot_height - headroom,
                              y_top, trends.years)
    base_y = top + plot_height
    bar = step * 0.8 / len(trends.groups)
    placed: dict[tuple[int, int], int] = {}
    for g, group in enumerate(trends.groups):
        for i, year in enumerate(trends.years):
            x = left + step * i + step * 0.1 + bar * g
            y = base_y
            for row in trends.group_rows(group):
                cell = (row.cumulative if cumulative else row.cells)[i]
                if cell.count:
                    h = cell.count * scale
                    y -= h
                    svg.rect(x + 1, y, bar - 2, h, row.category.color,
                             f"{row.category.label}, {year_labels(trends.years, cumulative)[i]}:"
                             f" {cell.count} papers", "#333333")
            svg.text(x + bar / 2, y - 4, str(totals[g][i]), 11, extra=' class="total"')
            for mark in trends.landmarks:
                if (mark.year, mark.group) == (year, g):
                    level = placed[(year, g)] = placed.get((year, g), 0) + 1
                    svg.text(x + bar / 2, y - 6 - 13 * level, mark.label, 10, weight="bold",
                             fill="#7a1f1f", extra=' class="landmark"')
    x_legend, y_legend = width - legend_width, top
    for group in trends.groups:
        svg.text(x_legend, y_legend, f"{group.label} ({group.short})", 12, "start", "bold")
        y_legend += 18
        for row in trends.group_rows(group):
            svg.rect(x_legend, y_legend - 10, 14, 12, row.category.color, stroke="#333333")
            svg.text(x_legend + 20, y_legend, row.category.label, 12, "start")
            y_legend += 18
        y_legend += 8
    svg.text(left + plot_width / 2, height - 12,
             "Bars per year, left to right: " + ", ".join(g.short for g in trends.groups),
             11, fill="#5a5f66")
    return svg.close()


def heatmap_svg(trends: TrendCharts) -> str:
    rows = trends.heatmap_rows
    label_width, cell_w, cell_h, top = 270, 56, 30, 56
    width = label_width + cell_w * len(trends.years) + 20
    height = top + cell_h * len(rows) + 40
    svg = _Svg(width, height, trends.heatmap_title,
               "Number of papers per category (rows) and year (columns)")
    svg.text(10, 24, trends.heatmap_title, 16, "start", "bold")
    peak = max((cell.count for row in rows for cell in row.cells), default=0) or 1
    for r, row in enumerate(rows):
        y = top + cell_h * r
        svg.text(label_width - 8, y + cell_h / 2 + 4, row.category.label, 12, "end")
        for c, cell in enumerate(row.cells):
            x = label_width + cell_w * c
            fill = heat_color(cell.count / peak)
            svg.rect(x + 1, y + 1, cell_w - 2, cell_h - 2, fill,
                     f"{row.category.label}, {cell.year}: {cell.count} papers")
            svg.text(x + cell_w / 2, y + cell_h / 2 + 4, str(cell.count), 12,
                     fill=_text_color(fill), extra=' class="count"')
    for c, year in enumerate(trends.years):
        svg.text(label_width + cell_w * (c + 0.5), top + cell_h * len(rows) + 20, str(year), 12)
    return svg.close()


def year_counts_svg(counts: Sequence[tuple[int, int]], title: str) -> str:
    """The small chart of a node page: static, each bar linking to the page's table filtered
    to its year, so it needs no plotly (a 4.8 MB script on every node page would cost more
    than the chart is worth)."""
    width, height, left, top, plot_height = 420, 170, 36.0, 14.0, 120.0
    svg = _Svg(width, height, title, "Number of papers per year")
    y_top = _nice_top(max((n for _, n in counts), default=0) + 1)
    scale, step = _bars_frame(svg, left, top, width - left - 10, plot_height, y_top,
                              [year for year, _ in counts])
    for i, (year, count) in enumerate(counts):
        x = left + step * (i + 0.15)
        svg.rect(x, top + plot_height - count * scale, step * 0.7, count * scale, "#0b5cad",
                 f"{year}: {count} papers",
                 href=f"?from={year}&to={year}#papers-heading" if count else "")
        svg.text(x + step * 0.35, top + plot_height - count * scale - 3, str(count), 11,
                 extra=' class="count"')
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
    return dict(zip(README_FIGURES, (timeline_svg(trends, cumulative=True), heatmap_svg(trends)),
                    strict=True))
