"""Interactive plotly figures of the charts page, and plotly.js itself as a site asset.

plotly is imported inside the figure builders because importing it takes a noticeable part
of a build, and only the charts page needs it. Labels avoid plotly's <b>/<i> markup: it
becomes style attributes, which the pages' Content-Security-Policy blocks.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from site_src import urls
from site_src.render import Asset
from site_src.svg import FONT, HEAT_STOPS, PageChart, heatmap_svg, rgb, timeline_svg
from site_src.trends import TrendCharts, year_labels


def plotly_asset() -> Asset:
    """plotly.js from the installed plotly package, served by the site under a hashed name."""
    spec = importlib.util.find_spec("plotly")
    assert spec is not None and spec.submodule_search_locations
    content = (Path(spec.submodule_search_locations[0]) / "package_data" / "plotly.min.js"
               ).read_bytes()
    return Asset(f"static/plotly.{hashlib.sha256(content).hexdigest()[:10]}.min.js", content)



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
                     for cell, label in zip(cells, year_labels(trends.years, mode is running),
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


def heatmap_figure(trends: TrendCharts, page_url: str) -> Any:
    import plotly.graph_objects as go

    rows = trends.heatmap_rows
    figure = go.Figure(go.Heatmap(
        z=[[cell.count for cell in row.cells] for row in rows],
        x=[str(year) for year in trends.years], y=[row.category.label for row in rows],
        customdata=[[urls.relative(c.url, page_url) if c.papers else "" for c in row.cells]
                    for row in rows],
        texttemplate="%{z}", colorscale=[[stop, rgb(color)] for stop, color in HEAT_STOPS],
        zmin=0, showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y}<br>%{x}: %{z} papers<extra></extra>"))
    figure.update_layout(height=80 + 34 * len(rows),
                         margin={"l": 20, "r": 20, "t": 20, "b": 40}, font={"family": FONT},
                         xaxis={"side": "bottom", "type": "category"},
                         yaxis={"autorange": "reversed", "automargin": True})
    return figure



def trend_page_charts(trends: TrendCharts, page_url: str) -> tuple[PageChart, PageChart]:
    """The charts page: the timeline (per year by default) and the heatmap."""
    return (PageChart("chart-timeline", trends.timeline_title,
                      figure_json(timeline_figure(trends, page_url)),
                      timeline_svg(trends, cumulative=False)),
            PageChart("chart-heatmap", trends.heatmap_title,
                      figure_json(heatmap_figure(trends, page_url)), heatmap_svg(trends)))

