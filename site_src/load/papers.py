"""Read content/papers/*.md: front-matter fields plus a Markdown description."""
from __future__ import annotations

import hashlib
import os
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.fields import check_fields
from site_src.load.files import read_text, remembered
from site_src.load.yamldoc import LineList, LineMapping, display_path, read_front_matter
from site_src.schema import LISTING_FIELDS, PAPER_FIELDS, Field

_SCHEMA_KEY = "\0paper schema"
"""Where `parsed` remembers which schema its paper entries were checked against."""


@dataclass(frozen=True)
class ListingSource:
    node_id: str
    title: str
    url: str
    line: int
    position: int | None = None


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
                               "write e.g. 'taxonomy: [node-id]', with ids from "
                               "content/taxonomy.yaml")]
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
                                          values.get("url", ""), item_line,
                                          values.get("position")))
    return tuple(listings), problems


def read_paper(path: Path, root: Path, schema: tuple[Field, ...] = PAPER_FIELDS
               ) -> tuple[PaperSource | None, list[Diagnostic]]:
    """`schema`: the core fields plus the survey's own (load.paper_fields)."""
    shown = display_path(path, root)
    try:
        document = read_front_matter(read_text(path, shown), shown)
    except ContentError as error:
        return None, error.diagnostics
    values, problems = check_fields(document.meta, schema, shown, "paper front-matter", 1)
    listings: tuple[ListingSource, ...] = ()
    if "taxonomy" in values:
        listings, more = _listings(values["taxonomy"], document.meta, shown)
        problems += more
    source = PaperSource(shown, path.stem, values, dict(document.meta.key_lines), listings,
                         document.body, document.body_line)
    return source, problems


def load_papers(folder: Path, root: Path, parsed: MutableMapping[str, Any] | None = None,
                schema: tuple[Field, ...] = PAPER_FIELDS
                ) -> tuple[list[PaperSource], list[Diagnostic]]:
    """Every paper file; `parsed` keeps what each file gave (see `remembered`), under the same
    schema: a change to fields.yaml makes every file's check different, so it forgets them."""
    papers: list[PaperSource] = []
    problems: list[Diagnostic] = []
    version = hashlib.blake2b(repr(schema).encode(), digest_size=8).hexdigest()
    if parsed is not None and parsed.get(_SCHEMA_KEY) != version:
        for key in [k for k in parsed if k.startswith(str(folder))]:
            del parsed[key]
        parsed[_SCHEMA_KEY] = version
    for path in remembered(parsed, folder, partial(_markdown_files, folder)):
        paper, more = remembered(parsed, path, partial(read_paper, path, root, schema))
        problems += more
        if paper is not None:
            papers.append(paper)
    return papers, problems


def _markdown_files(folder: Path) -> list[Path]:
    """The folder's *.md files in name order, hidden ones left out as `glob` does (sorting
    names, not paths, is ten times faster)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries
                       if entry.name.endswith(".md") and not entry.name.startswith("."))
    return [folder / name for name in names]
