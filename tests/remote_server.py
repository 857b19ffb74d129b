"""A local stand-in for the arXiv API and Crossref, answering the recorded fixtures.

Tests point SURVEY_SITE_ARXIV_API and SURVEY_SITE_CROSSREF_API at it. It records every
request (path, query, User-Agent, time) so tests can check what was asked and how often.
"""
from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "remote"
ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
HANG_SECONDS = 3.0


@dataclass
class Request:
    path: str
    query: dict[str, str]
    user_agent: str
    at: float


@dataclass
class RemoteServer:
    url: str
    requests: list[Request] = field(default_factory=list)

    @property
    def arxiv(self) -> str:
        return f"{self.url}/api/query"

    @property
    def crossref(self) -> str:
        return f"{self.url}/works/"


def _recorded(folder: Path, name: str) -> tuple[int, Path | None]:
    """Status and file for a name: `<name>.xml|json`, `<name>.<status>.<ext>` or `<name>.hang`
    (status 0); (404, None) when nothing is recorded under that name."""
    if (folder / f"{name}.hang").exists():
        return 0, None
    for path in sorted(folder.glob(f"{glob_escape(name)}.*")):
        parts = path.name[len(name):].split(".")
        if len(parts) == 2:
            return 200, path
        if len(parts) == 3 and parts[1].isdigit():
            return int(parts[1]), path
    return 404, None


def glob_escape(name: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", name)


def _feed(entries: list[ElementTree.Element], start: int, size: int) -> bytes:
    """The envelope of a recorded arXiv answer around the given entries."""
    ElementTree.register_namespace("", ATOM[1:-1])
    ElementTree.register_namespace("opensearch", OPENSEARCH[1:-1])
    ElementTree.register_namespace("arxiv", "http://arxiv.org/schemas/atom")
    feed = ElementTree.parse(FIXTURES / "arxiv" / "unknown.xml").getroot()
    for entry in feed.findall(f"{ATOM}entry"):
        feed.remove(entry)
    feed.extend(entries[start:start + size])
    for name, value in (("totalResults", len(entries)), ("startIndex", start),
                        ("itemsPerPage", size)):
        element = feed.find(f"{OPENSEARCH}{name}")
        assert element is not None
        element.text = str(value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(feed)


def _entries(path: Path) -> list[ElementTree.Element]:
    return ElementTree.parse(path).getroot().findall(f"{ATOM}entry")


def _search_page(query: dict[str, str]) -> bytes:
    """The recorded search feed, filtered by submittedDate and paged like arXiv pages it."""
    entries = _entries(FIXTURES / "arxiv" / "search.xml")
    dates = re.search(r"submittedDate:\[(\d{12}) TO (\d{12})\]", query.get("search_query", ""))
    if dates:
        def stamp(entry: ElementTree.Element) -> str:
            text = entry.findtext(f"{ATOM}published") or ""
            return re.sub(r"\D", "", text)[:12]
        entries = [e for e in entries if dates.group(1) <= stamp(e) <= dates.group(2)]
    return _feed(entries, int(query.get("start", 0)), int(query.get("max_results", 10)))


def _id_list(ids: list[str]) -> tuple[int, Path | None, bytes]:
    """The recorded entries of these ids in one feed (a paper of the search feed counts as
    recorded), or the first recorded failure; unknown ids are left out, as arXiv does."""
    searched = {(e.findtext(f"{ATOM}id") or "").rsplit("/", 1)[-1].split("v")[0]: e
                for e in _entries(FIXTURES / "arxiv" / "search.xml")}
    entries = []
    for number in ids:
        status, path = _recorded(FIXTURES / "arxiv", number)
        if status == 200 and path is not None and len(ids) == 1:
            return status, path, path.read_bytes()  # as recorded, even when malformed
        if status == 200 and path is not None:
            entries += _entries(path)
        elif status == 404 and number in searched:
            entries.append(searched[number])
        elif status != 404:
            return status, path, path.read_bytes() if path else b""
    return 200, None, _feed(entries, 0, len(entries))


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "fixture/1"
    log: list[Request]

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.log.append(Request(parts.path, query, self.headers.get("User-Agent", ""),
                                time.monotonic()))
        if parts.path.endswith("/api/query") and "search_query" in query and "id_list" not in query:
            self._send(200, _search_page(query), "application/atom+xml")
            return
        if parts.path.endswith("/api/query"):
            status, path, body = _id_list(query.get("id_list", "").split(","))
            if status == 200:
                self._send(status, body, "application/atom+xml")
                return
        elif "/works/" in parts.path:
            doi = unquote(parts.path.split("/works/", 1)[1]).replace("/", "_")
            status, path = _recorded(FIXTURES / "crossref", doi)
            if path is None and status == 404:
                path = FIXTURES / "crossref" / "not-found.404.txt"
        else:
            status, path = 404, None
        if status == 0:
            time.sleep(HANG_SECONDS)
            return
        body = path.read_bytes() if path is not None else b"not found"
        kind = {".xml": "application/atom+xml", ".json": "application/json",
                ".html": "text/html"}.get(path.suffix if path else "", "text/plain")
        self._send(status, body, kind)

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def remote_server() -> Iterator[RemoteServer]:
    log: list[Request] = []
    handler = type("Handler", (_Handler,), {"log": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield RemoteServer(f"http://127.0.0.1:{server.server_address[1]}", log)
    finally:
        server.shutdown()
        server.server_close()


def run_online(root: Path, remote: RemoteServer, *args: str) -> subprocess.CompletedProcess[str]:
    """`python build.py --root ROOT ARGS...` as a contributor runs it, asking `remote`."""
    env = {**os.environ, "SURVEY_SITE_ARXIV_API": remote.arxiv,
           "SURVEY_SITE_CROSSREF_API": remote.crossref}
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), *args],
                          env=env, capture_output=True, text=True, timeout=120)
