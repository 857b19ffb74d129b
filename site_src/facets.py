"""Facets of a paper table: the values each paper carries and the options a reader can pick.

The browser filters the table from `data-f-*` attributes on its rows (see
static/facets.js); everything it needs is computed here, so the script only compares
strings and the table stays complete and usable with JavaScript off.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup, escape

from site_src.model import FieldValue, Paper, PaperField, Survey, TaxonomyNode

SEPARATOR = "|"
"""Joins a row's values in one attribute; facet values are names, never containing it."""

CODE_LABELS = {"yes": "Available", "no": "Not released", "unknown": "Not stated"}

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
    columns: tuple[PaperField, ...] = ()
    """The declared columns some paper of the table has a value for."""


def code_value(paper: Paper) -> str:
    return "yes" if paper.code_url else paper.code


def cell_value(paper: Paper, declared: PaperField) -> FieldValue:
    """What a table cell or a filter sees of a field; a choice's default counts as empty."""
    if declared.name == "code" and declared.core:
        return code_value(paper) if code_value(paper) != "unknown" else ""
    value = paper.value(declared.name)
    return "" if declared.choices and value == declared.default else value


def _facet_values(paper: Paper, declared: PaperField) -> tuple[str, ...]:
    if declared.core and declared.name == "code":
        return (code_value(paper),)
    value = paper.value(declared.name)
    if isinstance(value, tuple):
        return value
    meaning = next((c.means for c in declared.choices if c.value == value and c.means), None)
    return meaning or ((value,) if value else ())


def _option_labels(declared: PaperField) -> tuple[list[str], dict[str, str]]:
    """Fixed option order and labels of a field's filter; both empty for free text."""
    if declared.core and declared.name == "code":
        return list(CODE_LABELS), CODE_LABELS
    return [c.value for c in declared.choices], {c.value: c.label for c in declared.choices}


def _placements(paper: Paper, survey: Survey, rank: dict[str, int]) -> list[TaxonomyNode]:
    """Every node the paper sits under, ancestors included, in taxonomy order."""
    seen = {node.id: node for node_id in paper.node_ids for node in survey.node_path(node_id)}
    return sorted(seen.values(), key=lambda node: rank[node.id])


def paper_table(papers: Iterable[Paper], survey: Survey, within: TaxonomyNode | None = None
                ) -> PaperTable:
    """Rows, columns and filters for `papers`; on a node's page, node options are its
    descendants. Columns nobody fills and filters that could only pick one value are left out."""
    below = {node.id for node in within.walk()[1:]} if within else None
    taxonomy_order = [node for root in survey.taxonomy for node in root.walk()]
    rank = {node.id: index for index, node in enumerate(taxonomy_order)}
    papers = tuple(papers)
    placed = {p.key: _placements(p, survey, rank) for p in papers}
    top = PaperField("perspective", survey.labels.top, "core").facet
    extract: dict[str, Callable[[Paper], tuple[str, ...]]] = {
        top: lambda p: tuple(n.id for n in placed[p.key] if n.depth == 0),
        "node": lambda p: tuple(n.id for n in placed[p.key]
                                if n.depth > 0 and (below is None or n.id in below)),
    }
    titles = {top: survey.labels.top, "node": survey.labels.node}
    node_title: Callable[[str], str] = lambda v: survey.nodes[v].title  # noqa: E731
    labels: dict[str, Callable[[str], str]] = {top: node_title, "node": node_title}
    fixed_order = {top: [n.id for n in taxonomy_order], "node": [n.id for n in taxonomy_order]}
    for declared in survey.shown("filter"):
        extract[declared.facet] = partial(_facet_values, declared=declared)
        titles[declared.facet] = declared.label
        order, names = _option_labels(declared)
        if order:
            fixed_order[declared.facet] = order
            labels[declared.facet] = lambda v, names=names: names.get(v, v)  # type: ignore[misc]
    per_paper = [{name: get(paper) for name, get in extract.items()} for paper in papers]
    rows = tuple(PaperRow(paper, tuple((name, SEPARATOR.join(found[name])) for name in extract))
                 for paper, found in zip(papers, per_paper, strict=True))
    facets = []
    for name in extract:
        counts = Counter(value for found in per_paper for value in found[name])
        if name in fixed_order:
            values = [v for v in fixed_order[name] if v in counts]
        else:
            values = sorted(counts, key=lambda v: (-counts[v], v.lower()))
        label = labels.get(name, str)
        options = tuple(FacetOption(v, label(v), counts[v]) for v in values)
        if len(options) > 1:
            facets.append(Facet(name, titles[name], options))
    columns = tuple(declared for declared in survey.shown("column")
                    if any(cell_value(p, declared) for p in papers))
    return PaperTable(rows, tuple(facets), tuple(sorted({p.year for p in papers})), columns)
