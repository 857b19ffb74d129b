"""Rendering planned outputs into a folder: workers, forked or spawned, give the files one
process gives."""
from __future__ import annotations

import multiprocessing
import os
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import pytest

from site_src.diagnostics import ContentError
from site_src.pipeline import Project, Report, build, load_survey, plan_site
from site_src.produce import Plan, produce
from site_src.render import Renderer, compile_templates
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


def test_templates_compiled_elsewhere_are_used_only_while_their_source_is_unchanged(
        tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("old {{ value }}\n")
    (templates / "broken.html").write_text("{% if %}\n")
    compiled = compile_templates([templates])
    assert len(compiled) == 1  # the broken one is left to fail where it is used
    assert Renderer([templates], {}, compiled=compiled).render("page.html", {"value": 1}) == "old 1\n"
    (templates / "page.html").write_text("new {{ value }}\n")
    assert Renderer([templates], {}, compiled=compiled).render("page.html", {"value": 1}) == "new 1\n"
    with pytest.raises(ContentError) as raised:
        Renderer([templates], {}, compiled=compiled).render("broken.html", {})
    [problem] = raised.value.diagnostics
    assert (Path(problem.path).name, problem.line) == ("broken.html", 1)


def test_a_forked_build_compiles_no_template_in_the_main_process(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        pytest.skip("templates compile beside the build only where processes fork")
    project = make_project()
    compiled_here: list[str | None] = []
    compile_source = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None,
                *args: Any, **kwargs: Any) -> Any:
        compiled_here.append(name)  # a forked child appends to its own copy of the list
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    build(project, start_method="fork")
    assert compiled_here == []
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    build(project, start_method="fork")
    assert "paper.html" in compiled_here


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_template_calling_something_wrongly_names_its_line_not_a_traceback(
        make_project: MakeProject, tmp_path: Path, jobs: int) -> None:
    project = make_project()
    (project.content / "templates").mkdir()
    (project.content / "templates" / "paper.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ paper.title }}</h1>\n'
        '{{ paper.title.startswith() }}\n{% endblock %}\n')
    with pytest.raises(ContentError) as raised:
        produce(planned(project), tmp_path / "site", jobs=jobs)
    [problem] = raised.value.diagnostics
    assert (Path(problem.path).name, problem.line) == ("paper.html", 4)
    assert problem.message.startswith("template error: TypeError: ")
