"""axe-core finds no serious or critical accessibility problem on each kind of page, in both themes."""
from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from site_src.pipeline import Project

SEVERE = {"serious", "critical"}


def page_kinds(site: Project) -> dict[str, str]:
    """One page of each kind, taken from the real site's data rather than hard-coded."""
    dataset = json.loads((site.site / "papers.json").read_text("utf-8"))
    return {"home": "", "taxonomy": dataset["taxonomy"][0]["page"], "all papers": "papers/",
            "paper": dataset["papers"][0]["page"], "search": "search/?q=diffusion",
            "charts": "charts/"}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_serious_violations(browser: Browser, site_url: str, real_site: Project,
                               theme: str) -> None:
    axe = Axe()
    context = browser.new_context(color_scheme=theme)
    tab = context.new_page()
    found = {}
    for kind, url in page_kinds(real_site).items():
        tab.goto(site_url + url)
        if kind == "search":
            tab.locator("[data-search-results] li").first.wait_for()
        violations = axe.run(tab).response["violations"]
        found[kind] = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations
                       if v["impact"] in SEVERE]
    context.close()
    assert found == {kind: [] for kind in found}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_phone_charts_have_no_serious_violations(browser: Browser, site_url: str,
                                                 real_site: Project, theme: str) -> None:
    """The narrow chart layouts a phone shows are other SVGs, with their own colours."""
    context = browser.new_context(color_scheme=theme, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    found = {}
    for kind in ("charts", "taxonomy"):
        tab.goto(site_url + page_kinds(real_site)[kind])
        found[kind] = [v["id"] for v in Axe().run(tab).response["violations"] if v["impact"] in SEVERE]
    context.close()
    assert found == {"charts": [], "taxonomy": []}
