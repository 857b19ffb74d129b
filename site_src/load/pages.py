"""Read prose pages (content/pages/*.md) and data tables (content/tables/*.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.fields import check_fields
from site_src.load.files import read_text
from site_src.load.yamldoc import display_path, read_front_matter, read_yaml_file
from site_src.model import Table
from site_src.schema import PAGE_FIELDS, TABLE_FIELDS


@dataclass(frozen=True)
class PageSource:
    path: str
    slug: str
    values: dict[str, Any]
    tables_line: int
    body: str
    body_line: int = 0


def load_pages(folder: Path, root: Path) -> tuple[list[PageSource], list[Diagnostic]]:
    pages: list[PageSource] = []
    problems: list[Diagnostic] = []
    for path in sorted(folder.glob("*.md")):
        shown = display_path(path, root)
        try:
            document = read_front_matter(read_text(path, shown), shown)
        except ContentError as error:
            problems += error.diagnostics
            continue
        values, more = check_fields(document.meta, PAGE_FIELDS, shown, "page front-matter", 1)
        problems += more
        if "title" in values:
            pages.append(PageSource(shown, path.stem, values,
                                    document.meta.line_of("tables"), document.body,
                                    document.body_line))
    return pages, problems


def _table(path: Path, root: Path) -> tuple[Table | None, list[Diagnostic]]:
    shown = display_path(path, root)
    try:
        raw = read_yaml_file(path, root)
    except ContentError as error:
        return None, error.diagnostics
    values, problems = check_fields(raw, TABLE_FIELDS, shown, "table", 1)
    if problems:
        return None, problems
    columns = values["columns"]
    rows = values["rows"]
    line = raw.line_of("rows")
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        return None, [Diagnostic(shown, line, "rows", "expected a list of rows, each a list",
                                 "write each row as '- [cell, cell, ...]'")]
    for number, row in enumerate(rows, start=1):
        if len(row) != len(columns):
            problems.append(Diagnostic(shown, line, "rows",
                                       f"row {number} has {len(row)} cells for {len(columns)} "
                                       "columns", "add empty cells as \"\""))
    if problems:
        return None, problems
    cells = tuple(tuple("" if c is None else str(c) for c in row) for row in rows)
    return Table(path.stem, values["caption"], columns, cells, values.get("source", "")), []


def load_tables(folder: Path, root: Path) -> tuple[dict[str, Table], list[Diagnostic]]:
    tables: dict[str, Table] = {}
    problems: list[Diagnostic] = []
    for path in sorted(folder.glob("*.yaml")):
        table, more = _table(path, root)
        problems += more
        if table is not None:
            tables[table.id] = table
    return tables, problems
