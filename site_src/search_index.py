"""Full-text search: a small sharded index of the papers, built from the model, not the HTML.

The browser (static/search.js) fetches the manifest, then only the term shards of the
words typed and the document chunks of the hits it shows, so the search page stays light
however large the survey grows. Files, all under `urls.SEARCH_INDEX`:

- `index.json`: document count, chunk size, shard names and a version hash that the
  browser appends as `?v=` so an updated index is never mixed with a cached one;
- `terms/<shard>.json`: `{term: [doc, score, doc, score, ...]}` for the terms starting with
  the shard's two characters, so the word being typed is matched by prefix in one fetch;
- `docs/<n>.json`: title, URL (relative to the site root), year, authors and excerpt of
  `CHUNK` consecutive documents.

Documents are numbered in `survey.papers` order and every file is JSON with sorted keys,
so the same survey gives a byte-identical index. The browser tokenises queries exactly as
`terms` does (lowercase, accents folded, runs of two or more word characters).
"""
from __future__ import annotations

import hashlib
import json
import re
import string
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from site_src import urls
from site_src.model import Paper, Survey

FOLDER = urls.SEARCH_INDEX.rstrip("/")
CHUNK = 50
"""Documents per metadata file: a page of results fetches a few small files, not all."""
EXCERPT = 180

TITLE, FIELD, PLACEMENT = 8, 4, 2
"""Score of one occurrence of a term outside the body, where each occurrence scores 1:
a title word outranks a word of the details, which outranks a taxonomy or body word."""

_WORD = re.compile(r"\w\w+")
_ASCII_WORD = re.compile(r"\w\w+", re.ASCII)
"""The same words in ASCII text, found a fifth faster."""
_ACCENT = re.compile(r"[\u0300-\u036f]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>\n]*>|https?://\S+")
_MARKUP = re.compile(r"[*_`#>\[\]|]+")
_PLAIN = frozenset(string.ascii_lowercase + string.digits)


def terms(text: str) -> list[str]:
    """Lowercase words of two or more characters, accents folded (é -> e)."""
    text = text.lower()
    if text.isascii():
        return _ASCII_WORD.findall(text)
    return _WORD.findall(_ACCENT.sub("", unicodedata.normalize("NFKD", text)))


def shard(term: str) -> str:
    """File name of the shard holding `term`: its first two characters, hex-escaped unless
    ASCII letters or digits so every name is safe in a URL."""
    return "".join(c if c in _PLAIN else f"_{ord(c):x}_" for c in term[:2])


def _body_text(markdown: str) -> str:
    """The words of a Markdown body, without link targets (a substring test is much faster
    than the regex scan, and most bodies have no links)."""
    if "](" in markdown or "<" in markdown or "://" in markdown:
        return _LINK_TARGET.sub("] ", markdown)
    return markdown


def _excerpt(body: str) -> str:
    """The opening of the body as plain text, cut at a word."""
    text = " ".join(_MARKUP.sub("", body[:EXCERPT * 2]).split())
    if len(text) <= EXCERPT:
        return text
    return text[:EXCERPT].rsplit(" ", 1)[0] + "…"


def _authors(paper: Paper) -> str:
    if len(paper.authors) > 3:
        return f"{paper.authors[0]} et al."
    return ", ".join(paper.authors)


def _scores(paper: Paper, places: list[str], body: str, searched: tuple[str, ...]
            ) -> Counter[str]:
    """Each term's score in one paper: occurrences weighted by the field they occur in;
    `searched` names the fields declared to show in search."""
    scores = Counter(terms(body))
    fields = [*paper.authors, str(paper.year)]
    for name in searched:
        value = paper.value(name)
        fields += [value] if isinstance(value, str) else value
    for text, weight in ((" ".join(places), PLACEMENT), (" ".join(fields), FIELD),
                         (paper.title, TITLE)):
        for term in terms(text):
            scores[term] += weight
    return scores


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def search_files(survey: Survey) -> list[tuple[str, bytes]]:
    """The search index of `survey.papers` as (site path, bytes) pairs, manifest last."""
    postings: dict[str, list[int]] = defaultdict(list)
    documents = []
    searched = tuple(f.name for f in survey.shown("search"))
    for number, paper in enumerate(survey.papers):
        places = [survey.nodes[node_id].title for node_id in paper.node_ids]
        body = _body_text(paper.description)
        for term, score in _scores(paper, places, body, searched).items():
            postings[term] += (number, score)
        documents.append({"title": paper.title, "url": urls.paper(paper.key),
                          "year": paper.year, "authors": _authors(paper),
                          "excerpt": _excerpt(body) or " · ".join(places)})
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, numbers in postings.items():
        shards[shard(term)][term] = numbers
    files = [(f"{FOLDER}/terms/{name}.json", _dump(shards[name])) for name in sorted(shards)]
    files += [(f"{FOLDER}/docs/{start // CHUNK}.json", _dump(documents[start:start + CHUNK]))
              for start in range(0, len(documents), CHUNK)]
    manifest = {"documents": len(documents), "chunk": CHUNK, "shards": sorted(shards),
                "version": _version(files)}
    return [*files, (f"{FOLDER}/index.json", _dump(manifest))]


def _version(files: Iterable[tuple[str, bytes]]) -> str:
    """Hash of the index files: changes whenever any of them does."""
    hasher = hashlib.blake2b(digest_size=6)
    for path, content in files:
        hasher.update(path.encode() + b"\0" + content + b"\0")
    return hasher.hexdigest()
