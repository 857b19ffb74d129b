"""content/charts.yaml is checked like every other content file: exact messages, did-you-mean."""
from __future__ import annotations

import pytest

from site_src.diagnostics import ContentError
from site_src.pipeline import Project, Report, build, load_survey
from tests.conftest import MakeProject


def _errors(project: Project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_survey(project, Report())
    return [d.format() for d in caught.value.diagnostics]


def _edit(project: Project, old: str, new: str) -> None:
    path = project.content / "charts.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_unknown_node_id_is_an_error_with_did_you_mean(make_project: MakeProject) -> None:
    project = make_project()
    _edit(project, "nodes: [llm, reward-llm,", "nodes: [llm, rewrd-llm,")
    (message,) = _errors(project)
    assert message.startswith("content/charts.yaml:")
    assert "nodes: unknown taxonomy id 'rewrd-llm'" in message
    assert "did you mean 'reward-llm'?" in message


def test_unknown_category_typo_and_bad_colour(make_project: MakeProject) -> None:
    project = make_project()
    _edit(project, "categories: [llm, vlm, diffusion-model, world-model]",
          "categories: [llm, vml, diffusion-model, world-model]")
    _edit(project, 'color: "#f26b4f"', 'color: "red"')
    _edit(project, "  title: Papers per year", "  titel: Papers per year")
    messages = "\n".join(_errors(project))
    assert "categories: unknown category 'vml'" in messages and "did you mean 'vlm'?" in messages
    assert "color: 'red' is not a colour" in messages
    assert "titel: unknown field in timeline" in messages and "did you mean 'title'?" in messages


def test_without_charts_yaml_the_site_has_no_charts_page(make_project: MakeProject) -> None:
    project = make_project()
    (project.content / "charts.yaml").unlink()
    build(project)
    assert not (project.site / "charts").exists()
    assert not project.figures.exists()
    assert "Trends" not in (project.site / "index.html").read_text("utf-8")


def test_figures_and_chart_pages_are_byte_identical_across_builds(
        make_project: MakeProject) -> None:
    first, second = make_project(name="one"), make_project(name="two")
    build(first)
    build(second)
    for name in ("fig1.svg", "fig2.svg"):
        assert (first.figures / name).read_bytes() == (second.figures / name).read_bytes()
    pages = sorted(p.relative_to(first.site) for p in (first.site / "charts").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        assert (first.site / page).read_bytes() == (second.site / page).read_bytes()
