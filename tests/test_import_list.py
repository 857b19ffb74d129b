"""`init` + `import-list` + `build` on three awesome lists written in the common formats."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_src import awesome
from site_src.cli import main
from site_src.diagnostics import ContentError
from site_src.import_list import import_list
from site_src.init import init_survey
from site_src.load.paper_fields import load_paper_fields
from site_src.pipeline import Project, Report, build, check, load_survey
from tests.conftest import REPO

LISTS = REPO / "tests" / "fixtures" / "lists"
FORMATS = ["graph_learning.md", "language_models.md", "self_supervised_vision.md"]
LINKED = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def entries_in_order(markdown: str) -> list[tuple[str, str]]:
    """(title, paper link) of every entry the parser reads, in the list's order."""
    parsed = awesome.parse(markdown)

    def walk(sections: list[awesome.Section]) -> list[tuple[str, str]]:
        found = []
        for section in sections:
            found += [(e.title, e.url) for e in section.entries]
            found += walk(section.children)
        return found
    return walk(parsed.sections)


def imported(tmp_path: Path, name: str) -> Project:
    init_survey(tmp_path / "survey", "Awesome Test Survey")
    project = Project(tmp_path / "survey")
    import_list(project, LISTS / name)
    return project


def test_three_heading_levels_nest_and_keep_headings() -> None:
    parsed = awesome.parse((LISTS / "graph_learning.md").read_text("utf-8"))
    assert parsed.title == "Awesome Graph Learning"
    assert [s.title for s in parsed.sections] == ["Representation Learning",
                                                  "Graph Neural Networks", "Benchmarks"]
    gnn = parsed.sections[1]
    assert [c.title for c in gnn.children] == ["Spectral and Spatial Convolutions",
                                               "Expressive Power", "Pooling"]
    assert [c.title for c in gnn.children[0].children] == ["Convolutions", "Attention"]
    assert parsed.problems == [(52, "no link found in 'Graphs & Hypergraphs in Practice: a broken "
                                    "entry without any'")]


def test_entry_formats_give_title_links_venue_year_and_added() -> None:
    graph = awesome.parse((LISTS / "graph_learning.md").read_text("utf-8"))
    convolutions = graph.sections[1].children[0].children[0].entries
    assert convolutions[0].code_url == "https://github.com/tkipf/gcn"
    assert convolutions[1].added == 2024 and convolutions[1].title.startswith("Simplifying")
    assert convolutions[2].links == [("project", "https://snap.stanford.edu/graphsage/")]
    badge = graph.sections[1].children[0].children[1].entries[1]
    assert (badge.venue, badge.year) == ("NeurIPS", 2021)
    numbered = awesome.parse((LISTS / "language_models.md").read_text("utf-8")).sections[0].entries
    assert (numbered[0].title, numbered[0].venue, numbered[0].year) == (
        "Attention Is All You Need", "NeurIPS", 2017)
    assert numbered[0].authors[:2] == ["Ashish Vaswani", "Noam Shazeer"]
    assert (numbered[2].title, numbered[2].venue) == ("Longformer: The Long-Document Transformer",
                                                      "arXiv")
    nested = awesome.parse((LISTS / "self_supervised_vision.md").read_text("utf-8"))
    simclr = nested.sections[0].entries[0]
    assert simclr.authors == ["Ting Chen", "Simon Kornblith", "Mohammad Norouzi", "Geoffrey Hinton"]
    assert (simclr.venue, simclr.year, simclr.code_url) == (
        "ICML", 2020, "https://github.com/google-research/simclr")
    assert simclr.keywords == ["contrastive", "augmentation"]
    assert nested.problems == [(49, "could not read the nested line 'Unrelated remark that is no "
                                    "field of an entry'")]


