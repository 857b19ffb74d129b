"""TF-IDF cosine similarity between short texts and the survey's taxonomy nodes.

A node is described by what the survey says under it: its title and description, and the
titles and descriptions of the papers listed there. A candidate paper is closest to the node
whose words it shares most, weighted by how rare each word is across nodes and candidates,
so that words every robot-learning paper uses ("learning", "robot") count for little.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[a-z][a-z0-9]+")
_STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "these", "this",
    "to", "using", "via", "we", "which", "with", "without", "while", "than", "then", "them", "they",
    "based", "show", "shows", "paper", "propose", "proposes", "approach", "method", "methods",
    "new", "results",
))


def words(text: str) -> list[str]:
    """Lowercase words, plural -s folded, without the words every abstract uses."""
    found = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
             for w in _WORD.findall(text.lower())]
    return [w for w in found if w not in _STOP_WORDS]


Vector = dict[str, float]


def _vector(counts: Counter[str], idf: dict[str, float]) -> Vector:
    weights = {w: (1 + math.log(n)) * idf[w] for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


@dataclass(frozen=True)
class Match:
    node_id: str
    score: float


def closest_nodes(nodes: dict[str, str], texts: Sequence[str]) -> list[Match]:
    """For each text, the node (id -> descriptive text) it is most similar to, and how much."""
    node_counts = {node_id: Counter(words(text)) for node_id, text in nodes.items()}
    text_counts = [Counter(words(text)) for text in texts]
    documents: Iterable[Counter[str]] = [*node_counts.values(), *text_counts]
    frequency: Counter[str] = Counter()
    for counts in documents:
        frequency.update(counts.keys())
    total = len(node_counts) + len(text_counts)
    idf = {w: math.log((1 + total) / (1 + n)) + 1 for w, n in frequency.items()}
    node_vectors = {node_id: _vector(c, idf) for node_id, c in sorted(node_counts.items())}
    matches = []
    for counts in text_counts:
        vector = _vector(counts, idf)
        best = max(node_vectors, key=lambda node_id: (_cosine(vector, node_vectors[node_id]),
                                                      node_id), default="")
        matches.append(Match(best, _cosine(vector, node_vectors[best]) if best else 0.0))
    return matches
