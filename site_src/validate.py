"""Cross-file checks that turn loaded sources into a Survey, or into diagnostics.

Errors stop the build; warnings (unused bib entries, years without a source) are
reported and become errors under `check --strict`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath

from site_src.diagnostics import Diagnostic, did_you_mean
from site_src.load.bib import BibEntry
from site_src.load.charts import ChartSpecSource
from site_src.load.fields import is_web_url
from site_src.load.pages import PageSource
from site_src.load.papers import PaperSource
from site_src.markdown import markdown_renderer
from site_src.memo import Memo, recall
from site_src.model import (
    FieldValue,
    Listing,
    Paper,
    PaperField,
    ProsePage,
    SiteConfig,
    Survey,
    Table,
    TaxonomyNode,
)

MIN_YEAR, MAX_YEAR = 1950, 2100
ARXIV_IN_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})", re.IGNORECASE)
DOI_IN_URL = re.compile(r"doi\.org/(10\.\d{4,9}/\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class Sources:
    config: SiteConfig
    taxonomy: tuple[TaxonomyNode, ...]
    bib: dict[str, BibEntry]
    bib_path: str
    papers: list[PaperSource]
    pages: list[PageSource]
    tables: dict[str, Table]
    fields: tuple[PaperField, ...] = ()

# Markdown is shown on pages at different depths, so a relative link breaks on some of them.
ALLOWED_LINKS = re.compile(r"^(?:https?://[^\s/]+|mailto:\S|#\S)", re.IGNORECASE)
# markdown-it silently turns a javascript: link into text; this parser keeps every link
# so a forbidden one is reported instead of dropped.
_LINK_PARSER = markdown_renderer()
_LINK_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]


# Every link markdown-it can find starts at '](' (inline link or image), ']:' (reference
# definition) or '<' (autolink); html is off and linkify is not enabled.
_LINK_SYNTAX = re.compile(r"\](?:\(|:)|<")
_PLAINLY_ALLOWED = re.compile(r"\]\((?:https?://|mailto:|#)[A-Za-z0-9]")


def _may_hold_bad_link(text: str) -> bool:
    """False only when no link in `text` can fail ALLOWED_LINKS, so parsing can be skipped.

    A superset check: an inline link's target begins right after its '](' and keeps its
    start through markdown-it's normalisation; anything else goes to the real parser.
    """
    return any(not _PLAINLY_ALLOWED.match(text, found.start())
               for found in _LINK_SYNTAX.finditer(text))


def markdown_link_problems(text: str, path: str, first_line: int) -> list[Diagnostic]:
    if not _may_hold_bad_link(text):
        return []
    problems = []
    for block in _LINK_PARSER.parse(text):
        for token in block.children or ():
            target = token.attrs.get("href", token.attrs.get("src"))
            if target is not None and not ALLOWED_LINKS.match(str(target)):
                line = first_line + (block.map[0] if block.map else 0)
                problems.append(Diagnostic(path, line, "", f"link '{target}' is not allowed",
                                           "link with an absolute https:// URL, mailto: or "
                                           "#fragment; relative links break on other pages"))
    return problems


def normalised_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", title.lower())


def identities(title: str, url: str = "", arxiv: str = "", doi: str = "") -> Iterable[tuple[str, str]]:
    """What makes two entries the same paper, even under different keys or links."""
    arxiv = arxiv or next(iter(ARXIV_IN_URL.findall(url)), "")
    doi = doi or next(iter(DOI_IN_URL.findall(url)), "")
    if arxiv:
        yield "arXiv id", arxiv.split("v")[0]
    if doi:
        yield "DOI", doi.lower()
    if normalised_title(title):
        yield "title", normalised_title(title)


def identity_keys(paper: Paper) -> Iterable[tuple[str, str]]:
    return identities(paper.title, paper.url, paper.arxiv, paper.doi)


def _field_values(source: PaperSource, fields: tuple[PaperField, ...], problems: list[Diagnostic]
                  ) -> tuple[tuple[str, FieldValue], ...]:
    """Every declared field's value, its default when the paper leaves it out."""
    values = []
    for declared in fields:
        if declared.core:
            continue
        if declared.expected and declared.name not in source.values:
            problems.append(Diagnostic(source.path, 1, declared.name,
                                       f"{declared.label} is not set",
                                       declared.help or f"add '{declared.name}:'",
                                       level="warning"))
        values.append((declared.name, source.values.get(declared.name, declared.empty())))
    return tuple(values)


def _paper(source: PaperSource, entry: BibEntry | None, nodes: dict[str, TaxonomyNode],
           fields: tuple[PaperField, ...], problems: list[Diagnostic]) -> Paper | None:
    v = source.values
    path = source.path
    bib_fields = entry.fields if entry else {}
    title = v.get("title") or bib_fields.get("title", "")
    url = bib_fields.get("url", "")
    if not title and entry is not None:
        problems.append(Diagnostic(path, 1, "title", "paper has no title",
                                   "add 'title:' here or a title field to the BibTeX entry"))
    listings: list[Listing] = []
    for listing in source.listings:
        if listing.node_id not in nodes:
            problems.append(Diagnostic(path, listing.line, "taxonomy",
                                       f"unknown taxonomy id '{listing.node_id}'",
                                       did_you_mean(listing.node_id, nodes)))
            continue
        listings.append(Listing(listing.node_id, listing.title or title, listing.url or url,
                                listing.position))
    if url and not is_web_url(url):
        problems.append(Diagnostic(path, source.line_of("key"), "url",
                                   f"BibTeX url '{url}' is not an absolute http(s) URL",
                                   "fix the url field of the BibTeX entry"))
        url = ""
    if not url:
        url = next((item.url for item in listings if item.url), "")
    if not url and entry is not None:
        problems.append(Diagnostic(path, source.line_of("key"), "url",
                                   "paper has no link",
                                   "add a url field to its BibTeX entry"))
    year = v.get("year")
    if isinstance(year, int) and not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(Diagnostic(path, source.line_of("year"), "year",
                                   f"year {year} is out of range",
                                   f"use the first publication year ({MIN_YEAR}-{MAX_YEAR})"))
        return None
    if year is None or not title or not url or len(listings) != len(source.listings):
        return None
    bib_year = bib_fields.get("year", "")
    if bib_year and bib_year != str(year):
        problems.append(Diagnostic(path, source.line_of("year"), "year",
                                   f"year {year} differs from the BibTeX year {bib_year}",
                                   "make the two agree", level="warning"))
    arxiv = v.get("arxiv", "") or bib_fields.get("eprint", "")
    return Paper(
        key=source.stem, title=title, year=year, url=url, listings=tuple(listings),
        authors=entry.authors if entry else (),
        venue=bib_fields.get("journal") or bib_fields.get("booktitle")
        or _venue(bib_fields.get("howpublished", "")),
        code=v.get("code", "unknown"), code_url=v.get("code_url", ""),
        fields=_field_values(source, fields, problems),
        arxiv=arxiv, doi=v.get("doi", "") or bib_fields.get("doi", ""),
        links=v.get("links", ()), landmark=v.get("landmark", ""), added=v.get("added", ""),
        description=source.description, bibtex=entry.bibtex if entry else "",
        source_path=path,
    )


def _venue(howpublished: str) -> str:
    """A `howpublished` that names a venue (`arXiv`), not one that holds a link."""
    return "" if "\\url" in howpublished or "://" in howpublished else howpublished


def check_chart_nodes(source: ChartSpecSource, nodes: dict[str, TaxonomyNode],
                      fields: Iterable[str] = ()) -> list[Diagnostic]:
    """Every taxonomy id and paper field content/charts.yaml names must exist."""
    known = set(fields)
    return [Diagnostic(source.path, line, "nodes", f"unknown taxonomy id '{node_id}'",
                       did_you_mean(node_id, nodes))
            for node_id, line in source.node_refs if node_id not in nodes] + [
        Diagnostic(source.path, 1, "contains_fields", f"unknown paper field '{name}'",
                   did_you_mean(name, known))
        for name in source.spec.contains_fields if name not in known]


def _identities_of(paper: Paper) -> tuple[tuple[str, str], ...]:
    return tuple(identity_keys(paper))


def _check_duplicates(papers: list[Paper], problems: list[Diagnostic], memo: Memo | None
                      ) -> None:
    first_seen: dict[tuple[str, str], Paper] = {}
    for paper in papers:
        for identity in recall(memo, "identities", paper.key, (paper,),
                               partial(_identities_of, paper)):
            other = first_seen.setdefault(identity, paper)
            if other is not paper:
                kind, value = identity
                problems.append(Diagnostic(paper.source_path, 1, "key",
                                           f"same {kind} as '{other.key}' ({value})",
                                           f"one paper, one file: merge into {other.source_path} "
                                           "and list it under several taxonomy ids"))
                break


def _pages(sources: Sources, problems: list[Diagnostic]) -> tuple[ProsePage, ...]:
    pages = []
    for page in sources.pages:
        problems += markdown_link_problems(page.body, page.path, page.body_line)
        table_ids = page.values.get("tables", ())
        for table_id in table_ids:
            if table_id not in sources.tables:
                problems.append(Diagnostic(page.path, page.tables_line, "tables",
                                           f"unknown table '{table_id}'",
                                           did_you_mean(table_id, sources.tables)))
        pages.append(ProsePage(
            slug=page.slug, title=page.values["title"], body=page.body,
            description=page.values.get("description", ""),
            order=page.values.get("order", 0), nav=page.values.get("nav", True),
            tables=tuple(sources.tables[t] for t in table_ids if t in sources.tables),
            source_path=page.path, includes=page.values.get("includes", ()),
        ))
    return tuple(sorted(pages, key=lambda p: (p.order, p.slug)))


def _node_page_problems(sources: Sources) -> list[Diagnostic]:
    """A node's `page` must name a prose page of content/pages/."""
    slugs = {page.slug: page for page in sources.pages}
    taxonomy = str(PurePosixPath(sources.bib_path).with_name("taxonomy.yaml"))
    return [Diagnostic(taxonomy, 0, "page", f"node '{node.id}' names unknown page '{node.page}'",
                       did_you_mean(node.page, slugs))
            for root in sources.taxonomy for node in root.walk()
            if node.page and node.page not in slugs]


def _checked_paper(source: PaperSource, entry: BibEntry | None, nodes: dict[str, TaxonomyNode],
                   fields: tuple[PaperField, ...]) -> tuple[Paper | None, list[Diagnostic]]:
    """One paper and what is wrong with it: it depends on its own file, its BibTeX entry,
    the taxonomy and the declared fields only, so the preview re-checks just what changed."""
    problems = markdown_link_problems(source.description, source.path, source.description_line)
    return _paper(source, entry, nodes, fields, problems), problems


def build_survey(sources: Sources, memo: Memo | None = None
                 ) -> tuple[Survey, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    nodes = {node.id: node for root in sources.taxonomy for node in root.walk()}
    papers: list[Paper] = []
    for source in sources.papers:
        key = source.values.get("key")
        if key is not None and key != source.stem:
            problems.append(Diagnostic(source.path, source.line_of("key"), "key",
                                       f"key '{key}' does not match the file name",
                                       f"rename the file to {key}.md or set 'key: {source.stem}'"))
        entry = sources.bib.get(source.stem)
        if entry is None:
            problems.append(Diagnostic(source.path, source.line_of("key"), "key",
                                       f"BibTeX key '{source.stem}' not found in {sources.bib_path}",
                                       did_you_mean(source.stem, sources.bib)))
        paper, more = recall(memo, "paper", source.path,
                             (source, entry, sources.taxonomy, sources.fields),
                             partial(_checked_paper, source, entry, nodes, sources.fields))
        problems += more
        if paper is not None:
            papers.append(paper)
    stems = {source.stem for source in sources.papers}
    for key, entry in sources.bib.items():
        if key not in stems:
            problems.append(Diagnostic(sources.bib_path, entry.line, key,
                                       "BibTeX entry has no paper file",
                                       f"add content/papers/{key}.md or remove the entry",
                                       level="warning"))
    _check_duplicates(papers, problems, memo)
    problems += _node_page_problems(sources)
    survey = Survey(config=sources.config, taxonomy=sources.taxonomy,
                    papers=tuple(sorted(papers, key=lambda p: p.key)),
                    pages=_pages(sources, problems), nodes=nodes, fields=sources.fields)
    return survey, problems
