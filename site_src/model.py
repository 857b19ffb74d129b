"""The validated survey: immutable objects that views and templates read.

Text fields keep their Markdown source; rendering to HTML is the render stage's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Citation:
    text: str
    doi: str = ""
    url: str = ""
    bibtex: str = ""


@dataclass(frozen=True)
class Badge:
    image: str
    url: str
    alt: str


@dataclass(frozen=True)
class ReadmeSectionText:
    heading: str
    text: str


@dataclass(frozen=True)
class ReadmeOptions:
    """How README.md is written; the defaults suit a new survey (see schema.README_FIELDS)."""

    title: str
    intro: str = ""
    entry: str = "paper-link"
    order: str = "listed"
    heading_offset: int = 2
    badges: tuple[Badge, ...] = ()
    website_line: bool = True
    new_marker: str = ""
    new_since: int = 0
    sections: tuple[ReadmeSectionText, ...] | None = None
    """None: the default closing section; () : none at all."""
    start_your_own: bool = True
    build_command: str = "survey-site build"


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
    readme: ReadmeOptions = ReadmeOptions("")
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
    short: str = ""
    """Title in the navigation bar; the full title when empty."""
    nav: bool = True
    page: str = ""
    """Slug of the prose page that explains this node (a dimension with no papers of its own
    would otherwise be a dead end)."""

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
    position: int | None = None


FieldValue = str | tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    means: tuple[str, ...] = ()
    """The values this one counts as in filters; empty: itself."""


@dataclass(frozen=True)
class PaperField:
    """A paper field a survey declares in content/fields.yaml, or a core field it places there."""

    name: str
    label: str
    type: str
    help: str = ""
    show: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    default: str = ""
    detail_label: str = ""
    missing: str = ""
    note: str = ""
    expected: bool = False
    core: bool = False

    @property
    def facet(self) -> str:
        """Name of its filter in URLs and row attributes: the label, lowercase and dashed."""
        return "-".join(re.findall(r"[a-z0-9]+", self.label.lower()))

    def empty(self) -> FieldValue:
        return () if self.type == "list" else self.default


@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    year: int
    url: str
    listings: tuple[Listing, ...]
    authors: tuple[str, ...] = ()
    venue: str = ""
    code: str = "unknown"
    code_url: str = ""
    fields: tuple[tuple[str, FieldValue], ...] = ()
    """The survey's own fields (content/fields.yaml), every declared one, in its order."""
    arxiv: str = ""
    doi: str = ""
    links: tuple[tuple[str, str], ...] = ()
    landmark: str = ""
    added: str = ""
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: when the paper joined the list."""
    description: str = ""
    bibtex: str = ""
    source_path: str = ""

    @property
    def node_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(listing.node_id for listing in self.listings))

    def value(self, name: str) -> FieldValue:
        """A survey field's value, or a core field's (venue, code) by the same name."""
        for field_name, value in self.fields:
            if field_name == name:
                return value
        found: FieldValue = getattr(self, name)
        return found


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
    includes: tuple[str, ...] = ()
    """Generated parts after the text (schema.PAGE_INCLUDES)."""


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

    @property
    def legend(self) -> str:
        """'Techniques (T)', or just 'Techniques' when the group has no short name of its own."""
        return self.label if self.short == self.label else f"{self.label} ({self.short})"


@dataclass(frozen=True)
class ChartSpec:
    categories: tuple[ChartCategory, ...]
    timeline_title: str = ""
    groups: tuple[ChartGroup, ...] = ()
    heatmap_title: str = ""
    heatmap_rows: tuple[str, ...] = ()
    contains_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaxonomyLabels:
    """What the taxonomy's levels are called, from taxonomy.yaml: filter legends and the like."""

    top: str = "Section"
    node: str = "Taxonomy node"


@dataclass(frozen=True)
class Survey:
    config: SiteConfig
    taxonomy: tuple[TaxonomyNode, ...]
    papers: tuple[Paper, ...]
    pages: tuple[ProsePage, ...] = ()
    nodes: dict[str, TaxonomyNode] = field(default_factory=dict)
    charts: ChartSpec | None = None
    fields: tuple[PaperField, ...] = ()
    """Where each field shows, in the order of content/fields.yaml; core placements included."""
    labels: TaxonomyLabels = field(default_factory=lambda: TaxonomyLabels())

    def shown(self, place: str) -> tuple[PaperField, ...]:
        """The fields shown at `place` (column, filter, detail, search), in declared order."""
        return tuple(f for f in self.fields if place in f.show)

    def node_path(self, node_id: str) -> list[TaxonomyNode]:
        """Ancestors from the root down to the node itself (breadcrumbs)."""
        path: list[TaxonomyNode] = []
        current: str | None = node_id
        while current is not None:
            node = self.nodes[current]
            path.append(node)
            current = node.parent_id
        return path[::-1]
