"""Rendering planned outputs into a folder: workers, forked or spawned, give the files one
process gives."""
from __future__ import annotations

import multiprocessing
from functools import partial
from pathlib import Path

import pytest

from site_src.diagnostics import ContentError
from site_src.pipeline import Project, Report, load_survey, plan_site
from site_src.produce import Plan, produce
from tests.conftest import MakeProject


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def planned(project: Project) -> Plan:
    survey = load_survey(project, Report())
    return Plan(*plan_site(project, survey), partial(plan_site, project, survey))


@pytest.mark.parametrize("start_method", multiprocessing.get_all_start_methods())
def test_workers_write_the_same_files_as_one_process(real_site: Project, tmp_path: Path,
                                                     start_method: str) -> None:
    plan = planned(real_site)
    serial = produce(plan, tmp_path / "serial", jobs=1)
    parallel = produce(plan, tmp_path / "parallel", start_method=start_method, jobs=2)
    assert sorted(serial) == parallel
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")
    assert len(serial) == len(plan.outputs) > 500


def test_only_the_chosen_outputs_are_rendered(make_project: MakeProject, tmp_path: Path) -> None:
    plan = planned(make_project())
    chosen = [0, len(plan.outputs) - 1]
    written = produce(plan, tmp_path / "site", chosen)
    assert written == [plan.outputs[0].path, plan.outputs[-1].path]
    assert sorted(tree(tmp_path / "site")) == sorted(written)


def test_a_template_error_in_a_worker_names_the_template(make_project: MakeProject,
                                                         tmp_path: Path) -> None:
    project = make_project()
    (project.content / "templates").mkdir()
    (project.content / "templates" / "paper.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ no_such_value.title }}\n{% endblock %}\n')
    plan = planned(project)
    with pytest.raises(ContentError) as raised:
        produce(plan, tmp_path / "site", jobs=2)
    [problem] = raised.value.diagnostics
    assert problem.path.endswith("paper.html")
    assert "'no_such_value' is undefined" in problem.message
