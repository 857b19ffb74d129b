"""Reading content files defensively: content comes from strangers' pull requests.

Only regular UTF-8 files inside content/ are read. A symbolic link out of content/ could
make the build publish any file of the machine it runs on, so it is refused outright.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, TypeVar

from site_src.diagnostics import ContentError, Diagnostic

T = TypeVar("T")


def read_text(path: Path, shown: str) -> str:
    """The file's text, or a diagnostic naming the line of the first byte that is not UTF-8.

    A byte-order mark, which Windows editors write at the start of UTF-8 files, is dropped.
    """
    if not path.is_file():
        raise ContentError([Diagnostic(shown, 0, "", "not a regular file",
                                       "content files must be plain text files")])
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError([Diagnostic(shown, line, "", f"not UTF-8 text ({error.reason})",
                                       "save the file as UTF-8")]) from None


def _symlinks(folder: str) -> Iterator[str]:
    """Symbolic links under `folder`, in the order `os.walk` would list them, without a
    `stat` per file: the directory listing already says which entries are links."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # an unreadable folder holds nothing the build could read either
        return
    yield from (entry.path for entry in sorted(entries, key=lambda e: e.name)
                if entry.is_symlink())
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _symlinks(entry.path)


def links_leaving(folder: Path, root: Path) -> list[Diagnostic]:
    """Every symbolic link under `folder` whose target lies outside it."""
    inside = folder.resolve()
    problems = []
    for link in _symlinks(str(folder)):
        path = Path(link)
        if not path.resolve().is_relative_to(inside):
            shown = path.relative_to(root).as_posix()
            problems.append(Diagnostic(shown, 0, "", "symbolic link to a file outside content/",
                                       "copy the file into content/ instead of linking to it"))
    return problems


def remembered(parsed: MutableMapping[str, Any] | None, path: Path, read: Callable[[], T]) -> T:
    """What `read` gives for the file at `path`, kept in `parsed` (when given) under its path."""
    if parsed is None:
        return read()
    key = str(path)
    if key not in parsed:
        parsed[key] = read()
    value: T = parsed[key]
    return value
