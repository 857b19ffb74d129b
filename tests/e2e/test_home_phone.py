"""The home page's pictures on a 360 px phone and in the dark theme."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import recording_page
from tests.e2e.test_readers import assert_clean


@pytest.fixture(params=["light", "dark"])
def phone(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, color_scheme=request.param)
    yield recording_page(context)
    context.close()


def test_home_pictures_fit_a_phone_in_the_pages_colours(phone: Page, site_url: str) -> None:
    phone.goto(site_url)
    diagram = phone.locator("svg.taxonomy-diagram")
    diagram.scroll_into_view_if_needed()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    for picture in (diagram, phone.locator("#years-heading ~ figure svg")):
        box = picture.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    # Rows are links: their labels take the colour of the page's links, in either theme.
    link_colour = phone.locator("main .stats a").evaluate("a => getComputedStyle(a).color")
    background = phone.evaluate("getComputedStyle(document.body).backgroundColor")
    label = diagram.locator("text").first
    assert label.evaluate("t => getComputedStyle(t).fill") == link_colour != background
    assert label.evaluate("t => t.getBoundingClientRect().height") >= 9, "readable labels"
    diagram.locator("a").nth(1).click()
    phone.wait_for_url("**/taxonomy/**")
    assert_clean(phone)
