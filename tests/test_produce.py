"""Rendering planned outputs into a folder: forked workers give the same files as one process."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_src import views
from site_src.diagnostics import ContentError
from site_src.pipeline import Project, Report, load_survey, make_renderer
from site_src.produce import produce
from site_src.render import Renderer
from tests.conftest import MakeProject


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def planned(project: Project) -> tuple[list[views.Output], Renderer]:
    survey = load_survey(project, Report())
    return views.site_outputs(survey, project.content_files()), make_renderer(project, survey)


def test_workers_write_the_same_files_as_one_process(real_site: Project, tmp_path: Path) -> None:
    outputs, renderer = planned(real_site)
    serial = produce(outputs, renderer, tmp_path / "serial", {}, jobs=1)
    forked = produce(outputs, renderer, tmp_path / "forked", {}, jobs=2)
    assert serial == forked
    assert tree(tmp_path / "serial") == tree(tmp_path / "forked")
    assert len(serial) == len(outputs) > 500


def test_files_whose_bytes_are_held_already_are_not_written(make_project: MakeProject,
                                                            tmp_path: Path) -> None:
    outputs, renderer = planned(make_project())
    manifest = produce(outputs, renderer, tmp_path / "first", {}, jobs=1)
    held = dict(manifest)
    changed = outputs[0].path
    held[changed] = ("", "a digest of other bytes")
    again = produce(outputs, renderer, tmp_path / "second", held, jobs=2)
    assert again == manifest
    assert list(tree(tmp_path / "second")) == [changed]


def test_a_template_error_in_a_worker_names_the_template(make_project: MakeProject,
                                                         tmp_path: Path) -> None:
    project = make_project()
    (project.content / "templates").mkdir()
    (project.content / "templates" / "paper.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ no_such_value.title }}\n{% endblock %}\n')
    outputs, renderer = planned(project)
    with pytest.raises(ContentError) as raised:
        produce(outputs, renderer, tmp_path / "site", {}, jobs=2)
    [problem] = raised.value.diagnostics
    assert problem.path.endswith("paper.html")
    assert "'no_such_value' is undefined" in problem.message
