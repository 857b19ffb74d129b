"""Every field a content file may carry, with its type and the help text shown to contributors.

The same table drives validation (unknown fields are rejected), the `new` scaffold and the
documentation test that keeps CONTRIBUTING.md complete.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "int", "bool", "text_list", "url", "choice", "url_map", "mapping", "date",
               "any"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()


CODE_CHOICES = ("yes", "no", "unknown")
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
    Field("readme", "mapping", "Generated README: title, intro and how entries are written "
          "(see `site.yaml readme`)."),
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

ENTRY_STYLES = ("paper-link", "title-link", "numbered", "nested")
ORDERS = ("listed", "year")

README_FIELDS = (
    Field("title", "text", "Top heading of README.md.", required=True),
    Field("intro", "text", "Markdown paragraph under the title."),
    Field("entry", "choice", "How a paper line reads: `paper-link` (`- Title [[paper]](url) "
          "[[code]](url)`, the default), `title-link` (`- [Title](url)`), `numbered` "
          "(`1. Title. Venue Year. [[paper]](url)`) or `nested` (`- [Title](url)` with "
          "authors and venue in nested bullets).", choices=ENTRY_STYLES),
    Field("order", "choice", "Order of the papers within a section: `listed` (each listing's "
          "`position`, as imported; papers without one follow by year, the default) or `year` "
          "(oldest first, then title).", choices=ORDERS),
    Field("heading_offset", "int", "Heading level of the top taxonomy nodes (default 2, `##`); "
          "deeper nodes go one level down each, up to `######`."),
    Field("badges", "any", "Badges under the title: a list of `{image, url, alt}`."),
    Field("website_line", "bool", "Link the website with its paper count under the intro "
                                  "(default true)."),
    Field("new_marker", "text", "Text before a paper added recently, `{year}` standing for the "
          "year of its `added` date, e.g. `({year})! `. Default: none."),
    Field("new_since", "int", "Mark papers whose `added` year is this year or later "
                              "(default: every paper with an `added` date)."),
    Field("sections", "any", "Sections at the end: a list of `{heading, text}` (Markdown). "
          "Default: a short note on where the list comes from and how to add a paper."),
    Field("build_command", "text", "The command named as the README's generator (default "
          "`survey-site build`)."),
    Field("start_your_own", "bool", "End with \"Start your own survey\": the commands that "
          "make a survey like this one (default true)."),
)

BADGE_FIELDS = (
    Field("image", "url", "Badge image URL.", required=True),
    Field("url", "url", "Where the badge links to.", required=True),
    Field("alt", "text", "Text of the badge for screen readers.", required=True),
)

README_SECTION_FIELDS = (
    Field("heading", "text", "Section heading (level 2).", required=True),
    Field("text", "text", "Markdown text of the section.", required=True),
)

NODE_FIELDS = (
    Field("id", "text", "Stable kebab-case id used by papers and URLs.", required=True),
    Field("title", "text", "Title shown on the site.", required=True),
    Field("short", "text", "Short title for the navigation bar (default: the title)."),
    Field("nav", "bool", "List a top-level node in the navigation bar (default true)."),
    Field("description", "text", "Short Markdown description of the node."),
    Field("page", "text", "Slug of a prose page (content/pages/SLUG.md) that explains the node."),
    Field("readme", "mapping", "README placement: `heading` (text, default the title), "
          "`list_papers` (default true), `show` (default true)."),
    Field("children", "any", "Sub-nodes, same shape."),
)

TAXONOMY_LABEL_FIELDS = (
    Field("top", "text", "What a top-level node is, e.g. `Perspective`: the legend of the filter "
          "by top-level node (default `Section`)."),
    Field("node", "text", "What any node is: the legend of the filter by node (default "
          "`Taxonomy node`)."),
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
    Field("code", "choice", "Is code available?", choices=CODE_CHOICES),
    Field("code_url", "url", "Link to the code."),
    Field("arxiv", "text", "arXiv identifier, e.g. `2310.12931`."),
    Field("doi", "text", "DOI, e.g. `10.1016/j.inffus.2025.104003`."),
    Field("links", "url_map", "Other links, name to URL (project page, video, ...)."),
    Field("landmark", "text", "Short label: the paper is marked as a landmark in charts."),
    Field("added", "date", "When the paper joined the list: `2025`, `2025-03` or `2025-03-14`; "
          "drives the README's \"new\" marker."),
)
"""The core schema, what every survey has; a survey's own fields come from content/fields.yaml.
Authors, venue and the paper's link come from its BibTeX entry."""

