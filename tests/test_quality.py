"""Lint, types and self-containment run as part of the one test command."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                          text=True, check=False)


def test_ruff_is_clean() -> None:
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_build_and_tests_never_read_outside_the_repository() -> None:
    """../shared/ is source material for the import script, never a build or test input."""
    offenders = []
    for folder in ("site_src", "tests", "templates", "bench"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".html", ".j2", ".yaml", ".js"):
                text = path.read_text(encoding="utf-8", errors="replace")
                if "shared/seed" in text and path.name != "test_quality.py":
                    offenders.append(path.relative_to(REPO).as_posix())
    assert offenders == []
