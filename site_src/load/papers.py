"""Read content/papers/*.md: front-matter fields plus a Markdown description."""
from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.fields import check_fields
from site_src.load.files import read_text, remembered
from site_src.load.yamldoc import LineList, LineMapping, display_path, read_front_matter
from site_src.schema import LISTING_FIELDS, PAPER_FIELDS


@dataclass(frozen=True)
class ListingSource:
    node_id: str
    title: str
    url: str
    line: int


@dataclass(frozen=True)
class PaperSource:
    """A paper file as written: checked field by field, not yet against other files."""

    path: str
    stem: str
    values: dict[str, Any]
    lines: dict[str, int]
    listings: tuple[ListingSource, ...]
    description: str
    description_line: int = 0

    def line_of(self, field: str) -> int:
        return self.lines.get(field, 1)


def _listings(raw: Any, meta: LineMapping, path: str) -> tuple[tuple[ListingSource, ...],
                                                                list[Diagnostic]]:
    line = meta.line_of("taxonomy")
    items = [raw] if isinstance(raw, str | LineMapping) else raw
    if not isinstance(items, list) or not items:
        return (), [Diagnostic(path, line, "taxonomy", "expected a non-empty list of node ids",
                               "write e.g. 'taxonomy: [reward-llm]'")]
    listings: list[ListingSource] = []
    problems: list[Diagnostic] = []
    for index, item in enumerate(items):
        item_line = items.line_of(index, line) if isinstance(items, LineList) else line
        if isinstance(item, str):
            listings.append(ListingSource(item.strip(), "", "", item_line))
            continue
        values, more = check_fields(item, LISTING_FIELDS, path, "taxonomy listing", item_line)
        problems += more
        if "node" in values:
            listings.append(ListingSource(values["node"], values.get("title", ""),
                                          values.get("url", ""), item_line))
    return tuple(listings), problems


def read_paper(path: Path, root: Path) -> tuple[PaperSource | None, list[Diagnostic]]:
    shown = display_path(path, root)
    try:
        document = read_front_matter(read_text(path, shown), shown)
    except ContentError as error:
        return None, error.diagnostics
    values, problems = check_fields(document.meta, PAPER_FIELDS, shown, "paper front-matter", 1)
    listings: tuple[ListingSource, ...] = ()
    if "taxonomy" in values:
        listings, more = _listings(values["taxonomy"], document.meta, shown)
        problems += more
    source = PaperSource(shown, path.stem, values, dict(document.meta.key_lines), listings,
                         document.body, document.body_line)
    return source, problems


def load_papers(folder: Path, root: Path, parsed: MutableMapping[str, Any] | None = None
                ) -> tuple[list[PaperSource], list[Diagnostic]]:
    """Every paper file; `parsed` keeps what each file gave (see `remembered`)."""
    papers: list[PaperSource] = []
    problems: list[Diagnostic] = []
    for path in sorted(folder.glob("*.md")):
        paper, more = remembered(parsed, path, partial(read_paper, path, root))
        problems += more
        if paper is not None:
            papers.append(paper)
    return papers, problems
