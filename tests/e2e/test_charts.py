"""A reader opens the Trends page, hovers a heatmap cell, clicks it and gets exactly its papers;
the page stays light until a chart is used, and charts take the page's colours, dark or light."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import recording_page

BUDGET = 1_500_000
"""Bytes the charts page may transfer before the reader reaches for a chart."""


def make_interactive(page: Page) -> None:
    """Ask for the interactive charts; plotly.js (4.8 MB) may take a while on a busy machine."""
    page.get_by_role("button", name="Interactive chart").first.click()
    expect(page.locator("#chart-timeline .main-svg").first).to_be_visible(timeout=30_000)


def test_heatmap_cell_hover_and_click_lists_exactly_its_papers(page: Page, site_url: str) -> None:
    page.goto(site_url + "charts/")
    make_interactive(page)
    expect(page.locator("#chart-timeline .main-svg").first).to_be_visible()
    expect(page.locator("#chart-heatmap .main-svg").first).to_be_visible()
    expect(page.locator("#chart-timeline .bars path")).not_to_have_count(0)
    expect(page.locator(".chart-static").first).to_be_hidden()
    row = page.locator("#heatmap-table tbody tr").first
    label = row.locator("th").text_content() or ""
    years = [h.text_content() for h in page.locator("#heatmap-table thead th").all()[1:]]
    counts = [c.text_content() or "" for c in row.locator("td").all()]
    column = next(i for i, n in enumerate(counts) if n != "0")
    cell = page.locator("#chart-heatmap .nsewdrag").first
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    assert box is not None
    rows = page.locator("#heatmap-table tbody tr").count()
    x = box["x"] + box["width"] * (column + 0.5) / len(years)
    y = box["y"] + box["height"] * 0.5 / rows
    page.mouse.move(x, y)
    tooltip = page.locator("#chart-heatmap .hoverlayer")
    noun = "paper" if counts[column] == "1" else "papers"
    expect(tooltip).to_contain_text(f"{years[column]}: {counts[column]} {noun}")
    expect(tooltip).to_contain_text(label)
    page.mouse.click(x, y)
    expect(page.locator("h1")).to_contain_text(f"{label}: papers from {years[column]}")
    expect(page.locator("table.papers tbody tr")).to_have_count(int(counts[column]))
    assert re.search(r"/charts/[a-z0-9-]+/\d{4}/$", page.url)
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert page.external_requests == []  # type: ignore[attr-defined]


def test_timeline_switches_to_cumulative(page: Page, site_url: str) -> None:
    page.goto(site_url + "charts/")
    make_interactive(page)
    expect(page.locator("#chart-timeline .updatemenu-button")).to_have_count(2)
    before = page.locator("#chart-timeline .bars path").count()
    page.locator("#chart-timeline .updatemenu-button").nth(1).click()
    expect(page.locator("#chart-timeline .bars path")).not_to_have_count(0)
    assert page.locator("#chart-timeline .bars path").count() >= before
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_node_page_chart_links_each_year_to_its_papers(page: Page, site_url: str) -> None:
    page.goto(site_url + "taxonomy/generative-tools/")
    chart = page.locator("figure.chart svg")
    expect(chart).to_be_visible()
    rows = page.locator("#years-table tbody tr")
    counts = {(rows.nth(i).locator("th").text_content() or "").strip():
              int(rows.nth(i).locator("td").text_content() or 0) for i in range(rows.count())}
    year, count = max(counts.items(), key=lambda item: item[1])
    page.locator(f'figure.chart a[href^="?from={year}&to={year}"]').click()
    expect(page.locator("table.papers tbody tr:visible")).to_have_count(count)
    years = page.locator("table.papers tbody tr:visible td:nth-child(2)").all_inner_texts()
    assert set(years) == {year}
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert page.external_requests == []  # type: ignore[attr-defined]
    assert not any("plotly" in url for url in page.requested_urls)  # type: ignore[attr-defined]


def test_charts_page_is_light_until_used_and_charts_follow_the_dark_theme(
        browser: Browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    page = recording_page(context)
    page.goto(site_url + "charts/")
    page.wait_for_load_state("networkidle")
    transferred = page.evaluate("""performance.getEntriesByType("navigation")[0].encodedBodySize +
        performance.getEntriesByType("resource").reduce((sum, e) => sum + e.encodedBodySize, 0)""")
    assert transferred < BUDGET
    assert not any("plotly" in url for url in page.requested_urls)  # type: ignore[attr-defined]
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    static = page.locator(".chart-static svg > rect").first
    assert static.evaluate("r => getComputedStyle(r).fill") == background
    label = page.locator(".chart-static svg text").first
    assert label.evaluate("t => getComputedStyle(t).fill") == page.evaluate(
        "getComputedStyle(document.body).color")
    make_interactive(page)
    plot = page.locator("#chart-timeline .main-svg .bg").first
    expect(plot).to_be_attached()
    paper = page.locator("#chart-timeline .main-svg").first
    assert paper.evaluate("s => getComputedStyle(s).backgroundColor") == background
    page.locator("html").evaluate("h => h.setAttribute('data-theme', 'light')")
    page.evaluate("document.dispatchEvent(new CustomEvent('themechange'))")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    expect(paper).to_have_css("background-color", light)
    assert light != background
    assert page.console_errors == []  # type: ignore[attr-defined]
    context.close()
