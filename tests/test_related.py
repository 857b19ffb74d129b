"""The grouped related-papers ranking gives exactly what scoring every candidate gives."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import generate
from site_src import views
from site_src.model import Paper, Survey
from site_src.pipeline import Project, Report, load_survey
from site_src.related import Relatedness
from tests.conftest import REAL_CONTENT, MakeProject


def scored_one_by_one(paper: Paper, survey: Survey, nodes: dict[str, views.NodeView],
                      limit: int) -> tuple[tuple[Paper, ...], bool]:
    """The ranking written plainly, and whether only papers sharing a node were candidates."""
    def ancestors(other: Paper) -> set[str]:
        return {n.id for node_id in other.node_ids for n in nodes[node_id].breadcrumbs}

    def parent(node_id: str) -> str:
        crumbs = nodes[node_id].breadcrumbs
        return crumbs[-1].id if crumbs else node_id

    others = [other for other in survey.papers if other.key != paper.key]
    sharing = [other for other in others if set(other.node_ids) & set(paper.node_ids)]
    narrow = len(sharing) >= limit
    if narrow:
        candidates = sharing
    else:
        under = {other.key for node_id in paper.node_ids for other in nodes[parent(node_id)].papers}
        candidates = [other for other in others if other.key in under]
    mine = ancestors(paper)
    ranked = sorted(candidates, key=lambda other: (
        -len(set(paper.node_ids) & set(other.node_ids)), -len(mine & ancestors(other)),
        abs(other.year - paper.year), other.title.lower(), other.key))
    return tuple(ranked[:limit]), narrow


def assert_same_ranking(survey: Survey, limits: tuple[int, ...]) -> None:
    nodes = views.node_views(survey)
    relatedness = Relatedness(survey.papers, survey.nodes)
    rules = set()
    for limit in limits:
        for paper in survey.papers:
            expected, narrow = scored_one_by_one(paper, survey, nodes, limit)
            assert relatedness.related(paper, limit) == expected, (paper.key, limit)
            rules.add(narrow)
    assert rules == {True, False}, "both candidate rules should be exercised"


def test_real_content_ranks_as_scoring_every_candidate(make_project: MakeProject) -> None:
    survey = load_survey(make_project(REAL_CONTENT), Report())
    assert_same_ranking(survey, (1, 6, 25, len(survey.papers)))


@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_corpus_ranks_as_scoring_every_candidate(tmp_path: Path, seed: int) -> None:
    survey = load_survey(Project(generate(tmp_path / "corpus", 600, seed)), Report())
    # Each leaf lists about 40 of the 600 papers: a limit of 60 needs the wider neighbourhood.
    assert_same_ranking(survey, (6, 60))
