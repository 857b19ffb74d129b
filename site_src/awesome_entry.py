"""One entry of an awesome list: its title, links, authors, venue and years, read from
the entry line and the nested bullets under it (`awesome.parse` finds the lines)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]+(?:\([^()\s]*\)[^()\s<>]*)*)>?"
                  r"(?:\s+\"[^\"]*\")?\s*\)")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
LINKED_IMAGE = re.compile(r"\[\s*(!\[[^\]]*\]\([^)]*\))\s*\]\([^)]*\)")
MARKER = re.compile(r"^\((\d{4})\)!\s*")
YEAR = re.compile(r"(?<!\d)((?:19[5-9]|20\d)\d)(?!\d)")
ARXIV_ID = re.compile(r"(?:arxiv\.org/(?:abs|pdf|html)/|10\.48550/arxiv\.)(\d{2})(\d{2})\.\d{4,5}",
                      re.IGNORECASE)
BADGE = re.compile(r"img\.shields\.io/badge/([^/?#]+)", re.IGNORECASE)
BOLD = re.compile(r"^\*\*(.+?)\*\*|^__(.+?)__")
ITALIC = re.compile(r"^\*([^*]+)\*|^_([^_]+)_")
DETAIL = re.compile(r"^(?:\*\*|\*|_)?([A-Za-z][A-Za-z /]{1,30}?)(?:\*\*|\*|_)?\s*[:\uff1a]\s*"
                    r"(?:\*\*|\*|_)?\s*(.*)$")

PAPER_LABELS = frozenset({"paper", "pdf", "arxiv", "link", "doi", "openreview", "acm", "ieee",
                          "springer", "html", "abs", "article", "preprint", "url"})
CODE_LABELS = frozenset({"code", "github", "official code", "repo", "repository", "gitlab",
                         "pytorch", "tensorflow", "jax", "implementation"})
DASHES = " -\u2013\u2014"
"""Space, hyphen, en and em dash: what separates a title from what follows it."""
NEW_WORDS = frozenset({"new", "added", "update", "updated"})


@dataclass
class Entry:
    """One paper line of the list, with what its nested bullets added."""

    title: str
    url: str
    line: int
    numbered: bool
    title_linked: bool = False
    """Written `[Title](url)` rather than `Title [[paper]](url)`."""
    code_url: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    venue: str = ""
    year: int | None = None
    added: int | None = None
    year_from_marker: bool = False
    """No publication year found: `year` is the year the list marks the entry as added."""
    keywords: list[str] = field(default_factory=list)
    description: str = ""


def plain(text: str) -> str:
    """Markdown inline text without links, images, emphasis or code marks."""
    text = IMAGE.sub("", text)
    text = LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<!\w)[*_](\S(?:.*?\S)?)[*_](?!\w)", r"\1", text)
    return " ".join(text.split())


def _badge(url: str) -> tuple[str, str] | None:
    """(label, message) of a shields.io static badge, e.g. ('NeurIPS', '2021')."""
    found = BADGE.search(url)
    if not found:
        return None
    parts = re.split(r"(?<!-)-(?!-)", found.group(1))
    if len(parts) < 2:
        return None
    def clean(part: str) -> str:
        return re.sub(r"%20|_", " ", part.replace("--", "-")).strip()
    return clean(parts[0]), clean(parts[1]) if len(parts) > 2 else ""


def _read_badges(text: str, entry: Entry) -> str:
    """Take venue, year and "added" from badges; return the text without any image."""
    text = LINKED_IMAGE.sub(lambda m: m.group(1), text)
    for alt, url in IMAGE.findall(text):
        badge = _badge(url)
        words = [alt.strip()] + (list(badge) if badge else [])
        lowered = " ".join(words).lower()
        year = YEAR.search(" ".join(words))
        if any(word in NEW_WORDS for word in re.findall(r"[a-z]+", lowered)):
            if year:
                entry.added = int(year.group(1))
        elif badge and year and "star" not in lowered and "citation" not in lowered:
            label, message = badge
            entry.year = entry.year or int(year.group(1))
            venue = label if not YEAR.fullmatch(label) else message
            entry.venue = entry.venue or YEAR.sub("", venue).strip()
    return IMAGE.sub("", text).strip()


def _label_name(label: str) -> str:
    """'[[code]]' and '[code]' and 'Code' all name the link 'code'."""
    return plain(label).strip(" []").strip()


def _label_kind(label: str) -> str:
    word = _label_name(label).lower()
    if word in PAPER_LABELS:
        return "paper"
    if word in CODE_LABELS:
        return "code"
    return ""


def _add_link(entry: Entry, label: str, url: str) -> None:
    kind = _label_kind(label)
    if kind == "paper" and not entry.url:
        entry.url = url
    elif kind == "code" and not entry.code_url:
        entry.code_url = url
    elif url != entry.url:
        entry.links.append((_label_name(label) or "link", url))


def _venue_year(text: str, entry: Entry) -> None:
    """'NeurIPS 2021' or '(ICLR 2020)' or 'arXiv, 2023' -> venue and year."""
    text = text.strip(" .,;()[]")
    years = YEAR.findall(text)
    if not years:
        if text and not entry.venue:
            entry.venue = text
        return
    entry.year = entry.year or int(years[-1])
    venue = YEAR.sub("", text).strip(" .,;()[]'\u2019")
    if venue and not entry.venue:
        entry.venue = " ".join(venue.split())


def _split_title(text: str, entry: Entry) -> str:
    """The title out of 'Title. Venue Year.' or '**Title.** *Authors.* Venue Year.'."""
    text = text.strip()
    bold = BOLD.match(text)
    if bold:
        title, rest = (bold.group(1) or bold.group(2)).strip(), text[bold.end():].strip()
        italic = ITALIC.match(rest)
        if italic:
            entry.authors = entry.authors or _names(italic.group(1) or italic.group(2))
            rest = rest[italic.end():]
        if rest.strip(" .,;" + DASHES):
            _venue_year(rest, entry)
        return title.rstrip(".").strip()
    text = plain(text)
    marked = re.match(r"^(.*?[.?!])\s+(.+)$", text)
    if marked and YEAR.search(marked.group(2)):
        _venue_year(marked.group(2), entry)
        return marked.group(1).rstrip(".").strip() if marked.group(1).endswith(".") \
            else marked.group(1).strip()
    trailing = re.match(r"^(.*\S)\s*[(\[,]\s*([^()\[\]]*\b(?:19|20)\d\d)\s*[)\]]?\.?$", text)
    if trailing:
        _venue_year(trailing.group(2), entry)
        return trailing.group(1).strip(" .,," + DASHES)
    return text.strip(DASHES + ":").rstrip(".") if text.endswith(".") else text.strip(DASHES + ":")


def _names(text: str) -> list[str]:
    text = plain(text).strip(" .")
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|;\s*", text)
    return [part.strip() for part in parts if part.strip() and part.strip() != "et al"]


def parse_entry(text: str, line: int, numbered: bool) -> Entry | str:
    """An entry, or the reason the line is not one."""
    entry = Entry("", "", line, numbered)
    marker = MARKER.match(text)
    if marker:
        entry.added = int(marker.group(1))
        text = text[marker.end():]
    text = _read_badges(text, entry)
    links = list(LINK.finditer(text))
    if not links:
        return "no link found"
    first = links[0]
    before = text[:first.start()].strip()
    if not before.strip("*_ ") and not _label_kind(first.group(1)):
        entry.title, entry.url = plain(first.group(1)).strip(), first.group(2)
        entry.title_linked = True
        rest = text[first.end():]
        for link in links[1:]:
            _add_link(entry, link.group(1), link.group(2))
        rest = LINK.sub("", rest).strip()
        if rest.strip("*_ "):
            described = re.match(r"^[*_]*\s*[-\u2013\u2014:.,]\s*(.*)$", rest)
            tail = described.group(1) if described else rest
            venue = re.match(r"^\(?([^()]*\b(?:19|20)\d\d)\)?\.?\s*(.*)$", plain(tail))
            if venue:
                _venue_year(venue.group(1), entry)
                tail = venue.group(2)
            entry.description = plain(tail).strip()
    else:
        entry.title = _split_title(LINK.sub("", text[:first.start()]).strip(DASHES + ":"), entry)
        for link in links:
            _add_link(entry, link.group(1), link.group(2))
        after = LINK.sub("", text[first.end():]).strip(" .,;")
        if after and YEAR.search(after) and entry.year is None:
            _venue_year(after, entry)
    if not entry.url:
        entry.url = next((url for _label, url in entry.links), "")
        entry.links = entry.links[1:]
    if not entry.title:
        return "no title found"
    if not entry.url or entry.url.startswith("#"):
        return "no paper link found"
    if not entry.url.startswith(("http://", "https://")):
        return f"link '{entry.url}' is not a web address"
    return entry


def arxiv_year(url: str) -> int | None:
    """The year an arXiv link's id encodes: the first version's, when the list names none."""
    found = ARXIV_ID.search(url)
    return 2000 + int(found.group(1)) if found else None


def read_detail(text: str, entry: Entry) -> bool:
    """A nested bullet under an entry: authors, venue, code, keywords or another link."""
    found = DETAIL.match(text)
    if found:
        name, value = found.group(1).strip().lower(), found.group(2).strip().strip("*_ ")
        if name in ("author", "authors", "by"):
            entry.authors = _names(value)
            return True
        if name in ("venue", "publisher", "conference", "journal", "published", "published in",
                    "publication", "booktitle"):
            _venue_year(plain(value), entry)
            return True
        if name in ("keywords", "keyword", "tags", "topics"):
            entry.keywords = [k.strip() for k in re.split(r"[,;]", plain(value)) if k.strip()]
            return True
        if name in ("year", "date"):
            _venue_year(plain(value), entry)
            return True
        if name in ("code", "github", "repo", "repository", "project", "website", "video",
                    "paper", "pdf", "blog", "slides", "demo"):
            link = LINK.search(value)
            url = link.group(2) if link else value.split()[0] if value else ""
            if url.startswith("http"):
                _add_link(entry, name, url)
                return True
        if name in ("summary", "abstract", "tldr", "description", "note", "notes"):
            entry.description = plain(value)
            return True
    links = list(LINK.finditer(text))
    if links and not LINK.sub("", text).strip(" ,|·-"):
        for link in links:
            _add_link(entry, link.group(1), link.group(2))
        return True
    return False
