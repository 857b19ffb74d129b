"""`watch`: papers submitted to arXiv since the last run that the survey might be missing.

The survey declares its own searches in site.yaml (`watch: queries, categories`). A run asks
arXiv for submissions in a time window (from the end of the last run, kept in a state file,
to now), newest first and page by page, leaves out papers the survey already has (same arXiv
id, DOI or normalised title), and ranks the rest by TF-IDF similarity to the taxonomy nodes.
The digest is Markdown: each candidate with its closest node and the `new` line that adds it.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from site_src.fetch import FetchError, arxiv
from site_src.fetch.http import Client
from site_src.fetch.record import Record
from site_src.model import Survey
from site_src.similarity import closest_nodes
from site_src.validate import identities, identity_keys

FIRST_RUN_DAYS = 7
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass(frozen=True)
class Window:
    since: datetime
    until: datetime

    def clause(self) -> str:
        return (f"submittedDate:[{self.since:%Y%m%d%H%M} TO {self.until:%Y%m%d%H%M}]")

    def holds(self, record: Record) -> bool:
        return self.since <= parse_time(record.published) <= self.until


def parse_time(text: str) -> datetime:
    """`2025-10-13`, `2025-10-13T17:59` or arXiv's `2025-10-13T17:59:02Z`, read as UTC."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def last_run(state: Path) -> datetime | None:
    """The end of the last run's window, or None before the first run."""
    try:
        return parse_time(json.loads(state.read_text("utf-8"))["until"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as error:
        raise FetchError(f"{state} is not a watch state file ({error}); delete it or "
                         "give --since") from None


def save_run(state: Path, window: Window) -> None:
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps({"since": window.since.isoformat(),
                                 "until": window.until.isoformat()}) + "\n", encoding="utf-8")


def window(since: str | None, until: str | None, state: Path) -> Window:
    end = parse_time(until) if until else datetime.now(UTC).replace(second=0, microsecond=0)
    start = parse_time(since) if since else last_run(state) or end - timedelta(days=FIRST_RUN_DAYS)
    return Window(start, end)


def _any(terms: Iterable[str]) -> str:
    listed = list(terms)
    return listed[0] if len(listed) == 1 else " OR ".join(f"({term})" for term in listed)


def search_query(queries: Iterable[str], categories: Iterable[str], span: Window) -> str:
    """arXiv's search syntax: any query, in any category, submitted within the window."""
    listed = list(categories)
    parts = [_any(queries), *([_any(f"cat:{c}" for c in listed)] if listed else [])]
    return " AND ".join([*(f"({part})" for part in parts), span.clause()])


@dataclass(frozen=True)
class Candidate:
    record: Record
    node_id: str
    node_title: str
    score: float


@dataclass(frozen=True)
class Findings:
    window: Window
    candidates: tuple[Candidate, ...]
    present: int


def _node_texts(survey: Survey) -> dict[str, str]:
    """Each node that lists papers, described by its own words and its papers'."""
    texts = {node_id: [node.title, node.description] for node_id, node in survey.nodes.items()}
    listed: set[str] = set()
    for paper in survey.papers:
        for listing in paper.listings:
            texts[listing.node_id] += [paper.title, paper.description]
            listed.add(listing.node_id)
    return {node_id: " ".join(text) for node_id, text in texts.items() if node_id in listed}


def find(survey: Survey, client: Client, span: Window, page_size: int = 100,
         limit: int = 1000) -> Findings:
    """Ask arXiv, leave out what the survey has, rank the rest (most similar first)."""
    config = survey.config
    if not config.watch_queries:
        raise FetchError("content/site.yaml declares no watch queries; add "
                         "'watch: {queries: [...], categories: [...]}'")
    query = search_query(config.watch_queries, config.watch_categories, span)
    known = {identity for paper in survey.papers for identity in identity_keys(paper)}
    found: dict[str, Record] = {}
    present = 0
    for record in arxiv.search(client, query, page_size, limit):
        if parse_time(record.published) < span.since:
            break  # newest first: the rest is older still
        if not span.holds(record) or record.arxiv in found:
            continue
        if any(i in known for i in identities(record.title, record.url, record.arxiv, record.doi)):
            present += 1
            continue
        found[record.arxiv] = record
    records = list(found.values())
    matches = closest_nodes(_node_texts(survey), [f"{r.title} {r.abstract}" for r in records])
    candidates = [Candidate(r, m.node_id, survey.nodes[m.node_id].title if m.node_id else "",
                            m.score) for r, m in zip(records, matches, strict=True)]
    candidates.sort(key=lambda c: (-round(c.score, 6), c.record.arxiv))
    return Findings(span, tuple(candidates), present)


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def _names(authors: tuple[str, ...]) -> str:
    names = [" ".join(reversed(a.split(", ", 1))) for a in authors[:3]]
    more = f" and {len(authors) - 3} more" if len(authors) > 3 else ""
    return _escaped(", ".join(names) + more) if names else "no authors listed"


def digest(findings: Findings, survey_title: str) -> str:
    """The Markdown the weekly issue shows; the same findings give the same bytes."""
    span = findings.window
    days = f"{span.since:%Y-%m-%d %H:%M} to {span.until:%Y-%m-%d %H:%M} UTC"
    lines = [f"# New on arXiv for \"{_escaped(survey_title)}\"", "",
             f"Submissions from {days} that match the survey's watch queries in "
             "`content/site.yaml`."]
    left_out = (f" {findings.present} more matched but are already in the survey."
                if findings.present else "")
    if not findings.candidates:
        lines += ["", f"Nothing new this time.{left_out}"]
        return "\n".join(lines) + "\n"
    lines += ["", f"{len(findings.candidates)} candidate(s), closest to the survey first.{left_out} "
              "*Similarity* is the TF-IDF cosine between a paper's title and abstract and what the "
              "survey lists under its closest taxonomy node."]
    for rank, candidate in enumerate(findings.candidates, 1):
        record = candidate.record
        lines += ["", f"## {rank}. [{_escaped(record.title)}](https://arxiv.org/abs/{record.arxiv})",
                  "", f"{_names(record.authors)} · submitted {record.published[:10]} · "
                  f"{record.category or 'no category'} · closest node: "
                  f"**{_escaped(candidate.node_title)}** (`{candidate.node_id}`), "
                  f"similarity {candidate.score:.2f}", "", "```sh",
                  f"python build.py new --arxiv {record.arxiv} --taxonomy {candidate.node_id}",
                  "```"]
    return "\n".join(lines) + "\n"
