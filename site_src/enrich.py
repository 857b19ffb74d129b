"""`enrich`: fill what the survey's BibTeX entries lack from arXiv and Crossref, as a diff.

Only gaps are filled, never a value someone wrote: all authors where the entry has none, ends
in `and others` or names only the first author (the same one); the venue (journal or booktitle,
volume, number, pages, and the entry type they imply) where there is none; the DOI and the
arXiv id where the paper has neither. Untouched fields keep their exact text, so the diff
shows only what was filled. Never part of `build`: builds stay offline and deterministic.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bibtexparser import model as bibmodel
from bibtexparser.entrypoint import parse_string

from site_src.fetch import FetchError, arxiv, crossref
from site_src.fetch.lookup import Sources, with_venue
from site_src.fetch.record import Record, ascii_word
from site_src.load.bib import BibEntry
from site_src.model import Paper
from site_src.validate import ARXIV_IN_URL, DOI_IN_URL

VENUE_FIELDS = ("journal", "booktitle")


@dataclass(frozen=True)
class Change:
    """What one entry gains: field values by lowercase name, and the entry type they imply."""

    key: str
    source: str
    entry_type: str
    updates: dict[str, str]


@dataclass
class Plan:
    """What one run found: changes to make, papers it could not look up, papers without ids."""

    changes: list[Change] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    without_ids: list[str] = field(default_factory=list)
    looked_up: int = 0


def _family(name: str) -> str:
    name = name.strip()
    return ascii_word(name.split(",")[0] if "," in name else (name.split() or [""])[-1])


def _authors(entry: BibEntry, record: Record) -> dict[str, str]:
    names = [n.strip() for n in entry.fields.get("author", "").split(" and ") if n.strip()]
    truncated = bool(names) and names[-1].lower() == "others"
    listed = [n for n in names if n.lower() != "others"]
    if len(record.authors) <= len(listed) or (listed and not truncated and len(listed) > 1):
        return {}
    if listed and _family(listed[0]) != _family(record.authors[0]):
        return {}
    return {"author": " and ".join(record.authors)}


def planned_change(paper: Paper, entry: BibEntry, record: Record, source: str) -> Change | None:
    """What this record adds to the entry; None when it adds nothing."""
    fields = entry.fields
    updates = _authors(entry, record)
    entry_type = entry.entry_type
    if record.venue_field and record.venue and not any(fields.get(n) for n in VENUE_FIELDS):
        entry_type = record.entry_type
        updates[record.venue_field] = record.venue
        updates.update((name, value) for name, value in (
            ("volume", record.volume), ("number", record.number), ("pages", record.pages))
            if value and not fields.get(name))
    if record.doi and not paper.doi:
        updates["doi"] = record.doi
    if record.arxiv and not paper.arxiv:
        updates.update({"eprint": record.arxiv, "archiveprefix": "arXiv"})
    if not updates:
        return None
    return Change(entry.key, source, entry_type, updates)


def _ids(paper: Paper) -> tuple[str, str]:
    """The paper's arXiv id and DOI, read from its link when no field gives them."""
    arxiv_id = paper.arxiv or next(iter(ARXIV_IN_URL.findall(paper.url)), "")
    return re.sub(r"v\d+$", "", arxiv_id), paper.doi or next(iter(DOI_IN_URL.findall(paper.url)), "")


def plan(papers: Sequence[Paper], entries: dict[str, BibEntry], sources: Sources) -> Plan:
    """Look every paper up (arXiv in batches, then Crossref one DOI at a time)."""
    result = Plan()
    ids = {p.key: _ids(p) for p in papers if p.key in entries}
    with_ids = [p for p in papers if any(ids.get(p.key, ()))]
    result.without_ids = sorted(key for key, found in ids.items() if not any(found))
    preprints: dict[str, Record] = {}
    try:
        preprints = arxiv.by_ids(sources.arxiv, [ids[p.key][0] for p in with_ids if ids[p.key][0]])
    except FetchError as error:
        result.failures += [(p.key, str(error)) for p in with_ids if ids[p.key][0]]
    for paper in with_ids:
        entry = entries[paper.key]
        arxiv_id, doi = ids[paper.key]
        record = preprints.get(arxiv_id) if arxiv_id else None
        source = f"arXiv {arxiv_id}" if arxiv_id else f"DOI {doi}"
        if arxiv_id and record is None:
            if not any(key == paper.key for key, _ in result.failures):
                result.failures.append((paper.key, f"arXiv has no paper with the id {arxiv_id}"))
            continue
        doi = doi or (record.doi if record else "")
        try:
            if doi and (record is None or not any(entry.fields.get(n) for n in VENUE_FIELDS)):
                published = crossref.by_doi(sources.crossref, doi)
                record = with_venue(record, published) if record else published
                source += f" and DOI {doi}" if arxiv_id else ""
        except FetchError as error:
            if record is None:
                result.failures.append((paper.key, str(error)))
                continue
        assert record is not None
        result.looked_up += 1
        change = planned_change(paper, entry, record, source)
        if change:
            result.changes.append(change)
    return result


# Where a filled field goes among the ones already there: before the first that follows it here.
_FIELD_ORDER = ("title", "author", "journal", "booktitle", "volume", "number", "pages",
                "publisher", "year", "note", "url", "doi", "eprint", "archiveprefix",
                "primaryclass")


def _rewritten(raw: bibmodel.Entry, change: Change) -> str:
    """The entry with the change applied; every other field keeps its exact text."""
    updates = dict(change.updates)
    lines = []
    for item in raw.fields:
        name = item.key.lower()
        value = f"{{{updates.pop(name)}}}" if name in updates else item.value
        lines.append((name, f"  {item.key} = {value}"))
    for name, value in updates.items():
        later = set(_FIELD_ORDER[_FIELD_ORDER.index(name) + 1:])
        at = next((i for i, (existing, _) in enumerate(lines) if existing in later), len(lines))
        shown = "archivePrefix" if name == "archiveprefix" else name
        lines.insert(at, (name, f"  {shown} = {{{value}}}"))
    entry_type = raw.entry_type if raw.entry_type.lower() == change.entry_type else change.entry_type
    return f"@{entry_type}{{{raw.key},\n" + ",\n".join(text for _, text in lines) + "\n}"


@dataclass(frozen=True)
class Edit:
    key: str
    line: int
    source: str
    before: str
    after: str

    def diff(self, shown: str) -> str:
        lines = difflib.unified_diff(self.before.splitlines(), self.after.splitlines(),
                                     f"{shown}:{self.line} {self.key} (now)",
                                     f"{shown}:{self.line} {self.key} (from {self.source})",
                                     lineterm="")
        return "\n".join(lines)


def edits(bib_text: str, changes: Iterable[Change]) -> list[Edit]:
    library = parse_string(bib_text, parse_stack=[])
    raw = {entry.key: entry for entry in library.entries}
    return [Edit(c.key, (raw[c.key].start_line or 0) + 1, c.source, str(raw[c.key].raw),
                 _rewritten(raw[c.key], c)) for c in changes]


def apply(bib_path: Path, bib_text: str, changes: Sequence[Edit]) -> None:
    """Replace each changed entry in place and swap the file in one step."""
    for edit in changes:
        start = bib_text.index(edit.before)
        bib_text = bib_text[:start] + edit.after + bib_text[start + len(edit.before):]
    partial = bib_path.with_name(bib_path.name + ".part")
    partial.write_text(bib_text, encoding="utf-8")
    partial.replace(bib_path)
