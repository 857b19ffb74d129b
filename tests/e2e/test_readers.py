"""A reader finds, filters, sorts and cites papers on a phone and on a desktop screen.

Every test runs twice (the `reader` fixture's viewports) against the real content's site,
and checks that nothing failed in the console and that no request left the local server.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from site_src.pipeline import Project


@pytest.fixture(scope="module")
def dataset(real_site: Project) -> dict[str, Any]:
    return json.loads((real_site.site / "papers.json").read_text("utf-8"))  # type: ignore[no-any-return]


def assert_clean(page: Page) -> None:
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert page.external_requests == []  # type: ignore[attr-defined]


def open_filters(page: Page) -> None:
    panel = page.locator("details.filters")
    expect(panel).to_be_visible()
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()


def open_menu(page: Page) -> None:
    """On a phone the navigation and the theme toggle sit behind the Menu button."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")


def visible_keys(page: Page) -> list[str]:
    return page.locator("table.papers tbody tr:visible").evaluate_all(
        "rows => rows.map(r => r.dataset.key)")


def code_value(paper: dict[str, Any]) -> str:
    return "yes" if paper["code_url"] else str(paper["code"])


def test_search_from_header_finds_a_known_paper(reader: Page, site_url: str,
                                                dataset: dict[str, Any]) -> None:
    paper = next(p for p in dataset["papers"] if p["framework"] and p["authors"])
    reader.goto(site_url)
    reader.locator("#site-search").fill(paper["title"].split(":")[0])
    reader.locator("#site-search").press("Enter")
    expect(reader.locator("h1")).to_have_text("Search papers")
    results = reader.locator("[data-search-results] a")
    expect(results.filter(has_text=paper["title"])).to_have_count(1)
    surname = paper["authors"][0].split()[-1]
    reader.locator("#search-query").fill(surname)
    expect(results.filter(has_text=paper["title"])).to_have_count(1)
    assert parse_qs(urlsplit(reader.url).query)["q"] == [surname]
    reader.locator("#search-query").fill(paper["framework"])
    expect(results.filter(has_text=paper["title"])).to_have_count(1)
    results.filter(has_text=paper["title"]).click()
    expect(reader.locator("h1")).to_have_text(paper["title"])
    assert reader.url.endswith(f"/survey/{paper['page']}")
    assert_clean(reader)


def test_search_for_nonsense_reports_no_results(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "search/?q=zzqxjv")
    expect(reader.locator("[data-search-status]")).to_have_text("0 papers found for “zzqxjv”.")
    expect(reader.locator("[data-search-results] li")).to_have_count(0)
    assert_clean(reader)


def test_facets_filter_recount_share_and_clear(reader: Page, site_url: str,
                                               dataset: dict[str, Any]) -> None:
    papers = dataset["papers"]
    reader.goto(site_url + "papers/")
    open_filters(reader)
    expect(reader.locator("table.papers tbody tr:visible")).to_have_count(len(papers))
    reader.locator("fieldset[data-facet=code] input[value=yes]").check()
    with_code = [p for p in papers if code_value(p) == "yes"]
    assert 0 < len(with_code) < len(papers)
    expect(reader.locator("table.papers tbody tr:visible")).to_have_count(len(with_code))
    assert sorted(visible_keys(reader)) == sorted(p["key"] for p in with_code)
    expect(reader.locator("[data-facet-status]")).to_have_text(
        f"Showing {len(with_code)} of {len(papers)} papers.")
    evaluation = Counter(v for p in with_code for v in
                         (("simulation", "real") if p["environment"] == "both" else (p["environment"],)))
    for value, count in evaluation.items():
        expect(reader.locator(f"fieldset[data-facet=evaluation] input[value={value}] ~ [data-count]")
               ).to_have_text(str(count))
    assert parse_qs(urlsplit(reader.url).query) == {"code": ["yes"]}

    shared = reader.url
    reader.goto(site_url)
    reader.goto(shared)
    expect(reader.locator("fieldset[data-facet=code] input[value=yes]")).to_be_checked()
    expect(reader.locator("table.papers tbody tr:visible")).to_have_count(len(with_code))

    reader.get_by_role("button", name="Clear filters").click()
    expect(reader.locator("table.papers tbody tr:visible")).to_have_count(len(papers))
    assert urlsplit(reader.url).query == ""
    assert_clean(reader)


