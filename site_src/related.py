"""Related papers: for each paper, the papers that sit nearest in the taxonomy and say most alike.

A paper's score against another is the cosine of their node sets (each listed node weighs 1,
each ancestor of one ANCESTOR, so papers of sibling nodes are near too) plus TEXT_WEIGHT
times the cosine of their word signatures (`related_text`). Papers with a positive score
rank by it, then by distance in years, then title and key.

Most pairs share no kept word, and their score depends on the two node sets only. So papers
are grouped by node set; the groups near a paper's group fall into tiers of equal node score,
and within a tier papers are read by growing year distance from per-group year buckets kept
in (title, key) order. That order is made once per (node set, year) and read only as far as
needed. The few papers sharing a kept word with the paper are scored one by one and merged
in. Scoring every pair took 20 s for 10,000 papers.
"""
from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from site_src.memo import Memo
from site_src.model import Paper, TaxonomyNode
from site_src.related_text import Signatures

ANCESTOR = 0.5
TEXT_WEIGHT = 2.0

NodeSet = frozenset[str]
_Order = tuple[str, str]


def _order(paper: Paper) -> _Order:
    """The last terms of the ranking, which break ties of score and year distance."""
    return paper.title.lower(), paper.key


def _ancestors(node_id: str, nodes: Mapping[str, TaxonomyNode]) -> list[str]:
    """The node's parent, its parent's parent, up to the root."""
    found = []
    parent = nodes[node_id].parent_id
    while parent is not None:
        found.append(parent)
        parent = nodes[parent].parent_id
    return found


def node_vector(node_ids: Sequence[str], nodes: Mapping[str, TaxonomyNode]) -> dict[str, float]:
    """Where a paper sits: its nodes, and more lightly the nodes above them."""
    vector = {a: ANCESTOR for node_id in node_ids for a in _ancestors(node_id, nodes)}
    vector.update((node_id, 1.0) for node_id in node_ids)
    return dict(sorted(vector.items()))


def node_similarity(mine: dict[str, float], other: dict[str, float]) -> float:
    """Cosine of two `node_vector`s; the same float whichever comes first, as both are sorted."""
    return _cosine(mine, _squares(mine), other, _squares(other))


def _squares(vector: dict[str, float]) -> float:
    return sum(weight * weight for weight in vector.values())


def _cosine(mine: dict[str, float], my_squares: float, other: dict[str, float],
            other_squares: float) -> float:
    dot = sum(weight * other[node_id] for node_id, weight in mine.items() if node_id in other)
    return dot / math.sqrt(my_squares * other_squares) if dot else 0.0


@dataclass
class _Group:
    """The papers listed under exactly one set of nodes, by year, each year in `_order`."""

    number: int
    vector: dict[str, float]
    squares: float
    by_year: dict[int, list[tuple[_Order, int]]] = field(default_factory=dict)


_Ranked = tuple[float, int]
"""A node score and a paper's number."""


class _Prefix:
    """The start of an endless ranking, made only as far as it has been read."""

    def __init__(self, ranking: Iterator[_Ranked]) -> None:
        self.ranking = ranking
        self.read: list[_Ranked] = []

    def first(self, count: int) -> list[_Ranked]:
        """The first `count` entries, or all there are."""
        if len(self.read) < count:
            self.read += itertools.islice(self.ranking, count - len(self.read))
        return self.read[:count]


