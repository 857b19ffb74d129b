"""`import-list`: turn an awesome list into a survey's content, keeping its order and links.

Headings become taxonomy nodes (ids from their titles, nesting kept), entries become
`content/papers/<key>.md` files and BibTeX entries. An entry listed under several headings
becomes one paper with several placements; each placement records its position in the
list, so the generated README (with `readme.order: listed`) keeps the list's order. Existing
paper files are never overwritten, and papers the survey already has are not added twice.
What the list does not say (a year, say) is reported as `LIST.md:line: ...` for a person to
fill in, never invented.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_src import awesome
from site_src.awesome_entry import Entry, arxiv_year
from site_src.content_edits import KEYWORDS, add_nodes, append_bib, declare_keywords
from site_src.diagnostics import ContentError, Diagnostic
from site_src.list_records import bibtex, paper_key, slug
from site_src.load.bib import load_bib
from site_src.load.papers import load_papers
from site_src.load.yamldoc import display_path, read_yaml_file
from site_src.project import Project
from site_src.validate import identities


@dataclass
class Planned:
    """A paper to write: its entry as first listed, and every placement it has."""

    key: str
    entry: Entry
    placements: list[tuple[str, Entry, int]] = field(default_factory=list)
    """(node id, the entry as listed there, position in the list)."""


@dataclass
class ImportReport:
    nodes: int = 0
    papers: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Plan:
    papers: dict[str, Planned]
    """By key, in list order."""
    existing: list[tuple[Entry, str]]
    """Entries the survey already has, with the key it has them under."""
    ids: dict[int, str]
    """Node id of each section, by the section's `id()`."""


def _plan(sections: list[awesome.Section], known: dict[tuple[str, str], str],
          taken: set[str]) -> _Plan:
    planned: dict[str, Planned] = {}
    seen: dict[tuple[str, str], str] = {}
    existing: list[tuple[Entry, str]] = []
    position = 0

    def visit(section: awesome.Section, node_id: str) -> None:
        nonlocal position
        for entry in section.entries:
            position += 1
            found = list(identities(entry.title, entry.url))
            old = next((known[i] for i in found if i in known), None)
            if old is not None:
                existing.append((entry, old))
                continue
            key = next((seen[i] for i in found if i in seen), None)
            if key is None:
                entry.year = entry.year or arxiv_year(entry.url)
                if entry.year is None and entry.added:
                    entry.year, entry.year_from_marker = entry.added, True
                key = paper_key(entry, taken)
                planned[key] = Planned(key, entry)
                seen.update((i, key) for i in found)
            if all(node != node_id for node, _e, _p in planned[key].placements):
                planned[key].placements.append((node_id, entry, position))
        for child in section.children:
            visit(child, ids[id(child)])

    ids: dict[int, str] = {}
    used: set[str] = set()

    def name(section: awesome.Section, parent: str) -> None:
        node_id = slug(section.title)
        if node_id in used and parent:
            node_id = slug(f"{parent}-{section.title}")
        base, number = node_id, 2
        while node_id in used:
            node_id, number = f"{base}-{number}", number + 1
        used.add(node_id)
        ids[id(section)] = node_id
        for child in section.children:
            name(child, node_id)

    for section in sections:
        name(section, "")
    for section in sections:
        visit(section, ids[id(section)])
    return _Plan(planned, existing, ids)


def _with_papers(sections: list[awesome.Section]) -> list[awesome.Section]:
    """Sections holding entries, or holding sections that do: prose sections such as an
    abstract or a figure are the list's preamble, not part of its taxonomy."""
    kept = []
    for section in sections:
        section.children = _with_papers(section.children)
        if section.entries or section.children:
            kept.append(section)
    return kept


def _node_yaml(section: awesome.Section, ids: dict[int, str]) -> dict[str, Any]:
    node: dict[str, Any] = {"id": ids[id(section)], "title": section.title}
    if section.heading != section.title:
        node["readme"] = {"heading": section.heading}
    if section.children:
        node["children"] = [_node_yaml(child, ids) for child in section.children]
    return node


def _paper_file(paper: Planned) -> str:
    meta: dict[str, Any] = {"key": paper.key}
    listings = []
    for node_id, entry, position in paper.placements:
        listing: dict[str, Any] = {"node": node_id, "position": position}
        if entry.title != paper.entry.title:
            listing["title"] = entry.title
        if entry.url != paper.entry.url:
            listing["url"] = entry.url
        listings.append(listing)
    meta["taxonomy"] = listings
    meta["year"] = paper.entry.year
    if paper.entry.code_url:
        meta["code_url"] = paper.entry.code_url
    if paper.entry.links:
        meta["links"] = dict(paper.entry.links)
    if paper.entry.added:
        meta["added"] = paper.entry.added
    if paper.entry.keywords:
        meta[KEYWORDS] = paper.entry.keywords
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    body = paper.entry.description
    return f"---\n{front}---\n{body}\n" if body else f"---\n{front}---\n"


def _known_papers(project: Project) -> tuple[dict[tuple[str, str], str], set[str]]:
    """Identities of the papers the survey has, and every key in use."""
    bib, _ = load_bib(project.content / "references.bib", project.root) \
        if (project.content / "references.bib").is_file() else ({}, [])
    papers, _ = load_papers(project.content / "papers", project.root)
    known: dict[tuple[str, str], str] = {}
    for entry in bib.values():
        f = entry.fields
        known.update((i, entry.key) for i in identities(f.get("title", ""), f.get("url", ""),
                                                        f.get("eprint", ""), f.get("doi", "")))
    for paper in papers:
        v = paper.values
        known.update((i, paper.stem) for i in identities(v.get("title", ""), "", v.get("arxiv", ""),
                                                         v.get("doi", "")))
    taken = set(bib) | {p.stem for p in papers}
    taken |= {p.stem for p in (project.content / "papers").glob("*.md")}
    return known, taken


