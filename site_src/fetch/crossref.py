"""Crossref's `/works/{doi}`: title, authors, issued date, container title, pages.

The base URL comes from SURVEY_SITE_CROSSREF_API so tests can point it at a local server.
Crossref titles are plain text with the odd HTML tag (`<i>`, `<sub>`); they are stripped
and escaped for BibTeX.
"""
from __future__ import annotations

import html
import json
import os
import re
from typing import Any
from urllib.parse import quote

from site_src.fetch import FetchError, NotFound
from site_src.fetch.http import Client
from site_src.fetch.record import Record, latex_escape

DEFAULT_API = "https://api.crossref.org/works/"
API_VARIABLE = "SURVEY_SITE_CROSSREF_API"
POLITE_INTERVAL = 1.0
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_TAG = re.compile(r"<[^>]+>")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
# Crossref work types -> BibTeX entry types; anything else is @misc.
_ENTRY_TYPES = {"journal-article": "article", "proceedings-article": "inproceedings",
                "book-chapter": "incollection", "book": "book"}


def api_url() -> str:
    return os.environ.get(API_VARIABLE) or DEFAULT_API


def normalise_doi(doi: str) -> str:
    """'https://doi.org/10.1/X' or 'doi:10.1/X' -> '10.1/X'; refuses what is not a DOI."""
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.I)
    if not DOI.match(text):
        raise FetchError(f"'{doi}' is not a DOI; give it like 10.1016/j.inffus.2025.104003")
    return text


def _plain(value: Any) -> str:
    text = value[0] if isinstance(value, list) and value else value
    return latex_escape(html.unescape(_TAG.sub("", text))) if isinstance(text, str) else ""


def _author(person: Any) -> str:
    if not isinstance(person, dict):
        return ""
    family, given = _plain(person.get("family", "")), _plain(person.get("given", ""))
    if family:
        return f"{family}, {given}" if given else family
    return _plain(person.get("name", ""))


def _year(message: dict[str, Any]) -> int:
    for name in ("issued", "published-print", "published-online", "created"):
        parts = message.get(name, {}).get("date-parts") if isinstance(message.get(name), dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int):
                return year
    raise FetchError("Crossref answered a work without a date")


def _preprint(message: dict[str, Any]) -> str:
    """The arXiv id Crossref links as the work's preprint, if it links one."""
    relation = message.get("relation")
    links = relation.get("has-preprint", []) if isinstance(relation, dict) else []
    for link in links if isinstance(links, list) else []:
        match = _ARXIV_DOI.match(str(link.get("id", "")) if isinstance(link, dict) else "")
        if match:
            return match.group(1)
    return ""


def parse_work(body: bytes, doi: str) -> Record:
    try:
        answer = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FetchError(f"Crossref answered malformed JSON ({error})") from None
    message = answer.get("message") if isinstance(answer, dict) else None
    if not isinstance(message, dict) or not _plain(message.get("title")):
        raise FetchError(f"Crossref answered no work with a title for DOI {doi}")
    entry_type = _ENTRY_TYPES.get(str(message.get("type", "")), "misc")
    return Record(
        source="Crossref",
        title=_plain(message["title"]),
        authors=tuple(a for a in map(_author, message.get("author") or []) if a),
        year=_year(message),
        entry_type=entry_type,
        venue=_plain(message.get("container-title")),
        pages=_plain(message.get("page")).replace("-", "--"),
        volume=_plain(message.get("volume")),
        number=_plain(message.get("issue")),
        publisher=_plain(message.get("publisher")) if entry_type in ("book", "incollection") else "",
        doi=str(message.get("DOI") or doi),
        arxiv=_preprint(message),
        url=f"https://doi.org/{message.get('DOI') or doi}",
    )


def by_doi(client: Client, doi: str) -> Record:
    number = normalise_doi(doi)
    try:
        body = client.get(api_url().rstrip("/") + "/" + quote(number, safe="/:;()<>"),
                          "application/json")
    except NotFound:
        raise FetchError(f"Crossref has no work with the DOI {number}; check the DOI") from None
    return parse_work(body, number)
