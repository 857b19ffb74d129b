"""Which of the survey's files changed, for the live preview: told by the operating system, or
found by scanning where it cannot tell.

watchdog hears the system's events (inotify on Linux, FSEvents on macOS,
ReadDirectoryChangesW on Windows) on threads of its own. They are noted under a lock and
handed to tornado's loop, which serves the site, with `IOLoop.add_callback`; there they are
collected until they settle, as one save is several events (truncate, write, close; or write
a temporary file and rename it over the paper). Where native watching cannot start (Linux's
limit on inotify watches reached, say) the folders are scanned instead, as often as one scan's
cost allows, and the terminal says so once.

A watch ends with its folder: a watched folder that is deleted (`git checkout` of a branch
without templates/) is watched again when it is made again, which its parent's watch tells.
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tornado.ioloop import IOLoop
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

SETTLE_SECONDS = 0.03
"""Changes are taken once no event has come for this long, ..."""
MAX_SETTLE_SECONDS = 0.5
"""... or this long after the first, should events never stop coming."""
MIN_POLL_MILLISECONDS, MAX_POLL_MILLISECONDS = 25, 250
EVENTS = [FileCreatedEvent, FileModifiedEvent, FileAttribEvent, FileClosedEvent,
          FileDeletedEvent, FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
"""What a change is. Not opening or reading a file: the preview reads them all."""
Stamps = dict[str, tuple[int, int, int]]


def file_stamps(folders: Iterable[Path]) -> Stamps:
    """(size, mtime in ns, inode) of every file under the folders: an editor's save changes one."""
    stamps = {}
    pending = [str(folder) for folder in folders if folder.is_dir()]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    stamps[entry.path] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return stamps


class _Events(FileSystemEventHandler):
    """Passes one watch's events on, from watchdog's thread, under the folder's name as given:
    FSEvents names files by their real path (/private/var/... for /var/...), and the
    preview knows them by the name it read them under. A watch on the parent of watched
    folders passes on only their creation, deletion or move."""

    def __init__(self, hear: Callable[[list[str]], None], folder: str,
                 only: set[str] | None = None) -> None:
        self.hear = hear
        self.given, self.real = folder, os.path.realpath(folder)
        self.only = only

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(event.src_path)]
        if event.dest_path:
            paths.append(os.fsdecode(event.dest_path))
        if self.real != self.given:
            paths = [self.given + path[len(self.real):] if path.startswith(self.real) else path
                     for path in paths]
        if self.only is not None:
            paths = [path for path in paths if path in self.only]
        if paths:
            self.hear(paths)


def _inside(folder: str, others: Iterable[str]) -> bool:
    return any(other != folder and Path(folder).is_relative_to(other) for other in others)


