"""Facets of a paper table: the values each paper carries and the options a reader can pick.

The browser filters the table from `data-f-*` attributes on its rows (see
static/facets.js); everything it needs is computed here, so the script only compares
strings and the table stays complete and usable with JavaScript off.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from site_src.model import Paper, Survey, TaxonomyNode

SEPARATOR = "|"
"""Joins a row's values in one attribute; facet values are names, never containing it."""

CODE_LABELS = {"yes": "Available", "no": "Not released", "unknown": "Not stated"}
EVALUATION_LABELS = {"simulation": "Simulation", "real": "Real world", "unknown": "Not stated"}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    """One group of checkboxes; `name` is both the row attribute suffix and the URL parameter."""

    name: str
    label: str
    options: tuple[FacetOption, ...]


@dataclass(frozen=True)
class PaperRow:
    paper: Paper
    values: tuple[tuple[str, str], ...]
    """(facet name, values joined by SEPARATOR) for the row's data attributes."""

    @property
    def attributes(self) -> Markup:
        """The row's `data-f-*` attributes, escaped: one template expression instead of a loop
        per row, which matters on tables of thousands of rows."""
        return Markup("".join(f' data-f-{name}="{escape(value)}"' for name, value in self.values))


@dataclass(frozen=True)
class PaperTable:
    rows: tuple[PaperRow, ...]
    facets: tuple[Facet, ...]
    years: tuple[int, ...]


def code_value(paper: Paper) -> str:
    return "yes" if paper.code_url else paper.code


def _evaluation(paper: Paper) -> tuple[str, ...]:
    return ("simulation", "real") if paper.environment == "both" else (paper.environment,)


def _placements(paper: Paper, survey: Survey, rank: dict[str, int]) -> list[TaxonomyNode]:
    """Every node the paper sits under, ancestors included, in taxonomy order."""
    seen = {node.id: node for node_id in paper.node_ids for node in survey.node_path(node_id)}
    return sorted(seen.values(), key=lambda node: rank[node.id])


def paper_table(papers: Iterable[Paper], survey: Survey, within: TaxonomyNode | None = None
                ) -> PaperTable:
    """Rows and facet options for `papers`; on a node's page, node options are its descendants."""
    below = {node.id for node in within.walk()[1:]} if within else None
    taxonomy_order = [node for root in survey.taxonomy for node in root.walk()]
    rank = {node.id: index for index, node in enumerate(taxonomy_order)}
    papers = tuple(papers)
    placed = {p.key: _placements(p, survey, rank) for p in papers}
    extract: dict[str, Callable[[Paper], tuple[str, ...]]] = {
        "perspective": lambda p: tuple(n.id for n in placed[p.key] if n.depth == 0),
        "node": lambda p: tuple(n.id for n in placed[p.key]
                                if n.depth > 0 and (below is None or n.id in below)),
        "base-model": lambda p: p.base_model,
        "rl-task": lambda p: p.rl_task,
        "code": lambda p: (code_value(p),),
        "evaluation": _evaluation,
    }
    per_paper = [{name: get(paper) for name, get in extract.items()} for paper in papers]
    rows = tuple(PaperRow(paper, tuple((name, SEPARATOR.join(found[name])) for name in extract))
                 for paper, found in zip(papers, per_paper, strict=True))
    labels: dict[str, Callable[[str], str]] = {
        "perspective": lambda v: survey.nodes[v].title, "node": lambda v: survey.nodes[v].title,
        "code": CODE_LABELS.__getitem__, "evaluation": EVALUATION_LABELS.__getitem__,
    }
    fixed_order = {"perspective": [n.id for n in taxonomy_order],
                   "node": [n.id for n in taxonomy_order],
                   "code": list(CODE_LABELS), "evaluation": list(EVALUATION_LABELS)}
    titles = {"perspective": "Perspective", "node": "Taxonomy node", "base-model": "Base model",
              "rl-task": "RL task", "code": "Code", "evaluation": "Evaluation"}
    facets = []
    for name in extract:
        counts = Counter(value for found in per_paper for value in found[name])
        if name in fixed_order:
            values = [v for v in fixed_order[name] if v in counts]
        else:
            values = sorted(counts, key=lambda v: (-counts[v], v.lower()))
        label = labels.get(name, str)
        options = tuple(FacetOption(v, label(v), counts[v]) for v in values)
        if options:
            facets.append(Facet(name, titles[name], options))
    return PaperTable(rows, tuple(facets), tuple(sorted({p.year for p in papers})))
