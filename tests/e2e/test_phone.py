"""A reader on a 360 px phone: no page of any kind scrolls sideways, long words wrap, and the
navigation folds behind a Menu button instead of filling the first screen."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from site_src.pipeline import Project
from tests.e2e.conftest import recording_page

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield recording_page(context)
    context.close()


def page_kinds(real_site: Project) -> dict[str, str]:
    """One page of every kind, found from the site's own data and folders."""
    dataset: dict[str, Any] = json.loads((real_site.site / "papers.json").read_text("utf-8"))
    with_chart = next(node["page"] for node in dataset["taxonomy"] if node["page"])
    paper = max(dataset["papers"], key=lambda p: len(p["title"]))
    year = sorted((real_site.site / "years").iterdir())[-1].name
    prose = sorted(p.parent.name for p in real_site.site.glob("*/index.html")
                   if p.parent.name not in {"papers", "taxonomy", "years", "search", "charts"})
    kinds = {"home": "", "all papers": "papers/", "taxonomy": with_chart, "paper": paper["page"],
             "year": f"years/{year}/", "charts": "charts/", "search": "search/?q=reward",
             "not found": "404.html"}
    kinds.update({f"page {name}": f"{name}/" for name in prose})
    return kinds


def test_no_page_kind_scrolls_sideways_and_long_words_wrap(phone: Page, site_url: str,
                                                           real_site: Project) -> None:
    wide = {}
    for kind, path in page_kinds(real_site).items():
        phone.goto(site_url + path)
        phone.wait_for_load_state("networkidle")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[kind] = width
    assert wide == {}
    phone.locator("h1").evaluate("h => { h.textContent += ' Reinforcement' + 'learning'.repeat(6); }")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_menu_button_folds_the_navigation(phone: Page, site_url: str) -> None:
    phone.goto(site_url)
    header = phone.locator(".site-header")
    assert header.bounding_box()["height"] < PHONE["height"] * 0.2  # type: ignore[index]
    navigation = phone.get_by_role("navigation", name="Main")
    expect(navigation).to_be_hidden()
    menu = phone.get_by_role("button", name="Menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    phone.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(menu).to_be_focused()
    menu.click()
    navigation.get_by_role("link", name="All papers").click()
    expect(phone.locator("h1")).to_contain_text("All papers")
    expect(navigation).to_be_hidden()


def test_without_scripts_the_navigation_stays_open(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url)
    expect(tab.get_by_role("navigation", name="Main")).to_be_visible()
    expect(tab.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()
