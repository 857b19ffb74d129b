"""Read content/site.yaml into a SiteConfig."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.fields import check_fields
from site_src.load.yamldoc import LineMapping, display_path, read_yaml_file
from site_src.model import Citation, SiteConfig
from site_src.schema import CITATION_FIELDS, README_FIELDS, SITE_FIELDS, WATCH_FIELDS


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
    readme: dict[str, str] = {}
    if "readme" in values:
        readme, more = check_fields(values["readme"], README_FIELDS, shown, "readme")
        problems += more
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
        readme_title=readme.get("title", values["title"]),
        readme_intro=readme.get("intro", ""),
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
