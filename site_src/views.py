"""Pure functions from a Survey to the list of outputs to render, planned before rendering.

Each output knows its URL, template, context and a content key of everything it shows; the
keys are what lets `serve` re-render exactly the pages an edit affects.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, TypeVar

from site_src import figures, svg, urls
from site_src.data_files import bibliography, papers_json, scholarly_article
from site_src.dataset import data_fields, schema_text
from site_src.facets import paper_table
from site_src.feed import feed_entries
from site_src.home_pictures import home_pictures
from site_src.keys import Keys, Lazy
from site_src.memo import Memo
from site_src.model import Paper, Survey, TaxonomyNode
from site_src.paper_details import detail_rows, field_hints, in_a_sentence
from site_src.related import Relatedness
from site_src.trends import Cell, cells_with_papers, period_label, trend_charts

T = TypeVar("T")


def _unkeyed() -> str:
    return ""


class Once(Generic[T]):
    """A lazy value computed on first call, then kept: cheaper than `functools.cache` for the
    one-per-paper values planning makes and the preview mostly never asks for."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Lazy[T]) -> None:
        self._make: Lazy[T] | None = make
        self._value: T | None = None

    def __call__(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]


@dataclass(frozen=True)
class Output:
    """One file of the site: rendered from `template`, or given as `content`."""

    url: str
    template: str | None
    context: Mapping[str, Any] | Lazy[Mapping[str, Any]] = field(default_factory=dict)
    content: str | Lazy[str] | Lazy[Iterable[str]] | None = None
    key: Lazy[str] = _unkeyed
    """Digest of everything the output shows: equal keys mean equal bytes, so the preview
    skips rendering it. Computed only when asked: a build never needs it."""

    @property
    def path(self) -> str:
        return urls.output_path(self.url)

    def chunks(self, render: Callable[[str, Mapping[str, Any], str], Iterable[str]]
               ) -> Iterable[str]:
        """The output's text in pieces, rendering its template with `render` if it has one."""
        if self.template is None:
            assert self.content is not None
            content = self.content() if callable(self.content) else self.content
            return (content,) if isinstance(content, str) else content
        context = self.context() if callable(self.context) else self.context
        return render(self.template, context, self.url)


@dataclass(frozen=True)
class NodeView:
    node: TaxonomyNode
    url: str
    papers: tuple[Paper, ...]
    """Unique papers listed under the node or any descendant, newest first."""
    direct: tuple[Paper, ...]
    breadcrumbs: tuple[TaxonomyNode, ...]
    children: tuple[NodeView, ...]


def newest_first(papers: list[Paper] | tuple[Paper, ...]) -> tuple[Paper, ...]:
    return tuple(sorted(papers, key=lambda p: (-p.year, p.title.lower(), p.key)))


def node_views(survey: Survey, everything: tuple[Paper, ...] | None = None
               ) -> dict[str, NodeView]:
    """Each node's papers; `everything` is the survey's papers newest first, when the caller
    has them. Dealt out in that order, every node's list comes out sorted: no sort per node."""
    ordered = newest_first(survey.papers) if everything is None else everything
    lineage = {node_id: [node.id for node in survey.node_path(node_id)] for node_id in survey.nodes}
    direct: dict[str, list[Paper]] = {node_id: [] for node_id in survey.nodes}
    under: dict[str, list[Paper]] = {node_id: [] for node_id in survey.nodes}
    for paper in ordered:
        node_ids = paper.node_ids
        for node_id in node_ids:
            direct[node_id].append(paper)
        for above in {above for node_id in node_ids for above in lineage[node_id]}:
            under[above].append(paper)
    views: dict[str, NodeView] = {}

    def build(node: TaxonomyNode) -> NodeView:
        children = tuple(build(child) for child in node.children)
        view = NodeView(node, urls.node(node.id), tuple(under[node.id]), tuple(direct[node.id]),
                        tuple(survey.node_path(node.id)[:-1]), children)
        views[node.id] = view
        return view

    for root in survey.taxonomy:
        build(root)
    return views


def year_counts(papers: tuple[Paper, ...]) -> list[tuple[int, int]]:
    counts = Counter(p.year for p in papers)
    return sorted(counts.items())


