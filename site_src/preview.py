"""The live preview's site: kept in memory, brought up to date page by page.

A change re-reads only the changed files (`memo.Memo`), rebuilds the survey and plans the
outputs again; nothing is rendered yet. Each planned output is *pending* until it is checked:
its content key (`views.Output.key`) is compared with the key of the file the folder holds,
and it is rendered only when they differ. Pending outputs are checked

- at once for the pages the browser showed last (open tabs reload them),
- when the browser asks for one, before it is served,
- between requests, a slice at a time (`catch_up`), until none is left.

So a save reaches the browser in the time of the survey's rebuild plus the pages on screen,
whatever the size of the site, and the folder then converges on what `build` writes
(`finish` does it in one go). The search index, built from every paper, is made when the
browser first asks for it after a change. The folder is private and temporary: never
`_site/`, README.md or docs/figures/, so the local address the preview builds for never
reaches what is committed or published. While the content is invalid every page is an error
page naming the file and line; the next valid save recovers.
"""
from __future__ import annotations

import gc
import hashlib
import mimetypes
import sys
import time
import traceback
from collections.abc import Callable, Collection, Iterable
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from site_src import search_index, views
from site_src.diagnostics import ContentError
from site_src.error_page import error_page
from site_src.memo import Memo
from site_src.output import write_if_changed
from site_src.pipeline import collector_paused, load_survey, make_renderer, plan_site
from site_src.produce import Plan, produce
from site_src.project import Project
from site_src.render import Renderer
from site_src.report import Report

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
LISTED_CHANGES = 50  # more changed files than this are counted, not named
RECENT_PAGES = 8
"""Pages the browser asked for last: the tabs a contributor has open, re-rendered before
the reload so they show the change at once."""
SLICE_SECONDS = 0.05
"""Longest stretch of catching up between two looks at the network: a request waits at most
this long for background work."""
BATCH = 32
QUIET_SECONDS = 1.0
COLLECT_AFTER = 4
"""Rebuilds whose garbage may wait for the folder to catch up (`Preview._freeze`)."""


