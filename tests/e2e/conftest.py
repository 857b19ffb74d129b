"""Browser fixtures: the built site served over HTTP under a sub-path, opened in Debian's Chromium.

Serving under /survey/ (not /) checks that every link works when the site is published
under a GitHub Pages project path.
"""
from __future__ import annotations

import functools
import http.server
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from site_src.pipeline import Project

CHROMIUM = "/usr/bin/chromium"
SUB_PATH = "survey"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(real_site: Project) -> Iterator[str]:
    """URL of the real content's site, mounted at /survey/ on a local server."""
    with tempfile.TemporaryDirectory() as mount:
        os.symlink(real_site.site, Path(mount) / SUB_PATH)
        server, origin = serve_folder(Path(mount))
        yield f"{origin}/{SUB_PATH}/"
        server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def recording_page(context: BrowserContext) -> Page:
    """A new tab that records console errors and any request leaving 127.0.0.1."""
    tab = context.new_page()
    tab.console_errors = []  # type: ignore[attr-defined]
    tab.external_requests = []  # type: ignore[attr-defined]
    tab.requested_urls = []  # type: ignore[attr-defined]
    tab.on("request", lambda r: tab.requested_urls.append(r.url))  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))  # type: ignore[attr-defined]
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))  # type: ignore[attr-defined]
    tab.on("request", lambda r: not r.url.startswith(("http://127.0.0.1", "data:"))
           and tab.external_requests.append(r.url))  # type: ignore[attr-defined]
    return tab


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh recording page with Playwright's default viewport."""
    context = browser.new_context()
    yield recording_page(context)
    context.close()


VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(params=sorted(VIEWPORTS))
def reader(request: pytest.FixtureRequest, browser: Browser, site_url: str) -> Iterator[Page]:
    """A recording page on a phone and on a desktop screen, light system theme, clipboard allowed."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], color_scheme="light",
                                  is_mobile=request.param == "phone", has_touch=request.param == "phone")
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=site_url.split("/survey/")[0])
    yield recording_page(context)
    context.close()
