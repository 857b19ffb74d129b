"""Live preview: watch the survey's files, bring the preview up to date, reload the browser.

`preview.Preview` keeps the site in memory and serves it; this module watches the files,
tells the preview what changed, lets it catch up between requests, and runs livereload's
server, whose script reloads every open tab after a change.
"""
from __future__ import annotations

import contextlib
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.platform.asyncio import BaseAsyncIOLoop
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from site_src.file_changes import SETTLE_SECONDS, FileChanges
from site_src.preview import Preview
from site_src.project import Project
from site_src.render import STATIC_DIR

RELOAD_PATIENCE = 5.0
CATCH_UP_MILLISECONDS = 10
RELOAD_CHECK_MILLISECONDS = 50
"""How often a reload held back (every tab between pages) or wanted by the preview is
looked at again, while the system tells of changes."""


def watched_paths(project: Project) -> list[Path]:
    """Content (site.yaml included), templates and the generator's static assets."""
    return [project.content, *project.template_dirs, STATIC_DIR]


class SourceWatcher(Watcher):  # type: ignore[misc]
    """Any number of changed files means one rebuild and one reload (`file_changes` says
    which changed). Between requests the preview catches up with the last change.

    livereload's own watcher runs a task per watched folder and drops reloads that come less
    than three seconds apart; a contributor saving twice would then look at a stale page.
    """

    def __init__(self, paths: Sequence[Path], preview: Preview,
                 observer: Callable[[], BaseObserver] = Observer,
                 settle: float = SETTLE_SECONDS) -> None:
        """Starts watching at once, so that a change made during the first build is seen."""
        super().__init__()
        for path in paths:
            self.watch(str(path))
        self.preview = preview
        self.files = FileChanges(list(self._tasks), observer, settle)
        self.reload_due: float | None = None
        """When a change happened that open tabs have not been told of."""
        self.told: set[object] = set()
        """Connections already told to reload: their tabs are loading a new page."""
        self.catching_up = PeriodicCallback(self._catch_up, CATCH_UP_MILLISECONDS)
        """Runs from a change until the preview has caught up with it: an idle preview
        does nothing at all."""

    def start(self, callback: Callable[[], None]) -> bool:
        """Called by livereload on tornado's loop; `callback` examines and reloads."""
        if self.files.observer is None:
            PeriodicCallback(callback, self.files.poll_milliseconds).start()
        else:
            self.files.start(IOLoop.current(), callback)
            PeriodicCallback(callback, RELOAD_CHECK_MILLISECONDS).start()
        return True

    def _catch_up(self) -> None:
        if not self.preview.catch_up():
            self.catching_up.stop()

    def stop(self) -> None:
        self.files.stop()

    def examine(self) -> tuple[str | None, None]:
        """livereload reloads every open tab at once for the path '__livereload__'.

        A tab told to reload keeps its connection until its new page has loaded, and that
        page may have been served before the next change (a file caught half-written, then
        complete a moment later). A reload is therefore sent only when some connection has
        not been told yet, a tab's new page then gets it too, and it is held for up to
        RELOAD_PATIENCE seconds while every tab is between pages."""
        changed = self.files.take()
        now = time.monotonic()
        if changed:
            self.filepath = changed[0]
            self.preview.rebuild(changed)
            self.reload_due = now
            if not self.catching_up.is_running():
                self.catching_up.start()
        if self.preview.reload_wanted:
            self.preview.reload_wanted, self.reload_due = False, now
        connected = set(LiveReloadHandler.waiters)
        self.told &= connected
        if self.reload_due is None:
            return None, None
        if not connected - self.told:
            if now - self.reload_due > RELOAD_PATIENCE:
                self.reload_due = None
            return None, None
        self.reload_due, self.told = None, connected
        return "__livereload__", None


class _ScriptServer(Server):  # type: ignore[misc]
    """Injects livereload's client as a same-origin file: the site's CSP refuses inline scripts."""

    def __init__(self, app: Preview, watcher: SourceWatcher, port: int) -> None:
        super().__init__(app, watcher)
        self.client = f'<script src="/livereload.js?port={port}"></script>'.encode()

    def get_web_handlers(self, script: bytes) -> Any:
        return super().get_web_handlers(self.client)


@contextlib.contextmanager
def _stopped_by_interrupt() -> Iterator[None]:
    """Ctrl-C stops tornado's loop. Left to raise KeyboardInterrupt, it could be raised in a
    finalizer run by the cycle collector, which swallows it, and the server would go on."""
    loop = IOLoop.current()
    assert isinstance(loop, BaseAsyncIOLoop)
    stopper = loop.asyncio_loop
    previous = signal.signal(signal.SIGINT,
                             lambda _signal, _frame: stopper.call_soon_threadsafe(loop.stop))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def serve(project: Project, host: str, port: int) -> None:
    """Serve until Ctrl-C; `project.base_url` should be this server's address."""
    folder = Path(tempfile.mkdtemp(prefix="survey-preview-"))
    try:
        preview = Preview(project, folder)
        watcher = SourceWatcher(watched_paths(project), preview)
        try:
            preview.rebuild()
            server = _ScriptServer(preview, watcher, port)
            print(f"serving {project.root} at http://{host}:{port}/ (Ctrl-C to stop)",
                  flush=True)
            with _stopped_by_interrupt():
                server.serve(port=port, host=host, debug=False)
        finally:
            watcher.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("stopped", flush=True)
