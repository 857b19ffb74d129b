"""A build killed at any moment leaves the old site or the new one, complete, never a mix."""
from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO, copy_project

KILLS = 14
EUREKA = "content/papers/ma2023eureka.md"


def _snapshot(root: Path) -> str:
    """One hash over every file of _site/ and README.md, names included."""
    digest = hashlib.sha256()
    site = root / "_site"
    for path in sorted(site.rglob("*")) if site.is_dir() else []:
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    readme = root / "README.md"
    digest.update(b"README\0" + (readme.read_bytes() if readme.is_file() else b"<missing>"))
    return digest.hexdigest()


def _build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_staging(root: Path, process: subprocess.Popen[bytes], deadline: float) -> None:
    """Most kills aim at the dangerous moment: while the new tree is written and swapped."""
    while process.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".site-tmp-") for p in root.iterdir()):
            return
        time.sleep(0.001)


def _set_version(root: Path, version: int) -> None:
    """Two contents differing in a title, so every listing page and README.md change."""
    path = root / EUREKA
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("title:")]
    lines.insert(2, f'title: "Eureka, version {version}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_killed_builds_leave_the_old_or_the_new_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    root = project.root
    expected = {}
    for version in (0, 1):
        _set_version(root, version)
        started = time.monotonic()
        assert _build(root).wait(timeout=120) == 0
        duration = time.monotonic() - started
        expected[version] = _snapshot(root)
    assert expected[0] != expected[1]
    current = expected[1]
    rng = random.Random(7)
    outcomes = []
    for attempt in range(KILLS):
        target = expected[attempt % 2]
        _set_version(root, attempt % 2)
        process = _build(root)
        if attempt % 3:
            _wait_for_staging(root, process, deadline=time.monotonic() + 10 * duration)
            time.sleep(rng.uniform(0, 0.05))
        else:
            time.sleep(rng.uniform(0.2, 1.2) * duration)
        process.kill()  # SIGKILL; TerminateProcess on Windows
        process.wait(timeout=60)
        state = _snapshot(root)
        assert state in (current, target), f"attempt {attempt}: a mix of old and new"
        outcomes.append("new" if state == target else "old")
        current = state
    assert "old" in outcomes, "no kill landed before the swap: the test proved nothing"
    assert "new" in outcomes, "no build got to the swap: the test proved nothing"
    assert _build(root).wait(timeout=120) == 0
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-tmp-")] == [], \
        "the next build must clean up what killed builds left"
