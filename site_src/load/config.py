"""Read content/site.yaml into a SiteConfig."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.fields import check_fields
from site_src.load.yamldoc import LineList, LineMapping, display_path, read_yaml_file
from site_src.model import Badge, Citation, ReadmeOptions, ReadmeSectionText, SiteConfig
from site_src.schema import (
    BADGE_FIELDS,
    CITATION_FIELDS,
    README_FIELDS,
    README_SECTION_FIELDS,
    SITE_FIELDS,
    WATCH_FIELDS,
    Field,
)

MAX_HEADING_LEVEL = 6


def _items(raw: Any, fields: tuple[Field, ...], shown: str, what: str, line: int,
           problems: list[Diagnostic]) -> list[dict[str, Any]]:
    """Each mapping of a YAML list checked against `fields`; only complete ones are kept."""
    if not isinstance(raw, list):
        problems.append(Diagnostic(shown, line, what, "expected a list",
                                   f"write one '- {fields[0].name}: ...' per {what}"))
        return []
    kept = []
    for index, item in enumerate(raw):
        item_line = raw.line_of(index, line) if isinstance(raw, LineList) else line
        values, more = check_fields(item, fields, shown, what, item_line)
        problems += more
        if not more:
            kept.append(values)
    return kept


def _readme_options(raw: LineMapping | None, title: str, shown: str,
                    problems: list[Diagnostic]) -> ReadmeOptions:
    if raw is None:
        return ReadmeOptions(title)
    values, more = check_fields(raw, README_FIELDS, shown, "readme")
    problems += more
    offset = values.get("heading_offset", 2)
    if not 1 <= offset <= MAX_HEADING_LEVEL:
        problems.append(Diagnostic(shown, raw.line_of("heading_offset"), "heading_offset",
                                   f"heading level {offset} does not exist",
                                   f"use 1 to {MAX_HEADING_LEVEL}; 2 means '##'"))
    badges = [Badge(**b) for b in _items(values.get("badges", []), BADGE_FIELDS, shown, "badge",
                                         raw.line_of("badges"), problems)]
    sections = None
    if "sections" in values:
        sections = tuple(ReadmeSectionText(**s) for s in _items(
            values["sections"], README_SECTION_FIELDS, shown, "section",
            raw.line_of("sections"), problems))
    return ReadmeOptions(
        title=values.get("title", title), intro=values.get("intro", ""),
        entry=values.get("entry", "paper-link"), order=values.get("order", "listed"),
        heading_offset=offset, badges=tuple(badges),
        website_line=values.get("website_line", True),
        new_marker=values.get("new_marker", ""), new_since=values.get("new_since", 0),
        sections=sections, start_your_own=values.get("start_your_own", True),
        build_command=values.get("build_command", "survey-site build"))


def load_site_config(path: Path, root: Path, base_url: str | None = None) -> SiteConfig:
    """`base_url` overrides the file's value (CI passes the GitHub Pages URL)."""
    shown = display_path(path, root)
    if not path.is_file():
        raise ContentError([Diagnostic(shown, 0, "", "site configuration not found",
                                       "create content/site.yaml with title, description, "
                                       "base_url and repository")])
    raw = read_yaml_file(path, root)
    values, problems = check_fields(raw, SITE_FIELDS, shown, "site.yaml", line=1)
    citation = None
    if "citation" in values:
        cited, more = check_fields(values["citation"], CITATION_FIELDS, shown, "citation")
        problems += more
        if "text" in cited:
            citation = Citation(**cited)
    readme = _readme_options(values.get("readme"), values.get("title", ""), shown, problems)
    watch: dict[str, tuple[str, ...]] = {}
    if "watch" in values:
        watch, more = check_fields(values["watch"], WATCH_FIELDS, shown, "watch")
        problems += more
    if problems:
        raise ContentError(problems)
    return SiteConfig(
        title=values["title"],
        description=values["description"],
        base_url=(base_url or values["base_url"]).rstrip("/") + "/",
        repository=values["repository"],
        language=values.get("language", "en"),
        authors=values.get("authors", ()),
        abstract=values.get("abstract", ""),
        keywords=values.get("keywords", ()),
        citation=citation,
        readme=readme,
        watch_queries=watch.get("queries", ()),
        watch_categories=watch.get("categories", ()),
    )



# Names reserved for examples and tests (RFC 2606, RFC 6761): no site is published there.
_RESERVED_NAMES = frozenset({"example", "test", "invalid", "localhost"})


def placeholder_base_url(path: Path, root: Path, base_url: str) -> list[Diagnostic]:
    """A warning when the site's address is still a template's example domain: the README
    links it as the website and the sitemap and feed point at it."""
    labels = (urlsplit(base_url).hostname or "").lower().split(".")
    if not _RESERVED_NAMES.intersection(labels):
        return []
    raw = read_yaml_file(path, root)
    line = raw.line_of("base_url") if isinstance(raw, LineMapping) else 1
    return [Diagnostic(display_path(path, root), line, "base_url",
                       f"'{base_url}' is a placeholder address",
                       "set base_url to the address the site is published at, e.g. "
                       "https://<owner>.github.io/<repository>/ (CONTRIBUTING.md, 'site.yaml')",
                       level="warning")]
