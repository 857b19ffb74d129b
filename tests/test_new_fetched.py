"""`python build.py new --arxiv ID` / `--doi DOI` as a contributor runs it, against a local
stand-in for the arXiv API and Crossref that answers recorded fixtures."""
from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from remote_server import RemoteServer, run_online

from site_src.load.bib import load_bib
from site_src.pipeline import Project


@pytest.fixture
def project(make_project: Callable[[], Project]) -> Project:
    return make_project()


def new(project: Project, remote: RemoteServer, *args: str) -> subprocess.CompletedProcess[str]:
    return run_online(project.root, remote, "new", *args)


def snapshot(project: Project) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(project.content.rglob("*")) if p.is_file()}


def test_arxiv_paper_with_latex_title_and_24_authors_is_added_and_builds(
        project: Project, remote: RemoteServer) -> None:
    result = new(project, remote, "--arxiv", "arXiv:2410.24164v3", "--taxonomy", "diffusion-policy",
                 "--taxonomy", "rl-finetuning")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        r"fetched arXiv 2410.24164 from arXiv: $\pi_0$: A Vision-Language-Action Flow Model for "
        "General Robot Control",
        "  Black, Kevin and 23 more (2024)",
        "added black2024pi0 to content/references.bib and wrote content/papers/black2024pi0.md:"]
    assert [(r.path, r.query["id_list"]) for r in remote.requests] == [("/api/query", "2410.24164")]
    assert remote.requests[0].user_agent.startswith("survey-site/")

    entry = load_bib(project.content / "references.bib", project.root)[0]["black2024pi0"]
    assert entry.entry_type == "misc"
    assert entry.fields["title"] == "π_0: A Vision-Language-Action Flow Model for General Robot Control"
    assert r"title = {$\pi_0$: A Vision" in entry.bibtex
    assert len(entry.authors) == 24
    assert entry.authors[0] == "Kevin Black" and entry.authors[-1] == "Ury Zhilinsky"
    assert (entry.fields["year"], entry.fields["eprint"], entry.fields["primaryclass"]) == (
        "2024", "2410.24164", "cs.LG")
    assert entry.fields["url"] == "https://arxiv.org/abs/2410.24164"

    text = (project.content / "papers" / "black2024pi0.md").read_text("utf-8")
    assert 'taxonomy: ["diffusion-policy", "rl-finetuning"]' in text
    assert 'year: 2024\n' in text and 'year_source: "arxiv"' in text
    assert "# arXiv abstract, to read while you describe" in text

    from site_src.cli import main
    assert main(["--root", str(project.root), "build"]) == 0
    page = (project.site / "papers" / "black2024pi0" / "index.html").read_text("utf-8")
    assert "Vision-Language-Action Flow Model" in page and "Ury Zhilinsky" in page
    assert "flow-matching" not in page, "the abstract stays out of the page"


def test_arxiv_paper_with_a_doi_takes_its_venue_from_crossref(project: Project,
                                                               remote: RemoteServer) -> None:
    result = new(project, remote, "--arxiv", "2004.00784", "--key", "peng2020animals")
    assert result.returncode == 0, result.stderr
    assert [r.path for r in remote.requests] == ["/api/query", "/works/10.15607/RSS.2020.XVI.064"]
    entry = load_bib(project.content / "references.bib", project.root)[0]["peng2020animals"]
    assert entry.entry_type == "inproceedings"
    assert entry.fields["booktitle"] == "Robotics: Science and Systems XVI"
    assert entry.fields["doi"] == "10.15607/RSS.2020.XVI.064"
    assert entry.authors == ("Xue Bin Peng", "Erwin Coumans", "Tingnan Zhang", "Tsang-Wei Lee",
                             "Jie Tan", "Sergey Levine")
    text = (project.content / "papers" / "peng2020animals.md").read_text("utf-8")
    assert 'arxiv: "2004.00784"' in text and 'doi: "10.15607/RSS.2020.XVI.064"' in text
    assert "taxonomy: []" in text


def test_doi_paper_is_a_journal_article_with_volume_and_pages(project: Project,
                                                              remote: RemoteServer) -> None:
    result = new(project, remote, "--doi", "https://doi.org/10.1016/j.inffus.2025.104003")
    assert result.returncode == 0, result.stderr
    assert "(2026, Information Fusion)" in result.stdout
    entry = load_bib(project.content / "references.bib", project.root)[0]["moroncelli2026duality"]
    assert entry.entry_type == "article"
    assert {k: entry.fields[k] for k in ("journal", "volume", "pages", "year", "doi", "url")} == {
        "journal": "Information Fusion", "volume": "129", "pages": "104003", "year": "2026",
        "doi": "10.1016/j.inffus.2025.104003", "url": "https://doi.org/10.1016/j.inffus.2025.104003"}
    assert len(entry.authors) == 6
    assert 'year_source: "doi"' in (project.content / "papers" / "moroncelli2026duality.md").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--arxiv", "2501.99999"], "new: arXiv has no paper with the id 2501.99999; check the id on arxiv.org"),
    (["--arxiv", "2312.00500"], "answered HTTP 500 (a server error); try again later"),
    (["--arxiv", "2312.00408", "--timeout", "0.5"], "did not answer within 0.5 s; try again later"),
    (["--arxiv", "2312.00666"], "new: arXiv answered malformed XML (unclosed token: line 28, column 6)"),
    (["--arxiv", "12345"], "new: '12345' is not an arXiv id; give it as on arxiv.org, e.g. 2310.12931"),
    (["--doi", "10.5555/nothing"], "new: Crossref has no work with the DOI 10.5555/nothing; check the DOI"),
    (["--doi", "10.5555/malformed"], "new: Crossref answered malformed JSON"),
    (["--doi", "nonsense"], "new: 'nonsense' is not a DOI"),
])
def test_failed_fetch_is_one_line_exit_1_and_writes_nothing(
        project: Project, remote: RemoteServer, args: list[str], message: str) -> None:
    before = snapshot(project)
    result = new(project, remote, *args)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
    assert result.stdout == ""
    assert snapshot(project) == before


def test_offline_is_one_line(project: Project, tmp_path: Path) -> None:
    """A port nothing listens on: what a contributor without a connection sees."""
    closed = RemoteServer("http://127.0.0.1:9")
    before = snapshot(project)
    result = new(project, closed, "--arxiv", "2410.24164")
    assert result.returncode == 1
    assert result.stderr == ("new: cannot reach the arXiv API (127.0.0.1:9): Connection refused; "
                             "are you online?\n")
    assert snapshot(project) == before


def test_paper_already_present_or_unknown_node_is_refused_after_fetching(
        project: Project, remote: RemoteServer) -> None:
    before = snapshot(project)
    result = new(project, remote, "--arxiv", "2310.12931")
    assert result.returncode == 1
    assert ("arXiv 2310.12931:1: key: same arXiv id as ma2023eureka "
            "(content/papers/ma2023eureka.md): 2310.12931") in result.stderr
    result = new(project, remote, "--arxiv", "2410.24164", "--taxonomy", "diffusion-polcy")
    assert result.returncode == 1
    assert ("--taxonomy: unknown taxonomy id 'diffusion-polcy'\n"
            "    hint: did you mean 'diffusion-policy'?") in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before
