"""What papers say, for ranking related papers: each paper's few most telling words.

A paper's words are those of its title and of the opening of its description, found and
stemmed as the search index finds them (`search_index.terms`, the site language's Snowball
stemmer), so "policy" and "policies" are one word here as in search. A title word written in
camel case also counts as its parts ("DrEureka" as "dreureka", "dr" and "eureka"): that is how
a follow-up names what it builds on. Words are weighted TF-IDF. A paper keeps only its
SIGNATURE heaviest words among those it shares with another paper; a word more than MAX_SHARING
papers use is dropped, since it says more about the field than about two papers. Both limits
bound the work: two papers are compared only through a word both keep, so comparing N papers
with all others takes at most N * SIGNATURE * MAX_SHARING steps.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from site_src.model import Paper
from site_src.search_index import OPTIONAL_WORDS, _stemmer, terms

SIGNATURE = 12
MAX_SHARING = 25
OPENING = 400
"""Characters of a description read: its opening, where a description says what the paper is."""
_CAMEL = re.compile(r"\w*[a-z][A-Z]\w*")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
"""Found much faster than `_CAMEL`, which most texts do not need."""
_PARTS = re.compile(r"(?<=[a-z])(?=[A-Z])")

Vector = dict[str, float]
"""Word to weight, unit length, words in sorted order."""


def _written(paper: Paper) -> Counter[str]:
    """The words of the title and of the opening of the description, unstemmed."""
    found = terms(f"{paper.title}\n{paper.description[:OPENING]}")
    if _INNER_CAPITAL.search(paper.title):
        found += terms(" ".join(_PARTS.sub(" ", word) for word in _CAMEL.findall(paper.title)))
    return Counter(found)


def signatures(papers: Sequence[Paper], language: str) -> list[Vector]:
    """Each paper's kept words with their weights, in `papers` order.

    A word form more than MAX_SHARING papers write has a stem at least as widely shared, so
    only the other forms are stemmed: stemming is most of the cost."""
    stem = _stemmer(language)
    skipped = frozenset(OPTIONAL_WORDS.get(language.split("-")[0].lower(), ()))
    written = [_written(paper) for paper in papers]
    writers = _sharing(written)
    stems = {word: stem(word) for word, n in writers.items()
             if n <= MAX_SHARING and word not in skipped}
    counts = []
    for forms in written:
        stemmed: Counter[str] = Counter()
        for word, n in forms.items():
            root = stems.get(word)
            if root is not None:
                stemmed[root] += n
        counts.append(stemmed)
    idf = {word: math.log(len(papers) / n) for word, n in _sharing(counts).items()
           if 1 < n <= MAX_SHARING}
    vectors = []
    for paper_counts in counts:
        weights = [(-(1 + math.log(n)) * idf[word], word) for word, n in paper_counts.items()
                   if idf.get(word)]
        kept = sorted(weights)[:SIGNATURE]
        norm = math.sqrt(sum(weight * weight for weight, _ in kept)) or 1.0
        vectors.append({word: -weight / norm for weight, word in sorted(kept, key=_word)})
    return vectors


def _sharing(counts: list[Counter[str]]) -> Counter[str]:
    """How many papers have each word."""
    sharing: Counter[str] = Counter()
    for paper_counts in counts:
        sharing.update(paper_counts.keys())
    return sharing


def _word(weighted: tuple[float, str]) -> str:
    return weighted[1]


def cosine(mine: Vector, other: Vector) -> float:
    """Similarity of two signatures, summed in the order of `mine`'s words, which is the
    order `Postings.similar` adds in: both give the same float to the last bit."""
    total = 0.0
    for word, weight in mine.items():
        if word in other:
            total += weight * other[word]
    return total


class Postings:
    """For each kept word, the papers keeping it: compares a paper with only those."""

    def __init__(self, vectors: list[Vector]) -> None:
        self.vectors = vectors
        self._papers: dict[str, list[tuple[int, float]]] = {}
        for number, vector in enumerate(vectors):
            for word, weight in vector.items():
                self._papers.setdefault(word, []).append((number, weight))

    def similar(self, number: int) -> dict[int, float]:
        """Papers sharing a kept word with paper `number`, by number, with their `cosine`."""
        found: dict[int, float] = {}
        for word, weight in self.vectors[number].items():
            for other, other_weight in self._papers[word]:
                found[other] = found.get(other, 0.0) + weight * other_weight
        found.pop(number, None)
        return found
