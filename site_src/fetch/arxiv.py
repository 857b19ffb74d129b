"""The arXiv API (Atom): one paper by id, or a search, page by page.

The base URL comes from SURVEY_SITE_ARXIV_API so tests can point it at a local server.
The API's own errors arrive as a feed holding one entry titled "Error"; an id it does not
know arrives as an empty feed. arXiv asks for one request every three seconds.
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from site_src.fetch import FetchError
from site_src.fetch.http import Client
from site_src.fetch.record import Record

DEFAULT_API = "https://export.arxiv.org/api/query"
API_VARIABLE = "SURVEY_SITE_ARXIV_API"
POLITE_INTERVAL = 3.0
ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom",
       "opensearch": "http://a9.com/-/spec/opensearch/1.1/"}
_ID_IN_URL = re.compile(r"arxiv\.org/abs/(.+?)(v\d+)?$")
ACCEPT = "application/atom+xml"


def api_url() -> str:
    return os.environ.get(API_VARIABLE) or DEFAULT_API


def normalise_id(arxiv_id: str) -> str:
    """'arXiv:2310.12931v2' -> '2310.12931'; refuses what is not an arXiv id."""
    text = arxiv_id.strip().removeprefix("arXiv:").removeprefix("arxiv:")
    if not ARXIV_ID.match(text):
        raise FetchError(f"'{arxiv_id}' is not an arXiv id; give it as on arxiv.org, "
                         "e.g. 2310.12931")
    return re.sub(r"v\d+$", "", text)


def _text(element: ElementTree.Element, path: str) -> str:
    found = element.find(path, _NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def _family_first(name: str) -> str:
    """arXiv gives 'Yecheng Jason Ma'; BibTeX wants 'Ma, Yecheng Jason' to know the family name."""
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def parse_entry(entry: ElementTree.Element) -> Record:
    link = _text(entry, "atom:id")
    match = _ID_IN_URL.search(link)
    if match is None:
        raise FetchError(f"arXiv answered an entry without an arXiv id: '{link}'")
    published = _text(entry, "atom:published")
    if not re.match(r"^\d{4}-", published):
        raise FetchError(f"arXiv answered an entry without a date: {match.group(1)}")
    category = entry.find("arxiv:primary_category", _NS)
    return Record(
        source="arXiv",
        title=_text(entry, "atom:title"),
        authors=tuple(_family_first(_text(author, "atom:name"))
                      for author in entry.findall("atom:author", _NS)),
        year=int(published[:4]),
        doi=_text(entry, "arxiv:doi"),
        arxiv=match.group(1),
        category=category.get("term", "") if category is not None else "",
        note=_text(entry, "arxiv:journal_ref"),
        url=f"https://arxiv.org/abs/{match.group(1)}",
        abstract=_text(entry, "atom:summary"),
        published=published,
    )


@dataclass(frozen=True)
class Page:
    records: tuple[Record, ...]
    total: int


def parse_feed(body: bytes) -> Page:
    try:
        feed = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise FetchError(f"arXiv answered malformed XML ({error})") from None
    if feed.tag != f"{{{_NS['atom']}}}feed":
        raise FetchError("arXiv answered something that is not an Atom feed")
    entries = feed.findall("atom:entry", _NS)
    for entry in entries:
        if _text(entry, "atom:title") == "Error" and "/api/errors" in _text(entry, "atom:id"):
            raise FetchError(f"arXiv refused the request: {_text(entry, 'atom:summary')}")
    total = _text(feed, "opensearch:totalResults")
    return Page(tuple(parse_entry(entry) for entry in entries),
                int(total) if total.isdigit() else len(entries))


def by_id(client: Client, arxiv_id: str) -> Record:
    number = normalise_id(arxiv_id)
    body = client.get(f"{api_url()}?{urlencode({'id_list': number, 'max_results': 1})}", ACCEPT)
    records = parse_feed(body).records
    if not records:
        raise FetchError(f"arXiv has no paper with the id {number}; check the id on arxiv.org")
    return records[0]


def search(client: Client, query: str, page_size: int = 100,
           limit: int = 1000) -> Iterator[Record]:
    """Newest submissions first, page by page, until the feed or `limit` runs out."""
    start = 0
    while start < limit:
        parameters = {"search_query": query, "start": start,
                      "max_results": min(page_size, limit - start),
                      "sortBy": "submittedDate", "sortOrder": "descending"}
        page = parse_feed(client.get(f"{api_url()}?{urlencode(parameters)}", ACCEPT))
        yield from page.records
        start += len(page.records)
        if not page.records or start >= page.total:
            return


def by_ids(client: Client, arxiv_ids: list[str], batch: int = 50) -> dict[str, Record]:
    """Many papers in few requests (arXiv takes a list of ids); unknown ids are left out."""
    numbers = sorted({normalise_id(number) for number in arxiv_ids})
    found: dict[str, Record] = {}
    for start in range(0, len(numbers), batch):
        chunk = numbers[start:start + batch]
        query = urlencode({"id_list": ",".join(chunk), "max_results": len(chunk)})
        found.update((record.arxiv, record)
                     for record in parse_feed(client.get(f"{api_url()}?{query}", ACCEPT)).records)
    return found
