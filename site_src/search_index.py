"""Full-text search: a small sharded index of the papers, built from the model, not the HTML.

The browser (static/search.js) fetches the manifest, then only the term shards of the
words typed and the document chunks of the hits it shows, so a search stays light however
large the survey grows. Files, all under `urls.SEARCH_INDEX`:

- `index.json`: document count, chunk size, shard names, the words a query may leave out
  ("with", "of": they rank but never exclude) and a version hash that the browser appends
  as `?v=` so an updated index is never mixed with a cached one;
- `terms/<shard>.json`: for the words starting with the shard's two characters,
  `{"words": {word: stem}, "stems": {stem: [doc, score, doc, score, ...]}}`. Postings are
  kept per Snowball stem, so "policy" and "policies" find the same papers; the table of the
  survey's own words lets the browser map what is typed to its stem, match the word being
  typed by prefix, and highlight every form of it, without a stemmer of its own;
- `docs/<n>.json`: title, URL (relative to the site root), year, all authors, and the
  description as plain text (for the excerpt around the match) of `CHUNK` documents.

Documents are numbered in `survey.papers` order and every file is JSON with sorted keys,
so the same survey gives a byte-identical index. The browser tokenises queries exactly as
`terms` does (lowercase, accents folded, runs of two or more word characters).
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import string
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

import snowballstemmer

from site_src import urls
from site_src.model import Paper, Survey

FOLDER = urls.SEARCH_INDEX.rstrip("/")
CHUNK = 20
"""Documents per metadata file: the ten best hits of a query fetch at most ten small files."""
BODY = 600
"""Characters of description kept for the excerpt; the rest is indexed, not shipped."""

TITLE, AUTHOR, FIELD, PLACEMENT = 8, 6, 4, 2
"""Score of one occurrence of a term outside the body, where each occurrence scores 1:
a title word outranks an author's name, which outranks a word of the details, then a
taxonomy or body word."""

STEMMERS = {"ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
            "el": "greek", "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish",
            "fr": "french", "hu": "hungarian", "id": "indonesian", "it": "italian",
            "lt": "lithuanian", "nl": "dutch", "no": "norwegian", "pl": "polish",
            "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish",
            "tr": "turkish"}
"""Snowball algorithm per site language (ISO 639-1); other languages are indexed unstemmed."""
OPTIONAL_WORDS = {"en": ("a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for",
                         "from", "how", "in", "into", "is", "it", "of", "on", "or", "the", "to",
                         "via", "we", "what", "when", "with")}
"""Words a query may contain that a paper need not: "planning with diffusion" must not miss
"Diffusion-based planning". They still add to the score where they occur."""

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


def _plain(body: str) -> str:
    """The opening of the body as plain text, cut at a word."""
    text = " ".join(_MARKUP.sub("", body[:BODY * 2]).split())
    if len(text) <= BODY:
        return text
    return text[:BODY].rsplit(" ", 1)[0] + "…"


def _scores(paper: Paper, places: list[str], body: str, searched: tuple[str, ...]
            ) -> Counter[str]:
    """Each term's score in one paper: occurrences weighted by the field they occur in;
    `searched` names the fields declared to show in search."""
    scores = Counter(terms(body))
    fields = [str(paper.year)]
    for name in searched:
        value = paper.value(name)
        fields += [value] if isinstance(value, str) else value
    for text, weight in ((" ".join(places), PLACEMENT), (" ".join(fields), FIELD),
                         (" ".join(paper.authors), AUTHOR), (paper.title, TITLE)):
        for term in terms(text):
            scores[term] += weight
    return scores


@functools.cache
def stemmer_for(language: str) -> Callable[[str], str]:
    """The Snowball stemmer of the site's language, or no stemming when Snowball has none.

    One per language and process, remembering every word it stemmed: the search index and
    related papers stem the same words, and the preview stems only words it has not seen.
    snowballstemmer hands the work to PyStemmer, the same algorithms compiled (the same
    stems for all 42,000 words of the survey, its sources and the 10,000-paper corpus, 19
    times as fast), when it is installed, as the project's dependencies ask."""
    name = STEMMERS.get(language.split("-")[0].lower())
    if name is None:
        return str
    stem: Callable[[str], str] = functools.cache(snowballstemmer.stemmer(name).stemWord)
    return stem


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _paper_entry(paper: Paper, survey: Survey, searched: tuple[str, ...]
                 ) -> tuple[list[tuple[str, int]], dict[str, object]]:
    """One paper's (term, score) pairs and its document record."""
    places = [survey.nodes[node_id].title for node_id in paper.node_ids]
    body = _body_text(paper.description)
    document = {"title": paper.title, "url": urls.paper(paper.key), "year": paper.year,
                "authors": list(paper.authors), "text": _plain(body) or " · ".join(places)}
    return list(_scores(paper, places, body, searched).items()), document


