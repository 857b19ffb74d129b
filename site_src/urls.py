"""The one place that decides where every output lands and how pages link to each other.

Site URLs are relative to the site root ('' is the home page, directories end in '/'),
so the same output works at the domain root and under a sub-path such as /repo-name/.
"""
from __future__ import annotations

HOME = ""
ALL_PAPERS = "papers/"
NOT_FOUND = "404.html"
CHARTS = "charts/"
SEARCH = "search/"
SEARCH_INDEX = "search-index/"
SEARCH_MANIFEST = SEARCH_INDEX + "index.json"
PAPERS_JSON = "papers.json"
PAPERS_SCHEMA = "papers.schema.json"
BIBLIOGRAPHY = "references.bib"
RESERVED_ROOTS = frozenset({"papers", "taxonomy", "years", "static", "404", "charts", "search",
                            "search-index"})


def paper(key: str) -> str:
    return f"papers/{key}/"


def paper_bib(key: str) -> str:
    return f"papers/{key}/{key}.bib"


def node(node_id: str) -> str:
    return f"taxonomy/{node_id}/"


def year(value: int) -> str:
    return f"years/{value}/"


def chart_cell(category_id: str, year: int) -> str:
    """Papers of one chart category in one year: where a click on a bar or cell leads."""
    return f"charts/{category_id}/{year}/"


def chart_through(category_id: str, year: int) -> str:
    """Papers of one chart category up to a year: a bar of the cumulative view."""
    return f"charts/{category_id}/to-{year}/"


def page(slug: str) -> str:
    return f"{slug}/"


def output_path(url: str) -> str:
    """File written for a URL: directories get an index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def relative(target: str, current: str) -> str:
    """Link from the page at `current` to `target`, both site URLs.

    Always climbs to the site root and back down ('../../papers/x/'): one string operation,
    where a shortest relative path cost seconds per build at 10,000 papers.
    """
    return (root(current) + target) or "./"


def root(current: str) -> str:
    """The climb from the page at `current` to the site root: '' at the root itself."""
    return "../" * current.count("/")
