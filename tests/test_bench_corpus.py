"""The benchmark's synthetic corpus is deterministic and is valid survey content."""
from __future__ import annotations

from pathlib import Path

from bench.corpus import generate
from site_src.diagnostics import errors
from site_src.pipeline import Project, build, check


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_count_and_seed_give_the_same_bytes(tmp_path: Path) -> None:
    first = files(generate(tmp_path / "a", 30, seed=7))
    assert files(generate(tmp_path / "b", 30, seed=7)) == first
    assert files(generate(tmp_path / "c", 30, seed=8)) != first
    assert len([name for name in first if name.startswith("content/papers/")]) == 30
    bib = first["content/references.bib"].decode("utf-8")
    assert bib.count("@article{") == 30
    assert "{\\" in bib


def test_generated_corpus_builds_and_passes_check(tmp_path: Path) -> None:
    project = Project(generate(tmp_path / "corpus", 40, seed=3))
    report = build(project)
    assert not errors(report.diagnostics)
    assert report.files > 40
    assert check(project).diagnostics == []