@pytest.mark.parametrize("name", FORMATS)
def test_imported_list_builds_checks_and_keeps_titles_links_and_order(tmp_path: Path,
                                                                      name: str) -> None:
    project = imported(tmp_path, name)
    expected = entries_in_order((LISTS / name).read_text("utf-8"))
    build(project)
    assert not [d for d in check(project).diagnostics if d.level == "error"]
    readme = project.readme.read_text("utf-8")
    lines = [line for line in readme.splitlines() if (re.match(r"^(- |\d+\. )", line)
             and "[[paper]]" in line) or re.match(r"^- \[", line)]
    shown = []
    for line in lines:
        if "[[paper]]" in line:
            title = re.sub(r"^(?:- |\d+\. )(?:\(\d{4}\)! )?", "", line.split(" [[paper]]")[0])
            title = re.sub(r"\. [^.]* \d{4}\.$|\. \d{4}\.$", "", title).rstrip(".")
            shown.append((title.replace("\\", ""), line.split("[[paper]](")[1].split(")")[0]))
        else:
            found = LINKED.search(line)
            assert found
            shown.append((found.group(1).replace("\\", ""), found.group(2)))
    assert shown == [(title.rstrip("."), url) for title, url in expected]
    for title, _url in expected:
        assert title in readme.replace("\\", "")
    assert labels_in_site(project) == []


def labels_in_site(project: Project) -> list[tuple[str, str]]:
    """(file, label) wherever one of the shipped survey's own field labels shows up, in any
    case, once the imported papers' own titles and descriptions are set aside."""
    declared = load_paper_fields(REPO / "content" / "fields.yaml", REPO)
    labels = {f.label for f in declared if not f.core} | {f.detail_label for f in declared
                                                          if f.detail_label} | {"Perspective"}
    survey = load_survey(project, Report())
    own_words = sorted({p.title for p in survey.papers} | {p.description for p in survey.papers},
                       key=len, reverse=True)
    found = []
    for path in sorted(project.site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".txt") \
                and "terms" not in path.parts and not path.name.startswith("plotly."):
            # index terms are the titles' words; plotly.js is a library, not the site's text
            text = path.read_text("utf-8")
            for words in own_words:
                text = text.replace(words, "") if words else text
            found += [(path.relative_to(project.site).as_posix(), label) for label in sorted(labels)
                      for form in {label, label[:1].lower() + label[1:]}  # as in sentences
                      if re.search(rf"\b{re.escape(form)}\b(?![/+])", text)]
    return found


def test_an_entry_under_two_headings_is_one_paper_with_two_placements(tmp_path: Path) -> None:
    init_survey(tmp_path / "s", "Graphs")
    project = Project(tmp_path / "s")
    report = import_list(project, LISTS / "graph_learning.md")
    assert len(report.papers) == 13
    gcn = (project.content / "papers" / "semi2016supervised.md").read_text("utf-8")
    assert "node: convolutions" in gcn and "node: pooling" in gcn
    assert not (project.content / "papers" / "vaswani2017attention.md").exists()
    readme = (build(project), project.readme.read_text("utf-8"))[1]
    assert readme.count("Semi-Supervised Classification with Graph Convolutional Networks") == 2
    assert "- (2024)! Simplifying Graph Convolutional Networks" in readme
    assert "#### Convolutions" in readme and "## Benchmarks" in readme


def test_import_never_overwrites_and_never_duplicates(tmp_path: Path) -> None:
    init_survey(tmp_path / "s", "Graphs")
    project = Project(tmp_path / "s")
    import_list(project, LISTS / "graph_learning.md")
    paper = project.content / "papers" / "graph2017attention.md"
    paper.write_text(paper.read_text("utf-8") + "My own words.\n", "utf-8")
    again = import_list(project, LISTS / "graph_learning.md")
    assert again.papers == []
    assert paper.read_text("utf-8").endswith("My own words.\n")
    assert any("already in the survey as graph2017attention" in d.message
               for d in again.problems)
    taxonomy = (project.content / "taxonomy.yaml").read_text("utf-8")
    assert taxonomy.count("id: graph-neural-networks") == 1
    build(project)


def test_cli_reports_unreadable_lines_as_list_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "s"), "--title", "Vision"]) == 0
    monkeypatch.chdir(tmp_path / "s" / "content")  # inside the survey, like git
    assert main(["import-list", str(LISTS / "self_supervised_vision.md")]) == 0
    err = capsys.readouterr().err
    assert "self_supervised_vision.md:49: warning: could not read the nested line" in err
    assert main(["build"]) == 0
    assert (tmp_path / "s" / "_site" / "index.html").is_file()


def test_import_outside_a_survey_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="not a survey"):
        import_list(Project(tmp_path), LISTS / "graph_learning.md")
