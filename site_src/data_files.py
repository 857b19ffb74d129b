"""What the site publishes for machines: papers.json, references.bib and schema.org records.

Planned with the views (`views.site_outputs`), made only when their output is written.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from site_src import urls
from site_src.model import Paper, Survey, TaxonomyNode

DATA_SCHEMA_VERSION = 1


def scholarly_article(paper: Paper, survey: Survey) -> dict[str, Any]:
    """schema.org ScholarlyArticle for search engines; serialised by the `json_ld` filter."""
    article: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": paper.title,
        "name": paper.title, "datePublished": str(paper.year), "url": paper.url,
        "mainEntityOfPage": survey.config.base_url + urls.paper(paper.key),
        "author": [{"@type": "Person", "name": name} for name in paper.authors
                   if name != "others"],
    }
    if paper.venue:
        article["isPartOf"] = {"@type": "Periodical", "name": paper.venue}
    if paper.doi:
        article["sameAs"] = f"https://doi.org/{paper.doi}"
    if paper.description:
        article["abstract"] = paper.description
    return article


def _paper_json(p: Paper) -> dict[str, Any]:
    """The core fields, then the survey's own by their declared names."""
    return {
        "key": p.key, "title": p.title, "year": p.year,
        "url": p.url, "authors": list(p.authors), "venue": p.venue,
        "taxonomy": list(p.node_ids),
        "listings": [{"node": item.node_id, "title": item.title, "url": item.url}
                     for item in p.listings],
        "code": p.code, "code_url": p.code_url,
        "arxiv": p.arxiv, "doi": p.doi, "links": dict(p.links), "landmark": p.landmark,
        "description": p.description, "page": urls.paper(p.key), "bibtex": p.bibtex,
        "added": p.added,
        **{name: list(value) if isinstance(value, tuple) else value for name, value in p.fields},
    }


def papers_json(survey: Survey) -> Iterator[str]:
    """The whole dataset for reuse; versioned so consumers can detect changes of shape, and
    pointing at its JSON Schema (`dataset.papers_schema`).

    Yielded paper by paper, the same text as one `json.dumps` of the document with sorted
    keys, so 10,000 papers never exist as one structure and one string. Compact, because
    json's fast C encoder runs only without indentation.
    """
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    yield f'{{"$schema":{dump(survey.config.base_url + urls.PAPERS_SCHEMA)},"papers":['
    for number, paper in enumerate(survey.papers):
        yield ("," if number else "") + dump(_paper_json(paper))
    yield (f'],"schema_version":{dump(DATA_SCHEMA_VERSION)},'
           f'"taxonomy":{dump([_node_json(root) for root in survey.taxonomy])},'
           f'"title":{dump(survey.config.title)}}}\n')


def _node_json(node: TaxonomyNode) -> dict[str, Any]:
    return {"id": node.id, "title": node.title, "page": urls.node(node.id),
            "children": [_node_json(child) for child in node.children]}


def bibliography(survey: Survey) -> str:
    return "\n\n".join(p.bibtex for p in survey.papers if p.bibtex) + "\n"
