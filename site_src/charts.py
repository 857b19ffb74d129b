"""Trend charts from the papers: series per category and year, plotly figures and static SVG.

Which taxonomy nodes feed which category is data (content/charts.yaml); this module only
counts. Counting needs no plotly; plotly is imported inside the figure builders because
importing it takes a noticeable part of a build. Labels avoid plotly's <b>/<i> markup: it
becomes style attributes, which the pages' Content-Security-Policy blocks. The SVG writer is
our own so the README images need no browser and are byte-identical for identical data.
"""
from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from site_src import urls
from site_src.diagnostics import Diagnostic, did_you_mean
from site_src.load.charts import ChartSpecSource
from site_src.model import ChartCategory, ChartGroup, Paper, Survey, TaxonomyNode
from site_src.render import Asset

HEAT_STOPS = ((0.0, (247, 251, 255)), (0.5, (107, 174, 214)), (1.0, (8, 48, 107)))
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
README_FIGURES = ("fig1.svg", "fig2.svg")


def check_nodes(source: ChartSpecSource, nodes: dict[str, TaxonomyNode],
                fields: Iterable[str] = ()) -> list[Diagnostic]:
    """Taxonomy ids and paper fields charts.yaml names that the survey does not have."""
    known = set(fields)
    return [Diagnostic(source.path, line, "nodes", f"unknown taxonomy id '{node_id}'",
                       did_you_mean(node_id, nodes))
            for node_id, line in source.node_refs if node_id not in nodes] + [
        Diagnostic(source.path, 1, "contains_fields", f"unknown paper field '{name}'",
                   did_you_mean(name, known))
        for name in source.spec.contains_fields if name not in known]


def plotly_asset() -> Asset:
    """plotly.js from the installed plotly package, served by the site under a hashed name."""
    spec = importlib.util.find_spec("plotly")
    assert spec is not None and spec.submodule_search_locations
    content = (Path(spec.submodule_search_locations[0]) / "package_data" / "plotly.min.js"
               ).read_bytes()
    return Asset(f"static/plotly.{hashlib.sha256(content).hexdigest()[:10]}.min.js", content)


def _mentions(paper: Paper, words: tuple[str, ...], fields: tuple[str, ...]) -> bool:
    """Whether any of `fields` (charts.yaml `contains_fields`) mentions one of `words`."""
    values = [paper.value(name) for name in fields]
    text = " ".join(v if isinstance(v, str) else " ".join(v) for v in values).lower()
    return any(word in text for word in words)


def category_papers(survey: Survey) -> dict[str, tuple[Paper, ...]]:
    """Papers of each category, in key order, following the rules of content/charts.yaml."""
    assert survey.charts is not None
    found: dict[str, tuple[Paper, ...]] = {}
    for category in survey.charts.categories:
        under = {node.id for node_id in category.nodes for node in survey.nodes[node_id].walk()}
        excluded = {p.key for other in category.exclude for p in found[other]}
        found[category.id] = tuple(
            p for p in survey.papers
            if under.intersection(p.node_ids) and p.key not in excluded
            and (not category.model_contains or _mentions(p, category.model_contains,
                                                              survey.charts.contains_fields)))
    return found


@dataclass(frozen=True)
class Cell:
    category: ChartCategory
    year: int
    papers: tuple[Paper, ...]
    """Papers of the category published in `year` (or up to it, for a cumulative cell)."""
    url: str

    @property
    def count(self) -> int:
        return len(self.papers)


@dataclass(frozen=True)
class Row:
    category: ChartCategory
    cells: tuple[Cell, ...]
    """One per year of the charts, oldest first."""
    cumulative: tuple[Cell, ...]


@dataclass(frozen=True)
class Landmark:
    label: str
    year: int
    group: int
    key: str


@dataclass(frozen=True)
class TrendCharts:
    years: tuple[int, ...]
    rows: dict[str, Row]
    groups: tuple[ChartGroup, ...]
    landmarks: tuple[Landmark, ...]
    timeline_title: str
    heatmap_title: str
    heatmap_rows: tuple[Row, ...]

    def group_rows(self, group: ChartGroup) -> tuple[Row, ...]:
        return tuple(self.rows[category_id] for category_id in group.categories)

    def group_totals(self, group: ChartGroup, cumulative: bool = False) -> tuple[int, ...]:
        rows = self.group_rows(group)
        return tuple(sum((row.cumulative if cumulative else row.cells)[i].count for row in rows)
                     for i in range(len(self.years)))


