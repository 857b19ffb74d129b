"""One test per kind of invalid content: exact location and message, exit 1, site untouched."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from site_src.cli import main
from site_src.pipeline import Project
from tests.conftest import MakeProject

EUREKA = "content/papers/ma2023eureka.md"


def edit(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def run_cli(project: Project, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(project.root), *args])
    return code, capsys.readouterr().err


CASES = {
    "yaml syntax": (EUREKA, "year: 2023", "year: [2023", f"{EUREKA}:6: YAML syntax error"),
    "missing field": (EUREKA, "year: 2023\n", "",
                      f"{EUREKA}:2: year: missing required field in paper front-matter"),
    "unknown field": (EUREKA, "year: 2023", "year: 2023\nyaer: 2023",
                      f"{EUREKA}:6: yaer: unknown field in paper front-matter\n"
                      "    hint: did you mean 'year'?"),
    "wrong type": (EUREKA, "year: 2023", "year: soon",
                   f"{EUREKA}:5: year: expected a whole number such as 2024, got str 'soon'"),
    "bad choice": (EUREKA, "code: 'yes'", "code: maybe",
                   f"{EUREKA}:10: code: 'maybe' is not one of yes, no, unknown"),
    "bad url": (EUREKA, "arxiv:", "code_url: javascript:alert(1)\narxiv:",
                f"{EUREKA}:17: code_url: 'javascript:alert(1)' is not an absolute http(s) URL"),
    "unknown taxonomy id": (EUREKA, "- reward-llm", "- reward_llm",
                            f"{EUREKA}:4: taxonomy: unknown taxonomy id 'reward_llm'\n"
                            "    hint: did you mean 'reward-llm'?"),
    "bib key not found": ("content/references.bib", "@article{ma2023eureka,",
                          "@article{ma2023eurekaa,",
                          f"{EUREKA}:2: key: BibTeX key 'ma2023eureka' not found in "
                          "content/references.bib\n    hint: did you mean 'ma2023eurekaa'?"),
    "key differs from file": (EUREKA, "key: ma2023eureka", "key: ma2023eurika",
                              f"{EUREKA}:2: key: key 'ma2023eurika' does not match the file name"),
    "malformed bibtex": ("content/references.bib", "@article{ma2023eureka,",
                         "@article{ma2023eureka", "content/references.bib:1: malformed BibTeX entry"),
    "duplicate bib key": ("content/references.bib", "@article{xie2023text2reward,",
                          "@article{ma2023eureka,",
                          "content/references.bib:10: ma2023eureka: duplicate BibTeX key"),
    "duplicate paper": ("content/papers/xie2023text2reward.md", "arxiv: '2309.11489'",
                        "arxiv: '2310.12931'", "content/papers/xie2023text2reward.md:1: key: same "
                        "arXiv id as 'ma2023eureka' (2310.12931)"),
    "duplicate taxonomy id": ("content/taxonomy.yaml", "- id: vlm", "- id: llm",
                              "content/taxonomy.yaml:15: id: duplicate node id 'llm'\n"
                              "    hint: first defined on line 11"),
    "year out of range": (EUREKA, "year: 2023", "year: 20233",
                          f"{EUREKA}:5: year: year 20233 is out of range"),
    "unknown page table": ("content/pages/about.md", "tables: [table-6]", "tables: [table-7]",
                           "content/pages/about.md:6: tables: unknown table 'table-7'"),
    "site config": ("content/site.yaml", 'base_url: "https://', 'base_url: "ftp://',
                    "content/site.yaml:3: base_url: 'ftp://"),
}


@pytest.mark.parametrize("kind", CASES)
def test_invalid_content_is_reported_at_its_line(
    kind: str, make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()
    assert run_cli(project, capsys)[0] == 0
    before = tree_digest(project.site)
    readme_before = project.readme.read_bytes()
    relative, old, new, expected = CASES[kind]
    edit(project, relative, old, new)
    code, err = run_cli(project, capsys)
    assert code == 1
    assert expected in err
    assert "Traceback" not in err
    assert "build failed; the previous _site/ was left untouched" in err
    assert tree_digest(project.site) == before
    assert project.readme.read_bytes() == readme_before
    check_code, check_err = run_cli(project, capsys, "check")
    assert check_code == 1 and expected in check_err


def test_every_error_is_reported_in_one_run(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()
    edit(project, EUREKA, "year: 2023", "yaer: 2023")
    edit(project, "content/papers/chi2023diffusion.md", "- diffusion-policy", "- diffusion-polcy")
    edit(project, "content/references.bib", "@article{xie2023text2reward,",
         "@article{xie2023text2reward")
    code, err = run_cli(project, capsys)
    assert code == 1
    assert f"{EUREKA}:5: yaer: unknown field" in err
    assert f"{EUREKA}:2: year: missing required field" in err
    assert "chi2023diffusion.md:5: taxonomy: unknown taxonomy id 'diffusion-polcy'" in err
    assert "content/references.bib:10: malformed BibTeX entry" in err
    assert not project.site.exists(), "no site is written when the first build fails"


def test_warnings_do_not_fail_check_unless_strict(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()
    assert run_cli(project, capsys)[0] == 0
    edit(project, EUREKA, "year_source: arxiv\n", "")
    code, err = run_cli(project, capsys, "check")
    assert code == 0
    assert f"{EUREKA}:1: year_source: warning: Year source is not set" in err
    assert run_cli(project, capsys, "check", "--strict")[0] == 1


def test_check_fails_on_a_stale_readme(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()
    assert run_cli(project, capsys)[0] == 0
    assert run_cli(project, capsys, "check")[0] == 0
    edit(project, EUREKA, "- reward-llm", "- reward-llm\n- exploration-llm")
    code, err = run_cli(project, capsys, "check")
    assert code == 1
    assert "README.md:1: README.md is stale" in err
