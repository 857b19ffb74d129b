"""Every field a content file may carry, with its type and the help text shown to contributors.

The same table drives validation (unknown fields are rejected), the `new` scaffold and the
documentation test that keeps CONTRIBUTING.md complete.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "int", "bool", "text_list", "url", "choice", "url_map", "mapping", "any"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()


YEAR_SOURCES = ("listing", "table", "arxiv", "doi", "venue", "references", "bib")
CODE_CHOICES = ("yes", "no", "unknown")
ENVIRONMENT_CHOICES = ("simulation", "real", "both", "unknown")

SITE_FIELDS = (
    Field("title", "text", "Survey title, shown in every page header.", required=True),
    Field("description", "text", "One-line summary for search engines and the feed.", required=True),
    Field("base_url", "url", "Absolute URL the site is published at, with its sub-path "
          "(used for canonical links, sitemap and feed; internal links stay relative).",
          required=True),
    Field("repository", "url", "Source repository, linked from every page.", required=True),
    Field("language", "text", "BCP 47 language tag of the content, e.g. `en`."),
    Field("authors", "text_list", "Authors of the survey."),
    Field("abstract", "text", "Markdown abstract shown on the home page."),
    Field("keywords", "text_list", "Keywords for the home page and metadata."),
    Field("citation", "mapping", "How to cite the survey: `text`, `doi`, `url`, `bibtex`."),
    Field("readme", "mapping", "Generated README: `title` and Markdown `intro`."),
    Field("watch", "mapping", "What `watch` asks arXiv for: `queries` and `categories`."),
)

WATCH_FIELDS = (
    Field("queries", "text_list", "arXiv search expressions; a paper matching any of them is "
          "a candidate.", required=True),
    Field("categories", "text_list", "arXiv categories, e.g. `cs.RO`; candidates must be in "
          "one of them (default: any)."),
)

CITATION_FIELDS = (
    Field("text", "text", "Formatted reference.", required=True),
    Field("doi", "text", "DOI of the survey."),
    Field("url", "url", "Link to the published survey."),
    Field("bibtex", "text", "BibTeX entry of the survey."),
)

README_FIELDS = (
    Field("title", "text", "Top heading of README.md.", required=True),
    Field("intro", "text", "Markdown paragraph under the title."),
)

NODE_FIELDS = (
    Field("id", "text", "Stable kebab-case id used by papers and URLs.", required=True),
    Field("title", "text", "Title shown on the site.", required=True),
    Field("description", "text", "Short Markdown description of the node."),
    Field("readme", "mapping", "README placement: `heading` (text, default the title), "
          "`list_papers` (default true), `show` (default true)."),
    Field("children", "any", "Sub-nodes, same shape."),
)

NODE_README_FIELDS = (
    Field("heading", "text", "Heading text in README.md."),
    Field("list_papers", "bool", "List this node's papers under its README heading."),
    Field("show", "bool", "Give the node a README heading at all (default true)."),
)

PAPER_FIELDS = (
    Field("key", "text", "BibTeX key of the paper; equals the file name.", required=True),
    Field("title", "text", "Title; defaults to the BibTeX title."),
    Field("taxonomy", "any", "Taxonomy node ids the paper is listed under; an item may be "
          "`{node, title, url}` to list it there with another title or link.", required=True),
    Field("year", "int", "Publication year (first version).", required=True),
    Field("year_source", "choice", "Where the year comes from.", choices=YEAR_SOURCES),
    Field("added", "text", "When the paper joined the list: a year or an ISO date "
          "(`2025`, `2025-03-14`); the README marks the entry `(2025)!`."),
    Field("framework", "text", "Name of the method or framework."),
    Field("base_model", "text_list", "Generative base models or architectures used."),
    Field("network", "text", "Policy or value network."),
    Field("code", "choice", "Is code available?", choices=CODE_CHOICES),
    Field("code_url", "url", "Link to the code."),
    Field("training_data", "text", "Training data or dataset."),
    Field("rl_task", "text_list", "What the generative model does for RL (e.g. reward signal)."),
    Field("application", "text", "Application domain or modules."),
    Field("environment", "choice", "Evaluated in simulation, the real world or both.",
          choices=ENVIRONMENT_CHOICES),
    Field("environment_detail", "text", "Simulator or robot used."),
    Field("arxiv", "text", "arXiv identifier, e.g. `2310.12931`."),
    Field("doi", "text", "DOI, e.g. `10.1016/j.inffus.2025.104003`."),
    Field("links", "url_map", "Other links, name to URL (project page, video, ...)."),
    Field("landmark", "text", "Short label: the paper is marked as a landmark in charts."),
)

LISTING_FIELDS = (
    Field("node", "text", "Taxonomy node id.", required=True),
    Field("title", "text", "Title as listed under this node."),
    Field("url", "url", "Link as listed under this node."),
)

PAGE_FIELDS = (
    Field("title", "text", "Page title.", required=True),
    Field("description", "text", "One-line summary for metadata."),
    Field("order", "int", "Position in the navigation (ascending)."),
    Field("nav", "bool", "Show the page in the top navigation."),
    Field("tables", "text_list", "Ids of `content/tables/<id>.yaml` shown after the text."),
)

TABLE_FIELDS = (
    Field("caption", "text", "Table caption.", required=True),
    Field("source", "text", "Where the numbers come from."),
    Field("columns", "text_list", "Column headers.", required=True),
    Field("rows", "any", "Rows: lists of cells (inline Markdown).", required=True),
)

ALL_SCHEMAS = {
    "site.yaml": SITE_FIELDS,
    "site.yaml citation": CITATION_FIELDS,
    "site.yaml readme": README_FIELDS,
    "site.yaml watch": WATCH_FIELDS,
    "taxonomy.yaml node": NODE_FIELDS,
    "taxonomy.yaml node readme": NODE_README_FIELDS,
    "paper front-matter": PAPER_FIELDS,
    "paper taxonomy listing": LISTING_FIELDS,
    "page front-matter": PAGE_FIELDS,
    "table": TABLE_FIELDS,
}

CHART_FIELDS = (
    Field("categories", "any", "Chart categories: `{id, label, nodes, model_contains, exclude, "
          "color}`.", required=True),
    Field("timeline", "mapping", "Stacked bars per year: `title` and `groups`."),
    Field("heatmap", "mapping", "Category x year heatmap: `title` and `categories`."),
)

CHART_CATEGORY_FIELDS = (
    Field("id", "text", "Stable kebab-case id, used in URLs and by the charts.", required=True),
    Field("label", "text", "Name shown in legends, tables and tooltips.", required=True),
    Field("nodes", "text_list", "Taxonomy node ids; their descendants count too.", required=True),
    Field("model_contains", "text_list", "Count only papers whose `network` or `base_model` "
          "mentions one of these words (case-insensitive)."),
    Field("exclude", "text_list", "Count only papers in none of these categories (defined above)."),
    Field("color", "text", "Fill colour as `#rrggbb`.", required=True),
)

CHART_TIMELINE_FIELDS = (
    Field("title", "text", "Chart title.", required=True),
    Field("groups", "any", "Bars side by side per year: `{label, short, categories}`.",
          required=True),
)

CHART_GROUP_FIELDS = (
    Field("label", "text", "Legend heading of the group.", required=True),
    Field("short", "text", "Short name under each bar (default: the label)."),
    Field("categories", "text_list", "Category ids stacked in this bar, bottom first.",
          required=True),
)

CHART_HEATMAP_FIELDS = (
    Field("title", "text", "Chart title.", required=True),
    Field("categories", "text_list", "Category ids, one row each, top first.", required=True),
)

ALL_SCHEMAS.update({
    "charts.yaml": CHART_FIELDS,
    "charts.yaml category": CHART_CATEGORY_FIELDS,
    "charts.yaml timeline": CHART_TIMELINE_FIELDS,
    "charts.yaml timeline group": CHART_GROUP_FIELDS,
    "charts.yaml heatmap": CHART_HEATMAP_FIELDS,
})
