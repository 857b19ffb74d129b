"""A reader opens the home page under a sub-path and walks into the taxonomy and a paper."""
from __future__ import annotations

from playwright.sync_api import Page, expect


def test_home_to_node_to_paper_and_back(page: Page, site_url: str) -> None:
    page.goto(site_url)
    expect(page.locator("h1")).to_have_count(1)
    page.get_by_role("navigation", name="Main").get_by_role("link").nth(1).click()
    expect(page.locator("table.papers")).to_be_visible()
    first_paper = page.locator("table.papers tbody a").first
    title = first_paper.inner_text()
    first_paper.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("pre.bibtex")).to_contain_text("@")
    page.locator("a.brand").click()
    assert page.url.rstrip("/").endswith("/survey")
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert page.external_requests == []  # type: ignore[attr-defined]


def test_missing_page_serves_styled_404_with_working_links(page: Page, site_url: str) -> None:
    page.goto(site_url + "404.html")
    expect(page.locator("h1")).to_have_text("Page not found")
    css = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "system-ui" in css
    page.locator("main").get_by_role("link", name="all papers").click()
    expect(page.locator("h1")).to_contain_text("All papers")
