"""Writing the site atomically, touching only files whose bytes changed.

Two trees take turns: `_site/` is live and a hidden spare holds the previous build. A
build brings the spare up to date (only changed files are written; on first use the spare
is made of hard links into the live tree, so it costs no copy), then swaps the two with one
renameat2(RENAME_EXCHANGE). The live tree is never written to, so a build killed at any
point leaves `_site/` as either the old or the new complete site.

What each tree holds (site path -> digest) is kept in a state file keyed by the tree's
inode, which a rename keeps: the state stays true whichever name a tree has. A tree is
dropped from the state before it is modified, so an interrupted update is never trusted.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from site_src.cache import digest, load_pickle, save_pickle

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


Manifest = dict[str, str]
"""Site path -> digest of its bytes, for one tree."""


def write_tree(files: Iterable[tuple[str, bytes]], folder: Path) -> None:
    made: set[Path] = set()
    for relative, content in files:
        target = folder / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
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


def _inode(path: Path) -> int:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return 0


def _names(destination: Path) -> tuple[str, Path]:
    """The prefix of trees being written and the spare tree's path, beside `destination`.

    The spare is renamed to a temporary name while it is updated, so a killed build's
    half-updated tree is cleared like any other leftover.
    """
    name = destination.name.lstrip("_.") or "site"
    return f".{name}-tmp-", destination.with_name(f".{name}-spare")


def _clear_leftovers(destination: Path) -> None:
    """Remove temporary folders of earlier builds that were killed before cleaning up."""
    for leftover in destination.parent.glob(_names(destination)[0] + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _changed(files: Mapping[str, bytes], destination: Path) -> list[str]:
    """Site paths whose bytes differ from the published site (what `serve` reports)."""
    def unchanged(relative: str, content: bytes) -> bool:
        path = destination / relative
        return path.is_file() and path.read_bytes() == content
    return [relative for relative, content in files.items() if not unchanged(relative, content)]


def _remove_file(path: Path, root: Path) -> None:
    """Delete a file and the folders it leaves empty."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _update(tree: Path, old: Manifest, new: Manifest, files: Mapping[str, bytes]) -> None:
    """Make `tree` hold `new`; a changed file is replaced, never written through a link."""
    for relative in old.keys() - new.keys():
        _remove_file(tree / relative, tree)
    for relative, content_digest in new.items():
        if old.get(relative) != content_digest:
            target = tree / relative
            target.unlink(missing_ok=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])


def _swap_in(staging: Path, destination: Path) -> bool:
    """Make `staging` the live tree; True if the old live tree is now at `staging`."""
    if not destination.exists():
        os.rename(staging, destination)
        return False
    if not _exchange(staging, destination):
        old = staging.with_name(staging.name + "-old")
        os.rename(destination, old)
        os.rename(staging, destination)
        os.rename(old, staging)
    return True


def publish(files: Iterable[tuple[str, bytes]], destination: Path, state_file: Path) -> list[str]:
    """Make `destination` hold exactly `files`, swapped in at once; return the changed paths."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(destination)
    planned = dict(files)
    new = {relative: digest(content) for relative, content in planned.items()}
    states: dict[int, Manifest] = load_pickle(state_file, dict)
    live_inode = _inode(destination)
    live = states.get(live_inode) if live_inode else None
    if live is None:
        written = _changed(planned, destination)
    else:
        written = [relative for relative, content_digest in new.items()
                   if live.get(relative) != content_digest]
        if not written and live.keys() == new.keys():
            return []
    prefix, spare = _names(destination)
    staged = states.get(_inode(spare)) if spare.exists() else None
    states = {live_inode: live} if live is not None else {}
    save_pickle(state_file, states)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=destination.parent))
    try:
        if staged is not None:
            os.replace(spare, staging)
        else:
            shutil.rmtree(spare, ignore_errors=True)
            if live is not None:
                staging.rmdir()
                shutil.copytree(destination, staging, copy_function=os.link)
                staged = live
        if staged is None:
            write_tree(planned.items(), staging)
            staging.chmod(0o755)
        else:
            _update(staging, staged, new, planned)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    save_pickle(state_file, {**states, _inode(staging): new})
    if _swap_in(staging, destination):
        if live is None:
            shutil.rmtree(staging)
        else:
            os.rename(staging, spare)
    save_pickle(state_file, {**states, _inode(destination): new})
    return written


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write only when the bytes differ, so unchanged files keep their modification time."""
    if path.is_file() and path.read_bytes() == content:
        return False
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True
