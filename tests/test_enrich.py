"""`python build.py enrich` against the local stand-in for arXiv and Crossref: a diff per paper,
written only with --write, answers cached, requests spaced, never part of `build`."""
from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest
from remote_server import RemoteServer, run_online

from site_src.cli import main
from site_src.enrich import planned_change
from site_src.fetch.record import Record
from site_src.load.bib import BibEntry, load_bib
from site_src.model import Paper
from site_src.pipeline import Project

# Entries as the survey's import left them: first author only, no venue.
PARTIAL_ENTRIES = r"""
@misc{peng2020learning,
  title = {Learning Agile Robotic Locomotion Skills by Imitating Animals},
  author = {Peng, Xue Bin and others},
  year = {2020},
  url = {https://arxiv.org/abs/2004.00784},
  eprint = {2004.00784},
  archivePrefix = {arXiv}
}

@misc{black2024pi0,
  title = {$\pi_0$: A Vision-Language-Action Flow Model for General Robot Control},
  year = {2024},
  url = {https://arxiv.org/abs/2410.24164}
}

@article{moroncelli2025duality,
  title = {The duality of generative AI and reinforcement learning in robotics: A review},
  author = {Moroncelli, A.},
  year = 2025,
  url = {https://doi.org/10.1016/j.inffus.2025.104003}
}
"""
PAPER = "---\nkey: {key}\ntaxonomy: [reward-llm]\nyear: {year}\nyear_source: bib\n---\nA paper.\n"


@pytest.fixture
def project(make_project: Callable[[], Project]) -> Project:
    project = make_project()
    bib = project.content / "references.bib"
    bib.write_text(bib.read_text("utf-8") + PARTIAL_ENTRIES, "utf-8")
    for key, year in (("peng2020learning", 2020), ("moroncelli2025duality", 2025),
                      ("black2024pi0", 2024)):
        (project.content / "papers" / f"{key}.md").write_text(PAPER.format(key=key, year=year))
    return project


def enrich(project: Project, remote: RemoteServer, *args: str) -> subprocess.CompletedProcess[str]:
    return run_online(project.root, remote, "enrich", "--delay", "0", "--cache",
                      str(project.root / "answers"), *args)


KEYS = ("ma2023eureka", "peng2020learning", "moroncelli2025duality", "black2024pi0")


def test_diff_per_paper_then_write(project: Project, remote: RemoteServer) -> None:
    bib = project.content / "references.bib"
    before = bib.read_bytes()
    result = enrich(project, remote, *KEYS)
    assert result.returncode == 0, result.stderr
    assert bib.read_bytes() == before, "without --write nothing is written"
    out = result.stdout
    assert "--- content/references.bib:1 ma2023eureka (now)\n" in out
    assert "+++ content/references.bib:1 ma2023eureka (from arXiv 2310.12931)\n" in out
    assert "-  author = {Ma, Yecheng Jason and others},\n" in out
    assert ("+  author = {Ma, Yecheng Jason and Liang, William and Wang, Guanzhi and Huang, De-An "
            "and Bastani, Osbert and Jayaraman, Dinesh and Zhu, Yuke and Fan, Linxi and "
            "Anandkumar, Anima},\n") in out
    assert "(from arXiv 2004.00784 and DOI 10.15607/RSS.2020.XVI.064)" in out
    assert "-@misc{peng2020learning,\n+@inproceedings{peng2020learning," in out
    assert "+  booktitle = {Robotics: Science and Systems XVI}" in out
    assert "+  doi = {10.15607/RSS.2020.XVI.064}" in out
    assert "+  journal = {Information Fusion}" in out and "+  volume = {129}" in out
    assert " title = {Eureka: Human-Level Reward Design via Coding Large Language Models},\n" in out
    assert ("   title = {$\\pi_0$: A Vision-Language-Action Flow Model for General Robot Control},\n"
            "+  author = {Black, Kevin and Brown, Noah and") in out, "a new field goes where it belongs"
    assert "+  eprint = {2410.24164},\n+  archivePrefix = {arXiv}\n }" in out
    assert out.rstrip().endswith("4 of 4 paper(s) looked up can be completed; "
                                 "run with --write to save them")
    arxiv_asks = [r.query["id_list"] for r in remote.requests if r.path == "/api/query"]
    assert arxiv_asks == ["2004.00784,2310.12931,2410.24164"], "arXiv is asked once for all ids"

    asked = len(remote.requests)
    result = enrich(project, remote, "--write", *KEYS)
    assert result.returncode == 0, result.stderr
    assert len(remote.requests) == asked, "the second run reads the cached answers"
    assert "wrote 4 entries to content/references.bib" in result.stdout
    entries, problems = load_bib(bib, project.root)
    assert problems == []
    assert len(entries["ma2023eureka"].authors) == 9
    peng = entries["peng2020learning"]
    assert (peng.entry_type, peng.fields["booktitle"], peng.authors[-1]) == (
        "inproceedings", "Robotics: Science and Systems XVI", "Sergey Levine")
    review = entries["moroncelli2025duality"]
    assert (review.fields["journal"], review.fields["pages"], review.fields["year"]) == (
        "Information Fusion", "104003", "2025"), "the year someone wrote is kept"
    untouched = before.decode().split("@article{xie2023text2reward", 1)[1].split("@", 1)[0]
    assert untouched in bib.read_text("utf-8"), "entries without news keep their exact text"

    again = enrich(project, remote, *KEYS)
    assert again.stdout.rstrip().endswith("0 of 4 paper(s) looked up can be completed")
    assert main(["--root", str(project.root), "build"]) == 0
    assert main(["--root", str(project.root), "check"]) == 0
    page = (project.site / "papers" / "peng2020learning" / "index.html").read_text("utf-8")
    assert "Sergey Levine" in page and "Robotics: Science and Systems XVI" in page


