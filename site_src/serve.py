"""Live preview: build once, rebuild on every change under the watched folders, reload the browser.

Each rebuild is the pipeline's own `build()`, so the preview shows exactly what a real build
publishes and gets faster whenever the pipeline does. While the content is invalid the last good
`_site/` stays on disk, but every request is answered with an error page naming the file and
line, so the browser never shows a stale page as if it were current; the next valid save
brings the site back without a restart.
"""
from __future__ import annotations

import html
import mimetypes
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.watcher import Watcher
from tornado.ioloop import PeriodicCallback

from site_src.cache import tree_stamps
from site_src.diagnostics import ContentError
from site_src.pipeline import build
from site_src.project import Project
from site_src.render import STATIC_DIR

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
LISTED_CHANGES = 50  # more changed files than this are counted, not named
POLL_MILLISECONDS = 200


def watched_paths(project: Project) -> list[Path]:
    """Content (site.yaml included), templates and the generator's static assets."""
    return [project.content, *project.template_dirs, STATIC_DIR]


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


class Preview:
    """The served state: the built site, or the problems that stop it from building."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.problems: list[str] = []

    def rebuild(self) -> None:
        """Build and report to the terminal; never raises, so the server survives bad edits."""
        start = time.perf_counter()
        try:
            report = build(self.project)
        except ContentError as error:
            self._fail([d.format() for d in error.diagnostics])
            return
        except Exception:
            self._fail([traceback.format_exc()])
            return
        self.problems = []
        for diagnostic in report.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        _print_written(report.written, time.perf_counter() - start)

    def _fail(self, problems: list[str]) -> None:
        self.problems = problems
        for problem in problems:
            print(problem, file=sys.stderr)
        print("build failed: serving an error page until the files are fixed", file=sys.stderr,
              flush=True)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """WSGI: files of `_site/`, its 404 page for unknown paths; the error page for any page
        while the build fails (other files still come from the last good build)."""
        site = self.project.site.resolve()
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
    """Polls the watched folders; any number of changed files means one build and one reload.

    livereload's own watcher runs a task per watched folder and drops reloads that come less
    than three seconds apart; a contributor saving twice would then look at a stale page.
    """

    def __init__(self, paths: Sequence[Path], on_change: Callable[[], None]) -> None:
        super().__init__()
        for path in paths:
            self.watch(str(path))
        self.on_change = on_change
        self.stamps = self._stamps()

    def _stamps(self) -> dict[str, tuple[int, int, int]]:
        return {path: (size, mtime, inode)
                for path, size, mtime, inode in tree_stamps(Path(f) for f in self._tasks)}

    def start(self, callback: Callable[[], None]) -> bool:
        PeriodicCallback(callback, POLL_MILLISECONDS).start()
        return True

    def examine(self) -> tuple[str | None, None]:
        """livereload reloads every open tab at once for the path '__livereload__'."""
        stamps = self._stamps()
        changed = sorted(f for f in stamps.keys() | self.stamps.keys()
                         if stamps.get(f) != self.stamps.get(f))
        self.stamps = stamps
        if not changed:
            return None, None
        self.filepath = changed[0]
        self.on_change()
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
    preview = Preview(project)
    preview.rebuild()
    server = _ScriptServer(preview, SourceWatcher(watched_paths(project), preview.rebuild), port)
    print(f"serving {project.site} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    server.serve(port=port, host=host, debug=False)
    print("stopped", flush=True)
