"""What papers say, for ranking related papers: each paper's few most telling words.

A paper's words are those of its title and of the opening of its description, found and
stemmed as the search index finds them (`search_index.terms`, the site language's Snowball
stemmer), so "policy" and "policies" are one word here as in search. A title word written in
camel case also counts as its parts ("DrEureka" as "dreureka", "dr" and "eureka"): that is how
a follow-up names what it builds on. Words are weighted TF-IDF. A paper keeps only its
SIGNATURE heaviest words among those it shares with another paper; a stem more than MAX_SHARING
papers use is dropped, since it says more about the field than about two papers. Both limits
bound the work: two papers are compared only through a word both keep, so comparing N papers
with all others takes at most N * SIGNATURE * MAX_SHARING steps.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial

from site_src.memo import Memo, recall
from site_src.model import Paper
from site_src.search_index import OPTIONAL_WORDS, stemmer_for, terms

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


def _stemmed(paper: Paper, stem: Callable[[str], str], skipped: frozenset[str]
             ) -> Counter[str]:
    """The paper's words by stem, the words a query may leave out left out here too."""
    stemmed: Counter[str] = Counter()
    for word, n in _written(paper).items():
        if word not in skipped:
            stemmed[stem(word)] += n
    return stemmed


class _Holders:
    """For each stem, the numbers of the papers using it, in order. The preview keeps one
    between rebuilds: when the same papers are listed and few counts changed, only those
    papers' numbers move, instead of the whole index being dealt out again."""

    def __init__(self) -> None:
        self.keys: tuple[str, ...] = ()
        self.counts: list[Counter[str]] = []
        self.holders: dict[str, list[int]] = {}

    def update(self, keys: tuple[str, ...], counts: list[Counter[str]]) -> dict[str, list[int]]:
        changed = [number for number, (old, new) in enumerate(zip(self.counts, counts, strict=True))
                   if old is not new] if keys == self.keys else None
        if changed is None or len(changed) > len(counts) // 10:
            self.holders = {}
            for number, paper_counts in enumerate(counts):
                for word in paper_counts:
                    self.holders.setdefault(word, []).append(number)
        else:
            for number in changed:
                for word in self.counts[number]:
                    holders = self.holders[word]
                    del holders[bisect.bisect_left(holders, number)]
                    if not holders:
                        del self.holders[word]
                for word in counts[number]:
                    bisect.insort(self.holders.setdefault(word, []), number)
        self.keys, self.counts = keys, counts
        return self.holders


class Signatures:
    """Each paper's kept words with their weights (`vector`), made when first asked for.

    Word counts are per paper and, in the preview, remembered while the paper is unchanged
    (`memo`); only how many papers use each stem is counted afresh. A stem that more than
    MAX_SHARING papers use is dropped, whatever forms they write it in."""

    def __init__(self, papers: Sequence[Paper], language: str, memo: Memo | None = None
                 ) -> None:
        stem = stemmer_for(language)
        skipped = frozenset(OPTIONAL_WORDS.get(language.split("-")[0].lower(), ()))
        self._counts = [recall(memo, "words", (paper.key, language), (paper,),
                               partial(_stemmed, paper, stem, skipped)) for paper in papers]
        index: _Holders = recall(memo, "holders", language, (), _Holders)
        self._holders = index.update(tuple(paper.key for paper in papers), self._counts)
        self._idf = {word: math.log(len(papers) / len(holders))
                     for word, holders in self._holders.items()
                     if 1 < len(holders) <= MAX_SHARING}
        self._vectors: dict[int, Vector] = {}

    def vector(self, number: int) -> Vector:
        """Paper `number`'s SIGNATURE heaviest shared words, unit length, in word order."""
        vector = self._vectors.get(number)
        if vector is None:
            idf = self._idf
            weights = [(-(1 + math.log(n)) * idf[word], word)
                       for word, n in self._counts[number].items() if idf.get(word)]
            kept = sorted(weights)[:SIGNATURE]
            norm = math.sqrt(sum(weight * weight for weight, _ in kept)) or 1.0
            vector = self._vectors[number] = {word: -weight / norm
                                              for weight, word in sorted(kept, key=_word)}
        return vector

    def similar(self, number: int) -> dict[int, float]:
        """Papers keeping a word paper `number` keeps, by number, with their `cosine`: only
        the few papers using one of its words are looked at."""
        found: dict[int, float] = {}
        for word, weight in self.vector(number).items():
            for other in self._holders[word]:
                other_weight = self.vector(other).get(word)
                if other_weight is not None:
                    found[other] = found.get(other, 0.0) + weight * other_weight
        found.pop(number, None)
        return found


def signatures(papers: Sequence[Paper], language: str) -> list[Vector]:
    """Every paper's `Signatures.vector`, in `papers` order."""
    made = Signatures(papers, language)
    return [made.vector(number) for number in range(len(papers))]


def _word(weighted: tuple[float, str]) -> str:
    return weighted[1]


def cosine(mine: Vector, other: Vector) -> float:
    """Similarity of two signatures, summed in the order of `mine`'s words, which is the
    order `Signatures.similar` adds in: both give the same float to the last bit."""
    total = 0.0
    for word, weight in mine.items():
        if word in other:
            total += weight * other[word]
    return total
