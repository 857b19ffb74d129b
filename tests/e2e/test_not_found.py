"""The 404 page works wherever a host serves it: GitHub Pages answers every missing address,
at any depth, with it; a fork or mirror serves the site under another path than the one it
was built for. Its stylesheet, scripts and links must come from the site's real root."""
from __future__ import annotations

import functools
import http.server
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from site_src.pipeline import Project
from tests.e2e.conftest import SUB_PATH

MIRROR = "mirror"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages: a missing file gets the site's 404.html, with status 404."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        prefix = self.path.lstrip("/").split("/", 1)[0]
        body = (Path(self.directory) / prefix / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_host(real_site: Project) -> Iterator[str]:
    """The site under its configured prefix and under another one, on one local host."""
    with tempfile.TemporaryDirectory() as mount:
        for prefix in (SUB_PATH, MIRROR):
            os.symlink(real_site.site, Path(mount) / prefix)
        handler = functools.partial(_PagesHandler, directory=mount)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}"
        server.shutdown()


@pytest.mark.parametrize("prefix", [SUB_PATH, MIRROR])
@pytest.mark.parametrize("missing", ["nothing-here", "papers/no-such-paper/", "a/b/c/d.html"])
def test_not_found_page_is_styled_and_links_home(page: Page, pages_host: str, prefix: str,
                                                 missing: str) -> None:
    response = page.goto(f"{pages_host}/{prefix}/{missing}")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator("html")).to_have_class("js")
    assert page.locator(".site-header").evaluate("h => getComputedStyle(h).display") == "flex"
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href") or ""
    assert stylesheet.startswith(f"/{prefix}/static/")
    page.locator("main").get_by_role("link", name="all papers", exact=True).click()
    expect(page.locator("h1")).to_contain_text("All papers")
    assert page.url == f"{pages_host}/{prefix}/papers/"
    only_its_status = ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    assert page.console_errors == only_its_status  # type: ignore[attr-defined]
