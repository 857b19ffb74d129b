"""The cite page: its copy button puts the survey's own BibTeX on the clipboard, and its links
reach the data files the site publishes."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from site_src import urls
from site_src.pipeline import Project, Report, load_survey
from tests.e2e.test_readers import assert_clean


def test_copy_the_surveys_bibtex_and_reach_the_data_files(reader: Page, site_url: str,
                                                         real_site: Project) -> None:
    citation = load_survey(real_site, Report()).config.citation
    assert citation is not None and citation.bibtex
    reader.goto(site_url + "cite/")
    reader.get_by_role("button", name="Copy BibTeX").click()
    expect(reader.locator(".copy-status")).to_have_text("BibTeX copied to the clipboard.")
    assert reader.evaluate("navigator.clipboard.readText()") == citation.bibtex
    for name in (urls.BIBLIOGRAPHY, urls.PAPERS_JSON, urls.PAPERS_SCHEMA):
        link = reader.locator(f'a[href$="{name}"]').first
        response = reader.request.get(link.evaluate("a => a.href"))
        assert response.ok
        assert response.body() == (real_site.site / name).read_bytes()
    assert_clean(reader)
