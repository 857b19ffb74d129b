"""What `import-list` makes of one awesome-list entry: its key, its BibTeX, its node id."""
from __future__ import annotations

import re
import unicodedata

from site_src.awesome_entry import Entry
from site_src.validate import identities

_STOP_WORDS = frozenset({"a", "an", "the", "of", "on", "for", "in", "and", "to", "with", "from",
                         "via", "by", "is", "are", "towards", "toward", "using", "learning"})
_JOURNAL = re.compile(r"journal|transactions|letters|jmlr|tpami|nature|science|proceedings of the",
                      re.IGNORECASE)


def slug(text: str) -> str:
    """A taxonomy id from a heading: 'Graph Neural Networks' -> 'graph-neural-networks'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:60].strip("-") or "section"


def _ascii_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def paper_key(entry: Entry, taken: set[str]) -> str:
    """A BibTeX-style key: first author's surname, year, first significant title word."""
    words = [w for w in _ascii_words(entry.title) if w not in _STOP_WORDS] or ["paper"]
    surname = _ascii_words(entry.authors[0])[-1:] if entry.authors else []
    year = str(entry.year or "")
    base = f"{surname[0]}{year}{words[0]}" if surname else f"{words[0]}{year}{''.join(words[1:2])}"
    key, suffix = base, ord("b")
    while key in taken:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    taken.add(key)
    return key


def _bib_text(value: str) -> str:
    """A BibTeX field value: braces balanced away, LaTeX specials escaped."""
    value = value.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"([&%$#_])", r"\\\1", value)


def bibtex(key: str, entry: Entry) -> str:
    fields: list[tuple[str, str]] = [("title", f"{{{_bib_text(entry.title)}}}")]
    if entry.authors:
        fields.append(("author", _bib_text(" and ".join(entry.authors))))
    venue = entry.venue
    kind = "misc"
    if venue and venue.lower() not in ("arxiv", "arxiv preprint", "preprint"):
        kind, name = ("article", "journal") if _JOURNAL.search(venue) else ("inproceedings",
                                                                             "booktitle")
        fields.append((name, _bib_text(venue)))
    elif venue:
        fields.append(("howpublished", _bib_text(venue)))
    if entry.year:
        fields.append(("year", str(entry.year)))
    fields.append(("url", entry.url))
    arxiv = next((value for kind_, value in identities("", entry.url) if kind_ == "arXiv id"), "")
    if arxiv:
        fields += [("eprint", arxiv), ("archiveprefix", "arXiv")]
    body = ",\n".join(f"  {name} = {{{value}}}" if not value.startswith("{")
                      else f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"
