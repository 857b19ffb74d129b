"""What a metadata source says about one paper, and the BibTeX entry written from it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words a key never starts its title part with: `ma2023eureka`, not `ma2023a`.
_SMALL_WORDS = frozenset(("a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "via",
                          "from", "towards", "toward", "is", "are", "do", "does", "can", "how",
                          "what", "when", "why"))
# Characters BibTeX or LaTeX read as markup; plain text from Crossref escapes them.
_LATEX_SPECIALS = re.compile(r"([&%#_$])")


@dataclass(frozen=True)
class Record:
    """Authors as 'Family, Given'; `title` as BibTeX wants it (arXiv titles are LaTeX already)."""

    source: str
    title: str
    authors: tuple[str, ...]
    year: int
    entry_type: str = "misc"
    venue: str = ""
    pages: str = ""
    volume: str = ""
    number: str = ""
    publisher: str = ""
    doi: str = ""
    arxiv: str = ""
    category: str = ""
    note: str = ""
    url: str = ""
    abstract: str = ""
    published: str = ""
    """When the first version was submitted, as arXiv gives it: `2025-10-13T17:59:02Z`."""

    @property
    def venue_field(self) -> str:
        return {"article": "journal", "inproceedings": "booktitle",
                "incollection": "booktitle"}.get(self.entry_type, "")


def latex_escape(text: str) -> str:
    """Plain text made safe for a BibTeX value."""
    return _LATEX_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def _balanced(value: str) -> str:
    """A value whose braces do not pair would end the entry early; its braces go."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    return value if depth == 0 else value.replace("{", "").replace("}", "")


def ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", folded)


def suggested_key(record: Record) -> str:
    """First author's family name, year, first telling word of the title: `ma2023eureka`."""
    family = ascii_word(record.authors[0].split(",")[0]) if record.authors else ""
    words = [ascii_word(word) for word in re.split(r"[\s\-:/]+", re.sub(r"[$\\_^{}]", "",
                                                                          record.title))]
    words = [word for word in words if word]
    title_word = next((w for w in words if w not in _SMALL_WORDS), words[0] if words else "paper")
    return f"{family or 'anon'}{record.year}{title_word}"


def bibtex_entry(record: Record, key: str) -> str:
    """The entry `new` appends: all authors, the entry type and venue field the source implies."""
    url = record.url or (f"https://arxiv.org/abs/{record.arxiv}" if record.arxiv
                         else f"https://doi.org/{record.doi}")
    fields = [("title", record.title), ("author", " and ".join(record.authors))]
    if record.venue_field:
        fields.append((record.venue_field, record.venue))
    fields += [("volume", record.volume), ("number", record.number), ("pages", record.pages),
               ("publisher", record.publisher), ("year", str(record.year)), ("note", record.note),
               ("url", url), ("doi", record.doi)]
    if record.arxiv:
        fields += [("eprint", record.arxiv), ("archivePrefix", "arXiv"),
                   ("primaryClass", record.category)]
    body = ",\n".join(f"  {name} = {{{_balanced(value)}}}" for name, value in fields if value)
    return f"@{record.entry_type}{{{key},\n{body}\n}}\n"
