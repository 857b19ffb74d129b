"""Live preview: watch the survey's files, bring the preview up to date, reload the browser.

`preview.Preview` keeps the site in memory and serves it; this module watches the files,
tells the preview what changed, lets it catch up between polls, and runs livereload's
server, whose script reloads every open tab after a change.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import PeriodicCallback

from site_src.preview import Preview
from site_src.project import Project
from site_src.render import STATIC_DIR

MIN_POLL_MILLISECONDS, MAX_POLL_MILLISECONDS = 25, 250
RELOAD_PATIENCE = 5.0
CATCH_UP_MILLISECONDS = 10
Stamps = dict[str, tuple[int, int, int]]


def watched_paths(project: Project) -> list[Path]:
    """Content (site.yaml included), templates and the generator's static assets."""
    return [project.content, *project.template_dirs, STATIC_DIR]


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


class SourceWatcher(Watcher):  # type: ignore[misc]
    """Polls the watched folders; any number of changed files means one rebuild and one reload.
    Between polls the preview catches up with the last change.

    livereload's own watcher runs a task per watched folder and drops reloads that come less
    than three seconds apart; a contributor saving twice would then look at a stale page.
    The poll interval follows the cost of one look at the files: a small survey is looked at
    every 25 ms, a 10,000-paper one (about 50 ms a look) every 200 ms.
    """

    def __init__(self, paths: Sequence[Path], preview: Preview) -> None:
        super().__init__()
        for path in paths:
            self.watch(str(path))
        self.preview = preview
        self.reload_due: float | None = None
        """When a change happened that open tabs have not been told of."""
        self.told: set[object] = set()
        """Connections already told to reload: their tabs are loading a new page."""
        started = time.perf_counter()
        self.stamps = file_stamps(Path(folder) for folder in self._tasks)
        look = time.perf_counter() - started
        self.poll_milliseconds = min(max(look * 4000, MIN_POLL_MILLISECONDS),
                                     MAX_POLL_MILLISECONDS)

    def start(self, callback: Callable[[], None]) -> bool:
        PeriodicCallback(callback, self.poll_milliseconds).start()
        PeriodicCallback(self.preview.catch_up, CATCH_UP_MILLISECONDS).start()
        return True

    def examine(self) -> tuple[str | None, None]:
        """livereload reloads every open tab at once for the path '__livereload__'.

        A tab told to reload keeps its connection until its new page has loaded, and that
        page may have been served before the next change (a file caught half-written, then
        complete a poll later). A reload is therefore sent only when some connection has not
        been told yet, a tab's new page then gets it too, and it is held for up to
        RELOAD_PATIENCE seconds while every tab is between pages."""
        stamps = file_stamps(Path(folder) for folder in self._tasks)
        changed = sorted(f for f in stamps.keys() | self.stamps.keys()
                         if stamps.get(f) != self.stamps.get(f))
        self.stamps = stamps
        now = time.monotonic()
        if changed:
            self.filepath = changed[0]
            self.preview.rebuild(changed)
            self.reload_due = now
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


def serve(project: Project, host: str, port: int) -> None:
    """Serve until Ctrl-C; `project.base_url` should be this server's address."""
    folder = Path(tempfile.mkdtemp(prefix="survey-preview-"))
    try:
        preview = Preview(project, folder)
        preview.rebuild()
        server = _ScriptServer(preview, SourceWatcher(watched_paths(project), preview),
                               port)
        print(f"serving {project.root} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
        server.serve(port=port, host=host, debug=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("stopped", flush=True)
