"""The validated survey: immutable objects that views and templates read.

Text fields keep their Markdown source; rendering to HTML is the render stage's job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Citation:
    text: str
    doi: str = ""
    url: str = ""
    bibtex: str = ""


@dataclass(frozen=True)
class SiteConfig:
    title: str
    description: str
    base_url: str
    repository: str
    language: str = "en"
    authors: tuple[str, ...] = ()
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    citation: Citation | None = None
    readme_title: str = ""
    readme_intro: str = ""
    watch_queries: tuple[str, ...] = ()
    watch_categories: tuple[str, ...] = ()

    @property
    def base_path(self) -> str:
        """Path part of the base URL, always ending in '/': where the site root is served."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class TaxonomyNode:
    id: str
    title: str
    description: str
    readme_heading: str
    list_papers: bool
    readme_show: bool
    depth: int
    parent_id: str | None
    children: tuple[TaxonomyNode, ...] = ()

    def walk(self) -> list[TaxonomyNode]:
        """This node and its descendants in document order."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


@dataclass(frozen=True)
class Listing:
    """One line of the awesome list: a paper under a node, with the title and link shown there."""

    node_id: str
    title: str
    url: str


@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    year: int
    url: str
    listings: tuple[Listing, ...]
    year_source: str = ""
    added: str = ""
    authors: tuple[str, ...] = ()
    venue: str = ""
    framework: str = ""
    base_model: tuple[str, ...] = ()
    network: str = ""
    code: str = "unknown"
    code_url: str = ""
    training_data: str = ""
    rl_task: tuple[str, ...] = ()
    application: str = ""
    environment: str = "unknown"
    environment_detail: str = ""
    arxiv: str = ""
    doi: str = ""
    links: tuple[tuple[str, str], ...] = ()
    landmark: str = ""
    description: str = ""
    bibtex: str = ""
    source_path: str = ""

    @property
    def node_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(listing.node_id for listing in self.listings))


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str = ""


@dataclass(frozen=True)
class ProsePage:
    slug: str
    title: str
    body: str
    description: str = ""
    order: int = 0
    nav: bool = True
    tables: tuple[Table, ...] = ()
    source_path: str = ""


@dataclass(frozen=True)
class ChartCategory:
    """A named set of papers for the trend charts, declared in content/charts.yaml."""

    id: str
    label: str
    nodes: tuple[str, ...]
    color: str
    model_contains: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartGroup:
    """One bar per year, stacking its categories bottom first."""

    label: str
    short: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class ChartSpec:
    categories: tuple[ChartCategory, ...]
    timeline_title: str = ""
    groups: tuple[ChartGroup, ...] = ()
    heatmap_title: str = ""
    heatmap_rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Survey:
    config: SiteConfig
    taxonomy: tuple[TaxonomyNode, ...]
    papers: tuple[Paper, ...]
    pages: tuple[ProsePage, ...] = ()
    nodes: dict[str, TaxonomyNode] = field(default_factory=dict)
    charts: ChartSpec | None = None

    def node_path(self, node_id: str) -> list[TaxonomyNode]:
        """Ancestors from the root down to the node itself (breadcrumbs)."""
        path: list[TaxonomyNode] = []
        current: str | None = node_id
        while current is not None:
            node = self.nodes[current]
            path.append(node)
            current = node.parent_id
        return path[::-1]
