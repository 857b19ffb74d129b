"""Interactive plotly figures of the charts page, and plotly.js itself as a site asset.

Each figure carries a second layout for narrow screens under the key "narrow" (charts.js
lays it over the first below its breakpoint): legend below the bars, all years labelled,
landmark labels placed for a phone's width.

The figures are written as plotly's JSON directly, with plotly's own default template read
from the installed package, rather than built through `plotly.graph_objects`: importing it and
validating every property took a sixth of a real-content build. `tests/test_charts_counts.py`
passes each figure through `plotly.graph_objects` and checks that plotly gives back the same
JSON, so a misspelt property still fails. Labels avoid plotly's <b>/<i> markup: it becomes
style attributes, which the pages' Content-Security-Policy blocks.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from site_src import landmarks, urls
from site_src.render import Asset
from site_src.svg import PageChart
from site_src.svg_canvas import FONT, HEAT_STOPS, rgb
from site_src.trend_svgs import LABEL, LANE, heatmap_svg, timeline_svg
from site_src.trends import TrendCharts, year_labels
from site_src.wording import count_of

Figure = dict[str, Any]
"""A figure as plotly.js takes it: {"data": [traces], "layout": {...}}."""


def _package_data(name: str) -> bytes:
    """A file shipped in the installed plotly package, found without importing plotly."""
    spec = importlib.util.find_spec("plotly")
    assert spec is not None and spec.submodule_search_locations
    return (Path(spec.submodule_search_locations[0]) / "package_data" / name).read_bytes()


def plotly_asset() -> Asset:
    """plotly.js from the installed plotly package, served by the site under a hashed name."""
    content = _package_data("plotly.min.js")
    return Asset(f"static/plotly.{hashlib.sha256(content).hexdigest()[:10]}.min.js", content)


@cache
def plotly_template() -> Any:
    """plotly's default template ("plotly"), which graph_objects would put in every layout."""
    return json.loads(_package_data("templates/plotly.json"))


def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> Figure:
    return {"data": data, "layout": {**layout, "template": plotly_template()}}


