"""Trend counts from the papers: series per chart category and year, planned with the views.

Which taxonomy nodes feed which category is data (content/charts.yaml); this module only
counts. Drawing the counts is rendering's job (`svg`, `figures`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from site_src import urls
from site_src.model import ChartCategory, ChartGroup, Paper, Survey

README_FIGURES = ("fig1.svg", "fig2.svg")


def _mentions(paper: Paper, words: tuple[str, ...]) -> bool:
    text = " ".join((paper.network, *paper.base_model)).lower()
    return any(word in text for word in words)


def category_papers(survey: Survey) -> dict[str, tuple[Paper, ...]]:
    """Papers of each category, in key order, following the rules of content/charts.yaml."""
    assert survey.charts is not None
    found: dict[str, tuple[Paper, ...]] = {}
    for category in survey.charts.categories:
        under = {node.id for node_id in category.nodes for node in survey.nodes[node_id].walk()}
        excluded = {p.key for other in category.exclude for p in found[other]}
        found[category.id] = tuple(
            p for p in survey.papers
            if under.intersection(p.node_ids) and p.key not in excluded
            and (not category.model_contains or _mentions(p, category.model_contains)))
    return found


@dataclass(frozen=True)
class Cell:
    category: ChartCategory
    year: int
    papers: tuple[Paper, ...]
    """Papers of the category published in `year` (or up to it, for a cumulative cell)."""
    url: str

    @property
    def count(self) -> int:
        return len(self.papers)


@dataclass(frozen=True)
class Row:
    category: ChartCategory
    cells: tuple[Cell, ...]
    """One per year of the charts, oldest first."""
    cumulative: tuple[Cell, ...]


@dataclass(frozen=True)
class Landmark:
    label: str
    year: int
    group: int
    key: str


@dataclass(frozen=True)
class TrendCharts:
    years: tuple[int, ...]
    rows: dict[str, Row]
    groups: tuple[ChartGroup, ...]
    landmarks: tuple[Landmark, ...]
    timeline_title: str
    heatmap_title: str
    heatmap_rows: tuple[Row, ...]

    def group_rows(self, group: ChartGroup) -> tuple[Row, ...]:
        return tuple(self.rows[category_id] for category_id in group.categories)

    def group_totals(self, group: ChartGroup, cumulative: bool = False) -> tuple[int, ...]:
        rows = self.group_rows(group)
        return tuple(sum((row.cumulative if cumulative else row.cells)[i].count for row in rows)
                     for i in range(len(self.years)))


def trend_charts(survey: Survey) -> TrendCharts | None:
    spec = survey.charts
    if spec is None:
        return None
    papers = category_papers(survey)
    years_seen = {p.year for found in papers.values() for p in found}
    years = tuple(range(min(years_seen), max(years_seen) + 1)) if years_seen else ()
    rows = {}
    for category in spec.categories:
        found = papers[category.id]
        cells = tuple(Cell(category, year, tuple(p for p in found if p.year == year),
                           urls.chart_cell(category.id, year)) for year in years)
        running = tuple(Cell(category, year, tuple(p for p in found if p.year <= year),
                             urls.chart_through(category.id, year)) for year in years)
        rows[category.id] = Row(category, cells, running)
    keys = {category_id: {p.key for p in found} for category_id, found in papers.items()}
    landmarks = []
    for paper in survey.papers:
        if not paper.landmark:
            continue
        group = next((i for i, g in enumerate(spec.groups)
                      if any(paper.key in keys[c] for c in g.categories)), None)
        if group is not None:
            landmarks.append(Landmark(paper.landmark, paper.year, group, paper.key))
    landmarks.sort(key=lambda m: (m.year, m.group, m.label))
    return TrendCharts(years, rows, spec.groups, tuple(landmarks), spec.timeline_title,
                       spec.heatmap_title, tuple(rows[c] for c in spec.heatmap_rows))


def cells_with_papers(trends: TrendCharts) -> list[Cell]:
    """Every cell a chart links to: the non-empty per-year and cumulative cells."""
    return [cell for row in trends.rows.values() for cell in (*row.cells, *row.cumulative)
            if cell.papers]



def period_label(first_year: int, year: int, cumulative: bool) -> str:
    return f"{first_year}-{year}" if cumulative else str(year)


def year_labels(years: Sequence[int], cumulative: bool) -> list[str]:
    return [period_label(years[0], year, cumulative) for year in years]


def node_year_counts(papers: Iterable[Paper]) -> list[tuple[int, int]]:
    """Counts for every year from the first to the last paper, including empty years."""
    years = [p.year for p in papers]
    if not years:
        return []
    return [(year, years.count(year)) for year in range(min(years), max(years) + 1)]

