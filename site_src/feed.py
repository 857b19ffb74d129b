"""The Atom feed's entries: the papers that appeared last, each dated from the content.

A feed reader tells new entries by their dates, so each paper is dated by when it joined the
list, never by the build's clock or by git, and the same content gives the same feed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from site_src.model import Paper

FEED_SIZE = 50
_ARXIV_MONTH = re.compile(r"(?:^|/)(\d{2})(\d{2})[.\d]")


def _arxiv_month(paper: Paper) -> str:
    """The first day of the month in the paper's arXiv identifier (2310.12931 -> 2023-10-01,
    math/0601001 -> 2006-01-01), if it is within a year of the paper's year; else ""."""
    match = _ARXIV_MONTH.search(paper.arxiv)
    if not match or not 1 <= int(match[2]) <= 12:
        return ""
    year = (1900 if int(match[1]) >= 91 else 2000) + int(match[1])
    return f"{year}-{match[2]}-01" if abs(year - paper.year) <= 1 else ""


def first_seen(paper: Paper) -> str:
    """The ISO date of a paper's feed entry: the day it joined the list (`added`), made as
    precise as its arXiv month allows when `added` is only a year; without `added`, its
    arXiv month or 1 January of its year. Read from the content, never the clock or git,
    so the same content gives the same feed."""
    arxiv = _arxiv_month(paper)
    if paper.added:
        if len(paper.added) == 4 and arxiv.startswith(paper.added):
            return arxiv
        return paper.added + "-01-01"[len(paper.added) - 4:]
    return arxiv or f"{paper.year}-01-01"


def feed_entries(papers: Iterable[Paper]) -> list[tuple[Paper, str]]:
    """The FEED_SIZE most recently appeared papers, newest first, each with its date."""
    dated = sorted(((paper, first_seen(paper)) for paper in papers),
                   key=lambda entry: (entry[1], entry[0].key), reverse=True)
    return dated[:FEED_SIZE]