class FileChanges:
    """The files changed under some folders since they were last taken (`take`)."""

    def __init__(self, folders: Sequence[str], observer: Callable[[], BaseObserver] = Observer,
                 settle: float = SETTLE_SECONDS) -> None:
        """Starts watching at once, so that a change made during the preview's first build
        is seen. `observer` makes watchdog's native observer (tests make one that fails)."""
        self.folders = list(dict.fromkeys(folders))
        self.settle = settle
        self._lock = threading.Lock()
        self._heard: set[str] = set()
        """Paths named by events not taken yet (guarded by `_lock`, as are the next three)."""
        self._first_heard = self._last_heard = 0.0
        self._loop: IOLoop | None = None
        self._woken = False
        """Whether `_wake` is due on the loop: one call for a burst of events."""
        self._settled: Callable[[], None] = lambda: None
        self.top = [folder for folder in self.folders if not _inside(folder, self.folders)]
        """The folders not inside another: each is watched with all it holds."""
        self.watches: dict[str, ObservedWatch] = {}
        """The watch of each folder of `top` that exists."""
        self.stamps: Stamps = {}
        self.poll_milliseconds = 0.0
        """How often to `take` when scanning (0 while the system tells)."""
        self.observer: BaseObserver | None = None
        try:
            self.observer = observer()
            self._observe_parents()
            self._observe(self.top)
            self.observer.start()
        except Exception as error:  # the watch limit, or no native watching at all
            if self.observer is not None:
                with contextlib.suppress(Exception):
                    self.observer.stop()
            self.observer = None
            self._scan_instead(error)

    def _observe_parents(self) -> None:
        """Watch the parent of each folder of `top` for the folder's creation and deletion."""
        assert self.observer is not None
        parents: dict[str, set[str]] = {}
        for folder in self.top:
            parents.setdefault(os.path.dirname(folder), set()).add(folder)
        for parent, folders in parents.items():
            if os.path.isdir(parent):
                self.observer.schedule(_Events(self._hear, parent, folders), parent,
                                       event_filter=EVENTS)

    def _observe(self, folders: Iterable[str]) -> list[str]:
        """Watch each of `folders` (of `top`) afresh if it exists: the one it had, if any,
        ended with the folder it watched. Those watched."""
        assert self.observer is not None
        watched = []
        for folder in folders:
            old = self.watches.pop(folder, None)
            if old is not None:
                self.observer.unschedule(old)
            if not os.path.isdir(folder):
                continue
            with contextlib.suppress(FileNotFoundError):  # deleted again meanwhile
                self.watches[folder] = self.observer.schedule(
                    _Events(self._hear, folder), folder, recursive=True, event_filter=EVENTS)
                watched.append(folder)
        return watched

    def _scan_instead(self, error: Exception) -> None:
        started = time.perf_counter()
        self.stamps = file_stamps(Path(folder) for folder in self.folders)
        look = time.perf_counter() - started
        self.poll_milliseconds = min(max(look * 4000, MIN_POLL_MILLISECONDS),
                                     MAX_POLL_MILLISECONDS)
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        print(f"cannot watch the files for changes ({reason}): looking at them every "
              f"{self.poll_milliseconds:.0f} ms instead", file=sys.stderr, flush=True)

    def start(self, loop: IOLoop, settled: Callable[[], None]) -> None:
        """From now on, call `settled` on `loop` when changes have settled (events heard
        before, during the first build, count too)."""
        with self._lock:
            self._loop, self._settled = loop, settled
            wake = bool(self._heard) and not self._woken
            self._woken |= wake
        if wake:
            loop.add_callback(self._wake)

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)

    def _hear(self, paths: list[str]) -> None:
        """On watchdog's thread: note the paths, and wake the loop once for a burst."""
        now = time.monotonic()
        with self._lock:
            if not self._heard:
                self._first_heard = now
            self._heard.update(paths)
            self._last_heard = now
            loop = self._loop if not self._woken else None
            self._woken = self._woken or loop is not None
        if loop is not None:
            loop.add_callback(self._wake)

    def _settling(self, now: float) -> float:
        """Seconds until the paths heard may be taken (guarded by `_lock`)."""
        return min(self._last_heard + self.settle, self._first_heard + MAX_SETTLE_SECONDS) - now

    def _wake(self) -> None:
        """On the loop: `settled()` once the events have settled."""
        assert self._loop is not None
        with self._lock:
            wait = self._settling(time.monotonic()) if self._heard else 0.0
            self._woken = wait > 0
        if wait > 0:
            self._loop.call_later(wait, self._wake)
        else:
            self._settled()

    def take(self) -> list[str]:
        """The files changed since the last call, sorted; none while events are settling."""
        if self.observer is None:
            stamps = file_stamps(Path(folder) for folder in self.folders)
            changed = sorted(f for f in stamps.keys() | self.stamps.keys()
                             if stamps.get(f) != self.stamps.get(f))
            self.stamps = stamps
            return changed
        with self._lock:
            if not self._heard or self._settling(time.monotonic()) > 0:
                return []
            heard, self._heard = self._heard, set()
        watched = self._observe(sorted(heard.intersection(self.top)))
        heard.update(file_stamps(Path(folder) for folder in watched))  # made before its watch
        return sorted(heard)
