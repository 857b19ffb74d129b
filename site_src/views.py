"""Pure functions from a Survey to the list of outputs to render, planned before rendering.

Each output knows its URL, template, context and a content key of everything it shows; the
keys are what lets `serve` re-render exactly the pages an edit affects.
"""
from __future__ import annotations

import hashlib
import pickle
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any, TypeVar

from site_src import figures, svg, urls
from site_src.data_files import bibliography, papers_json, scholarly_article
from site_src.dataset import data_fields, schema_text
from site_src.facets import paper_table
from site_src.home_pictures import home_pictures
from site_src.model import Paper, Survey, TaxonomyNode
from site_src.paper_details import detail_rows, field_hints, in_a_sentence
from site_src.related import Relatedness
from site_src.trends import Cell, cells_with_papers, period_label, trend_charts

T = TypeVar("T")


Lazy = Callable[[], T]
"""Work deferred until the output is rendered: skipped outputs never pay for it."""


def _unkeyed() -> str:
    return ""


def digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


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


def node_views(survey: Survey) -> dict[str, NodeView]:
    direct: dict[str, list[Paper]] = {node_id: [] for node_id in survey.nodes}
    for paper in survey.papers:
        for node_id in paper.node_ids:
            direct[node_id].append(paper)
    views: dict[str, NodeView] = {}

    def build(node: TaxonomyNode) -> NodeView:
        children = tuple(build(child) for child in node.children)
        subtree = {p.key: p for p in direct[node.id]}
        for child in children:
            subtree.update((p.key, p) for p in child.papers)
        view = NodeView(node, urls.node(node.id), newest_first(list(subtree.values())),
                        newest_first(direct[node.id]), tuple(survey.node_path(node.id)[:-1]),
                        children)
        views[node.id] = view
        return view

    for root in survey.taxonomy:
        build(root)
    return views


FEED_SIZE = 50
_ARXIV_MONTH = re.compile(r"(?:^|/)(\d{2})(\d{2})[.\d]")


def _arxiv_month(paper: Paper) -> str:
    """The first day of the month in the paper's arXiv identifier (2310.12931 -> 2023-10-01,
    math/0601001 -> 2006-01-01), if it is within a year of the paper's year; else ""."""
    match = _ARXIV_MONTH.search(paper.arxiv)
    if not match or not 1 <= int(match[2]) <= 12:
        return ""
    year = (1900 if int(match[1]) >= 91 else 2000) + int(match[1])
    return f"{year}-{match[2]}-01" if abs(year - paper.year) <= 1 else ""


def first_seen(paper: Paper) -> str:
    """The ISO date of a paper's feed entry: the day it joined the list (`added`), made as
    precise as its arXiv month allows when `added` is only a year; without `added`, its
    arXiv month or 1 January of its year. Read from the content, never the clock or git,
    so the same content gives the same feed."""
    arxiv = _arxiv_month(paper)
    if paper.added:
        if len(paper.added) == 4 and arxiv.startswith(paper.added):
            return arxiv
        return paper.added + "-01-01"[len(paper.added) - 4:]
    return arxiv or f"{paper.year}-01-01"


def feed_entries(papers: Iterable[Paper]) -> list[tuple[Paper, str]]:
    """The FEED_SIZE most recently appeared papers, newest first, each with its date."""
    dated = sorted(((paper, first_seen(paper)) for paper in papers),
                   key=lambda entry: (entry[1], entry[0].key), reverse=True)
    return dated[:FEED_SIZE]


def year_counts(papers: tuple[Paper, ...]) -> list[tuple[int, int]]:
    counts = Counter(p.year for p in papers)
    return sorted(counts.items())


