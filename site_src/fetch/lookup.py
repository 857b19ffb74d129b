"""One paper's record from what a contributor gives: an arXiv id, a DOI, or both.

An arXiv record that names a DOI is completed from Crossref (entry type, venue, pages),
while the year stays the first version's. A Crossref failure then costs only the venue.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

from site_src.fetch import FetchError, arxiv, crossref
from site_src.fetch.http import Client
from site_src.fetch.record import Record, bibtex_entry, suggested_key


@dataclass(frozen=True)
class Sources:
    """A client per service, since arXiv and Crossref ask for different spacing."""

    arxiv: Client
    crossref: Client

    @classmethod
    def polite(cls, cache: Path | None = None, delay: float | None = None,
               timeout: float = 20.0) -> Sources:
        """`delay` replaces both services' own spacing (tests and small runs)."""
        def client(service: str, interval: float) -> Client:
            return Client(service, timeout, interval if delay is None else delay, cache)
        return cls(client("the arXiv API", arxiv.POLITE_INTERVAL),
                   client("Crossref", crossref.POLITE_INTERVAL))


def with_venue(preprint: Record, published: Record) -> Record:
    """The arXiv record, with what only the publisher's record knows."""
    return replace(preprint, entry_type=published.entry_type, venue=published.venue,
                   pages=published.pages, volume=published.volume, number=published.number,
                   publisher=published.publisher, doi=published.doi,
                   note=preprint.note if not published.venue else "",
                   authors=(published.authors if len(published.authors) >= len(preprint.authors)
                            else preprint.authors))


def lookup(sources: Sources, arxiv_id: str = "", doi: str = "") -> Record:
    """Raises FetchError with one line when the paper cannot be fetched."""
    if arxiv_id:
        record = arxiv.by_id(sources.arxiv, arxiv_id)
        doi = doi or record.doi
        if not doi:
            return record
        try:
            return with_venue(record, crossref.by_doi(sources.crossref, doi))
        except FetchError:
            return record
    return crossref.by_doi(sources.crossref, doi)


@dataclass(frozen=True)
class FetchedEntry:
    """What `new` needs from a fetched paper: the entry, where it came from, and notes."""

    bibtex: str
    shown: str
    year_source: str
    notes: tuple[str, ...]
    summary: str


def fetched_entry(sources: Sources, arxiv_id: str = "", doi: str = "", key: str = "") -> FetchedEntry:
    """The BibTeX entry of a fetched paper, and its abstract as notes to read, not to paste."""
    record = lookup(sources, arxiv_id, doi)
    shown = f"arXiv {record.arxiv}" if arxiv_id else f"DOI {record.doi}"
    notes: tuple[str, ...] = ()
    if record.abstract:
        notes = (f"{record.source} abstract, to read while you describe the paper in your own "
                 "words (never shown on the site; delete these lines):",
                 *textwrap.wrap(record.abstract, 92))
    first = record.authors[0] if record.authors else "no authors listed"
    others = f" and {len(record.authors) - 1} more" if len(record.authors) > 1 else ""
    venue = f", {record.venue}" if record.venue else ""
    summary = (f"fetched {shown} from {record.source}: {' '.join(record.title.split())}\n"
               f"  {first}{others} ({record.year}{venue})")
    return FetchedEntry(bibtex_entry(record, key or suggested_key(record)), shown,
                        "arxiv" if arxiv_id else "doi", notes, summary)
