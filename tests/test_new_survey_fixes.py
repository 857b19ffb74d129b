"""Bugs a new survey ran into, each on a survey made by `init`: charts, README, home page,
BibTeX, hints, navigation."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_src.diagnostics import ContentError
from site_src.init import init_survey
from site_src.pipeline import build, check
from site_src.project import Project

PAPER = """---
key: {key}
taxonomy: [{node}]
year: {year}
{extra}---
"""
BIB = """@misc{{{key},
  title = {{{title}}},
  year = {{{year}}},
  url = {{https://example.org/{key}}}
}}
"""


def survey(tmp_path: Path, charts: str = "", papers: tuple[tuple[str, str, int, str], ...] = (),
           taxonomy: str = "") -> Project:
    """A survey made by init, with `papers` as (key, title, year, front-matter extra)."""
    init_survey(tmp_path / "s", "Awesome Things")
    project = Project(tmp_path / "s")
    if taxonomy:
        (project.content / "taxonomy.yaml").write_text(taxonomy, "utf-8")
    node = "example-topic"
    bib = (project.content / "references.bib").read_text("utf-8")
    for key, title, year, extra in papers:
        (project.content / "papers" / f"{key}.md").write_text(
            PAPER.format(key=key, node=node, year=year, extra=extra), "utf-8")
        bib += "\n" + BIB.format(key=key, title=title, year=year)
    (project.content / "references.bib").write_text(bib, "utf-8")
    if charts:
        (project.content / "charts.yaml").write_text(charts, "utf-8")
    return project


CATEGORIES = """categories:
  - {id: all, label: Everything, nodes: [example-topic], color: "#336699"}
"""


def test_charts_with_only_categories_check_and_build(tmp_path: Path) -> None:
    project = survey(tmp_path, CATEGORIES)
    assert [d for d in check(project).diagnostics if d.level == "error"] == []
    build(project)
    page = (project.site / "charts" / "index.html").read_text("utf-8")
    assert "What each category counts" in page and "chart-timeline" not in page
    assert "chart-heatmap" not in page
    assert not (project.root / "docs" / "figures").exists()
    assert "docs/figures" not in project.readme.read_text("utf-8")


def test_timeline_without_heatmap_embeds_only_its_own_figure(tmp_path: Path) -> None:
    project = survey(tmp_path, CATEGORIES + """timeline:
  title: Things per year
  groups:
    - {label: Techniques, categories: [all]}
""")
    build(project)
    readme = project.readme.read_text("utf-8")
    assert "![Things per year, cumulative](docs/figures/fig1.svg)" in readme
    assert "fig2.svg" not in readme
    assert sorted(p.name for p in (project.root / "docs" / "figures").iterdir()) == ["fig1.svg"]
    figure = (project.root / "docs" / "figures" / "fig1.svg").read_text("utf-8")
    assert "Techniques" in figure and "Techniques (Techniques)" not in figure
    page = (project.site / "charts" / "index.html").read_text("utf-8")
    assert "chart-heatmap" not in page and "Labels name landmark papers" not in page


def test_landmark_sentence_only_with_landmarks(tmp_path: Path) -> None:
    project = survey(tmp_path, CATEGORIES + """timeline:
  title: Things per year
  groups:
    - {label: Techniques, short: T, categories: [all]}
""", papers=(("first2020thing", "The First Thing", 2020, "landmark: First\n"),))
    build(project)
    page = (project.site / "charts" / "index.html").read_text("utf-8")
    assert "Labels name landmark papers." in page
    assert "Techniques (T)" in (project.root / "docs" / "figures" / "fig1.svg").read_text("utf-8")


def test_no_abstract_heading_without_an_abstract(tmp_path: Path) -> None:
    project = survey(tmp_path)
    build(project)
    assert "Abstract" not in (project.site / "index.html").read_text("utf-8")
    site = project.content / "site.yaml"
    site.write_text(site.read_text("utf-8") + "abstract: What this list is about.\n", "utf-8")
    build(project)
    assert ">Abstract</h2>" in (project.site / "index.html").read_text("utf-8")


@pytest.mark.parametrize("title", ["{Graphs & Hypergraphs}", "Gr{\\\"a}phs & Hypergraphs"])
def test_bare_ampersand_in_a_bibtex_title_is_kept(tmp_path: Path, title: str) -> None:
    project = survey(tmp_path, papers=(("graphs2021hyper", title, 2021, ""),))
    build(project)
    page = (project.site / "papers" / "graphs2021hyper" / "index.html").read_text("utf-8")
    assert "<h1>Graphs &amp; Hypergraphs</h1>" in page or "<h1>Gräphs &amp; Hypergraphs</h1>" in page


def test_hints_name_this_surveys_own_taxonomy(tmp_path: Path) -> None:
    project = survey(tmp_path, papers=(("thing2020first", "First", 2020, ""),))
    paper = project.content / "papers" / "thing2020first.md"
    paper.write_text(paper.read_text("utf-8").replace("[example-topic]", "[example-topik]"),
                     "utf-8")
    with pytest.raises(ContentError) as raised:
        build(project)
    assert "did you mean 'example-topic'?" in str(raised.value)
    paper.write_text(paper.read_text("utf-8").replace("[example-topik]", "[]"), "utf-8")
    with pytest.raises(ContentError) as raised:
        build(project)
    assert "reward-llm" not in str(raised.value) and "content/taxonomy.yaml" in str(raised.value)


def test_readme_links_contributing_only_when_the_survey_has_one(tmp_path: Path) -> None:
    project = survey(tmp_path)
    build(project)
    readme = project.readme.read_text("utf-8")
    assert "[CONTRIBUTING.md](CONTRIBUTING.md)" in readme and "pip install -e" not in readme
    (project.root / "CONTRIBUTING.md").unlink()
    build(project)
    assert "CONTRIBUTING" not in project.readme.read_text("utf-8")


def test_navigation_uses_short_titles_and_can_leave_nodes_out(tmp_path: Path) -> None:
    project = survey(tmp_path, taxonomy="""nodes:
  - id: example-topic
    title: Methods for Learning Representations of Very Large Graphs
    short: Methods
  - id: hidden-topic
    title: Background Reading
    nav: false
""")
    build(project)
    home = (project.site / "index.html").read_text("utf-8")
    nav = home.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert ">Methods</a>" in nav and "Very Large Graphs" not in nav
    assert "Background Reading" not in nav
    assert "Methods for Learning Representations of Very Large Graphs" in home