RECORD_FIELDS = (
    Field("url", "url", "Link to the paper."),
    Field("authors", "text_list", "Authors as the BibTeX entry names them; `others` stands for "
          "the ones it leaves out."),
    Field("venue", "text", "Journal, conference or workshop, from the BibTeX entry."),
    Field("listings", "any", "Every line of the list that shows the paper: the node it is "
          "under, with the title and link shown there."),
    Field("description", "text", "What the paper does, in Markdown: the body of its paper file."),
    Field("page", "text", "The paper's page, relative to the site root."),
    Field("bibtex", "text", "The paper's BibTeX entry."),
)
"""What a paper's record in papers.json adds to its front-matter: taken from the BibTeX entry,
the paper file's body and the site. No front-matter or declared field may use these names."""

FIELD_TYPES = ("text", "list", "choice", "url", "yesno")
PLACES = ("column", "filter", "detail", "search")
PLACEABLE_CORE = {"venue": ("column", "search"), "code": ("column", "filter", "detail")}
"""Core fields fields.yaml may name to place among its own, with where they show by default."""

DECLARATION_FIELDS = (
    Field("name", "text", "Front-matter name of the field: lowercase letters, digits and `_`.",
          required=True),
    Field("label", "text", "Name shown to readers: column header, filter legend, detail row."),
    Field("type", "choice", "`text`, `list` (of texts), `choice` (one of `values`), `url` or "
          "`yesno` (yes, no or unknown).", choices=FIELD_TYPES),
    Field("help", "text", "What the field holds, for contributors (scaffold, errors, docs)."),
    Field("values", "any", "For `choice`: the vocabulary, a list of values or of "
          "`{value, label, means}` (`means`: the values it counts as in filters)."),
    Field("default", "text", "Value of a paper that does not set the field (a choice's value)."),
    Field("show", "text_list", "Where it shows: any of `column`, `filter`, `detail`, `search`."),
    Field("detail_label", "text", "Label of the paper page's detail row (default: `label`)."),
    Field("missing", "text", "Shown in the detail row when a paper has no value (default: no "
          "row)."),
    Field("note", "text", "Name of another field shown in brackets after this one's value on "
          "paper pages."),
    Field("expected", "bool", "`check` warns about papers that do not set the field."),
)

VOCABULARY_FIELDS = (
    Field("value", "text", "The value papers write.", required=True),
    Field("label", "text", "Name shown in filters (default: the value)."),
    Field("means", "text_list", "Values this one counts as in filters, e.g. `both` as "
          "`[simulation, real]`."),
)

LISTING_FIELDS = (
    Field("node", "text", "Taxonomy node id.", required=True),
    Field("title", "text", "Title as listed under this node."),
    Field("url", "url", "Link as listed under this node."),
    Field("position", "int", "Place of the entry in the imported list; with `readme.order: "
          "listed` the README keeps that order."),
)

PAGE_INCLUDES = ("citation", "data")
PAGE_FIELDS = (
    Field("title", "text", "Page title.", required=True),
    Field("description", "text", "One-line summary for metadata."),
    Field("order", "int", "Position in the navigation (ascending)."),
    Field("nav", "bool", "Show the page in the top navigation."),
    Field("tables", "text_list", "Ids of `content/tables/<id>.yaml` shown after the text."),
    Field("includes", "text_list", "Parts the generator writes after the text and tables: "
          "`citation` (the BibTeX entry of `site.yaml citation`, with a copy button and a link "
          "to the site's references.bib) and `data` (the data files the site publishes, and the "
          "fields of a paper's record in papers.json).", choices=PAGE_INCLUDES),
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
    "site.yaml readme badge": BADGE_FIELDS,
    "site.yaml readme section": README_SECTION_FIELDS,
    "site.yaml watch": WATCH_FIELDS,
    "taxonomy.yaml node": NODE_FIELDS,
    "taxonomy.yaml node readme": NODE_README_FIELDS,
    "taxonomy.yaml labels": TAXONOMY_LABEL_FIELDS,
    "paper front-matter": PAPER_FIELDS,
    "fields.yaml field": DECLARATION_FIELDS,
    "fields.yaml value": VOCABULARY_FIELDS,
    "paper taxonomy listing": LISTING_FIELDS,
    "page front-matter": PAGE_FIELDS,
    "table": TABLE_FIELDS,
}

CHART_FIELDS = (
    Field("categories", "any", "Chart categories: `{id, label, nodes, model_contains, exclude, "
          "color}`.", required=True),
    Field("timeline", "mapping", "Stacked bars per year: `title` and `groups`."),
    Field("heatmap", "mapping", "Category x year heatmap: `title` and `categories`."),
    Field("contains_fields", "text_list", "Paper fields (of fields.yaml) that the categories' "
          "`model_contains` words are looked for in."),
)

CHART_CATEGORY_FIELDS = (
    Field("id", "text", "Stable kebab-case id, used in URLs and by the charts.", required=True),
    Field("label", "text", "Name shown in legends, tables and tooltips.", required=True),
    Field("nodes", "text_list", "Taxonomy node ids; their descendants count too.", required=True),
    Field("model_contains", "text_list", "Count only papers whose `contains_fields` mention "
          "one of these words (case-insensitive)."),
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