def trend_charts(survey: Survey) -> TrendCharts | None:
    spec = survey.charts
    if spec is None:
        return None
    papers = category_papers(survey)
    years_seen = {p.year for found in papers.values() for p in found}
    years = tuple(range(min(years_seen), max(years_seen) + 1)) if years_seen else ()
    rows = {}
    for category in spec.categories:
        found = papers[category.id]
        cells = tuple(Cell(category, year, tuple(p for p in found if p.year == year),
                           urls.chart_cell(category.id, year)) for year in years)
        running = tuple(Cell(category, year, tuple(p for p in found if p.year <= year),
                             urls.chart_through(category.id, year)) for year in years)
        rows[category.id] = Row(category, cells, running)
    keys = {category_id: {p.key for p in found} for category_id, found in papers.items()}
    landmarks = []
    for paper in survey.papers:
        if not paper.landmark:
            continue
        group = next((i for i, g in enumerate(spec.groups)
                      if any(paper.key in keys[c] for c in g.categories)), None)
        if group is not None:
            landmarks.append(Landmark(paper.landmark, paper.year, group, paper.key))
    landmarks.sort(key=lambda m: (m.year, m.group, m.label))
    return TrendCharts(years, rows, spec.groups, tuple(landmarks), spec.timeline_title,
                       spec.heatmap_title, tuple(rows[c] for c in spec.heatmap_rows))


def cells_with_papers(trends: TrendCharts) -> list[Cell]:
    """Every cell a chart links to: the non-empty per-year and cumulative cells."""
    return [cell for row in trends.rows.values() for cell in (*row.cells, *row.cumulative)
            if cell.papers]