def site_outputs(survey: Survey, inputs: str = "", memo: Memo | None = None) -> list[Output]:
    """Every file of the site, in a stable order; `inputs` identifies the templates in keys,
    and `memo` (the preview's) keeps each paper's digests while the paper is unchanged."""
    everything = newest_first(survey.papers)
    views = node_views(survey, everything)
    keys = Keys(survey, inputs, memo)
    shared = {"survey": survey, "nodes": views,
              "roots": tuple(views[root.id] for root in survey.taxonomy),
              "nav_pages": tuple(p for p in survey.pages if p.nav), **field_hints(survey)}
    years = year_counts(survey.papers)
    no_papers = partial(keys.of, ())
    outputs = [
        Output(urls.HOME, "home.html",
               lambda: {**shared, "years": years, **home_pictures(survey, views)},
               key=keys.everything),
        Output(urls.ALL_PAPERS, "papers.html",
               lambda: {**shared, "papers": everything, "years": years,
                        "table": paper_table(everything, survey)}, key=keys.everything),
        Output(urls.NOT_FOUND, "404.html", shared, key=no_papers),
        Output(urls.SEARCH, "search.html", shared, key=no_papers),
    ]

    def node_page(view: NodeView) -> dict[str, Any]:
        chart, counts = svg.node_chart(view.papers, view.node.title)
        return {**shared, "view": view, "chart": chart, "chart_counts": counts,
                "table": paper_table(view.papers, survey, view.node)}

    for view in views.values():
        outputs.append(Output(view.url, "node.html", partial(node_page, view),
                              key=partial(keys.of, view.papers, view.node.id)))
    ranking = Once(partial(Relatedness, survey.papers, survey.nodes, survey.config.language,
                           memo))
    code_recorded = any(p.code_url or p.code != "unknown" for p in survey.papers)

    def paper_page(paper: Paper, related: Lazy[tuple[Paper, ...]]) -> dict[str, Any]:
        return {**shared, "paper": paper, "related": related(),
                "details": detail_rows(paper, survey, code_recorded),
                "breadcrumbs": survey.node_path(paper.node_ids[0]),
                "article": scholarly_article(paper, survey)}

    for paper in survey.papers:
        related = Once(partial(_related, ranking, paper))
        if memo is None:
            # A build renders every page: ranking them all here, before render workers
            # start, lets the workers share the lists and frees the ranking's tables
            # (21 MiB more per worker at 10,000 papers when each ranked its own share).
            related()
        outputs.append(Output(urls.paper(paper.key), "paper.html",
                              partial(paper_page, paper, related),
                              key=partial(keys.page, paper, related)))
        if paper.bibtex:
            outputs.append(Output(urls.paper_bib(paper.key), None, content=paper.bibtex + "\n",
                                  key=partial(keys.of_paper, paper)))

    def year_page(year: int, in_year: tuple[Paper, ...]) -> dict[str, Any]:
        return {**shared, "year": year, "papers": in_year, "table": paper_table(in_year, survey),
                "years": years}

    by_year: dict[int, list[Paper]] = {year: [] for year, _count in years}
    for paper in everything:
        by_year[paper.year].append(paper)
    for year, listed in by_year.items():
        in_year = tuple(listed)
        outputs.append(Output(urls.year(year), "year.html", partial(year_page, year, in_year),
                              key=partial(keys.of, in_year, year, years)))
    for page in survey.pages:
        outputs.append(Output(urls.page(page.slug), "page.html",
                              {**shared, "page": page, "data_fields": data_fields(survey)},
                              key=partial(keys.of, (), page.slug)))
    outputs += chart_outputs(survey, shared, keys)
    page_urls = sorted(o.url for o in outputs if o.url != urls.NOT_FOUND)
    outputs += [
        Output("sitemap.xml", "sitemap.xml", {**shared, "page_urls": page_urls},
               key=partial(keys.of, survey.papers, page_urls)),
        Output("robots.txt", "robots.txt", shared, key=no_papers),
        Output("feed.xml", "feed.xml", lambda: {**shared, "entries": feed_entries(survey.papers)},
               key=partial(keys.with_records, survey.papers, survey.papers)),
        Output("papers.json", None, content=partial(papers_json, survey),
               key=partial(keys.with_records, survey.papers, survey.papers)),
        Output("references.bib", None, content=partial(bibliography, survey),
               key=partial(keys.with_records, survey.papers)),
        Output(urls.PAPERS_SCHEMA, None, content=partial(schema_text, survey),
               key=partial(keys.of, (), urls.PAPERS_SCHEMA)),
    ]
    return outputs


def _related(ranking: Lazy[Relatedness], paper: Paper) -> tuple[Paper, ...]:
    """Ranked when the paper's page or key is first needed: the preview checks few pages."""
    return ranking().related(paper)


def chart_outputs(survey: Survey, shared: Mapping[str, Any], keys: Keys) -> list[Output]:
    """The charts page and, for every bar segment or cell, the page listing its papers."""
    trends = trend_charts(survey)
    if trends is None:
        return []

    def charts_page() -> dict[str, Any]:
        """Builds the plotly figures: imports plotly, so only when the charts page is rendered."""
        assert trends is not None
        timeline, heatmap = figures.trend_page_charts(trends, urls.CHARTS)
        spec = survey.charts
        assert spec is not None
        labels = {f.name: in_a_sentence(f.label) for f in survey.fields}
        contains = " or ".join(labels.get(name, name) for name in spec.contains_fields)
        return {**shared, "trends": trends, "timeline": timeline, "heatmap": heatmap,
                "contains_label": contains}

    def cell_page(cell: Cell, period: str, papers: tuple[Paper, ...]) -> dict[str, Any]:
        return {**shared, "cell": cell, "period": period, "papers": papers,
                "table": paper_table(papers, survey)}

    outputs = [Output(urls.CHARTS, "charts.html", charts_page, key=keys.everything)]
    for cell in cells_with_papers(trends):
        cumulative = cell.url != urls.chart_cell(cell.category.id, cell.year)
        period = period_label(trends.years[0], cell.year, cumulative)
        papers = newest_first(cell.papers)
        outputs.append(Output(cell.url, "chart_papers.html",
                              partial(cell_page, cell, period, papers),
                              key=partial(keys.of, papers, cell.url, period)))
    return outputs