class _Keys:
    """Content keys of outputs: a digest of the shared inputs plus what one page shows.

    `shared` covers what every page may show (configuration, taxonomy, prose pages, the
    paper count, templates and generator code via `inputs`); each paper adds the digest of
    its whole record, so a paper page's key changes exactly when it does. Lists of papers
    show neither descriptions, BibTeX nor extra links: their keys use `listed`, which leaves
    those out, so editing a paper's text re-renders its own page but no list.
    """

    def __init__(self, survey: Survey, inputs: str) -> None:
        self.survey, self.inputs = survey, inputs

    @cached_property
    def shared(self) -> str:
        survey = self.survey
        return digest(pickle.dumps((self.inputs, survey.config, survey.taxonomy, survey.pages,
                                    survey.charts, survey.fields, survey.labels,
                                    len(survey.papers))))

    @cached_property
    def whole(self) -> dict[str, str]:
        return {p.key: digest(pickle.dumps(p)) for p in self.survey.papers}

    @cached_property
    def listed(self) -> dict[str, str]:
        return {p.key: digest(pickle.dumps(replace(p, description="", bibtex="", links=())))
                for p in self.survey.papers}

    def of(self, papers: Iterable[Paper], *extra: object) -> str:
        """Key of a page listing `papers`."""
        parts = [self.shared, *(self.listed[p.key] for p in papers), repr(extra)]
        return digest("\0".join(parts).encode())

    def page(self, paper: Paper, related: Iterable[Paper]) -> str:
        return digest("\0".join([self.whole[paper.key], self.of(related)]).encode())

    def everything(self) -> str:
        return self.of(self.survey.papers)

    def with_records(self, papers: Iterable[Paper], listed: Iterable[Paper] = ()) -> str:
        """Key of an output showing the whole records of `papers`."""
        return self.of(listed, [self.whole[p.key] for p in papers])

    def of_paper(self, paper: Paper) -> str:
        return self.whole[paper.key]


def site_outputs(survey: Survey, inputs: str = "") -> list[Output]:
    """Every file of the site, in a stable order; `inputs` identifies the templates in keys."""
    views = node_views(survey)
    keys = _Keys(survey, inputs)
    shared = {"survey": survey, "nodes": views,
              "roots": tuple(views[root.id] for root in survey.taxonomy),
              "nav_pages": tuple(p for p in survey.pages if p.nav), **field_hints(survey)}
    years = year_counts(survey.papers)
    everything = newest_first(survey.papers)
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
    relatedness = Relatedness(survey.papers, survey.nodes, survey.config.language)

    code_recorded = any(p.code_url or p.code != "unknown" for p in survey.papers)

    def paper_page(paper: Paper, related: tuple[Paper, ...]) -> dict[str, Any]:
        return {**shared, "paper": paper, "related": related,
                "details": detail_rows(paper, survey, code_recorded),
                "breadcrumbs": survey.node_path(paper.node_ids[0]),
                "article": scholarly_article(paper, survey)}

    for paper in survey.papers:
        related = relatedness.related(paper)
        outputs.append(Output(urls.paper(paper.key), "paper.html",
                              partial(paper_page, paper, related),
                              key=partial(keys.page, paper, related)))
        if paper.bibtex:
            outputs.append(Output(urls.paper_bib(paper.key), None, content=paper.bibtex + "\n",
                                  key=partial(keys.of_paper, paper)))

    def year_page(year: int, in_year: tuple[Paper, ...]) -> dict[str, Any]:
        return {**shared, "year": year, "papers": in_year, "table": paper_table(in_year, survey),
                "years": years}

    for year, _count in years:
        in_year = tuple(p for p in everything if p.year == year)
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
        Output("feed.xml", "feed.xml", {**shared, "entries": feed_entries(survey.papers)},
               key=partial(keys.with_records, survey.papers, survey.papers)),
        Output("papers.json", None, content=partial(papers_json, survey),
               key=partial(keys.with_records, survey.papers, survey.papers)),
        Output("references.bib", None, content=partial(bibliography, survey),
               key=partial(keys.with_records, survey.papers)),
        Output(urls.PAPERS_SCHEMA, None, content=partial(schema_text, survey),
               key=partial(keys.of, (), urls.PAPERS_SCHEMA)),
    ]
    return outputs


def chart_outputs(survey: Survey, shared: Mapping[str, Any], keys: _Keys) -> list[Output]:
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
