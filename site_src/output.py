"""Writing the site: render into a sibling folder, then swap it in place of `_site/`.

A failed or killed build leaves the previous `_site/` as it was, and readers of the folder
never see a half-written site. Every build writes the complete site; nothing is kept between
builds. README.md and its figures are written only after the site is in place, and only the
files whose bytes change, so that git and editors see no change where there is none.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from site_src.background import meanwhile
from site_src.produce import Plan, produce, workers_for, write_file
from site_src.project import Project
from site_src.report import Report

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step where the system can (Linux's renameat2); False otherwise."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL("libc.so.6", use_errno=True).renameat2
    except (OSError, AttributeError):  # another C library, or a glibc older than 2.28
        return False
    return bool(renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                          _RENAME_EXCHANGE) == 0)


def _leftovers(destination: Path, kind: str) -> list[Path]:
    return sorted(destination.parent.glob(f".{_stem(destination)}-{kind}-*"))


def _stem(destination: Path) -> str:
    return destination.name.lstrip("_.") or "site"


def _rename(source: Path, target: Path) -> None:
    """A rename that waits out Windows' brief refusals (a scanner or indexer holding a file)."""
    for attempt in range(20):
        try:
            os.rename(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == 19:
                raise
            time.sleep(0.05 * (attempt + 1))


def swap_in(folder: Path, destination: Path, exchange: Callable[[Path, Path], bool] = _exchange
            ) -> None:
    """Put `folder` in place of `destination` and delete what was there.

    One atomic exchange where the system has it; otherwise two renames, with the old site
    parked as `.<site>-old-*` in between, which the next build puts back if this one dies
    between the two.
    """
    if destination.exists() and exchange(folder, destination):
        shutil.rmtree(folder)
        return
    if destination.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{_stem(destination)}-old-", dir=destination.parent))
        _rename(destination, old / "site")
        _rename(folder, destination)
        shutil.rmtree(old)
    else:
        _rename(folder, destination)


def _recover(destination: Path) -> None:
    """Finish what a build killed during a swap left: the old site back if none is in place."""
    for old in _leftovers(destination, "old"):
        if not destination.exists() and (old / "site").is_dir():
            os.rename(old / "site", destination)
        shutil.rmtree(old, ignore_errors=True)
    for leftover in _leftovers(destination, "tmp"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def staging(destination: Path) -> Iterator[Path]:
    """Yield an empty folder to write the next site into, then swap it in for `destination`.

    The folder is `.<site>-tmp-*` beside the site, on the same file system so the swap is a
    rename; on error it is removed and `destination` is untouched.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    _recover(destination)
    folder = Path(tempfile.mkdtemp(prefix=f".{_stem(destination)}-tmp-", dir=destination.parent))
    try:
        yield folder
        folder.chmod(0o755)
        swap_in(folder, destination)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write only when the bytes differ, so unchanged files keep their modification time."""
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True


def write_readme(project: Project, readme: str, figures: Mapping[str, str]) -> None:
    """README.md and its figures, each file rewritten only when its bytes change."""
    write_if_changed(project.readme, readme.encode("utf-8"))
    if figures:
        project.figures.mkdir(parents=True, exist_ok=True)
    for name, svg in figures.items():
        write_if_changed(project.figures / name, svg.encode("utf-8"))


def write_site(plan: Plan, extra: Callable[[], Sequence[tuple[str, bytes]]], folder: Path,
               report: Report, start_method: str | None = None) -> int:
    """Render every planned output into `folder`, plus the `extra` files (assets, search
    index); the number of files written. When workers render, a second process makes the
    extras meanwhile (`background.meanwhile`)."""
    def place_extras() -> tuple[int, float]:
        start = time.perf_counter()
        placed = 0
        for relative, content in extra():
            write_file(folder, relative, content)
            placed += 1
        return placed, time.perf_counter() - start

    with report.stage("render"), meanwhile(place_extras, workers_for(plan, start_method) > 1,
                                           start_method) as extras_placed:
        rendered = produce(plan, folder, start_method=start_method)
        extras, report.timings["search"] = extras_placed()
    return len(rendered) + extras
