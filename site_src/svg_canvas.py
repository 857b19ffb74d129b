"""The SVG writer behind every static chart, and the pieces the charts share.

Our own writer, so the README images need no browser and are byte-identical for identical
data: every number is rounded so output is stable across platforms.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

HEAT_STOPS = ((0.0, (247, 251, 255)), (0.5, (107, 174, 214)), (1.0, (8, 48, 107)))
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
MUTED = "#5a5f66"


def rgb(color: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


def heat_color(fraction: float) -> str:
    """Colour of a heatmap cell, interpolated between the same stops plotly gets."""
    for (low, a), (high, b) in itertools.pairwise(HEAT_STOPS):
        if fraction <= high:
            t = (fraction - low) / (high - low)
            return rgb(tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]
    return rgb(HEAT_STOPS[-1][1])


def text_color(fill: str) -> str:
    red, green, blue = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * red + 0.587 * green + 0.114 * blue < 140 else "#1c1e21"


def nice_top(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return value


def ticks(top: int) -> list[int]:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, top) if top / s <= 6)
    return list(range(0, top + 1, step))


class Canvas:
    """A tiny SVG builder: every number is rounded so output is stable across platforms."""

    def __init__(self, width: int, height: int, title: str, description: str,
                 css_class: str = "") -> None:
        self.width, self.height = width, height
        kind = f' class="{css_class}"' if css_class else ""
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}"{kind} role="img" font-family="{escape(FONT)}">',
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

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str = "#d8dde3",
             extra: str = "") -> None:
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                          f'stroke="{color}" stroke-width="1"{extra}/>')

    def close(self) -> str:
        parts = list(self.parts)
        if any(part.startswith("<a ") for part in parts):
            # An image role would hide the bar links from assistive technology.
            parts[0] = parts[0].replace(' role="img"', '')
        return "\n".join([*parts, "</svg>"]) + "\n"


def bars_frame(svg: Canvas, left: float, top: float, width: float, height: float,
                y_top: int, years: Sequence[int]) -> tuple[float, float]:
    """Grid, y ticks and year labels; returns (pixels per paper, pixels per year)."""
    scale = height / y_top
    for tick in ticks(y_top):
        y = top + height - tick * scale
        svg.line(left, y, left + width, y)
        svg.text(left - 6, y + 4, str(tick), 11, "end", fill=MUTED)
    step = width / max(len(years), 1)
    crowded = step < 32
    for i, year in enumerate(years):
        x, y = left + step * (i + 0.5), top + height + 18
        if crowded:
            turn = f' transform="rotate(-45 {x + 4:.1f} {y - 4:.1f})"'
            svg.text(x + 4, y - 4, str(year), 11, "end", extra=turn)
        else:
            svg.text(x, y, str(year), 12)
    return scale, step


