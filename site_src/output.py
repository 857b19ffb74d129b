"""Writing the site: build into a sibling temporary folder, then swap it in atomically.

A failed or killed build leaves the previous `_site/` untouched; readers of the old
folder never see a half-written site.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def write_tree(files: Iterable[tuple[str, bytes]], folder: Path) -> None:
    for relative, content in files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with renameat2(RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _clear_leftovers(parent: Path, name: str) -> None:
    """Remove temporary folders of earlier builds that were killed before cleaning up."""
    for leftover in parent.glob(f".{name}-tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _changed(files: list[tuple[str, bytes]], destination: Path) -> list[str]:
    """Site paths whose bytes differ from the published site (what `serve` reports)."""
    def unchanged(relative: str, content: bytes) -> bool:
        path = destination / relative
        return path.is_file() and path.read_bytes() == content
    return [relative for relative, content in files if not unchanged(relative, content)]


def publish(files: Iterable[tuple[str, bytes]], destination: Path) -> list[str]:
    """Write every file to a fresh folder and swap it in place of `destination`.

    Returns the site paths whose content changed.
    """
    planned = list(files)
    written = _changed(planned, destination)
    parent = destination.parent
    parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(parent, destination.name.lstrip("_.") or "site")
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name.lstrip('_.')}-tmp-",
                                    dir=parent))
    try:
        write_tree(planned, staging)
        staging.chmod(0o755)
        if destination.exists() and _exchange(staging, destination):
            shutil.rmtree(staging)
            return written
        if destination.exists():
            old = staging.with_name(staging.name + "-old")
            os.rename(destination, old)
            os.rename(staging, destination)
            shutil.rmtree(old)
        else:
            os.rename(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write only when the bytes differ, so unchanged files keep their modification time."""
    if path.is_file() and path.read_bytes() == content:
        return False
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True
