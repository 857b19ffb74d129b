"""Read content/site.yaml into a SiteConfig."""
from __future__ import annotations

from pathlib import Path

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.fields import check_fields
from site_src.load.yamldoc import display_path, read_yaml_file
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

