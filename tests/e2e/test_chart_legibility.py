"""Charts read on a phone (390 px) and a desktop (1366 px): the page does not scroll sideways,
no chart text is drawn under 10 px (an SVG shrunk to fit counts as shrunk text), every year
is labelled, and landmark labels overlap neither each other nor a bar; static and plotly alike,
light and dark."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import recording_page

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
SMALLEST = 10.0

MEASURE = """(root) => {
  const shown = el => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0;
  const box = el => { const r = el.getBoundingClientRect();
                      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const scale = el => { const m = el.getScreenCTM(); return m ? Math.hypot(m.a, m.b) : 1; };
  const texts = [...root.querySelectorAll("svg text")].filter(t => shown(t) && t.textContent.trim());
  return {
    sizes: texts.map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale(t)]),
    labels: [...root.querySelectorAll("svg text.landmark, svg .annotation-text")]
      .filter(t => shown(t) && t.textContent.trim()).map(t => [t.textContent, box(t)]),
    bars: [...root.querySelectorAll("svg rect:not(:first-of-type), .bars path")]
      .filter(b => shown(b) && b.getBoundingClientRect().height > 0).map(box),
    years: [...root.querySelectorAll("svg text")].filter(shown).map(t => t.textContent.trim())
  };
}"""


def intersect(a: dict[str, float], b: dict[str, float]) -> bool:
    return (min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5)


@pytest.fixture(params=sorted(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    phone = request.param == "phone"
    context = browser.new_context(viewport=SCREENS[request.param], is_mobile=phone,
                                  has_touch=phone)
    yield recording_page(context)
    context.close()


def assert_legible(page: Page, figure: str, years: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = page.locator(figure).evaluate(MEASURE)
    assert found["sizes"], figure
    small = [(text, round(size, 1)) for text, size in found["sizes"] if size < SMALLEST]
    assert small == [], figure
    labels = found["labels"]
    overlapping = [(a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1:]
                   if intersect(a[1], b[1])]
    assert overlapping == [], figure
    on_bars = [text for text, label in labels if any(intersect(label, bar) for bar in found["bars"])]
    assert on_bars == [], figure
    assert set(years) <= set(found["years"]), figure
    return found


def years_of(page: Page) -> list[str]:
    return [(h.text_content() or "").strip() for h in page.locator("#heatmap-table thead th").all()[1:]]


def test_charts_page_static_and_interactive(screen: Page, site_url: str) -> None:
    screen.goto(site_url + "charts/")
    width = screen.viewport_size["width"]  # type: ignore[index]
    years = years_of(screen)
    assert len(years) > 4
    assert screen.evaluate("document.documentElement.scrollWidth") <= width
    timeline = assert_legible(screen, "figure[data-figure=chart-timeline-data] .chart-static", years)
    assert len(timeline["labels"]) >= 5, "landmarks are drawn"
    assert_legible(screen, "figure[data-figure=chart-heatmap-data] .chart-static", years)
    screen.get_by_role("button", name="Interactive chart").first.click()
    for dom_id in ("chart-timeline", "chart-heatmap"):
        expect(screen.locator(f"#{dom_id} .main-svg").first).to_be_visible(timeout=30_000)
    screen.wait_for_timeout(300)
    assert screen.evaluate("document.documentElement.scrollWidth") <= width
    live = assert_legible(screen, "#chart-timeline", years)
    assert len(live["labels"]) == len(timeline["labels"])
    heat = assert_legible(screen, "#chart-heatmap", years)
    assert len(heat["sizes"]) > len(years) * 5, "cell numbers are drawn"
    assert screen.console_errors == []  # type: ignore[attr-defined]


def test_taxonomy_chart(screen: Page, site_url: str) -> None:
    screen.goto(site_url + "taxonomy/generative-tools/")
    years = [(h.text_content() or "").strip()
             for h in screen.locator("#years-table tbody th").all()]
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]  # type: ignore[index]
    assert_legible(screen, "figure.chart .chart-static", years)


def test_phone_charts_take_the_dark_theme(browser: Browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark", viewport=SCREENS["phone"], is_mobile=True)
    page = recording_page(context)
    page.goto(site_url + "charts/")
    colours = page.evaluate("""() => { const s = getComputedStyle(document.body);
      return {bg: s.backgroundColor, text: s.color}; }""")
    shown = page.locator(".chart-static svg.chart-narrow").first
    expect(shown).to_be_visible()
    assert shown.locator("rect").first.evaluate("r => getComputedStyle(r).fill") == colours["bg"]
    year = shown.locator('text[fill="#1c1e21"]').first
    assert year.evaluate("t => getComputedStyle(t).fill") == colours["text"]
    landmark = shown.locator("text.landmark").first.evaluate("t => getComputedStyle(t).fill")
    leader = shown.locator("line.leader").first.evaluate("l => getComputedStyle(l).stroke")
    assert landmark == leader != "rgb(122, 31, 31)", "labels and leaders in the dark landmark colour"
    page.goto(site_url + "taxonomy/generative-tools/")
    total = page.locator(".chart-static text.total").first
    assert total.evaluate("t => getComputedStyle(t).fill") == colours["text"], "counts over bars"
    context.close()
