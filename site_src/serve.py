"""Live preview: keep the survey in memory, re-render what a change touches, reload the browser.

The preview loads everything once, then on each change re-reads only the changed files,
rebuilds the survey, plans the outputs again and re-renders those whose content key changed
(`views.Output.key`): the pipeline's own stages, so it shows exactly what `build` publishes.
It writes into a private temporary folder, never `_site/`, README.md or docs/figures/, so the
local address it builds for never reaches what is committed or published. While the content is
invalid every page is an error page naming the file and line; the next valid save recovers.
"""
from __future__ import annotations

import hashlib
import html
import mimetypes
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.watcher import Watcher
from tornado.ioloop import PeriodicCallback

from site_src import views
from site_src.diagnostics import ContentError
from site_src.output import write_if_changed
from site_src.pipeline import load_survey, make_renderer, plan_site, site_extras
from site_src.produce import Plan, produce
from site_src.project import Project
from site_src.render import STATIC_DIR, Renderer
from site_src.report import Report

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
LISTED_CHANGES = 50  # more changed files than this are counted, not named
POLL_MILLISECONDS = 200
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


def error_page(problems: Sequence[str]) -> bytes:
    """A self-contained page (no site CSS: the site may be what is broken) listing each problem."""
    items = "\n".join(f"<li><pre>{html.escape(problem)}</pre></li>" for problem in problems)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Build failed</title>\n<link rel=\"icon\" href=\"data:,\">\n"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;"
        "max-width:60rem}pre{white-space:pre-wrap;background:#fff0f0;padding:.75rem;"
        "border-left:4px solid #c00}ul{list-style:none;padding:0}</style>\n</head>\n<body>\n"
        "<h1>Build failed</h1>\n<p>Fix the file below and save: this page reloads by itself."
        "</p>\n<ul class=\"problems\">\n" + items + "\n</ul>\n</body>\n</html>\n"
    ).encode("utf-8")


def _templates_digest(project: Project) -> str:
    """What every page depends on besides content: the templates, by content."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in project.template_dirs:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                hasher.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


class Preview:
    """The served state: the survey's parsed files, the site folder and what each file shows,
    or the problems that stop the site from building."""

    def __init__(self, project: Project, folder: Path) -> None:
        self.project = project
        self.folder = folder
        self.problems: list[str] = []
        self.parsed: dict[str, Any] = {}
        """What each bibliography and paper file gave, until the file changes."""
        self.shown: dict[str, str] = {}
        """Site path -> content key of the file the folder holds ('' for unkeyed files)."""
        self.renderer: Renderer | None = None
        self.inputs = ""

    def rebuild(self, changed: Collection[str] = ()) -> None:
        """Bring the folder up to date with the files; never raises, so the server survives
        bad edits. `changed` names the files that changed since the last call."""
        start = time.perf_counter()
        for path in changed:
            self.parsed.pop(path, None)
        if any(not path.startswith(str(self.project.content / "papers")) for path in changed):
            self.renderer = None  # templates, assets or configuration may have changed
        try:
            report, written = self._update()
        except ContentError as error:
            self._fail([d.format() for d in error.diagnostics])
            return
        except Exception:
            self._fail([traceback.format_exc()])
            return
        self.problems = []
        for diagnostic in report.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        _print_written(written, time.perf_counter() - start)

    def _update(self) -> tuple[Report, list[str]]:
        report = Report()
        survey = load_survey(self.project, report, self.parsed)
        if self.renderer is None:
            self.renderer = make_renderer(self.project, survey)
            self.inputs = _templates_digest(self.project)
        outputs, renderer = views.site_outputs(survey, self.inputs), self.renderer
        keys = {output.path: output.key() for output in outputs}
        stale = [index for index, output in enumerate(outputs)
                 if not keys[output.path] or self.shown.get(output.path) != keys[output.path]]
        for index in stale:  # until rendered, a file's bytes are unknown
            self.shown.pop(outputs[index].path, None)
        plan = Plan(outputs, renderer, partial(plan_site, self.project, survey, self.inputs))
        written = produce(plan, self.folder, stale)
        for path in written:
            self.shown[path] = keys[path]
        for relative, content in site_extras(survey, renderer):
            if write_if_changed(self.folder / relative, content):
                written.append(relative)
            keys[relative] = self.shown[relative] = ""
        for gone in self.shown.keys() - keys.keys():
            (self.folder / gone).unlink(missing_ok=True)
            del self.shown[gone]
            written.append(gone)
        return report, sorted(written)

    def _fail(self, problems: list[str]) -> None:
        self.problems = problems
        for problem in problems:
            print(problem, file=sys.stderr)
        print("build failed: serving an error page until the files are fixed", file=sys.stderr,
              flush=True)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """WSGI: files of the folder, its 404 page for unknown paths; the error page for any
        page while the build fails (other files still come from the last good build)."""
        site = self.folder.resolve()
        request_path = environ.get("PATH_INFO", "/")
        target = (site / request_path.lstrip("/")).resolve()
        if target.is_dir() and not request_path.endswith("/"):
            start_response("301 Moved Permanently", [("Location", request_path + "/")])
            return [b""]
        if target.is_dir():
            target = target / "index.html"
        if self.problems and target.suffix in ("", ".html"):
            return _respond(start_response, "500 Internal Server Error", "text/html",
                            error_page(self.problems))
        if not target.is_relative_to(site) or not target.is_file():
            missing = site / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"not found"
            return _respond(start_response, "404 Not Found", "text/html", body)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return _respond(start_response, "200 OK", kind, target.read_bytes())


def _respond(start_response: StartResponse, status: str, kind: str,
             body: bytes) -> list[bytes]:
    charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("xml", "json")) \
        else ""
    start_response(status, [("Content-Type", kind + charset), ("Cache-Control", "no-store")])
    return [body]


def _print_written(written: list[str], seconds: float) -> None:
    """One line per rebuild; the list of changed files is what tells a dependent page apart."""
    shown = ", ".join(written) if len(written) <= LISTED_CHANGES else "..."
    print(f"rebuilt in {seconds:.2f}s; {len(written)} file(s) changed: {shown}", flush=True)


class SourceWatcher(Watcher):  # type: ignore[misc]
    """Polls the watched folders; any number of changed files means one rebuild and one reload.

    livereload's own watcher runs a task per watched folder and drops reloads that come less
    than three seconds apart; a contributor saving twice would then look at a stale page.
    """

    def __init__(self, paths: Sequence[Path], on_change: Callable[[Collection[str]], None]
                 ) -> None:
        super().__init__()
        for path in paths:
            self.watch(str(path))
        self.on_change = on_change
        self.stamps = file_stamps(Path(folder) for folder in self._tasks)

    def start(self, callback: Callable[[], None]) -> bool:
        PeriodicCallback(callback, POLL_MILLISECONDS).start()
        return True

    def examine(self) -> tuple[str | None, None]:
        """livereload reloads every open tab at once for the path '__livereload__'."""
        stamps = file_stamps(Path(folder) for folder in self._tasks)
        changed = sorted(f for f in stamps.keys() | self.stamps.keys()
                         if stamps.get(f) != self.stamps.get(f))
        self.stamps = stamps
        if not changed:
            return None, None
        self.filepath = changed[0]
        self.on_change(changed)
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
        server = _ScriptServer(preview, SourceWatcher(watched_paths(project), preview.rebuild),
                               port)
        print(f"serving {project.root} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
        server.serve(port=port, host=host, debug=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("stopped", flush=True)
