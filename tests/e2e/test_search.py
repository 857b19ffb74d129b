"""The search page: typing finds papers by prefix, fetching only the index files it needs,
and titles from contributors are shown as text, under the /survey/ sub-path."""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from site_src import search_index
from site_src.pipeline import Project, build
from tests.conftest import TEST_BASE_URL, copy_project
from tests.e2e.conftest import SUB_PATH, serve_folder

HOSTILE_TITLE = "Eureka <script>alert(1)</script> <img src=x onerror=alert(2)> & more"


def index_requests(page: Page, folder: str) -> set[str]:
    """Names of the files fetched from one folder of the search index, without `?v=`."""
    pattern = re.compile(rf"/{search_index.FOLDER}/{folder}/([^/?]+)\.json")
    return {match[1] for url in page.requested_urls  # type: ignore[attr-defined]
            if (match := pattern.search(url))}


def test_typing_a_title_finds_the_paper_and_fetches_only_its_words_shards(
        page: Page, site_url: str, real_site: Project) -> None:
    papers = json.loads((real_site.site / "papers.json").read_text("utf-8"))["papers"]
    paper = max(papers, key=lambda p: len(search_index.terms(p["title"])))
    query = paper["title"][:-2]
    page.goto(site_url + "search/")
    page.locator("#search-query").press_sequentially(query)
    results = page.locator("[data-search-results] a")
    expect(results.filter(has_text=paper["title"])).to_have_count(1)
    expect(page.locator("[data-search-status]")).to_have_text(
        re.compile(r"^\d+ papers? found for “" + re.escape(query.strip()) + "”\\."))
    assert index_requests(page, "terms") == {search_index.shard(t)
                                             for t in search_index.terms(query)}
    results.filter(has_text=paper["title"]).click()
    expect(page.locator("h1")).to_have_text(paper["title"])
    assert page.url.endswith(f"/{SUB_PATH}/{paper['page']}")
    assert page.console_errors == [] and page.external_requests == []  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def crafted_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with a hostile title and an accented author, served under /survey/."""
    project = copy_project(tmp_path_factory.mktemp("crafted"), base_url=TEST_BASE_URL)
    paper = project.content / "papers" / "ma2023eureka.md"
    title = "'" + HOSTILE_TITLE.replace("'", "''") + "'"
    paper.write_text(paper.read_text("utf-8").replace(
        "key: ma2023eureka", f"key: ma2023eureka\ntitle: {title}", 1), "utf-8")
    bib = project.content / "references.bib"
    bib.write_text(bib.read_text("utf-8").replace(
        "{Ma, Yecheng Jason and others}", "{Jülg, Tobias and Ma, Yecheng Jason}", 1), "utf-8")
    build(project)
    with tempfile.TemporaryDirectory() as mount:
        os.symlink(project.site, Path(mount) / SUB_PATH)
        server, origin = serve_folder(Path(mount))
        yield f"{origin}/{SUB_PATH}/"
        server.shutdown()


def test_hostile_title_is_shown_as_text_and_accents_fold(page: Page, crafted_url: str) -> None:
    dialogs: list[Any] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    page.goto(crafted_url + "search/?q=eureka")
    link = page.locator("[data-search-results] a")
    expect(link).to_have_count(1)
    expect(link).to_have_text(HOSTILE_TITLE)
    expect(page.locator("[data-search-results] script, [data-search-results] img")) \
        .to_have_count(0)
    for query in ("julg", "JÜLG"):
        page.locator("#search-query").fill(query)
        expect(page.locator("[data-search-status]")).to_have_text(f"1 paper found for “{query}”.")
        expect(link).to_have_text(HOSTILE_TITLE)
    page.locator("#search-query").fill("r")
    expect(page.locator("[data-search-status]")).to_have_text("Type at least two letters or digits.")
    expect(link).to_have_count(0)
    assert dialogs == []
    assert page.console_errors == [] and page.external_requests == []  # type: ignore[attr-defined]


def status_count(page: Page, query: str) -> int:
    status = page.locator("[data-search-status]")
    expect(status).to_contain_text(f"found for “{query}”.")
    return int(status.inner_text().split()[0])


def test_word_forms_find_the_same_papers_and_every_form_is_marked(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/")
    box = page.locator("#search-query")
    for singular, plural in (("policy", "policies"), ("reward", "rewards")):
        box.fill(singular)
        first = status_count(page, singular)
        box.fill(plural)
        assert status_count(page, plural) == first > 30
        marks = page.locator("[data-search-results] mark").all_inner_texts()
        assert {m.lower() for m in marks} >= {singular, plural}
    excerpt = page.locator("[data-search-results] .excerpt").first
    expect(excerpt.locator("mark").first).to_be_visible()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_every_result_can_be_seen(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/?q=reward")
    total = status_count(page, "reward")
    results = page.locator("[data-search-results] > li")
    more = page.locator("[data-search-more]")
    expect(results).to_have_count(20)
    while more.is_visible():
        more.click()
    expect(results).to_have_count(total)
    expect(page.locator("[data-search-status]")).to_have_text(f"{total} papers found for “reward”.")


FOR_REWARDS = re.compile(r"[?&]q=rewards$")


def test_header_results_as_you_type_with_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url + "papers/")
    page.keyboard.press("/")
    box = page.locator("#site-search")
    expect(box).to_be_focused()
    box.press_sequentially("rewards")
    options = page.get_by_role("listbox", name="Matching papers").get_by_role("option")
    # the results of the whole word, not of a prefix typed on the way (a loaded machine)
    expect(options.last.locator("a")).to_have_attribute("href", FOR_REWARDS)
    expect(options.last).to_contain_text("See all")
    see_all = options.last.inner_text()
    assert options.count() == 9 and see_all.startswith("See all ")
    expect(options.first.locator("mark").first).to_be_visible()
    first_title = options.first.locator(".title").inner_text()
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id") or "")
    box.press("Enter")
    expect(page.locator("h1")).to_have_text(first_title)
    page.keyboard.press("/")
    page.keyboard.type("rewards")
    expect(options.last.locator("a")).to_have_attribute("href", FOR_REWARDS)
    expect(options.last).to_contain_text("See all")
    box.press("ArrowUp")
    box.press("Enter")
    expect(page.locator("h1")).to_have_text("Search papers")
    total = status_count(page, "rewards")
    assert see_all == f"See all {total} results"
    box = page.locator("#site-search")
    box.fill("eureka")
    expect(options.first).to_be_visible()
    box.press("Escape")
    expect(options.first).to_be_hidden()
    assert page.console_errors == [] and page.external_requests == []  # type: ignore[attr-defined]
