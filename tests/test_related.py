"""Related papers: the grouped ranking gives exactly what scoring every pair gives, and what
papers say counts beside where they sit."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench.corpus import generate
from bench.related import zipf_descriptions
from site_src.memo import Memo
from site_src.model import Paper, Survey
from site_src.pipeline import Project, Report, load_survey
from site_src.related import TEXT_WEIGHT, Relatedness, node_similarity, node_vector
from site_src.related_text import cosine, signatures
from tests.conftest import REAL_CONTENT, MakeProject


def scored_one_by_one(survey: Survey, papers: tuple[Paper, ...], limit: int
                      ) -> tuple[dict[str, tuple[Paper, ...]], int]:
    """The ranking written plainly: every pair scored, positive scores sorted. Also how many
    rankings words reorder: where a paper is placed above one sharing more of the nodes."""
    words = signatures(papers, survey.config.language)
    places = [node_vector(paper.node_ids, survey.nodes) for paper in papers]
    ranking, reordered = {}, 0
    for mine, paper in enumerate(papers):
        scored = []
        for theirs, other in enumerate(papers):
            nodes = node_similarity(places[mine], places[theirs])
            score = nodes + TEXT_WEIGHT * cosine(words[mine], words[theirs])
            if other.key != paper.key and score > 0:
                scored.append((-score, abs(other.year - paper.year), other.title.lower(),
                               other.key, nodes, other))
        best = sorted(scored)[:limit]
        ranking[paper.key] = tuple(entry[-1] for entry in best)
        by_nodes = [entry[-2] for entry in best]
        reordered += by_nodes != sorted(by_nodes, reverse=True)
    return ranking, reordered


def assert_same_ranking(survey: Survey, papers: tuple[Paper, ...], limits: tuple[int, ...]
                        ) -> None:
    relatedness = Relatedness(papers, survey.nodes, survey.config.language)
    for limit in limits:
        expected, reordered = scored_one_by_one(survey, papers, limit)
        for paper in papers:
            assert relatedness.related(paper, limit) == expected[paper.key], (paper.key, limit)
        assert limit == 1 or reordered, "shared words should reorder some rankings"


def test_real_content_ranks_as_scoring_every_pair(make_project: MakeProject) -> None:
    survey = load_survey(make_project(REAL_CONTENT), Report())
    assert_same_ranking(survey, survey.papers, (1, 6, 25, len(survey.papers)))


@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_corpus_ranks_as_scoring_every_pair(tmp_path: Path, seed: int) -> None:
    """600 papers whose descriptions share words of a Zipf vocabulary, a few papers each."""
    survey = load_survey(Project(generate(tmp_path / "corpus", 600, seed)), Report())
    assert_same_ranking(survey, zipf_descriptions(survey.papers, seed), (6, 60))


def test_eurekas_page_lists_its_follow_up_dreureka(real_site: Project) -> None:
    """DrEureka shares one of Eureka's two nodes, fewer than eight other papers do; the
    words they share ('eureka', 'design', ...) bring it among Eureka's related papers."""
    page = (real_site.site / "papers" / "ma2023eureka" / "index.html").read_text("utf-8")
    related = page[page.index("<h2>Related papers</h2>"):]
    assert 'href="../../papers/ma2024dreureka/"' in related


def test_the_previews_remembered_word_index_ranks_as_a_fresh_one(tmp_path: Path) -> None:
    """After edits to a few papers the preview moves only their entries in the word index;
    it must rank exactly as an index made from scratch."""
    survey = load_survey(Project(generate(tmp_path / "corpus", 400, 3)), Report())
    memo = Memo()
    papers = survey.papers
    Relatedness(papers, survey.nodes, survey.config.language, memo)
    for number, text in ((5, "grasping with tactile gloves"), (17, ""), (5, "Eureka reward")):
        papers = (*papers[:number], replace(papers[number], description=text),
                  *papers[number + 1:])
        remembered = Relatedness(papers, survey.nodes, survey.config.language, memo)
        fresh = Relatedness(papers, survey.nodes, survey.config.language)
        assert [remembered.related(p) for p in papers] == [fresh.related(p) for p in papers]
