"""The README view: its sections in taxonomy order, each paper line with its "new" marker,
ordered as the list was (or by year), and the figures with their alt texts."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from site_src.load.config import MAX_HEADING_LEVEL
from site_src.model import Listing, Paper, ReadmeOptions, Survey
from site_src.trends import README_FIGURES
from site_src.views import NodeView, node_views, year_counts


@dataclass(frozen=True)
class ReadmeEntry:
    listing: Listing
    paper: Paper
    marker: str
    """The "new" marker with its year filled in, or empty."""


@dataclass(frozen=True)
class ReadmeSection:
    view: NodeView
    level: int
    entries: tuple[ReadmeEntry, ...]


def new_marker(paper: Paper, options: ReadmeOptions) -> str:
    """The README's "new" marker for a paper added on or after `new_since`, else ''."""
    if not (options.new_marker and paper.added and int(paper.added[:4]) >= options.new_since):
        return ""
    return options.new_marker.replace("{year}", paper.added[:4])


def _readme_order(node_id: str, order: str) -> Callable[[Paper], tuple[Any, ...]]:
    """Sort key within a section: the list's own order where imported, else by year."""
    def by_year(paper: Paper) -> tuple[Any, ...]:
        return (paper.year, paper.title.lower())

    def listed(paper: Paper) -> tuple[Any, ...]:
        positions = [item.position for item in paper.listings
                     if item.node_id == node_id and item.position is not None]
        return (min(positions) if positions else float("inf"), *by_year(paper))

    return listed if order == "listed" else by_year


def readme_context(survey: Survey) -> dict[str, Any]:
    """Sections in taxonomy order; each listing of a paper is one line, exact repeats collapse."""
    views = node_views(survey)
    options = survey.config.readme
    sections = []
    for root in survey.taxonomy:
        for node in root.walk():
            if not node.readme_show:
                continue
            entries: dict[tuple[str, str], ReadmeEntry] = {}
            for paper in sorted(views[node.id].direct, key=_readme_order(node.id, options.order)):
                for listing in paper.listings:
                    if listing.node_id == node.id:
                        entries.setdefault((listing.title, listing.url),
                                           ReadmeEntry(listing, paper, new_marker(paper, options)))
            level = min(node.depth + options.heading_offset, MAX_HEADING_LEVEL)
            sections.append(ReadmeSection(views[node.id], level,
                                          tuple(entries.values()) if node.list_papers else ()))
    return {"survey": survey, "readme": options, "sections": sections,
            "years": year_counts(survey.papers),
            "figures": readme_figure_alts(survey)}


def readme_figure_alts(survey: Survey) -> tuple[tuple[str, str], ...]:
    """(file name, alt text) of the README figures; the alt texts are the charts' titles."""
    spec = survey.charts
    if spec is None:
        return ()
    timeline, heatmap = README_FIGURES
    alts = []
    if spec.groups:
        alts.append((timeline, f"{spec.timeline_title}, cumulative"))
    if spec.heatmap_rows:
        alts.append((heatmap, spec.heatmap_title))
    return tuple(alts)
