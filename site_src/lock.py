"""One build of a project at a time: a lock file in the project, released when the process ends.

The operating system drops the lock when its holder exits, however it exits, so a killed
build never leaves a stale lock behind. The holder writes its process id into the file, for
the one line a second build prints.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_LOCKED_BYTE = 1 << 20
"""Windows locks byte ranges and nobody may read locked bytes: lock one far past the pid."""


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


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold the lock at `path` while the block runs; BuildLocked if another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            os.lseek(fd, 0, os.SEEK_SET)
            raise BuildLocked(os.read(fd, 32).decode("ascii", "replace").strip())
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)
