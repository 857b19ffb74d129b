"""Static SVG of the charts page: the timeline and the heatmap, each wide and narrow.

A page carries both layouts and style.css shows the one that fits the screen, so a phone
gets a chart drawn for its width (legend below, cells as wide as the screen allows, text
never under 11 px) rather than a desktop picture shrunk to a third. The README uses the
wide one. Landmark labels are placed by `landmarks`: none overlaps another or a bar.
"""
from __future__ import annotations

from site_src import landmarks
from site_src.svg_canvas import MUTED, Canvas, bars_frame, heat_color, nice_top, text_color
from site_src.trends import TrendCharts, year_labels
from site_src.wording import count_of

NARROW = 340
"""Design width of the narrow layouts, in pixels: a 360 px phone shows them unscaled."""
LABEL = 11
"""Font size of landmark labels; a lane is a little taller."""
LANE = LABEL + 4
LANDMARK = "#7a1f1f"


def _layout(narrow: bool) -> str:
    return "chart-narrow" if narrow else "chart-wide"


def timeline_svg(trends: TrendCharts, cumulative: bool, narrow: bool = False) -> str:
    mode = "cumulative" if cumulative else "per year"
    legend_width = 0 if narrow else 250
    lines = sum(1 + len(group.categories) for group in trends.groups)
    width = NARROW if narrow else max(640, 90 * len(trends.years) + legend_width + 60)
    left, top, bars_height = (34.0, 12.0, 250.0) if narrow else (50.0, 44.0, 314.0)
    plot_width = width - left - legend_width - (8 if narrow else 20)
    step = plot_width / max(len(trends.years), 1)
    bar = step * 0.8 / len(trends.groups)

    def anchor(year: int, group: int) -> float:
        return step * trends.years.index(year) + step * 0.1 + bar * (group + 0.5)

    placed = landmarks.place(landmarks.blocks_of(
        [(anchor(m.year, m.group), m.label) for m in trends.landmarks]), plot_width, LABEL)
    band = landmarks.top_lane(placed) * LANE + (22 if placed else 0)
    plot_bottom = top + band + bars_height
    legend_top = plot_bottom + 58
    height = int(legend_top + lines * 18 + 10) if narrow else int(plot_bottom + 60)
    svg = Canvas(width, height, f"{trends.timeline_title} ({mode})",
                 "Stacked bars: " + "; ".join(g.legend for g in trends.groups), _layout(narrow))
    if not narrow:
        svg.text(left, 24, f"{trends.timeline_title} ({mode})", 16, "start", "bold")
    totals = [trends.group_totals(g, cumulative) for g in trends.groups]
    y_top = nice_top(max((max(t, default=0) for t in totals), default=0) + 1)
    scale, _ = bars_frame(svg, left, top + band, plot_width, bars_height, y_top, trends.years)
    stack_tops: dict[tuple[int, int], float] = {}
    for g, group in enumerate(trends.groups):
        for i, year in enumerate(trends.years):
            x = left + anchor(year, g) - bar / 2
            y = plot_bottom
            for row in trends.group_rows(group):
                cell = (row.cumulative if cumulative else row.cells)[i]
                if cell.count:
                    y -= cell.count * scale
                    svg.rect(x + 1, y, bar - 2, cell.count * scale, row.category.color,
                             f"{row.category.label}, {year_labels(trends.years, cumulative)[i]}:"
                             f" {count_of(cell.count)}", "#333333")
            svg.text(x + bar / 2, y - 4, str(totals[g][i]), LABEL, extra=' class="total"')
            stack_tops[(year, g)] = y - 4 - LABEL
    tops = {round(anchor(m.year, m.group), 1): stack_tops[(m.year, m.group)]
            for m in trends.landmarks}
    base = top + band - 10
    for spot in placed:
        x = left + spot.block.anchor
        svg.line(x, tops[spot.block.anchor] - 2, x, base - spot.lane * LANE, LANDMARK,
                 ' class="leader"')
        align, at = spot.alignment()
        for n, label in enumerate(spot.block.lines):
            svg.text(left + at, base - 4 - (spot.lane + n) * LANE, label, LABEL, align,
                     weight="bold", fill=LANDMARK, extra=' class="landmark"')
    x_legend, y_legend = (left, legend_top) if narrow else (width - legend_width, top + band)
    for group in trends.groups:
        svg.text(x_legend, y_legend, group.legend, 12, "start", "bold")
        y_legend += 18
        for row in trends.group_rows(group):
            svg.rect(x_legend, y_legend - 10, 14, 12, row.category.color, stroke="#333333")
            svg.text(x_legend + 20, y_legend, row.category.label, 12, "start")
            y_legend += 18
        y_legend += 0 if narrow else 8
    svg.text(left + plot_width / 2, plot_bottom + 44,
             "Bars per year, left to right: " + ", ".join(g.short for g in trends.groups),
             LABEL, fill=MUTED)
    return svg.close()


def heatmap_svg(trends: TrendCharts, narrow: bool = False) -> str:
    """Rows of cells; the narrow layout puts each row's label above its cells."""
    rows = trends.heatmap_rows
    label_width, top = (0, 30) if narrow else (270, 56)
    cell_w = (NARROW - 12) / max(len(trends.years), 1) if narrow else 56.0
    cell_h, row_h = (26, 44) if narrow else (30, 30)
    width = NARROW if narrow else int(label_width + cell_w * len(trends.years) + 20)
    height = top + row_h * len(rows) + 40
    svg = Canvas(width, height, trends.heatmap_title,
                 "Number of papers per category (rows) and year (columns)", _layout(narrow))
    if not narrow:
        svg.text(10, 24, trends.heatmap_title, 16, "start", "bold")
    peak = max((cell.count for row in rows for cell in row.cells), default=0) or 1
    left = 6.0 if narrow else float(label_width)
    for r, row in enumerate(rows):
        y = top + row_h * r + row_h - cell_h
        if narrow:
            svg.text(left, y - 5, row.category.label, 12, "start")
        else:
            svg.text(label_width - 8, y + cell_h / 2 + 4, row.category.label, 12, "end")
        for c, cell in enumerate(row.cells):
            x = left + cell_w * c
            fill = heat_color(cell.count / peak)
            svg.rect(x + 1, y + 1, cell_w - 2, cell_h - 2, fill,
                     f"{row.category.label}, {cell.year}: {count_of(cell.count)}")
            svg.text(x + cell_w / 2, y + cell_h / 2 + 4, str(cell.count), 12,
                     fill=text_color(fill), extra=' class="count"')
    for c, year in enumerate(trends.years):
        svg.text(left + cell_w * (c + 0.5), top + row_h * len(rows) + 20, str(year),
                 LABEL if narrow else 12)
    return svg.close()
