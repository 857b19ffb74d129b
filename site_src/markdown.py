"""The one Markdown dialect of the project: CommonMark plus tables, raw HTML off.

Rendering (`render`) and link checking (`validate`) must parse content the same way, so a
link validation accepts is the link a page shows.
"""
from __future__ import annotations

from markdown_it import MarkdownIt


def markdown_renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