def _templates_digest(project: Project) -> str:
    """What every page depends on besides content: the templates, by content."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in project.template_dirs:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                hasher.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


class Preview:
    """The served state: what the survey's files gave, the site folder and the content key of
    each file it holds, the outputs not yet checked, or the problems that stop the build."""

    def __init__(self, project: Project, folder: Path) -> None:
        self.project = project
        self.folder = folder
        self.problems: list[str] = []
        self.memo = Memo()
        self.shown: dict[str, str] = {}
        """Site path -> content key of the file the folder holds ('' for unkeyed files)."""
        self.plan: Plan | None = None
        self.pending: dict[str, int] = {}
        """Site path -> index in `plan.outputs` of each output not checked since the change."""
        self.search: Callable[[], Iterable[tuple[str, bytes]]] | None = None
        """Makes the search index, until it is made for the current survey."""
        self.recent: dict[str, None] = {}
        self.caught_up: list[str] = []
        self.changed_at = 0.0
        """Files written since the last change by `catch_up`."""
        self.reload_wanted = False
        """Set when catching up failed: the open pages should reload to show why."""
        self.renderer: Renderer | None = None
        self.inputs = ""
        self.finished = False
        """Whether the folder was once complete: until then a rebuild renders everything."""
        self.frozen = 0
        """Rebuilds since the last collection (`_freeze`)."""

    def rebuild(self, changed: Collection[str] = ()) -> None:
        """Plan the site for the files as they are now and render the pages on screen; never
        raises, so the server survives bad edits. `changed` names the files that changed
        since the last call; the first call renders the whole site."""
        start = time.perf_counter()
        self.memo.forget(list(changed))
        if any(not path.startswith(str(self.project.content / "papers")) for path in changed):
            self.renderer = None  # templates, assets or configuration may have changed
        try:
            with collector_paused():
                self._plan()
                self._freeze()
                written = self._check([path for path in reversed(self.recent)
                                       if path in self.pending]) if self.finished \
                    else self.finish()
        except Exception as error:
            self._fail(error)
            return
        self.finished = True
        self.problems = []
        _print_written("rebuilt", written, time.perf_counter() - start, len(self.pending))

    def _plan(self) -> None:
        """The last plan goes first: with both alive, the survey's objects that changed and
        every output would be held twice while planning."""
        self.plan, self.pending, self.search = None, {}, None
        report = Report()
        survey = load_survey(self.project, report, self.memo)
        for diagnostic in report.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        if self.renderer is None:
            self.renderer = make_renderer(self.project, survey)
            self.inputs = _templates_digest(self.project)
            for asset in self.renderer.assets.values():
                write_if_changed(self.folder / asset.url, asset.content)
                self.shown[asset.url] = ""
        outputs = views.site_outputs(survey, self.inputs, self.memo)
        self.plan = Plan(outputs, self.renderer,
                         partial(plan_site, self.project, survey, self.inputs))
        self.pending = {output.path: index for index, output in enumerate(outputs)}
        self.caught_up = []
        self.changed_at = time.perf_counter()
        self.search = partial(search_index.search_file_stream, survey)
        assets = {asset.url for asset in self.renderer.assets.values()}
        for gone in [path for path in self.shown if path not in self.pending
                     and path not in assets and not path.startswith(search_index.FOLDER)]:
            (self.folder / gone).unlink(missing_ok=True)
            del self.shown[gone]

    def _check(self, paths: Iterable[str]) -> list[str]:
        """Render those of `paths` still pending whose key differs from their file's."""
        assert self.plan is not None
        outputs, stale, keys = self.plan.outputs, [], {}
        for path in paths:
            index = self.pending.pop(path, None)
            if index is None:
                continue
            keys[path] = key = outputs[index].key()  # type: ignore[attr-defined]
            if not key or self.shown.get(path) != key:
                self.shown.pop(path, None)  # until rendered, the file's bytes are unknown
                stale.append(index)
        written = produce(self.plan, self.folder, stale) if stale else []
        for path in written:
            self.shown[path] = keys[path]
        return written

    def _write_search(self) -> list[str]:
        if self.search is None:
            return []
        written, made = [], set()
        for path, content in self.search():  # one file at a time (search_file_stream)
            made.add(path)
            if write_if_changed(self.folder / path, content):
                written.append(path)
        self.search = None
        for gone in [p for p in self.shown if p.startswith(search_index.FOLDER) and p not in made]:
            (self.folder / gone).unlink(missing_ok=True)
            del self.shown[gone]
            written.append(gone)
        self.shown.update(dict.fromkeys(made, ""))
        return written

    def finish(self) -> list[str]:
        """Make the search index and check every pending output: the folder then holds
        exactly what a clean build writes. The index first: its
        transient data is the preview's largest, and before checking the outputs it does
        not come on top of their content keys and related papers (at 10,000 papers the
        preview's peak is then about 30 MiB lower)."""
        return sorted(self._write_search() + self._check(list(self.pending)))

    def catch_up(self) -> bool:
        """Between requests: check pending outputs for about SLICE_SECONDS; one line when
        the folder has caught up with the last change. Waits until the files have been
        quiet for QUIET_SECONDS: one output (the table of every paper, papers.json) can
        take a second to render at 10,000 papers, and a contributor saving again soon after
        should not wait for it. The search index is left until it is fetched: made in one
        step (about 2 s at 10,000 papers, 10 s at 50,000), it would hold up a save made
        meanwhile. Whether there is more to do before the next change."""
        if self.pending and not self.problems:
            if time.perf_counter() - self.changed_at < QUIET_SECONDS:
                return True
            start = time.perf_counter()
            try:
                while self.pending and time.perf_counter() - start < SLICE_SECONDS:
                    self.caught_up += self._check(list(islice(self.pending, BATCH)))
            except Exception as error:
                self._fail(error)
                self.reload_wanted = True
            if self.pending:
                return not self.problems
            _print_written("caught up", sorted(self.caught_up), 0, 0)
        if self.frozen:
            self._collect()
        return False

    def _freeze(self) -> None:
        """Put what the survey's rebuild made out of the cycle collector's reach.

        A rebuild makes the survey, the plan and their content keys anew with the collector
        paused (`collector_paused`); its first collection after would walk all of them, 50
        to 100 ms of the save's time at 10,000 papers (and later ones again, as they age).
        Frozen, they are not walked, but neither is what planning leaves in reference
        cycles, which holds on to the survey before (about 4 MiB at 10,000 papers). That is
        freed once the folder has caught up (`_collect`), or after COLLECT_AFTER rebuilds
        when saves come too fast for it to catch up."""
        self.frozen += 1
        if self.frozen > COLLECT_AFTER:
            self._collect()
        gc.freeze()

    def _collect(self) -> None:
        gc.unfreeze()
        gc.collect()
        self.frozen = 0

    def _fail(self, error: Exception) -> None:
        """Content errors as their diagnostics; anything else (a template's) as its traceback."""
        problems = [d.format() for d in error.diagnostics] if isinstance(error, ContentError) \
            else [traceback.format_exc()]
        self.problems = problems
        for problem in problems:
            print(problem, file=sys.stderr)
        print("build failed: serving an error page until the files are fixed", file=sys.stderr,
              flush=True)

    def _requested(self, relative: str) -> None:
        """Bring the file the browser asks for up to date before it is read; remember pages."""
        if relative.endswith(".html") and (relative in self.pending or relative in self.shown):
            self.recent.pop(relative, None)
            self.recent[relative] = None
            while len(self.recent) > RECENT_PAGES:
                del self.recent[next(iter(self.recent))]
        try:
            if relative in self.pending:
                self._check([relative])
            elif relative.startswith(search_index.FOLDER) and self.search is not None:
                self._write_search()
        except Exception as error:
            self._fail(error)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """WSGI: files of the folder, its 404 page for unknown paths; the error page for any
        page while the build fails (other files still come from the last good build)."""
        site = self.folder.resolve()
        request_path = environ.get("PATH_INFO", "/")
        target = (site / request_path.lstrip("/")).resolve()
        if not self.problems and target.is_relative_to(site):
            self._requested(_site_path(target.relative_to(site).as_posix(), request_path))
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


def _site_path(relative: str, request_path: str) -> str:
    """The output a request names: a folder's address means its index.html."""
    if not request_path.endswith("/"):
        return relative
    return "index.html" if relative == "." else f"{relative}/index.html"


def _respond(start_response: StartResponse, status: str, kind: str,
             body: bytes) -> list[bytes]:
    charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("xml", "json")) \
        else ""
    start_response(status, [("Content-Type", kind + charset), ("Cache-Control", "no-store")])
    return [body]


def _print_written(what: str, written: list[str], seconds: float, pending: int) -> None:
    """One line per step; the list of changed files is what tells a dependent page apart."""
    shown = ", ".join(written) if len(written) <= LISTED_CHANGES else "..."
    timing = f" in {seconds:.2f}s" if seconds else ""
    waiting = f" ({pending} more to check between requests)" if pending else ""
    print(f"{what}{timing}{waiting}; {len(written)} file(s) changed: {shown}", flush=True)