def figure_json(figure: Figure, narrow: dict[str, Any]) -> str:
    """Figure JSON safe inside <script type="application/json"> (no '<' can end the block),
    with the layout that replaces parts of the first on a narrow screen."""
    text = json.dumps({**figure, "narrow": narrow}, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


WIDE_PLOT, NARROW_PLOT = 560.0, 290.0
"""Plot widths (pixels) the landmark labels are placed for; wider plots only spread them."""
BARS = 330.0
"""Height of the bars' area in pixels; the landmark band sits above it."""


def _bar_offsets(groups: int) -> tuple[list[float], float]:
    width = 0.8 / groups
    return [-0.4 + width * (i + 0.5) for i in range(groups)], width


def _landmark_layout(trends: TrendCharts, cumulative: bool, plot_width: float
                     ) -> dict[str, Any]:
    """Annotations (labels and leader lines) and the y range that leaves room for them."""
    offsets, _ = _bar_offsets(len(trends.groups))
    first = trends.years[0] - 0.5
    per_year = plot_width / len(trends.years)
    px = {(m.year, m.group): (m.year + offsets[m.group] - first) * per_year
          for m in trends.landmarks}
    placed = landmarks.place(landmarks.blocks_of(
        [(px[(m.year, m.group)], m.label) for m in trends.landmarks]), plot_width, LABEL)
    totals = [trends.group_totals(g, cumulative) for g in trends.groups]
    top = max((max(t, default=0) for t in totals), default=0) * 1.04 + 0.5
    band = landmarks.top_lane(placed) * LANE + 10
    notes: list[dict[str, Any]] = []
    for spot in placed:
        mark = next(m for m in trends.landmarks if round(px[(m.year, m.group)], 1) == spot.block.anchor)
        x = mark.year + offsets[mark.group]
        stack = totals[mark.group][trends.years.index(mark.year)]
        line = {"x": x, "text": "", "showarrow": True, "arrowhead": 0, "arrowwidth": 1,
                "ax": 0, "standoff": 2}
        notes.append({**line, "y": stack, "ayref": "y", "ay": top})
        notes.append({**line, "y": top, "ay": -(4 + spot.lane * LANE), "standoff": 0})
        align, at = spot.alignment()
        for n, label in enumerate(spot.block.lines):
            notes.append({"x": x, "y": top, "text": label, "showarrow": False,
                          "xanchor": {"end": "right", "start": "left"}.get(align, "center"),
                          "xshift": round(at - spot.block.anchor, 1),
                          "yshift": 4 + (spot.lane + n) * LANE, "yanchor": "bottom",
                          "font": {"size": LABEL}})
    return {"annotations": notes, "yaxis.range": [0, top * (1 + band / BARS)],
            "height": 110 + BARS + band}


def timeline_figure(trends: TrendCharts, page_url: str) -> tuple[Figure, dict[str, Any]]:
    """Stacked bars per year, one bar per group, with a per-year / cumulative switch; and
    its narrow layout."""
    offsets, width = _bar_offsets(len(trends.groups))
    bars: list[dict[str, Any]] = []
    per_year: dict[str, list[Any]] = {"y": [], "customdata": []}
    running: dict[str, list[Any]] = {"y": [], "customdata": []}
    for index, group in enumerate(trends.groups):
        for row in trends.group_rows(group):
            for mode, cells in ((per_year, row.cells), (running, row.cumulative)):
                mode["y"].append([cell.count for cell in cells])
                mode["customdata"].append(
                    [[urls.relative(cell.url, page_url) if cell.papers else "", label,
                      count_of(cell.count)]
                     for cell, label in zip(cells, year_labels(trends.years, mode is running),
                                            strict=True)])
            bars.append({
                "type": "bar", "x": [year + offsets[index] for year in trends.years],
                "y": per_year["y"][-1], "width": width * 0.92, "name": row.category.label,
                "marker": {"color": row.category.color,
                           "line": {"width": 0.5, "color": "#333333"}},
                "customdata": per_year["customdata"][-1], "legendgroup": group.label,
                "legendgrouptitle": {"text": group.label},
                "hovertemplate": f"%{{fullData.name}}<br>%{{customdata[1]}}: "
                                 f"%{{customdata[2]}}<extra>{escape(group.short)}</extra>"})

    def layout(plot_width: float) -> dict[str, Any]:
        modes = [_landmark_layout(trends, cumulative, plot_width) for cumulative in (False, True)]
        buttons = [{"label": label, "method": "update",
                    "args": [data, {k: v for k, v in mode.items() if k != "height"}]}
                   for label, data, mode in (("Per year", per_year, modes[0]),
                                             ("Cumulative", running, modes[1]))]
        height = max(mode["height"] for mode in modes)
        return {"annotations": modes[0]["annotations"], "height": height,
                "yaxis": {"title": {"text": "Papers"}, "range": modes[0]["yaxis.range"]},
                "updatemenus": [{"type": "buttons", "direction": "right", "buttons": buttons,
                                 "x": 0, "y": 1, "xanchor": "left", "yanchor": "bottom",
                                 "pad": {"b": 4}, "showactive": True}]}

    years = list(trends.years)
    axis = {"tickvals": years, "ticktext": [str(y) for y in years], "title": {"text": "Year"},
            "range": [years[0] - 0.5, years[-1] + 0.5]}
    figure = _figure(bars, {"barmode": "relative", "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
                            "font": {"family": FONT}, "xaxis": axis,
                            "legend": {"groupclick": "toggleitem"}, **layout(WIDE_PLOT)})
    narrow = layout(NARROW_PLOT)
    lines = sum(1 + len(group.categories) for group in trends.groups)
    narrow.update(
        height=narrow["height"] + 24 * lines, margin={"l": 40, "r": 8, "t": 50, "b": 40},
        xaxis={**axis, "title": {"text": ""}, "tickangle": 0, "tickfont": {"size": LABEL}},
        legend={"groupclick": "toggleitem", "orientation": "v", "x": 0, "xanchor": "left",
                "y": -0.08, "yanchor": "top", "font": {"size": 12}})
    return figure, narrow


def _wrapped(label: str, width: int = 14) -> str:
    """A row label in lines of about `width` characters, for the narrow heatmap's margin."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def heatmap_figure(trends: TrendCharts, page_url: str) -> tuple[Figure, dict[str, Any]]:
    rows = trends.heatmap_rows
    cells = {
        "type": "heatmap", "z": [[cell.count for cell in row.cells] for row in rows],
        "x": [str(year) for year in trends.years], "y": [row.category.label for row in rows],
        "customdata": [[[urls.relative(c.url, page_url) if c.papers else "", count_of(c.count)]
                        for c in row.cells] for row in rows],
        "texttemplate": "%{z}", "textfont": {"size": 12},
        "colorscale": [[stop, rgb(color)] for stop, color in HEAT_STOPS],
        "zmin": 0, "showscale": False, "xgap": 2, "ygap": 2,
        "hovertemplate": "%{y}<br>%{x}: %{customdata[1]}<extra></extra>"}
    axis = {"side": "bottom", "type": "category", "dtick": 1}
    figure = _figure([cells], {"height": 80 + 34 * len(rows),
                               "margin": {"l": 20, "r": 20, "t": 20, "b": 40},
                               "font": {"family": FONT}, "xaxis": axis,
                               "yaxis": {"autorange": "reversed", "automargin": True}})
    labels = [_wrapped(row.category.label) for row in rows]
    narrow = {"height": 70 + 46 * len(rows), "margin": {"l": 8, "r": 8, "t": 10, "b": 40},
              "xaxis": {**axis, "tickangle": 0, "tickfont": {"size": LABEL}},
              "yaxis": {"autorange": "reversed", "automargin": True, "tickmode": "array",
                        "tickvals": [row.category.label for row in rows], "ticktext": labels,
                        "tickfont": {"size": LABEL}}}
    return figure, narrow


def trend_page_charts(trends: TrendCharts, page_url: str
                      ) -> tuple[PageChart | None, PageChart | None]:
    """The charts page: the timeline (per year by default) and the heatmap, each only if
    charts.yaml declares it (a timeline needs groups, a heatmap rows)."""
    timeline = PageChart(
        "chart-timeline", trends.timeline_title,
        figure_json(*timeline_figure(trends, page_url)),
        timeline_svg(trends, cumulative=False) + timeline_svg(trends, False, narrow=True)
    ) if trends.groups else None
    heatmap = PageChart(
        "chart-heatmap", trends.heatmap_title, figure_json(*heatmap_figure(trends, page_url)),
        heatmap_svg(trends) + heatmap_svg(trends, narrow=True)) if trends.heatmap_rows else None
    return timeline, heatmap
