"""The link checker against a handmade site and a local server that misbehaves on purpose."""
from __future__ import annotations

import http.server
import itertools
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from site_src.cli import main
from site_src.linkcheck import Policy, check_external, internal_problems, parse_page
from site_src.pipeline import Project

FAST = Policy(timeout=0.5, retries=2, backoff=0.05, workers=8)


class _Misbehaving(http.server.BaseHTTPRequestHandler):
    """200, 301, 404, 500, 429, a flaky 503-then-200, and a server that refuses HEAD."""

    flaky_hits = 0
    busy_hits = 0
    times: ClassVar[list[float]] = []

    def _answer(self, body: bool) -> None:
        type(self).times.append(time.monotonic())
        if self.path == "/busy":
            type(self).busy_hits += 1
        routes = {"/ok": 200, "/missing": 404, "/broken": 500, "/busy": 429}
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/flaky":
            type(self).flaky_hits += 1
            self.send_response(503 if type(self).flaky_hits == 1 else 200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        else:
            path = self.path.split("?")[0]
            self.send_response(routes.get(path, 200 if path == "/no-head" else 404))
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def origin() -> Iterator[str]:
    _Misbehaving.flaky_hits = _Misbehaving.busy_hits = 0
    _Misbehaving.times = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Misbehaving)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_origin() -> Iterator[str]:
    """A socket that accepts connections (the kernel does) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_external_links_are_judged_by_their_answers(origin: str, silent_origin: str) -> None:
    urls = [f"{origin}/ok", f"{origin}/moved", f"{origin}/missing", f"{origin}/broken",
            f"{origin}/flaky", f"{origin}/no-head", f"{origin}/busy", f"{silent_origin}/never"]
    start = time.monotonic()
    verdicts = {v.url.rsplit("/", 1)[1]: v for v in check_external(urls, FAST)}
    elapsed = time.monotonic() - start
    assert (verdicts["ok"].status, verdicts["ok"].dead) == (200, False)
    assert verdicts["moved"].status == 200 and verdicts["moved"].moved_to == f"{origin}/ok"
    assert (verdicts["missing"].status, verdicts["missing"].dead) == (404, True)
    assert (verdicts["broken"].status, verdicts["broken"].dead) == (500, True)
    assert (verdicts["flaky"].status, verdicts["flaky"].dead) == (200, False)
    assert _Misbehaving.flaky_hits == 2, "a 503 is retried once, then the link works"
    assert verdicts["no-head"].status == 200, "GET is tried when HEAD is refused"
    assert verdicts["busy"].unknown and not verdicts["busy"].dead, "429 is unknown, not broken"
    assert _Misbehaving.busy_hits == 1, "a 429 is not retried: the server asked for less"
    assert verdicts["never"].unknown and not verdicts["never"].dead
    assert "timed out" in verdicts["never"].error
    # Three attempts of 0.5 s at most for the silent server, run in parallel with the rest.
    assert elapsed < 5


def test_polite_hosts_get_one_request_at_a_time_spaced(origin: str) -> None:
    """arXiv and doi.org in real runs; here the local origin plays the polite host."""
    policy = Policy(timeout=2, retries=0, workers=8, polite_hosts=frozenset({"127.0.0.1"}),
                    polite_interval=0.2)
    verdicts = check_external([f"{origin}/ok?{n}" for n in range(4)], policy)
    assert all(v.status == 200 for v in verdicts)
    gaps = [b - a for a, b in itertools.pairwise(sorted(_Misbehaving.times))]
    assert len(gaps) == 3 and min(gaps) >= 0.19, gaps


def _write_site(site: Path, pages: dict[str, str]) -> None:
    for name, html in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(html, encoding="utf-8")


def test_internal_links_must_name_files_and_fragments(tmp_path: Path) -> None:
    _write_site(tmp_path, {
        "index.html": '<a href="papers/">p</a>\n<a href="papers/#top">t</a>\n'
                      '<a href="papers/#nowhere">n</a>\n<a href="gone/">g</a>\n'
                      '<img src="static/logo.svg">\n<a href="#self">s</a><p id="self"></p>\n'
                      '<a href="/survey/papers/">root</a><a href="/elsewhere/">out</a>\n'
                      '<a href="../../etc/passwd">escape</a><a href="https://example.org/">x</a>',
        "papers/index.html": '<h1 id="top">Papers</h1><a href="../">home</a>',
    })
    found = {(d.path, d.line, d.message) for d in internal_problems(tmp_path, "/survey/")}
    assert found == {
        ("_site/index.html", 3, "broken fragment 'papers/#nowhere'"),
        ("_site/index.html", 4, "broken link 'gone/'"),
        ("_site/index.html", 5, "broken link 'static/logo.svg'"),
        ("_site/index.html", 7, "broken link '/elsewhere/'"),
        ("_site/index.html", 8, "broken link '../../etc/passwd'"),
    }


def test_ids_and_links_are_parsed_with_their_lines() -> None:
    page = parse_page('<p id="a">\n<a name="b" href="x/#a">x</a>\n<script src="s.js"></script>'
                      '<link rel="canonical" href="https://example.org/">')
    assert page.ids == {"a", "b"}
    assert [(link.target, link.line) for link in page.links] == [("x/#a", 2), ("s.js", 3)]


def test_linkcheck_command_reports_dead_links(sample_site: Project, tmp_path: Path,
                                              origin: str, silent_origin: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Only local servers are asked: the site holds nothing but the three test links."""
    root = tmp_path / "project"
    shutil.copytree(sample_site.root / "content", root / "content")
    _write_site(root / "_site", {"about/index.html": (
        f'<a href="{origin}/missing">dead</a><a href="{silent_origin}/x">slow</a>\n'
        f'<a href="{origin}/moved">moved</a>'), "index.html": '<a href="about/">about</a>'})
    code = main(["--root", str(root), "linkcheck", "--timeout", "0.3", "--retries", "0"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"_site/about/index.html:1: dead link {origin}/missing: HTTP 404" in err
    assert (f"_site/about/index.html:1: warning: could not check {silent_origin}/x: timed out\n"
            "    hint: unknown, not counted as broken; the next check asks again") in err
    assert f"_site/about/index.html:2: warning: {origin}/moved redirects to {origin}/ok" in err


def test_linkcheck_offline_passes_on_the_sample_site(sample_site: Project,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(sample_site.root), "linkcheck", "--offline"]) == 0
    assert "every link works" in capsys.readouterr().out
