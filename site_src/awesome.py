"""Read an awesome list (Markdown) into sections and paper entries, remembering their lines.

Pure text in, records out: `import_list` decides what to write. Recognised, because awesome
lists use them: `- [Title](url)`, `- Title [[paper]](url) [[code]](url)`,
`1. **Title.** *Authors.* Venue Year. [[paper]](url)`, nested bullets carrying authors,
venue, code and keywords, shields.io badges naming a venue and year, and the `(2025)!`
marker (or a "new"/"added" badge) meaning "added in 2025". What is not recognised is
reported by line, never guessed silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from site_src.awesome_entry import Entry, parse_entry, plain, read_detail

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ITEM = re.compile(r"^(\s*)(?:[-*+]|(\d+)[.)])\s+(.*\S)\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
SKIPPED_SECTIONS = re.compile(r"^(table of )?contents?$|^toc$|^contribut|^licen[cs]e|^citation"
                              r"|^cite|^acknowledg|^star history|^related (lists|awesome)"
                              r"|^(other )?awesome lists?$", re.IGNORECASE)


@dataclass
class Section:
    title: str
    heading: str
    """The heading text exactly as written, so the README keeps it."""
    level: int
    line: int
    entries: list[Entry] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    skipped: bool = False
    """A table of contents, licence or similar section: not part of the taxonomy."""


@dataclass
class AwesomeList:
    title: str
    intro: str
    sections: list[Section]
    problems: list[tuple[int, str]]
    """(line, message) for every line that looked like an entry but could not be read."""


def _strip_comments(lines: list[str]) -> list[str]:
    """Blank out HTML comments and fenced code, keeping line numbers."""
    kept, fenced, commented = [], False, False
    for line in lines:
        if commented or fenced:
            kept.append("")
            commented = commented and "-->" not in line
            fenced = fenced and not FENCE.match(line)
            continue
        if FENCE.match(line):
            fenced = True
            kept.append("")
        elif "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            commented = True
            kept.append(line.split("<!--", 1)[0])
        else:
            kept.append(re.sub(r"<!--.*?-->", "", line))
    return kept


def parse(text: str) -> AwesomeList:
    lines = _strip_comments(text.splitlines())
    headings = [(i, m) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    levels = [len(m.group(1)) for _i, m in headings]
    title, title_index = "", None
    if headings and levels.count(min(levels)) == 1 and levels[0] == min(levels) \
            and len(headings) > 1:
        title_index = headings[0][0]
        title = plain(headings[0][1].group(2))
    problems: list[tuple[int, str]] = []
    roots: list[Section] = []
    stack: list[Section] = []
    entry: Entry | None = None
    entry_indent = 0
    intro: list[str] = []
    for index, raw in enumerate(lines):
        number = index + 1
        heading = HEADING.match(raw)
        if heading:
            entry = None
            if index == title_index:
                continue
            level, text = len(heading.group(1)), heading.group(2)
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            section = Section(plain(text), text, level, number)
            section.skipped = bool(SKIPPED_SECTIONS.search(section.title)) or (
                parent is not None and parent.skipped)
            if not section.skipped:
                (parent.children if parent else roots).append(section)
            stack.append(section)
            continue
        if not stack or stack[-1].skipped:
            if not stack and raw.strip() and not raw.lstrip().startswith(("[!", "![", "<")):
                intro.append(raw.strip())
            continue
        item = ITEM.match(raw)
        if item is None:
            if entry is not None and raw.strip() and raw.startswith((" ", "\t")):
                entry.description = f"{entry.description} {plain(raw)}".strip()
            elif raw.strip():
                entry = None
            continue
        indent = len(item.group(1).expandtabs(4))
        body = item.group(3)
        if entry is not None and indent > entry_indent:
            if not read_detail(body, entry):
                problems.append((number, f"could not read the nested line '{plain(body)[:60]}'"))
            continue
        parsed = parse_entry(body, number, item.group(2) is not None)
        if isinstance(parsed, str):
            entry = None
            if "](#" not in body:
                problems.append((number, f"{parsed} in '{plain(body)[:60]}'"))
            continue
        entry, entry_indent = parsed, indent
        stack[-1].entries.append(parsed)
    return AwesomeList(title, " ".join(intro), roots, problems)
