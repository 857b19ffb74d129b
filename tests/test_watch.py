"""`python build.py watch` on the real survey, against a recorded arXiv search feed of 30
submissions of which some are already in the survey."""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from remote_server import RemoteServer, run_online

from site_src.load.bib import load_bib
from site_src.load.taxonomy import load_taxonomy
from site_src.pipeline import Project
from site_src.similarity import closest_nodes, words

REPO = Path(__file__).resolve().parent.parent
PRESENT = ("2510.12693", "2510.06710", "2509.19080", "2509.16136", "2509.15937", "2509.14353",
           "2509.99290")  # the last is GWM, which the survey knows by title only
BEFORE_THE_WINDOW = ("2509.99503", "2509.99458", "2509.99412", "2509.09674", "2509.08755")
NEW_LINE = re.compile(r"^python build\.py new --arxiv (\S+) --taxonomy (\S+)$", re.M)


@pytest.fixture
def project(make_project: Callable[..., Project]) -> Project:
    return make_project(REPO / "content")


def watch(project: Project, remote: RemoteServer, *args: str) -> tuple[int, str, str]:
    result = run_online(project.root, remote, "watch", "--state", str(project.root / "state.json"),
                        *args)
    return result.returncode, result.stdout, result.stderr


def test_new_papers_since_the_last_run_ranked_by_closest_node(project: Project,
                                                              remote: RemoteServer) -> None:
    state = project.root / "state.json"
    state.write_text(json.dumps({"until": "2025-09-15T00:00:00+00:00"}))
    code, out, err = watch(project, remote, "--until", "2025-10-15", "--page-size", "10",
                           "--delay", "0.2", "--output", str(project.root / "digest.md"))
    assert code == 0, err
    assert out == "16 candidate(s), 7 already in the survey; digest written to " \
                  f"{project.root / 'digest.md'}\n"
    asked = [r.query for r in remote.requests]
    assert [q["start"] for q in asked] == ["0", "10", "20"], "23 papers in the window, 10 a page"
    assert all(later.at - earlier.at >= 0.19 for earlier, later in itertools.pairwise(remote.requests))
    query = asked[0]["search_query"]
    assert query.startswith('((abs:"reinforcement learning" AND (abs:"language model"')
    assert "((cat:cs.RO) OR (cat:cs.LG) OR (cat:cs.AI) OR (cat:cs.CV))" in query
    assert query.endswith("submittedDate:[202509150000 TO 202510150000]")
    assert (asked[0]["sortBy"], asked[0]["sortOrder"]) == ("submittedDate", "descending")

    digest = (project.root / "digest.md").read_text("utf-8")
    suggested = dict(NEW_LINE.findall(digest))
    assert len(suggested) == 16
    assert not set(suggested) & set(PRESENT + BEFORE_THE_WINDOW)
    nodes = {n.id for root in load_taxonomy(project.content / "taxonomy.yaml", project.root)
             for n in root.walk()}
    assert set(suggested.values()) <= nodes
    assert {k: suggested[k] for k in ("2510.90412", "2510.90007", "2510.90031", "2509.99702")} == {
        "2510.90412": "reward-llm", "2510.90007": "policy-safety",
        "2510.90031": "exploration-llm", "2509.99702": "transformer-policy"}
    scores = [float(s) for s in re.findall(r"similarity (\d\.\d\d)$", digest, re.M)]
    assert scores == sorted(scores, reverse=True) and len(scores) == 16
    assert "7 more matched but are already in the survey." in digest
    assert re.search(r"^## \d+\. \[Language-Guided Reward Shaping for Dexterous In-Hand "
                     r"Manipulation\]\(https://arxiv\.org/abs/2510\.90412\)$", digest, re.M)
    assert json.loads(state.read_text())["until"] == "2025-10-15T00:00:00+00:00"

    requests = len(remote.requests)
    code, _, _ = watch(project, remote, "--until", "2025-10-15", "--page-size", "10",
                           "--delay", "0", "--output", str(project.root / "again.md"))
    assert code == 0 and len(remote.requests) == requests + 1
    assert "Nothing new this time." in (project.root / "again.md").read_text("utf-8")


def test_the_digest_line_adds_the_paper(project: Project, remote: RemoteServer) -> None:
    code, digest, err = watch(project, remote, "--since", "2025-10-01", "--until", "2025-10-15",
                              "--delay", "0")
    assert code == 0, err
    first = next(NEW_LINE.finditer(digest))
    result = run_online(project.root, remote, *first.group(0).split()[2:])
    assert result.returncode == 0, result.stderr
    assert "content/papers/" in result.stdout
    bib = load_bib(project.content / "references.bib", project.root)[0]
    added = next(entry for entry in bib.values() if entry.fields.get("eprint") == first.group(1))
    paper = (project.content / "papers" / f"{added.key}.md").read_text("utf-8")
    assert f'taxonomy: ["{first.group(2)}"]' in paper
    code, digest, _ = watch(project, remote, "--since", "2025-10-01", "--until", "2025-10-15",
                            "--delay", "0")
    assert first.group(1) not in digest, "a paper just added is no longer a candidate"


def test_offline_is_one_line_and_keeps_the_state(project: Project) -> None:
    code, out, err = watch(project, RemoteServer("http://127.0.0.1:9"), "--delay", "0")
    assert (code, out) == (1, "")
    assert err == ("watch: cannot reach the arXiv API (127.0.0.1:9): Connection refused; "
                   "are you online?\n")
    assert not (project.root / "state.json").exists()


def test_similarity_names_the_node_sharing_the_rarest_words() -> None:
    nodes = {"reward-llm": "reward functions written as code by a large language model",
             "diffusion-policy": "diffusion policies denoise robot actions",
             "world-model": "world models imagine rollouts for planning"}
    matches = closest_nodes(nodes, ["language model writes reward code",
                                    "denoising diffusion policy for robot arms",
                                    "chemistry"])
    assert [m.node_id for m in matches[:2]] == ["reward-llm", "diffusion-policy"]
    assert matches[0].score > 0.3 and matches[2].score == 0.0
    assert words("The Policies of Robots") == ["policie", "robot"]
