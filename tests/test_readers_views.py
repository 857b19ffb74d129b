"""Readers' features computed at build time: facets, JSON-LD, the search index."""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import replace
from typing import Any
from xml.etree import ElementTree

import snowballstemmer
import Stemmer
from snowballstemmer.english_stemmer import EnglishStemmer

from site_src import facets, search_index, urls
from site_src.feed import first_seen
from site_src.pipeline import Project, Report, load_survey
from site_src.render import json_ld
from tests.conftest import MakeProject


def test_facet_counts_match_the_rows(sample_site: Project) -> None:
    survey = load_survey(sample_site, Report())
    table = facets.paper_table(survey.papers, survey)
    assert len(table.rows) == len(survey.papers)
    for facet in table.facets:
        for option in facet.options:
            carrying = [row for row in table.rows
                        if option.value in dict(row.values)[facet.name].split(facets.SEPARATOR)]
            assert option.count == len(carrying) > 0


def test_json_ld_cannot_close_its_script_element() -> None:
    value = {"title": "</script><script>alert(1)</script> & <!--"}
    text = str(json_ld(value))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def _index(files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """The index files parsed, by path inside the index folder."""
    prefix = search_index.FOLDER + "/"
    assert all(path.startswith(prefix) for path, _ in files)
    return {path.removeprefix(prefix): json.loads(content) for path, content in files}


def _scores(index: dict[str, Any], word: str) -> dict[int, int]:
    """Document number -> score for `word`, looked up as the browser does: word, stem, postings."""
    shard = index[f"terms/{search_index.shard(word)}.json"]
    postings = shard["stems"][shard["words"][word]]
    return dict(zip(postings[::2], postings[1::2], strict=True))


def test_search_index_finds_every_paper_by_each_title_word(sample_site: Project) -> None:
    survey = load_survey(sample_site, Report())
    index = _index(search_index.search_files(survey))
    manifest = index["index.json"]
    assert manifest["documents"] == len(survey.papers)
    assert {f"terms/{name}.json" for name in manifest["shards"]} | {"index.json"} | \
        {f"docs/{n}.json" for n in range(-(-len(survey.papers) // manifest["chunk"]))} == \
        set(index)
    for number, paper in enumerate(survey.papers):
        document = index[f"docs/{number // manifest['chunk']}.json"][number % manifest["chunk"]]
        assert (document["title"], document["url"], document["year"]) == \
            (paper.title, urls.paper(paper.key), paper.year)
        assert document["authors"] == list(paper.authors)
        for term in search_index.terms(paper.title):
            assert _scores(index, term)[number] >= search_index.TITLE, (paper.key, term)
        for term in search_index.terms(" ".join(paper.authors)):
            assert _scores(index, term)[number] >= search_index.AUTHOR, (paper.key, term)
    files = {path for path, _ in search_index.search_files(survey)}
    assert files <= {p.relative_to(sample_site.site).as_posix()
                     for p in sample_site.site.rglob("*")}


def test_search_index_ranks_a_title_word_above_the_same_word_in_a_body(
        make_project: MakeProject) -> None:
    project = make_project()
    paper = project.content / "papers" / "ma2023eureka.md"
    paper.write_text(paper.read_text("utf-8") + "\nCompared with Daydreamer on the same tasks.\n",
                     "utf-8")
    survey = load_survey(project, Report())
    index = _index(search_index.search_files(survey))
    scores = {survey.papers[number].key: score for number, score in _scores(index, "daydreamer").items()}
    titled = next(p.key for p in survey.papers if "Daydreamer" in p.title)
    assert scores[titled] > scores["ma2023eureka"] > 0


def test_word_forms_share_one_stem_and_its_papers(real_site: Project) -> None:
    index = _index(search_index.search_files(load_survey(real_site, Report())))
    for forms in (("policy", "policies"), ("reward", "rewards"), ("plan", "planning", "plans")):
        assert len({index[f"terms/{search_index.shard(f)}.json"]["words"][f] for f in forms}) == 1
        found = [set(_scores(index, form)) for form in forms]
        assert all(f == found[0] for f in found) and found[0]
    assert "with" in index["index.json"]["optional"]


def test_stems_come_from_the_compiled_snowball_and_match_the_python_one(
        real_site: Project) -> None:
    survey = load_survey(real_site, Report())
    words = sorted({word for paper in survey.papers
                    for word in search_index.terms(f"{paper.title} {paper.description}")})
    assert snowballstemmer.stemmer is Stemmer.Stemmer, "PyStemmer is a dependency"
    python_stemmer = EnglishStemmer()
    stem = search_index.stemmer_for("en")
    assert len(words) > 1000
    assert [stem(word) for word in words] == [python_stemmer.stemWord(word) for word in words]


def test_the_menu_marks_the_page_it_is_on_and_no_link_on_other_pages(real_site: Project) -> None:
    """The footer, and the header of paper pages, are rendered once per folder depth; on every
    page their links must still lead to the same places, and the menu mark only the page."""
    part = re.compile(r'<nav aria-label="Main">(.*?)</nav>.*<footer class="site-footer">(.*?)'
                      r'</footer>', re.S)
    link = re.compile(r'<a href="([^"]*)"( aria-current="page")?>')
    resolved, marked = set(), {}
    pages = list(real_site.site.rglob("index.html"))
    for page in pages:
        url = page.parent.relative_to(real_site.site).as_posix()
        url = "" if url == "." else url + "/"
        [(nav, footer)] = part.findall(page.read_text("utf-8"))
        menu = [(posixpath.normpath(posixpath.join(url, href)), bool(mark))
                for href, mark in link.findall(nav)]
        footer_links = tuple(posixpath.normpath(posixpath.join(url, href))
                             for href, _mark in link.findall(footer) if "://" not in href)
        resolved.add((tuple(target for target, _mark in menu), footer_links))
        marked[url] = [target for target, mark in menu if mark]
    [(menu_targets, footer_targets)] = resolved  # the same places from every page
    assert len(menu_targets) >= 5 and "references.bib" in footer_targets
    for url, marks in marked.items():
        here = posixpath.normpath(url or ".")
        assert marks == ([here] if here in menu_targets else []), url
    assert sum(1 for marks in marked.values() if marks) == len(menu_targets)
    assert len(pages) > 300


def test_search_terms_fold_case_and_accents_and_name_shards_safely() -> None:
    assert search_index.terms("Élodie Jülg, GPT-4 and π0: a SIM-to-Real") == \
        ["elodie", "julg", "gpt", "and", "π0", "sim", "to", "real"]
    assert search_index.shard("julg") == "ju"
    assert search_index.shard("π0") == "_3c0_0"
    assert search_index.shard("_x") == "_5f_x"


def test_search_index_is_byte_identical_for_the_same_content(sample_site: Project) -> None:
    first = search_index.search_files(load_survey(sample_site, Report()))
    second = search_index.search_files(load_survey(sample_site, Report()))
    assert first == second
    assert len({content for _, content in first}) == len(first)


def test_feed_dates_each_paper_by_its_arxiv_month_newest_first(real_site: Project) -> None:
    feed = ElementTree.parse(real_site.site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    dates = [entry.findtext(f"{atom}updated") for entry in feed.iter(f"{atom}entry")]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 5
    assert feed.findtext(f"{atom}updated") == dates[0]
    survey = load_survey(real_site, Report())
    eureka = next(p for p in survey.papers if p.arxiv == "2310.12931")
    assert first_seen(replace(eureka, added="")) == "2023-10-01"
    assert first_seen(replace(eureka, added="", arxiv="", year=2021)) == "2021-01-01"
    assert first_seen(replace(eureka, added="", arxiv="cs/0601001", year=2006)) == "2006-01-01"
    assert first_seen(replace(eureka, added="2025-03-14")) == "2025-03-14"
    assert first_seen(replace(eureka, added="2025-03")) == "2025-03-01"
    assert first_seen(replace(eureka, added="2025")) == "2025-01-01"
    assert first_seen(replace(eureka, added="2023")) == "2023-10-01"


def test_no_node_page_is_a_dead_end(real_site: Project) -> None:
    """A node without papers (a dimension the review explains in prose) links its page."""
    survey = load_survey(real_site, Report())
    empty = [node for node in survey.nodes.values()
             if not any({n.id for n in node.walk()} & set(p.node_ids) for p in survey.papers)]
    assert empty, "the real taxonomy has a node explained only in prose"
    for node in empty:
        html = (real_site.site / "taxonomy" / node.id / "index.html").read_text("utf-8")
        assert node.page, node.id
        assert f'<a href="../../{node.page}/">' in html, node.id
