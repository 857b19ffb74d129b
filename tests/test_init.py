"""`survey-site init`: a new survey that builds with the packaged theme, nothing copied."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from site_src.cli import main
from site_src.pipeline import Project, build, check


def test_init_writes_a_survey_that_builds_and_checks(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "new"
    assert main(["init", str(folder), "--title", 'Awesome "Quoted": Topics']) == 0
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert written == {"content/site.yaml", "content/taxonomy.yaml", "content/fields.yaml",
                       "content/references.bib", "content/papers/vaswani2017attention.md",
                       "CONTRIBUTING.md", ".gitignore", ".github/workflows/check.yml",
                       ".github/workflows/pages.yml", ".github/ISSUE_TEMPLATE/suggest-paper.yml"}
    assert not (folder / "templates").exists()
    site = yaml.safe_load((folder / "content" / "site.yaml").read_text("utf-8"))
    assert site["title"] == 'Awesome "Quoted": Topics'
    for workflow in (folder / ".github" / "workflows").iterdir():
        assert "survey-site" in workflow.read_text("utf-8")
    project = Project(folder)
    build(project)
    assert (folder / "_site" / "index.html").is_file()
    assert "Awesome \"Quoted\": Topics" in project.readme.read_text("utf-8")
    assert check(project).diagnostics == [] or all(
        d.level == "warning" for d in check(project).diagnostics)


def test_init_refuses_a_folder_with_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    assert main(["init", str(tmp_path), "--title", "X"]) == 1
    assert "folder is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_commands_find_the_survey_from_a_subfolder_or_with_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    main(["init", str(tmp_path / "s"), "--title", "Found"])
    monkeypatch.chdir(tmp_path / "s" / "content" / "papers")
    assert main(["build"]) == 0
    assert (tmp_path / "s" / "_site" / "index.html").is_file()
    monkeypatch.chdir(tmp_path)
    assert main(["--root", str(tmp_path / "s"), "check"]) == 0


def test_check_of_a_new_survey_says_readme_is_not_generated_yet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["init", str(tmp_path / "s"), "--title", "Fresh"])
    assert main(["--root", str(tmp_path / "s"), "check"]) == 0
    err = capsys.readouterr().err
    assert "README.md has not been generated yet" in err and "stale" not in err


def test_content_templates_override_theme_files_by_name(tmp_path: Path) -> None:
    main(["init", str(tmp_path / "s"), "--title", "Styled"])
    overrides = tmp_path / "s" / "content" / "templates"
    overrides.mkdir()
    (overrides / "404.html").write_text('{% extends "base.html" %}{% block main %}Lost here'
                                        '{% endblock %}', "utf-8")
    (overrides / "style.css").write_text("body { color: rebeccapurple }\n", "utf-8")
    build(Project(tmp_path / "s"))
    site = tmp_path / "s" / "_site"
    assert "Lost here" in (site / "404.html").read_text("utf-8")
    styles = [p.read_text("utf-8") for p in (site / "static").glob("style.*.css")]
    assert styles == ["body { color: rebeccapurple }\n"]
