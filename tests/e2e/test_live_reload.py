"""The preview reloads an open browser tab by itself, through the site's Content-Security-Policy."""
from __future__ import annotations

from collections.abc import Callable

from live_server import LiveServer
from playwright.sync_api import Page, expect

from site_src.pipeline import Project


def test_open_tab_follows_edit_error_and_fix(page: Page,
                                             make_project: Callable[[], Project]) -> None:
    project = make_project()
    server = LiveServer(project.root)
    try:
        paper = project.content / "papers" / "ma2023eureka.md"
        good = paper.read_text("utf-8")
        page.goto(server.url + "papers/ma2023eureka/")
        expect(page.locator("h1")).to_contain_text("Eureka")
        page.wait_for_function("() => window.LiveReload !== undefined")

        paper.write_text(good + "\nEdited in the open tab.\n", "utf-8")
        expect(page.locator("main")).to_contain_text("Edited in the open tab.", timeout=15000)

        paper.write_text(good.replace("year: 2023", "year: soon"), "utf-8")
        expect(page.locator("h1")).to_have_text("Build failed", timeout=15000)
        expect(page.locator(".problems")).to_contain_text("content/papers/ma2023eureka.md:5: year:")

        paper.write_text(good, "utf-8")
        expect(page.locator("h1")).to_contain_text("Eureka", timeout=15000)
        errors = page.console_errors  # type: ignore[attr-defined]
        assert [e for e in errors if "status of 500" not in e] == [], "\n".join(server.lines)
    finally:
        server.kill()
