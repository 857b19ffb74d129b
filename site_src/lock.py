"""One build of a project at a time: a lock file in the project, released when the build ends.

The lock is the operating system's, on the open file: it goes with its holder however the
holder exits, so a killed build never leaves a stale lock, only at worst the file, which the
next build reuses. A forked child (a render worker, the work done beside the build) closes its
copy of the descriptor at once, or a build killed before its children end would leave them
holding the lock. The holder writes its process id into the file, for the one line a second
build prints, and removes the file when it is done.
"""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_LOCKED_BYTE = 1 << 20
"""Windows locks byte ranges and nobody may read locked bytes: lock one far past the pid."""
_held: int | None = None
"""The descriptor this process holds the lock through."""


def _let_go_in_child() -> None:
    global _held
    if _held is not None:
        os.close(_held)
        _held = None


if hasattr(os, "register_at_fork"):  # not on Windows, which starts no child by forking
    os.register_at_fork(after_in_child=_let_go_in_child)


class BuildLocked(Exception):
    """Another process holds the project's build lock."""

    def __init__(self, pid: str) -> None:
        super().__init__(f"another build of this project is running (pid {pid or 'unknown'})")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _open_locked(path: Path) -> int:
    """A descriptor of the lock file at `path`, locked; BuildLocked if another process holds it."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.lseek(fd, 0, os.SEEK_SET)
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise BuildLocked(holder)
        try:
            current = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            current = False
        if current:  # not a file its last holder removed after we opened it
            return fd
        os.close(fd)


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold the lock at `path` while the block runs; BuildLocked if another process holds it."""
    global _held
    fd = _held = _open_locked(path)
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        _held = None
        if sys.platform != "win32":
            path.unlink(missing_ok=True)  # while still locked: whoever opens it next gets a new file
        os.close(fd)
        if sys.platform == "win32":
            with contextlib.suppress(OSError):  # the next build has it open already
                path.unlink()