class Relatedness:
    """Ranks related papers for every paper of a survey, sharing the work between papers."""

    def __init__(self, papers: tuple[Paper, ...], nodes: Mapping[str, TaxonomyNode],
                 language: str = "en", memo: Memo | None = None) -> None:
        """`nodes` gives each node's parent: the ranking needs nothing else of the taxonomy;
        `memo` is the preview's (`related_text.Signatures`)."""
        self._papers = papers
        self._number = {paper.key: number for number, paper in enumerate(papers)}
        self._orders = [_order(paper) for paper in papers]
        self.words = Signatures(papers, language, memo)
        groups: dict[NodeSet, _Group] = {}
        self._group_of: list[int] = []
        for paper in papers:
            node_set = frozenset(paper.node_ids)
            group = groups.get(node_set)
            if group is None:
                vector = node_vector(sorted(node_set), nodes)
                group = groups[node_set] = _Group(len(groups), vector, _squares(vector))
            self._group_of.append(group.number)
        self._groups = list(groups.values())
        self._placed: dict[str, list[int]] = {}
        """For each node, the groups whose vector has it: the others score 0 against it."""
        for group in self._groups:
            for node_id in group.vector:
                self._placed.setdefault(node_id, []).append(group.number)
        for number in sorted(range(len(papers)), key=self._orders.__getitem__):
            group = self._groups[self._group_of[number]]
            group.by_year.setdefault(papers[number].year, []).append(
                (self._orders[number], number))
        self._years = [paper.year for paper in papers]
        self._first_year, self._last_year = min(self._years, default=0), max(self._years, default=0)
        self._rows: dict[int, list[float]] = {}
        self._tier_lists: dict[int, list[tuple[float, list[_Group]]]] = {}
        self._prefixes: dict[tuple[int, int], _Prefix] = {}

    def _row(self, group: int) -> list[float]:
        """The node score of a group's papers against each group's, by group number."""
        row = self._rows.get(group)
        if row is None:
            mine = self._groups[group]
            row = self._rows[group] = [0.0] * len(self._groups)
            for other in {other for node_id in mine.vector for other in self._placed[node_id]}:
                row[other] = _cosine(mine.vector, mine.squares, self._groups[other].vector,
                                     self._groups[other].squares)
        return row

    def _tiers(self, group: int) -> list[tuple[float, list[_Group]]]:
        """The groups with a positive node score, in tiers of equal score, best first."""
        tiers = self._tier_lists.get(group)
        if tiers is None:
            by_score: dict[float, list[_Group]] = {}
            for other, score in zip(self._groups, self._row(group), strict=True):
                if score > 0:
                    by_score.setdefault(score, []).append(other)
            tiers = self._tier_lists[group] = sorted(by_score.items(), key=_best_first)
        return tiers

    def related(self, paper: Paper, limit: int = 6) -> tuple[Paper, ...]:
        """The `limit` best papers for `paper`, by score, year distance, title and key."""
        number, year = self._number[paper.key], paper.year
        group = self._group_of[number]
        similar = self.words.similar(number)
        years, orders = self._years, self._orders
        chosen: list[tuple[float, int, _Order, int]] = []
        for score, other in self._prefix(group, year).first(limit + 1 + len(similar)):
            if other != number and other not in similar:
                chosen.append((-score, abs(years[other] - year), orders[other], other))
                if len(chosen) == limit:
                    break
        if similar:
            # Papers sharing words score at least their node score: the papers chosen so far
            # are at least as good as the weakest of them, so no paper below it can enter.
            weakest = -chosen[-1][0] if len(chosen) == limit else 0.0
            row, groups = self._row(group), self._group_of
            for other, text in similar.items():
                score = row[groups[other]] + TEXT_WEIGHT * text
                if score >= weakest:
                    chosen.append((-score, abs(years[other] - year), orders[other], other))
            chosen = heapq.nsmallest(limit, chosen)
        return tuple(self._papers[entry[-1]] for entry in chosen)

    def _prefix(self, group: int, year: int) -> _Prefix:
        prefix = self._prefixes.get((group, year))
        if prefix is None:
            prefix = self._prefixes[group, year] = _Prefix(self._by_nodes(group, year))
        return prefix

    def _by_nodes(self, group: int, year: int) -> Iterator[_Ranked]:
        """Every paper with a positive node score, ranked as if no words were shared."""
        span = max(year - self._first_year, self._last_year - year)
        for score, tier in self._tiers(group):
            for distance in range(span + 1):
                years = {year - distance, year + distance}
                buckets = [other.by_year[y] for other in tier for y in years
                           if y in other.by_year]
                for _, number in heapq.merge(*buckets):
                    yield score, number


def _best_first(tier: tuple[float, list[_Group]]) -> float:
    return -tier[0]