def figure_json(figure: Any) -> str:
    """Figure JSON safe inside <script type="application/json"> (no '<' can end the block)."""
    text = json.dumps(figure.to_plotly_json(), sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _bar_offsets(groups: int) -> tuple[list[float], float]:
    width = 0.8 / groups
    return [-0.4 + width * (i + 0.5) for i in range(groups)], width


def _landmark_annotations(trends: TrendCharts, cumulative: bool) -> list[dict[str, Any]]:
    offsets, _ = _bar_offsets(len(trends.groups))
    stacked: dict[tuple[int, int], int] = {}
    notes = []
    for mark in trends.landmarks:
        place = (mark.year, mark.group)
        level = stacked[place] = stacked.get(place, -1) + 1
        top = trends.group_totals(trends.groups[mark.group], cumulative)[
            trends.years.index(mark.year)]
        notes.append({"x": mark.year + offsets[mark.group], "y": top, "text": mark.label,
                      "showarrow": False, "yanchor": "bottom", "yshift": 6 + 15 * level,
                      "font": {"size": 11}})
    return notes


def timeline_figure(trends: TrendCharts, page_url: str) -> Any:
    """Stacked bars per year, one bar per group, with a per-year / cumulative switch."""
    import plotly.graph_objects as go

    offsets, width = _bar_offsets(len(trends.groups))
    figure = go.Figure()
    per_year: dict[str, list[Any]] = {"y": [], "customdata": []}
    running: dict[str, list[Any]] = {"y": [], "customdata": []}
    for index, group in enumerate(trends.groups):
        for row in trends.group_rows(group):
            for mode, cells in ((per_year, row.cells), (running, row.cumulative)):
                mode["y"].append([cell.count for cell in cells])
                mode["customdata"].append(
                    [[urls.relative(cell.url, page_url) if cell.papers else "", label]
                     for cell, label in zip(cells, _year_labels(trends.years, mode is running),
                                            strict=True)])
            figure.add_bar(
                x=[year + offsets[index] for year in trends.years], y=per_year["y"][-1],
                width=width * 0.92, name=row.category.label, marker_color=row.category.color,
                marker_line={"width": 0.5, "color": "#333333"},
                customdata=per_year["customdata"][-1], legendgroup=group.label,
                legendgrouptitle_text=group.label,
                hovertemplate=f"%{{fullData.name}}<br>%{{customdata[1]}}: %{{y}} papers"
                              f"<extra>{escape(group.short)}</extra>")
    buttons = [{"label": "Per year", "method": "update",
                "args": [per_year, {"annotations": _landmark_annotations(trends, False)}]},
               {"label": "Cumulative", "method": "update",
                "args": [running, {"annotations": _landmark_annotations(trends, True)}]}]
    figure.update_layout(
        barmode="relative", height=520, margin={"l": 50, "r": 20, "t": 60, "b": 40},
        font={"family": FONT},
        xaxis={"tickvals": list(trends.years), "ticktext": [str(y) for y in trends.years],
               "title": {"text": "Year"}},
        yaxis={"title": {"text": "Papers"}, "rangemode": "tozero"},
        legend={"groupclick": "toggleitem"},
        annotations=_landmark_annotations(trends, False),
        updatemenus=[{"type": "buttons", "direction": "right", "buttons": buttons,
                      "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom",
                      "showactive": True}])
    return figure


def period_label(first_year: int, year: int, cumulative: bool) -> str:
    return f"{first_year}-{year}" if cumulative else str(year)


def _year_labels(years: Sequence[int], cumulative: bool) -> list[str]:
    return [period_label(years[0], year, cumulative) for year in years]


def heatmap_figure(trends: TrendCharts, page_url: str) -> Any:
    import plotly.graph_objects as go

    rows = trends.heatmap_rows
    figure = go.Figure(go.Heatmap(
        z=[[cell.count for cell in row.cells] for row in rows],
        x=[str(year) for year in trends.years], y=[row.category.label for row in rows],
        customdata=[[urls.relative(c.url, page_url) if c.papers else "" for c in row.cells]
                    for row in rows],
        texttemplate="%{z}", colorscale=[[stop, _rgb(color)] for stop, color in HEAT_STOPS],
        zmin=0, showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y}<br>%{x}: %{z} papers<extra></extra>"))
    figure.update_layout(height=80 + 34 * len(rows),
                         margin={"l": 20, "r": 20, "t": 20, "b": 40}, font={"family": FONT},
                         xaxis={"side": "bottom", "type": "category"},
                         yaxis={"autorange": "reversed", "automargin": True})
    return figure


def node_year_counts(papers: Iterable[Paper]) -> list[tuple[int, int]]:
    """Counts for every year from the first to the last paper, including empty years."""
    years = [p.year for p in papers]
    if not years:
        return []
    return [(year, years.count(year)) for year in range(min(years), max(years) + 1)]


# Static SVG: the page's picture without JavaScript and the README's figures.

def _rgb(color: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


def heat_color(fraction: float) -> str:
    """Colour of a heatmap cell, interpolated between the same stops plotly gets."""
    for (low, a), (high, b) in itertools.pairwise(HEAT_STOPS):
        if fraction <= high:
            t = (fraction - low) / (high - low)
            return _rgb(tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]
    return _rgb(HEAT_STOPS[-1][1])


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
                             f"{row.category.label}, {_year_labels(trends.years, cumulative)[i]}:"
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


def trend_page_charts(trends: TrendCharts, page_url: str) -> tuple[PageChart, PageChart]:
    """The charts page: the timeline (per year by default) and the heatmap."""
    return (PageChart("chart-timeline", trends.timeline_title,
                      figure_json(timeline_figure(trends, page_url)),
                      timeline_svg(trends, cumulative=False)),
            PageChart("chart-heatmap", trends.heatmap_title,
                      figure_json(heatmap_figure(trends, page_url)), heatmap_svg(trends)))


def readme_figures(survey: Survey) -> dict[str, str]:
    """README images by file name: the review's Fig. 1 (cumulative, as published) and the heatmap."""
    trends = trend_charts(survey)
    if trends is None:
        return {}
    return dict(zip(README_FIGURES, (timeline_svg(trends, cumulative=True), heatmap_svg(trends)),
                    strict=True))
