"""`python build.py new`: a scaffold with every field, refused duplicates, and a path to a valid build."""
from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from site_src.cli import main
from site_src.load.bib import load_bib
from site_src.load.paper_fields import front_matter_fields, load_paper_fields
from site_src.load.taxonomy import load_taxonomy
from site_src.pipeline import Project

NEW_ENTRY = """@inproceedings{doe2024grasp,
  title = {Grasping with Generated Rewards},
  author = {Doe, Jane and Roe, Richard},
  booktitle = {Conference on Robot Learning},
  year = {2024},
  url = {https://example.org/grasp},
  doi = {10.1234/CoRL.2024.42},
}
"""


@pytest.fixture
def project(make_project: Callable[[], Project]) -> Project:
    return make_project()


def run(project: Project, *args: str) -> int:
    return main(["--root", str(project.root), *args])


def snapshot(project: Project) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(project.content.rglob("*")) if p.is_file()}


def test_scaffold_lists_every_field_and_all_taxonomy_ids(project: Project,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(
        "@misc{study2024, title = {A Study of Robot Rewards}, year = {2024},\n"
        "  url = {https://arxiv.org/abs/2401.01234}, eprint = {2401.01234v2}}"))
    assert run(project, "new") == 0
    text = (project.content / "papers" / "study2024.md").read_text("utf-8")
    front = text.split("---")[1]
    declared = load_paper_fields(project.content / "fields.yaml", project.root)
    for field in front_matter_fields(declared):
        assert re.search(rf"^# {field.name} \((required|optional)\): {re.escape(field.help)}\n"
                         rf"(#.*\n)*{field.name}: ", front, re.M), field.name
    for root in load_taxonomy(project.content / "taxonomy.yaml", project.root):
        for node in root.walk():
            assert re.search(rf"^#\s+{node.id}\s+{re.escape(node.title)}$", front, re.M)
    assert 'year: 2024\n' in front and 'year_source: "bib"' in front
    assert 'arxiv: "2401.01234"' in front
    bib, problems = load_bib(project.content / "references.bib", project.root)
    assert problems == []
    assert bib["study2024"].fields["url"] == "https://arxiv.org/abs/2401.01234"


def test_scaffold_is_flagged_until_taxonomy_is_chosen_then_builds(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = tmp_path / "entry.bib"
    entry.write_text(NEW_ENTRY, "utf-8")
    assert run(project, "new", str(entry)) == 0
    paper = project.content / "papers" / "doe2024grasp.md"
    text = paper.read_text("utf-8")
    assert 'doi: "10.1234/CoRL.2024.42"' in text and 'year_source: "bib"' in text
    capsys.readouterr()

    assert run(project, "check") == 1
    line = text.splitlines().index("taxonomy: []") + 1
    assert (f"content/papers/doe2024grasp.md:{line}: taxonomy: expected a non-empty list of "
            "node ids") in capsys.readouterr().err

    leaf = next(n for root in load_taxonomy(project.content / "taxonomy.yaml", project.root)
                for n in root.walk() if not n.children)
    paper.write_text(text.replace("taxonomy: []", f"taxonomy: [{leaf.id}]"), "utf-8")
    assert run(project, "build") == 0
    assert run(project, "check", "--strict") == 0, capsys.readouterr().err
    page = (project.site / "papers" / "doe2024grasp" / "index.html").read_text("utf-8")
    assert "Grasping with Generated Rewards" in page


def test_entry_from_standard_input(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_ENTRY))
    assert run(project, "new") == 0
    assert (project.content / "papers" / "doe2024grasp.md").is_file()


@pytest.mark.parametrize(("entry", "message"), [
    ("@article{ma2023eureka, title={Something else}, year=2023}",
     "<stdin>:1: key: key 'ma2023eureka' is already used"),
    ("@article{other2023, title={Other}, year=2023, eprint={2310.12931v3}}",
     "<stdin>:1: key: same arXiv id as ma2023eureka (content/papers/ma2023eureka.md): 2310.12931"),
    ("@article{other2023, title={Other}, year=2023, url={https://arxiv.org/pdf/2309.11489}}",
     "same arXiv id as xie2023text2reward"),
    ("@article{other2023, title={EUREKA -- human-level reward design via coding large "
     "language models!}, year=2023}",
     "<stdin>:1: key: same title as ma2023eureka (content/references.bib:1): "
     "eurekahumanlevelrewarddesignviacodinglargelanguagemodels"),
    ("@article{Other2023, title={Other}}", "key 'Other2023' is not lowercase letters"),
    ("@article{other2023, year=2023}", "<stdin>:1: title: entry has no title"),
    ("@article{a, title={A}}\n@article{b, title={B}}", "expected one BibTeX entry, found 2"),
    ("@article{broken, title={Unclosed, year=2023",
     "<stdin>:1: malformed BibTeX entry: Unexpectedly reached end of file."),
])
def test_refused_entries_leave_content_untouched(project: Project, entry: str, message: str,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project)
    monkeypatch.setattr("sys.stdin", io.StringIO(entry))
    assert run(project, "new") == 1
    assert message in capsys.readouterr().err
    assert snapshot(project) == before


def test_same_doi_as_an_added_paper_is_refused(project: Project, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "first.bib"
    first.write_text(NEW_ENTRY, "utf-8")
    assert run(project, "new", str(first)) == 0
    second = tmp_path / "second.bib"
    second.write_text("@misc{roe2025, title = {Another Name}, year = {2025},\n"
                      "  url = {https://doi.org/10.1234/corl.2024.42}}\n", "utf-8")
    assert run(project, "new", str(second)) == 1
    assert (f"{second}:1: key: same DOI as doe2024grasp (content/papers/doe2024grasp.md): "
            "10.1234/corl.2024.42") in capsys.readouterr().err
    assert not (project.content / "papers" / "roe2025.md").exists()