def _entry_style(sections: list[awesome.Section]) -> str:
    """The README entry style that reads like the list itself."""
    entries = [e for s in sections for e in _all_entries(s)]
    if not entries:
        return "paper-link"
    if sum(e.numbered for e in entries) * 2 > len(entries):
        return "numbered"
    if sum(bool(e.authors) for e in entries) * 2 > len(entries):
        return "nested"
    return "title-link" if sum(e.title_linked for e in entries) * 2 > len(entries) \
        else "paper-link"


def _all_entries(section: awesome.Section) -> list[Entry]:
    return [*section.entries, *(e for c in section.children for e in _all_entries(c))]


def _heading_offset(sections: list[awesome.Section]) -> int:
    return min((s.level for s in sections), default=2)


def import_list(project: Project, list_path: Path) -> ImportReport:
    """Write the list's taxonomy, papers and BibTeX into the survey at `project`."""
    shown = list_path.name
    if not list_path.is_file():
        raise ContentError([Diagnostic(str(list_path), 0, "", "list not found",
                                       "give the path of the awesome list's README.md")])
    if not (project.content / "site.yaml").is_file():
        raise ContentError([Diagnostic(display_path(project.content, project.root), 0, "",
                                       "not a survey: content/site.yaml is missing",
                                       "run 'survey-site init DIR' first, then import-list inside it")])
    site = read_yaml_file(project.content / "site.yaml", project.root)
    parsed = awesome.parse(list_path.read_text("utf-8"))
    parsed.sections = _with_papers(parsed.sections)
    report = ImportReport()
    report.problems += [Diagnostic(shown, line, "", message, "add it by hand after the import",
                                   level="warning") for line, message in parsed.problems]
    if not parsed.sections:
        raise ContentError([*report.problems,
                            Diagnostic(shown, 0, "", "no sections with papers found",
                                       "an awesome list has '## Heading' lines with "
                                       "'- [Title](url)' entries under them")])
    from site_src.init import remove_example  # the example paper init writes, if still unedited
    remove_example(project)
    known, taken = _known_papers(project)
    plan = _plan(parsed.sections, known, taken)
    planned, ids = plan.papers, plan.ids
    for entry, key in plan.existing:
        report.problems.append(Diagnostic(shown, entry.line, "", f"'{entry.title}' is already "
                                          f"in the survey as {key}; not imported again",
                                          f"add the placement to content/papers/{key}.md",
                                          level="warning"))
    add_nodes(project.content / "taxonomy.yaml", [_node_yaml(s, ids) for s in parsed.sections])
    report.nodes = len(ids)
    papers_dir = project.content / "papers"
    papers_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for paper in planned.values():
        path = papers_dir / f"{paper.key}.md"
        path.write_text(_paper_file(paper), encoding="utf-8")
        entries.append(bibtex(paper.key, paper.entry))
        report.papers.append(paper.key)
        if paper.entry.year_from_marker:
            report.problems.append(Diagnostic(shown, paper.entry.line, "year",
                                              f"year {paper.entry.year} of '{paper.entry.title}' "
                                              "is the year the list marks it as added",
                                              f"check it in {display_path(path, project.root)}",
                                              level="warning"))
        if paper.entry.year is None:
            report.problems.append(Diagnostic(shown, paper.entry.line, "year",
                                              f"no year found for '{paper.entry.title}'",
                                              f"fill in 'year:' in {display_path(path, project.root)}"))
    append_bib(project.content / "references.bib", entries)
    if any(p.entry.keywords for p in planned.values()):
        declare_keywords(project.content / "fields.yaml")
    _set_readme_options(project.content / "site.yaml", site, parsed, planned)
    return report


def _set_readme_options(site_yaml: Path, data: Any, parsed: awesome.AwesomeList,
                        planned: dict[str, Planned]) -> None:
    """Make the README read like the imported list: its entry style, order and headings.

    Only the `readme:` block of site.yaml is rewritten; every other line stays as written.
    """
    text = site_yaml.read_text("utf-8")
    data = data if isinstance(data, dict) else {}
    readme = dict(data.get("readme") or {})
    readme.setdefault("title", parsed.title or data.get("title", ""))
    if parsed.intro and not readme.get("intro"):
        readme["intro"] = parsed.intro
    readme["entry"] = _entry_style(parsed.sections)
    readme["order"] = "listed"
    readme["heading_offset"] = _heading_offset(parsed.sections)
    if any(p.entry.added for p in planned.values()) and "new_marker" not in readme:
        readme["new_marker"] = "({year})!"
    block = yaml.safe_dump({"readme": readme}, sort_keys=False, allow_unicode=True, width=100)
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^readme\s*:", line)), None)
    if start is None:
        site_yaml.write_text(text.rstrip("\n") + "\n" + block, encoding="utf-8")
        return
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].strip() and not lines[i].startswith((" ", "\t", "#"))), len(lines))
    site_yaml.write_text("".join(lines[:start]) + block + "".join(lines[end:]), encoding="utf-8")
