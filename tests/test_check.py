"""`python build.py check`: one invalid input each, with the exact message a contributor reads."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from site_src.cli import main
from site_src.pipeline import Project, build

XIE = "content/papers/xie2023text2reward.md"
EUREKA = "content/papers/ma2023eureka.md"
BIB = "content/references.bib"
SITE = "content/site.yaml"


@pytest.fixture
def project(make_project: Callable[[], Project]) -> Project:
    project = make_project()
    build(project)  # README.md up to date, so only the edit under test is reported
    return project


def edit(project: Project, path: str, old: str, new: str) -> None:
    file = project.root / path
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), "utf-8")


def check(project: Project, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(project.root), "check", *flags])
    return code, capsys.readouterr().err


def test_sample_content_is_valid_even_when_strict(project: Project,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert check(project, capsys, "--strict") == (0, "")


@pytest.mark.parametrize(("path", "old", "new", "message"), [
    (XIE, "landmark: Text2Reward", "landmark: Text2Reward\ncode_url: github.com/xlang-ai",
     f"{XIE}:16: code_url: 'github.com/xlang-ai' is not an absolute http(s) URL"),
    (XIE, "landmark: Text2Reward", "landmark: Text2Reward\nlinks: {project: 'javascript:x'}",
     f"{XIE}:16: links: link 'project' is not an absolute http(s) URL"),
    (BIB, "url = {https://arxiv.org/abs/2309.11489}", "url = {arxiv.org/abs/2309.11489}",
     f"{XIE}:2: url: BibTeX url 'arxiv.org/abs/2309.11489' is not an absolute http(s) URL"),
    (XIE, "- reward-llm", "- {node: reward-llm, url: 'ftp://example.org/x'}",
     f"{XIE}:4: url: 'ftp://example.org/x' is not an absolute http(s) URL"),
    (XIE, "year: 2023", "year: 1890", f"{XIE}:5: year: year 1890 is out of range"),
    (XIE, "year: 2023", "year: 2230", f"{XIE}:5: year: year 2230 is out of range"),
    (XIE, "year: 2023", "yaer: 2023", f"{XIE}:5: yaer: unknown field in paper front-matter\n"
                                      "    hint: did you mean 'year'?"),
    (XIE, "- reward-llm", "- reward-llmm", f"{XIE}:4: taxonomy: unknown taxonomy id 'reward-llmm'\n"
                                         "    hint: did you mean 'reward-llm'?"),
    (XIE, "arxiv: '2309.11489'", "arxiv: '2310.12931'",
     f"{XIE}:1: key: same arXiv id as 'ma2023eureka' (2310.12931)"),
    (XIE, "arxiv: '2309.11489'", "arxiv: '2309.11489'\ntitle: 'EUREKA: human-level reward "
                                 "design via coding large language models.'",
     f"{XIE}:1: key: same title as 'ma2023eureka' (eurekahumanlevelrewarddesignvia"),
    (BIB, "@article{xie2023text2reward,", "@article{xie2023textreward,",
     f"{XIE}:2: key: BibTeX key 'xie2023text2reward' not found in {BIB}\n"
     "    hint: did you mean 'xie2023textreward'?"),
])
def test_invalid_content_is_an_error(project: Project, capsys: pytest.CaptureFixture[str],
                                     path: str, old: str, new: str, message: str) -> None:
    edit(project, path, old, new)
    code, err = check(project, capsys)
    assert code == 1
    assert message in err


def test_same_arxiv_id_found_in_a_link(project: Project,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    edit(project, XIE, "arxiv: '2309.11489'", "")
    edit(project, BIB, "url = {https://arxiv.org/abs/2309.11489}",
         "url = {https://arxiv.org/pdf/2310.12931v2}")
    edit(project, BIB, "eprint = {2309.11489},", "")
    code, err = check(project, capsys)
    assert code == 1
    assert f"{XIE}:1: key: same arXiv id as 'ma2023eureka' (2310.12931)" in err


def test_same_doi_written_as_field_and_as_link(project: Project,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    edit(project, EUREKA, "arxiv: '2310.12931'", "doi: 10.5555/ABC.1")
    edit(project, XIE, "arxiv: '2309.11489'", "")
    edit(project, BIB, "url = {https://arxiv.org/abs/2309.11489}",
         "url = {https://doi.org/10.5555/abc.1}")
    edit(project, BIB, "eprint = {2309.11489},", "")
    code, err = check(project, capsys)
    assert code == 1
    assert f"{XIE}:1: key: same DOI as 'ma2023eureka' (10.5555/abc.1)" in err


@pytest.mark.parametrize(("path", "old", "new", "message"), [
    (SITE, "https://clmoro.github.io/Robotics-RL-FMs-Integration/", "https://example.github.io/survey/",
     f"{SITE}:3: base_url: warning: 'https://example.github.io/survey/' is a placeholder address"),
    (SITE, "https://clmoro.github.io/Robotics-RL-FMs-Integration/", "http://localhost:8000/",
     f"{SITE}:3: base_url: warning: 'http://localhost:8000/' is a placeholder address"),
    (XIE, "year_source: arxiv\n", "",
     f"{XIE}:5: year_source: warning: year has no source"),
    (BIB, "@article{xie2023text2reward,", "@misc{unused2020, title={Unused}, year=2020}\n\n"
                                          "@article{xie2023text2reward,",
     f"{BIB}:10: unused2020: warning: BibTeX entry has no paper file"),
])
def test_warnings_fail_only_under_strict(project: Project, capsys: pytest.CaptureFixture[str],
                                         path: str, old: str, new: str, message: str) -> None:
    edit(project, path, old, new)
    build(project)
    code, err = check(project, capsys)
    assert code == 0 and message in err
    code, err = check(project, capsys, "--strict")
    assert code == 1 and message in err


def test_stale_readme_is_an_error(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project, XIE, "- reward-llm", "- reward-llm\n- exploration-llm")
    code, err = check(project, capsys)
    assert code == 1
    assert "README.md:1: README.md is stale" in err
    assert main(["--root", str(project.root), "build"]) == 0
    assert check(project, capsys) == (0, "")