def test_failed_lookups_are_named_and_the_rest_still_listed(project: Project,
                                                            remote: RemoteServer) -> None:
    """The sample's other papers have no recorded answer: arXiv does not know them here."""
    result = enrich(project, remote)
    assert result.returncode == 1
    assert "enrich: xie2023text2reward: arXiv has no paper with the id 2309.11489" in result.stderr
    assert "Traceback" not in result.stderr
    assert "+++ content/references.bib:1 ma2023eureka (from arXiv 2310.12931)" in result.stdout


def test_requests_are_spaced_and_errors_are_one_line(project: Project, remote: RemoteServer) -> None:
    result = enrich(project, remote, "--delay", "0.3", "ma2023eureka", "moroncelli2025duality")
    assert result.returncode == 0, result.stderr
    offline = enrich(project, RemoteServer("http://127.0.0.1:9"), "ma2023eureka")
    assert offline.returncode == 1
    assert offline.stderr == ("enrich: ma2023eureka: cannot reach the arXiv API (127.0.0.1:9): "
                              "Connection refused; are you online?\n")
    unknown = enrich(project, remote, "nosuchpaper")
    assert (unknown.returncode, unknown.stderr) == (1, "enrich: no paper with the key nosuchpaper\n")


@pytest.mark.parametrize(("listed", "fetched", "filled"), [
    ("", ("Ma, Yecheng Jason",), True),
    ("Ma, Yecheng Jason and others", ("Ma, Yecheng Jason", "Liang, William"), True),
    ("Ma, Y.", ("Ma, Yecheng Jason", "Liang, William"), True),
    ("Ma, Yecheng Jason and others", ("Ma, Yecheng Jason",), False),
    ("Ma, Yecheng Jason and Liang, William", ("Ma, Yecheng Jason", "Liang, William", "Wang, G."), False),
    ("Zhang, Jesse and others", ("Ma, Yecheng Jason", "Liang, William"), False),
])
def test_authors_are_filled_only_where_the_entry_is_short(listed: str, fetched: tuple[str, ...],
                                                          filled: bool) -> None:
    entry = BibEntry("ma2023eureka", "misc", {"title": "Eureka", "author": listed} if listed
                     else {"title": "Eureka"}, "", 1)
    paper = Paper("ma2023eureka", "Eureka", 2023, "https://arxiv.org/abs/2310.12931", (),
                  arxiv="2310.12931")
    change = planned_change(paper, entry, Record("arXiv", "Eureka", fetched, 2023), "arXiv")
    assert (change is not None and "author" in change.updates) == filled