def test_year_range_and_sorting(reader: Page, site_url: str, dataset: dict[str, Any]) -> None:
    years = sorted({p["year"] for p in dataset["papers"]})
    assert len(years) > 1
    reader.goto(site_url + "papers/")
    open_filters(reader)
    reader.locator("select[name=from]").select_option(str(years[-1]))
    newest = sorted(p["key"] for p in dataset["papers"] if p["year"] == years[-1])
    expect(reader.locator("table.papers tbody tr:visible")).to_have_count(len(newest))
    assert sorted(visible_keys(reader)) == newest
    reader.locator("select[name=from]").select_option(str(years[0]))

    reader.locator("th[data-sort=title] button").click()
    expect(reader.locator("th[data-sort=title]")).to_have_attribute("aria-sort", "ascending")
    by_title = sorted(dataset["papers"], key=lambda p: p["title"].lower())
    assert visible_keys(reader)[0] == by_title[0]["key"]
    reader.locator("th[data-sort=year] button").click()
    expect(reader.locator("th[data-sort=year]")).to_have_attribute("aria-sort", "descending")
    shown_years = reader.locator("table.papers tbody tr").evaluate_all(
        "rows => rows.map(r => Number(r.dataset.year))")
    assert shown_years == sorted(shown_years, reverse=True)
    assert parse_qs(urlsplit(reader.url).query) == {"sort": ["-year"]}
    assert_clean(reader)


def test_every_column_sorts_blanks_last_and_the_caption_says_how(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "papers/")
    caption = reader.locator("table.papers caption")
    expect(caption).to_have_text("All papers, newest first")
    headers = reader.locator("table.papers thead th")
    assert headers.count() == 7
    for index in range(headers.count()):
        button = headers.nth(index).get_by_role("button")
        label = button.inner_text()
        for _direction in ("first", "second"):
            button.click()
            order = headers.nth(index).get_attribute("aria-sort")
            cells = reader.locator(f"table.papers tbody tr td:nth-child({index + 1})").all_inner_texts()
            filled = [c.strip() for c in cells if c.strip()]
            assert cells[:len(filled)] == [c for c in cells if c.strip()], label  # blanks last
            if label == "Year":
                expect(caption).to_have_text("All papers, " + ("newest first" if order == "descending"
                                                               else "oldest first"))
                assert [int(c) for c in filled] == sorted((int(c) for c in filled),
                                                          reverse=order == "descending")
            else:
                way = "Z to A" if order == "descending" else "A to Z"
                expect(caption).to_have_text(f"All papers, sorted by {label}, {way}, blanks last")
                folded = [c.lower() for c in filled]
                assert folded[0] <= folded[-1] if order == "ascending" else folded[0] >= folded[-1]
    framework = reader.get_by_role("button", name="Framework")
    framework.click()
    assert parse_qs(urlsplit(reader.url).query) == {"sort": ["framework"]}
    reader.reload()
    expect(caption).to_have_text("All papers, sorted by Framework, A to Z, blanks last")
    assert reader.locator("table.papers tbody tr td:nth-child(3)").first.inner_text().strip() != ""
    assert_clean(reader)


def test_download_filtered_selection(reader: Page, site_url: str, dataset: dict[str, Any]) -> None:
    reader.goto(site_url + "papers/?code=yes")
    open_filters(reader)
    expected = [p for p in dataset["papers"] if code_value(p) == "yes"]
    with reader.expect_download() as csv_download:
        reader.get_by_role("button", name="CSV").click()
    lines = Path(csv_download.value.path()).read_text("utf-8").strip().splitlines()
    assert lines[0].startswith("key,title,year")
    assert sorted(line.split(",")[0] for line in lines[1:]) == sorted(p["key"] for p in expected)
    with reader.expect_download() as bib_download:
        reader.get_by_role("button", name="BibTeX").click()
    bib = Path(bib_download.value.path()).read_text("utf-8")
    assert bib.count("\n@") + bib.startswith("@") == len(expected)
    with reader.expect_download() as json_download:
        reader.get_by_role("button", name="JSON", exact=True).click()
    selection = json.loads(Path(json_download.value.path()).read_text("utf-8"))
    assert selection["schema_version"] == dataset["schema_version"]
    assert selection["papers"] == [p for key in visible_keys(reader)
                                   for p in expected if p["key"] == key]
    with reader.expect_download() as ris_download:
        reader.get_by_role("button", name="RIS").click()
    ris = Path(ris_download.value.path()).read_text("utf-8")
    assert [line[6:] for line in ris.splitlines() if line.startswith("ID  - ")] == visible_keys(reader)
    assert ris.count("ER  - ") == len(expected) and ris.startswith("TY  - ")
    with reader.expect_download() as csl_download:
        reader.get_by_role("button", name="CSL-JSON").click()
    items = json.loads(Path(csl_download.value.path()).read_text("utf-8"))
    assert [item["id"] for item in items] == visible_keys(reader)
    first = next(p for p in expected if p["key"] == items[0]["id"])
    assert items[0]["title"] == first["title"]
    assert items[0]["issued"] == {"date-parts": [[first["year"]]]}
    assert [a["literal"] for a in items[0]["author"]] == [a for a in first["authors"] if a != "others"]
    assert_clean(reader)


