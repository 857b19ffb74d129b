"""Related papers: for each paper, the papers of the same taxonomy branches, best first.

Candidates are the papers sharing one of the paper's nodes when there are at least `limit` of
them, otherwise every paper under the parent of one of its nodes (so a paper alone in its node
still gets neighbours). They rank by nodes shared, then ancestors shared, then distance in
years, then title and key.

All of that depends on a paper's node set and year only, the paper itself aside, so papers are
grouped by node set and each (node set, year) is ranked once. Nor is every candidate scored:
the first two terms are the same for all papers of two node sets, so candidate groups fall
into tiers, and within a tier papers are read by growing year distance from per-group year
buckets kept in (title, key) order, until enough are found. Scoring every candidate of every
paper took 20 s for 10,000 papers.
"""
from __future__ import annotations

import heapq
import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from site_src.model import Paper, TaxonomyNode

NodeSet = frozenset[str]
_Order = tuple[str, str]


def _order(paper: Paper) -> _Order:
    """The last terms of the ranking, which break ties within one year distance."""
    return paper.title.lower(), paper.key


def _ancestors(node_id: str, nodes: Mapping[str, TaxonomyNode]) -> list[str]:
    """The node's parent, its parent's parent, up to the root."""
    found = []
    parent = nodes[node_id].parent_id
    while parent is not None:
        found.append(parent)
        parent = nodes[parent].parent_id
    return found


@dataclass(frozen=True)
class _Group:
    """The papers listed under exactly one set of nodes, by year, each year in `_order`."""

    nodes: NodeSet
    ancestors: frozenset[str]
    by_year: dict[int, list[tuple[_Order, Paper]]]
    size: int


class Relatedness:
    """Ranks related papers for every paper of a survey, sharing the work between papers."""

    def __init__(self, papers: tuple[Paper, ...], nodes: Mapping[str, TaxonomyNode]) -> None:
        """`nodes` gives each node's parent: the ranking needs nothing else of the taxonomy."""
        members: dict[NodeSet, list[Paper]] = {}
        for paper in papers:
            members.setdefault(frozenset(paper.node_ids), []).append(paper)
        self._groups: dict[NodeSet, _Group] = {}
        self._listed: dict[str, list[_Group]] = {}
        """Groups whose papers are listed under the node itself."""
        self._under: dict[str, list[_Group]] = {}
        """Groups whose papers are listed under the node or one of its descendants."""
        for node_set, listed in members.items():
            ancestors = frozenset(a for node_id in node_set for a in _ancestors(node_id, nodes))
            by_year: dict[int, list[tuple[_Order, Paper]]] = {}
            for paper in sorted(listed, key=_order):
                by_year.setdefault(paper.year, []).append((_order(paper), paper))
            group = _Group(node_set, ancestors, by_year, len(listed))
            self._groups[node_set] = group
            for node_id in node_set:
                self._listed.setdefault(node_id, []).append(group)
            for node_id in node_set | ancestors:
                self._under.setdefault(node_id, []).append(group)
        self._parent = {node_id: node.parent_id or node_id for node_id, node in nodes.items()}
        years = [paper.year for paper in papers] or [0]
        self._first_year, self._last_year = min(years), max(years)
        self._tiers: dict[tuple[NodeSet, bool], list[list[_Group]]] = {}
        self._ranked: dict[tuple[NodeSet, int, int], list[Paper]] = {}

    def related(self, paper: Paper, limit: int = 6) -> tuple[Paper, ...]:
        """The `limit` best candidates of `paper`: ranked with the paper among them, then dropped."""
        nodes = frozenset(paper.node_ids)
        ranked = self._ranked.get((nodes, paper.year, limit))
        if ranked is None:
            ranked = self._rank(nodes, paper.year, limit)
            self._ranked[nodes, paper.year, limit] = ranked
        return tuple(other for other in ranked if other.key != paper.key)[:limit]

    def _rank(self, nodes: NodeSet, year: int, limit: int) -> list[Paper]:
        """The first `limit + 1` papers, the paper itself included, for a node set and year."""
        wanted = limit + 1
        found: list[Paper] = []
        span = max(year - self._first_year, self._last_year - year)
        for tier in self._candidate_tiers(nodes, limit):
            for distance in range(span + 1):
                years = {year - distance, year + distance}
                buckets = [group.by_year[y] for group in tier for y in years if y in group.by_year]
                found.extend(paper for _, paper in
                             itertools.islice(heapq.merge(*buckets), wanted - len(found)))
                if len(found) == wanted:
                    return found
        return found

    def _candidate_tiers(self, nodes: NodeSet, limit: int) -> list[list[_Group]]:
        """Candidate groups, in tiers of equal nodes and ancestors shared, best tier first."""
        sharing = {group.nodes: group for node_id in nodes for group in self._listed[node_id]}
        # The paper itself is one of the papers sharing its nodes, and does not count.
        narrow = sum(group.size for group in sharing.values()) - 1 >= limit
        tiers = self._tiers.get((nodes, narrow))
        if tiers is None:
            candidates = sharing if narrow else {
                group.nodes: group for node_id in nodes
                for group in self._under.get(self._parent[node_id], ())}
            mine = self._groups[nodes]
            by_score: dict[tuple[int, int], list[_Group]] = {}
            for group in candidates.values():
                score = (-len(nodes & group.nodes), -len(mine.ancestors & group.ancestors))
                by_score.setdefault(score, []).append(group)
            tiers = [by_score[score] for score in sorted(by_score)]
            self._tiers[nodes, narrow] = tiers
        return tiers
