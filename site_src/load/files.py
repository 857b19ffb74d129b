"""Reading content files defensively: content comes from strangers' pull requests.

Only regular UTF-8 files inside content/ are read. A symbolic link out of content/ could
make the build publish any file of the machine it runs on, so it is refused outright.
"""
from __future__ import annotations

import os
from pathlib import Path

from site_src.diagnostics import ContentError, Diagnostic


def read_text(path: Path, shown: str) -> str:
    """The file's text, or a diagnostic naming the line of the first byte that is not UTF-8."""
    if not path.is_file():
        raise ContentError([Diagnostic(shown, 0, "", "not a regular file",
                                       "content files must be plain text files")])
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError([Diagnostic(shown, line, "", f"not UTF-8 text ({error.reason})",
                                       "save the file as UTF-8")]) from None


def links_leaving(folder: Path, root: Path) -> list[Diagnostic]:
    """Every symbolic link under `folder` whose target lies outside it."""
    inside = folder.resolve()
    problems = []
    for parent, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            path = Path(parent) / name
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                shown = path.relative_to(root).as_posix()
                problems.append(Diagnostic(shown, 0, "", "symbolic link to a file outside content/",
                                           "copy the file into content/ instead of linking to it"))
    return problems
