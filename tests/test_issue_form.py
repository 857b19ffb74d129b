"""The "Suggest a paper" issue form: recorded bodies parsed, then turned into a paper by
`python build.py new --issue` as the suggest-paper workflow runs it."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from remote_server import RemoteServer, run_online

from site_src.cli import main
from site_src.diagnostics import ContentError
from site_src.issue_form import answers, form_labels, suggestion
from site_src.load.bib import load_bib
from site_src.load.paper_fields import front_matter_fields, load_paper_fields
from site_src.pipeline import Project

REPO = Path(__file__).resolve().parent.parent
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml"
SCHEMA = front_matter_fields(load_paper_fields(REPO / "content" / "fields.yaml", REPO))
BODIES = REPO / "tests" / "fixtures" / "issue-forms"


@pytest.fixture
def project(make_project: Callable[..., Project]) -> Project:
    return make_project(REPO / "content")


def body(name: str) -> str:
    return (BODIES / name).read_text("utf-8")


def test_answers_by_field_id_without_empty_ones() -> None:
    found = answers(body("arxiv-full.md"), form_labels(FORM))
    assert found["arxiv"] == "2410.24164"
    assert found["taxonomy"] == "diffusion-policy\nrl-finetuning as listed in the review's table"
    assert "doi" not in found and "year" not in found, "_No response_ is no answer"
    pasted = answers(body("bibtex-pasted.md").replace("\n", "\r\n"), form_labels(FORM))
    assert pasted["bibtex"].startswith("@inproceedings{doe2024grasp,\n  title = {Grasping")
    assert pasted["bibtex"].endswith("}") and "```" not in pasted["bibtex"]


def test_suggestion_converts_answers_by_field_kind() -> None:
    found = suggestion(body("arxiv-full.md"), FORM, "issue.md", SCHEMA)
    assert (found.arxiv, found.doi, found.bibtex, found.key) == ("2410.24164", "", "", "")
    assert found.taxonomy == ("diffusion-policy", "rl-finetuning")
    assert found.values == {
        "framework": "π0", "base_model": ["PaliGemma", "flow matching"], "code": "yes",
        "code_url": "https://github.com/Physical-Intelligence/openpi",
        "rl_task": ["policy fine-tuning"], "environment": "real",
        "environment_detail": "Eight robot platforms, including bimanual arms",
        "links": {"project": "https://www.physicalintelligence.company/blog/pi0",
                  "video": "https://www.youtube.com/watch?v=example"}}
    assert found.summary.startswith("A vision-language model is extended")
    minimal = suggestion(body("title-and-link.md"), FORM, "issue.md", SCHEMA)
    assert minimal.bibtex == ("@misc{smith2024workshop,\n  title = {A Workshop Paper on Language "
                              "Rewards},\n  year = {2024},\n  url = {https://openreview.net/forum?"
                              "id=AbCdEf123},\n}\n")
    assert minimal.values == {"year": 2024, "year_source": "venue"}
    with pytest.raises(ContentError) as refused:
        suggestion(body("nothing-to-start-from.md"), FORM, "issue.md", SCHEMA)
    assert refused.value.diagnostics[0].format() == (
        "issue.md: arxiv: the form gives no arXiv id, DOI, BibTeX entry, or title and link\n"
        "    hint: fill in the arXiv id or the DOI in the issue")


def new_from(project: Project, remote: RemoteServer, name: str) -> tuple[int, str, str]:
    result = run_online(project.root, remote, "new", "--issue", str(BODIES / name),
                        "--form", str(FORM))
    return result.returncode, result.stdout, result.stderr


def test_issue_with_an_arxiv_id_becomes_a_checked_paper(project: Project,
                                                        remote: RemoteServer) -> None:
    code, out, err = new_from(project, remote, "arxiv-full.md")
    assert code == 0, err
    assert "added black2024pi0 to content/references.bib" in out
    text = (project.content / "papers" / "black2024pi0.md").read_text("utf-8")
    for line in ('taxonomy: ["diffusion-policy", "rl-finetuning"]', 'framework: "π0"',
                 'base_model: ["PaliGemma", "flow matching"]', 'code: "yes"',
                 'links: {"project": "https://www.physicalintelligence.company/blog/pi0", '
                 '"video": "https://www.youtube.com/watch?v=example"}', 'year_source: "arxiv"'):
        assert f"\n{line}\n" in text, line
    assert text.endswith("---\nA vision-language model is extended with a flow-matching action "
                         "expert so that one policy controls many robots; it is pre-trained on a "
                         "large multi-robot mixture and fine-tuned for dexterous tasks.\n")
    assert main(["--root", str(project.root), "build"]) == 0
    assert main(["--root", str(project.root), "check", "--strict"]) == 0


@pytest.mark.parametrize(("name", "key"), [("doi-only.md", "peng2020learning"),
                                           ("bibtex-pasted.md", "doe2024grasp"),
                                           ("title-and-link.md", "smith2024workshop")])
def test_other_ways_to_fill_the_form(project: Project, remote: RemoteServer, name: str,
                                     key: str) -> None:
    code, _, err = new_from(project, remote, name)
    assert code == 0, err
    entry = load_bib(project.content / "references.bib", project.root)[0][key]
    assert entry.fields["title"]
    assert main(["--root", str(project.root), "build"]) == 0
    assert main(["--root", str(project.root), "check", "--strict"]) == 0


@pytest.mark.parametrize(("name", "message"), [
    ("unknown-arxiv-id.md", "new: arXiv has no paper with the id 2501.99999; check the id on arxiv.org\n"),
    ("nothing-to-start-from.md", "the form gives no arXiv id, DOI, BibTeX entry, or title and link"),
])
def test_unusable_issue_is_a_clear_error_and_writes_nothing(project: Project, remote: RemoteServer,
                                                            name: str, message: str) -> None:
    before = {p: p.read_bytes() for p in project.content.rglob("*") if p.is_file()}
    code, _, err = new_from(project, remote, name)
    assert code == 1 and message in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in project.content.rglob("*") if p.is_file()} == before
