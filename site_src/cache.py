"""The build cache (`Project.cache`): what the last build saw, so an unchanged project costs a scan.

Everything here is an optimisation: deleting the cache gives the same site, only slower.
A file's stamp is (size, mtime in ns, inode); an editor saving a file changes at least one.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

CODE_DIR = Path(__file__).parent


def _code_version() -> str:
    """The generator's own source: cached objects are instances of its classes, so a cache
    written by other code (an upgrade, a branch switch) is never unpickled into these."""
    sources = sorted(CODE_DIR.rglob("*.py"))
    return hashlib.blake2b(b"".join(path.read_bytes() for path in sources),
                           digest_size=16).hexdigest()


CODE_VERSION = _code_version()
"""Cached things made by other generator code are never used."""


def tree_stamps(folders: Iterable[Path]) -> list[tuple[str, int, int, int]]:
    """Stamps of every file under the folders, sorted: a cheap fingerprint of the inputs."""
    stamps = []
    pending = [str(folder) for folder in folders if folder.is_dir()]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    stamps.append((entry.path, info.st_size, info.st_mtime_ns, info.st_ino))
    return sorted(stamps)


Stamp = tuple[int, int, int]


def stamp(path: Path) -> Stamp:
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ino)


class StampCache(Generic[K, V]):
    """Results computed from files, reused while a file's stamp is unchanged.

    `fresh` holds only the entries used by this run, so deleted files drop out of the cache.
    """

    def __init__(self, known: dict[K, tuple[Stamp, V]] | None = None) -> None:
        self.known = known or {}
        self.fresh: dict[K, tuple[Stamp, V]] = {}
        self.computed = 0

    def get(self, key: K, path: Path, compute: Callable[[], V]) -> V:
        current = stamp(path)
        entry = self.known.get(key)
        if entry is not None and entry[0] == current:
            value = entry[1]
        else:
            value = compute()
            self.computed += 1
        self.fresh[key] = (current, value)
        return value

    @property
    def changed(self) -> bool:
        return bool(self.computed) or self.fresh.keys() != self.known.keys()


DIGEST_SIZE = 16


def digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=DIGEST_SIZE).hexdigest()


def load_pickle(path: Path, default: Callable[[], T]) -> T:
    """The cached value, or `default()` when the cache is missing, old or unreadable.

    The version is a pickle of its own, read first: a cache of other code is never unpickled.
    """
    try:
        with path.open("rb") as stream:
            if pickle.load(stream) != CODE_VERSION:
                return default()
            value: T = pickle.load(stream)
            return value
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            ImportError):
        return default()


def save_pickle(path: Path, value: object) -> None:
    """Replace the cache file in one step, so a killed build never leaves half a file.

    Streamed to the file: a large cache never exists a second time as one bytes object.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as stream:
        pickle.dump(CODE_VERSION, stream, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