def search_files(survey: Survey) -> list[tuple[str, bytes]]:
    """The search index of `survey.papers` as (site path, bytes) pairs, manifest last."""
    return list(search_file_stream(survey))


def search_file_stream(survey: Survey) -> Iterator[tuple[str, bytes]]:
    """`search_files` one file at a time: a caller that writes each as it comes holds the
    postings and the document files' bytes, not every file at once (at 10,000 papers the
    peak falls from 35.6 to 19.3 MiB, tracemalloc; 23.2 for the whole list, as document
    records are kept as their files' bytes).

    Made afresh every time, even in the preview: each paper's terms would hold 94 MiB
    (tracemalloc) at 10,000 papers, for an index the preview makes only when the browser
    first asks for it after a change."""
    stem = stemmer_for(survey.config.language)
    postings: dict[str, array[int]] = defaultdict(functools.partial(array, "i"))
    """Per stem, document numbers and scores, alternating: as C ints, a quarter of the
    memory of a list of Python ints (the index at 10,000 papers holds two million)."""
    words: dict[str, str] = {}
    document_files: list[bytes] = []
    chunk: list[dict[str, object]] = []
    searched = tuple(f.name for f in survey.shown("search"))
    for number, paper in enumerate(survey.papers):
        scores, document = _paper_entry(paper, survey, searched)
        for term, score in scores:
            root = words.get(term)
            if root is None:
                root = stem(term)
                words[term] = root
            found = postings[root]
            if found and found[-2] == number:
                found[-1] += score
            else:
                found.extend((number, score))
        chunk.append(document)
        if len(chunk) == CHUNK:
            document_files.append(_dump(chunk))
            chunk = []
    if chunk:
        document_files.append(_dump(chunk))
    shards: dict[str, tuple[dict[str, str], dict[str, array[int]]]] = defaultdict(
        lambda: ({}, {}))
    for word, root in words.items():
        shard_words, shard_stems = shards[shard(word)]
        shard_words[word] = root
        shard_stems[root] = postings[root]
    version = hashlib.blake2b(digest_size=6)
    """Hash of the index files: changes whenever any of them does."""
    names = sorted(shards)
    for name in names:
        path, content = f"{FOLDER}/terms/{name}.json", _dump_shard(*shards.pop(name))
        version.update(path.encode() + b"\0" + content + b"\0")
        yield path, content
    document_files.reverse()
    for number in range(len(document_files)):
        path, content = f"{FOLDER}/docs/{number}.json", document_files.pop()
        version.update(path.encode() + b"\0" + content + b"\0")
        yield path, content
    optional = OPTIONAL_WORDS.get(survey.config.language.split("-")[0].lower(), ())
    manifest = {"documents": len(survey.papers), "chunk": CHUNK, "shards": names,
                "optional": list(optional), "version": version.hexdigest()}
    yield f"{FOLDER}/index.json", _dump(manifest)


def _dump_shard(words: dict[str, str], stems: dict[str, array[int]]) -> bytes:
    return _dump({"stems": {root: found.tolist() for root, found in stems.items()},
                  "words": words})
