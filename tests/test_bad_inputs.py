"""The bad-input corpus: every hostile or broken content file fails the build cleanly.

Each case is a folder under tests/bad_inputs/: `case.yaml` lists edits to the sample
content and the diagnostics expected (`path:line: field: message`); an optional `files/`
tree is copied over the project as raw bytes (non-UTF-8, binary). A few cases are too big
or too odd for a file in git (a 1 MB entry, a symlink out of content/) and are made here.
Every case must exit 1, print no traceback, and leave `_site/` and README.md byte-for-byte
as the previous good build left them.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from site_src.cli import main
from site_src.pipeline import Project
from tests.conftest import REPO, copy_project

CORPUS = Path(__file__).parent / "bad_inputs"
EUREKA = "content/papers/ma2023eureka.md"
# Each case must fail fast: a bomb that expands or a quadratic parser shows up here.
CASE_SECONDS = 20


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _huge_bib_entry(root: Path) -> None:
    with (root / "content/references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@article{huge2024,\n  title = {" + "A" * 1_000_000 + "},\n  year = 2024\n}\n")


def _huge_list(root: Path) -> None:
    items = ", ".join(f"model-{n}" for n in range(50_000))
    _replace(root / EUREKA, "base_model:\n- GPT 4", f"base_model: [{items}]")


def _symlink_outside(root: Path) -> None:
    outside = root / "outside.md"
    outside.write_text((root / EUREKA).read_text("utf-8").replace("ma2023eureka", "leak2024"),
                       encoding="utf-8")
    (root / "content/papers/leak2024.md").symlink_to(outside)


def _symlinked_folder(root: Path) -> None:
    shutil.move(root / "content/tables", root / "tables-elsewhere")
    (root / "content/tables").symlink_to(root / "tables-elsewhere")


def _unreadable_paper(root: Path) -> None:
    (root / "content/papers/ma2023eureka.md").unlink()
    (root / "content/papers/ma2023eureka.md").mkdir()


def _append_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        with (root / relative).open("ab") as handle:
            handle.write(data)
    return make


def _write_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / relative).write_bytes(data)


def _deep_nesting(root: Path) -> None:
    _replace(root / EUREKA, "framework: EUREKA", "framework: " + "[" * 5000 + "]" * 5000)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256))

GENERATED: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "bib-1mb-entry": (_huge_bib_entry, [
        "content/references.bib:108: huge2024: title is 1000000 characters long; the limit is 10000"]),
    "front-matter-huge-list": (_huge_list, [
        f"{EUREKA}:8: base_model: list has 50000 items; the limit is 1000"]),
    "symlink-file-outside-content": (_symlink_outside, [
        "content/papers/leak2024.md: symbolic link to a file outside content/"]),
    "symlink-folder-outside-content": (_symlinked_folder, [
        "content/tables: symbolic link to a file outside content/"]),
    "bib-not-utf8": (_append_bytes("content/references.bib",
                                   b"\n@misc{latin2024,\n  title = {Caf\xe9}\n}\n"), [
        "content/references.bib:109: not UTF-8 text"]),
    "bib-binary-file": (_write_bytes("content/references.bib", PNG), [
        "content/references.bib:1: not UTF-8 text"]),
    "paper-binary-file": (_write_bytes("content/papers/image2024.md", PNG), [
        "content/papers/image2024.md:1: not UTF-8 text"]),
    "paper-latin1": (_write_bytes("content/papers/latin2024.md",
                                  b"---\nkey: latin2024\ntitle: Caf\xe9\n---\n"), [
        "content/papers/latin2024.md:3: not UTF-8 text"]),
    "taxonomy-not-utf8": (_append_bytes("content/taxonomy.yaml", b"\n# \xff\n"), [
        "content/taxonomy.yaml:122: not UTF-8 text (invalid start byte)"]),
    "page-binary-file": (_write_bytes("content/pages/logo.md", PNG), [
        "content/pages/logo.md:1: not UTF-8 text"]),
    "table-binary-file": (_write_bytes("content/tables/table-6.yaml", PNG), [
        "content/tables/table-6.yaml:1: not UTF-8 text"]),
    "front-matter-deep-nesting": (_deep_nesting, [
        f"{EUREKA}:7: values are nested more than 32 levels deep"]),
    "paper-is-a-folder": (_unreadable_paper, [
        f"{EUREKA}: not a regular file"]),
}


def _replace(path: Path, find: str, replace: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert find in text, f"{find!r} not in {path}"
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")


def _apply(case: Path, root: Path) -> dict[str, object]:
    spec: dict[str, object] = yaml.safe_load((case / "case.yaml").read_text("utf-8"))
    for edit in spec.get("edits", []):  # type: ignore[attr-defined]
        target = root / edit["file"]
        if "append" in edit:
            with target.open("a", encoding="utf-8") as handle:
                handle.write(edit["append"])
        elif "write" in edit:
            target.write_text(edit["write"], encoding="utf-8")
        elif edit.get("delete"):
            target.unlink()
        else:
            _replace(target, edit["find"], edit["replace"])
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    return spec


def _cases() -> list[str]:
    return sorted([p.name for p in CORPUS.iterdir() if (p / "case.yaml").is_file()]
                  + list(GENERATED))


@pytest.fixture(scope="module")
def good_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample survey, built once; each case starts from a copy of it and its _site/."""
    project = copy_project(tmp_path_factory.mktemp("good"))
    assert main(["--root", str(project.root)]) == 0
    return project


def _run(root: Path, in_process: bool, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    if in_process:
        code = main(["--root", str(root)])
        return code, capsys.readouterr().err
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, done.stderr


def test_the_corpus_is_large_enough() -> None:
    assert len(_cases()) >= 40


@pytest.mark.parametrize("name", _cases())
def test_bad_input_fails_cleanly(name: str, good_project: Project, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    shutil.copytree(good_project.root, root, symlinks=True)
    site_before = tree_digest(root / "_site")
    readme_before = (root / "README.md").read_bytes()
    if name in GENERATED:
        make, expected = GENERATED[name]
        make(root)
        in_process = True
    else:
        spec = _apply(CORPUS / name, root)
        expected = list(spec["expect"])  # type: ignore[call-overload]
        in_process = not spec.get("subprocess", False)
    start = time.monotonic()
    code, err = _run(root, in_process, capsys)
    assert time.monotonic() - start < CASE_SECONDS
    assert "Traceback" not in err, err
    assert code == 1, err
    for message in expected:
        assert message in err, f"expected {message!r} in:\n{err}"
    assert "build failed; the previous _site/ was left untouched" in err
    assert tree_digest(root / "_site") == site_before
    assert (root / "README.md").read_bytes() == readme_before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [], \
        "a failed build left temporary files next to _site/"
    assert os.listdir(root / "_site")
