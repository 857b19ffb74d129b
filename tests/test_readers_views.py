"""Readers' features computed at build time: related papers, facets, JSON-LD, the search index."""
from __future__ import annotations

import json

from site_src import facets, search_index, views
from site_src.pipeline import Project, Report, load_survey, make_renderer, render_site
from site_src.render import json_ld


def test_related_papers_share_the_most_taxonomy_nodes_first(sample_site: Project) -> None:
    survey = load_survey(sample_site, Report())
    nodes = views.node_views(survey)
    checked = 0
    for paper in survey.papers:
        related = views.related_papers(paper, nodes, limit=len(survey.papers))
        shared = [len(set(paper.node_ids) & set(other.node_ids)) for other in related]
        assert shared == sorted(shared, reverse=True)
        assert paper not in related
        checked += len(related) > 1
    assert checked


def test_facet_counts_match_the_rows(sample_site: Project) -> None:
    survey = load_survey(sample_site, Report())
    table = facets.paper_table(survey.papers, survey)
    assert len(table.rows) == len(survey.papers)
    for facet in table.facets:
        for option in facet.options:
            carrying = [row for row in table.rows
                        if option.value in dict(row.values)[facet.name].split(facets.SEPARATOR)]
            assert option.count == len(carrying) > 0


def test_json_ld_cannot_close_its_script_element() -> None:
    value = {"title": "</script><script>alert(1)</script> & <!--"}
    text = str(json_ld(value))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_search_index_covers_paper_pages_and_is_deterministic(sample_site: Project) -> None:
    survey = load_survey(sample_site, Report())
    files = render_site(survey, sample_site, make_renderer(sample_site, survey), Report())
    first, second = search_index.search_files(files), search_index.search_files(files)
    assert first == second
    names = {path for path, _ in first}
    assert "pagefind/pagefind.js" in names
    assert not any("-ui." in name for name in names)
    entry = json.loads(dict(first)["pagefind/pagefind-entry.json"])
    assert sum(language["page_count"] for language in entry["languages"].values()) == \
        len(survey.papers)
