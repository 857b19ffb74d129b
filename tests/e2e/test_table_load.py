"""A long paper table arrives ready: the first window of rows shows from the first paint and
loading the page moves no row (Lighthouse counted that work against every table page);
the first filter, sort or "Show more" then takes over with the same rows in the same order."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.corpus import generate
from site_src.pipeline import Project, build
from tests.e2e.conftest import recording_page, serve_folder

PAPERS = 600
WINDOW = 250


@pytest.fixture(scope="module")
def long_table(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    project = Project(generate(tmp_path_factory.mktemp("long") / "corpus", PAPERS, seed=5))
    build(project)
    server, origin = serve_folder(Path(project.site))
    context = browser.new_context()
    tab = recording_page(context)
    tab.add_init_script("""document.addEventListener("DOMContentLoaded", () => {
      const body = document.querySelector("table.papers tbody");
      window.rowChanges = 0;
      new MutationObserver(list => { window.rowChanges += list.length; })
        .observe(body, { childList: true, attributes: true, subtree: true });
    }, { capture: true });""")
    tab.goto(origin + "/papers/")
    yield tab
    context.close()
    server.shutdown()


def test_loading_moves_no_row_and_shows_the_first_window(long_table: Page) -> None:
    tab = long_table
    tab.wait_for_load_state("load")
    expect(tab.locator("[data-facet-status]")).to_have_text(
        f"Showing the first {WINDOW} of all {PAPERS} papers.")
    assert tab.evaluate("window.rowChanges") == 0
    rows = tab.locator("table.papers tbody tr")
    expect(tab.locator("table.papers tbody tr:visible")).to_have_count(WINDOW)
    assert rows.nth(WINDOW - 1).is_visible() and not rows.nth(WINDOW).is_visible()
    before = rows.evaluate_all("rows => rows.map(r => r.dataset.key)")
    more = tab.get_by_role("button", name=f"Show {WINDOW} more")
    more.click()
    expect(tab.locator("table.papers tbody tr:visible")).to_have_count(2 * WINDOW)
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.key)") == before
    tab.get_by_role("button", name=f"Show {PAPERS - 2 * WINDOW} more").click()
    expect(tab.locator("table.papers tbody tr:visible")).to_have_count(PAPERS)
    expect(tab.locator("[data-facet-status]")).to_have_text(f"Showing all {PAPERS} papers.")
    tab.locator("th[data-sort=year] button").click()
    expect(tab.locator("th[data-sort=year]")).to_have_attribute("aria-sort", "descending")
    years = rows.evaluate_all("rows => rows.map(r => Number(r.dataset.year))")
    assert years == sorted(years, reverse=True)
    tab.get_by_text("Filter, sort and download").click()
    tab.locator("fieldset[data-facet] input").first.check()
    expect(tab.locator("[data-facet-status]")).to_contain_text(" of ")
    assert tab.locator("table.papers tbody tr:visible").count() <= WINDOW
    assert tab.console_errors == []  # type: ignore[attr-defined]


def test_without_scripts_every_row_shows(browser: Browser, long_table: Page) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(long_table.url)
    expect(tab.locator("table.papers tbody tr:visible")).to_have_count(PAPERS)
    assert tab.locator("th[data-sort=title]").inner_text() == "Paper"
    expect(tab.locator("th[data-sort=title] button")).to_be_hidden()
    context.close()