def test_taxonomy_page_offers_its_own_subtree_as_facets(reader: Page, site_url: str,
                                                        dataset: dict[str, Any]) -> None:
    root = dataset["taxonomy"][0]
    reader.goto(site_url + root["page"])
    open_filters(reader)
    offered = reader.locator("fieldset[data-facet=node] input").evaluate_all(
        "boxes => boxes.map(b => b.value)")

    def descendants(node: dict[str, Any]) -> list[str]:
        return [n for child in node["children"] for n in [child["id"], *descendants(child)]]

    assert offered
    assert set(offered) <= set(descendants(root))
    first = reader.locator("fieldset[data-facet=node] input").first
    count = int(reader.locator("fieldset[data-facet=node] [data-count]").first.inner_text())
    first.check()
    expect(reader.locator("table.papers tbody tr:visible")).to_have_count(count)
    assert_clean(reader)


def test_copy_bibtex_and_download_bib(reader: Page, site_url: str, dataset: dict[str, Any]) -> None:
    paper = next(p for p in dataset["papers"] if p["bibtex"])
    reader.goto(site_url + paper["page"])
    reader.get_by_role("button", name="Copy BibTeX").click()
    expect(reader.locator(".copy-status")).to_have_text("BibTeX copied to the clipboard.")
    assert reader.evaluate("navigator.clipboard.readText()") == paper["bibtex"]
    link = reader.get_by_role("link", name=f"Download {paper['key']}.bib")
    response = reader.request.get(link.evaluate("a => a.href"))
    assert response.text() == paper["bibtex"] + "\n"
    assert_clean(reader)


def test_theme_toggle_overrides_system_and_persists(reader: Page, site_url: str) -> None:
    reader.goto(site_url)
    light = reader.evaluate("getComputedStyle(document.body).backgroundColor")
    open_menu(reader)
    toggle = reader.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    dark = reader.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light
    reader.reload()
    expect(reader.locator("html")).to_have_attribute("data-theme", "dark")
    assert reader.evaluate("getComputedStyle(document.body).backgroundColor") == dark
    reader.goto(site_url + "papers/")
    assert reader.evaluate("getComputedStyle(document.body).backgroundColor") == dark
    open_menu(reader)
    reader.get_by_role("button", name="Dark theme").click()
    assert reader.evaluate("getComputedStyle(document.body).backgroundColor") == light
    assert_clean(reader)


def test_home_node_paper_breadcrumbs_and_back(reader: Page, site_url: str,
                                              dataset: dict[str, Any]) -> None:
    root = dataset["taxonomy"][0]
    reader.goto(site_url)
    reader.locator("main").get_by_role("link", name=root["title"], exact=True).click()
    expect(reader.locator("h1")).to_have_text(root["title"])
    node_url = reader.url
    first = reader.locator("table.papers tbody a").first
    title = first.inner_text()
    first.click()
    expect(reader.locator("h1")).to_have_text(title)
    crumbs = reader.get_by_role("navigation", name="Breadcrumb").get_by_role("link")
    expect(crumbs.first).to_have_text("Home")
    hrefs = crumbs.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) > 1
    assert all(href.startswith("../../taxonomy/") for href in hrefs[1:])
    reader.go_back()
    assert reader.url == node_url
    expect(reader.locator("h1")).to_have_text(root["title"])
    assert_clean(reader)


def test_paper_page_metadata_for_machines(page: Page, site_url: str,
                                          dataset: dict[str, Any]) -> None:
    paper = dataset["papers"][0]
    page.goto(site_url + paper["page"])
    article = json.loads(page.locator("script[type='application/ld+json']").inner_text())
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"] == paper["title"]
    assert page.locator("meta[property='og:type']").get_attribute("content") == "article"
    assert page.locator("meta[property='og:url']").get_attribute("content") == \
        page.locator("link[rel=canonical]").get_attribute("href")
    assert_clean(page)


def test_without_javascript_the_full_table_is_there(browser: Any, site_url: str,
                                                    dataset: dict[str, Any]) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "papers/")
    expect(tab.locator("table.papers tbody tr:visible")).to_have_count(len(dataset["papers"]))
    expect(tab.locator("details.filters")).to_be_hidden()
    expect(tab.get_by_role("button", name="Dark theme")).to_be_hidden()
    context.close()
