"""Hostile content comes out inert: no script, no event handler, no javascript: link, anywhere.

A contributor controls titles, authors, descriptions, URLs and BibTeX fields. Each carries
a payload below; the whole built site, papers.json, the feed and README.md are then scanned.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_src.pipeline import Project, build
from site_src.render import csp_hash
from tests.conftest import REPO, copy_project

EUREKA = "content/papers/ma2023eureka.md"
SCRIPT = "<script>alert('title')</script>"
HANDLER = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{ 7*7 }}{% if true %}jinja{% endif %}"
JS_URL = "javascript:alert(1)"
ROW_ROOT = "<root>"
"""The marker a remembered table row has where each page puts its path to the site root."""
TITLE = f"Eureka {SCRIPT} {HANDLER} {TEMPLATE} [x]({JS_URL}) {ROW_ROOT}"


def _replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    root = project.root
    _replace(root, EUREKA, "key: ma2023eureka", f"key: ma2023eureka\ntitle: {_yaml(TITLE)}")
    _replace(root, EUREKA, "framework: EUREKA", f"framework: {_yaml(HANDLER)}")
    _replace(root, EUREKA, "- GPT 4", f"- {_yaml(SCRIPT)}")
    _replace(root, EUREKA, "landmark: Eureka", f"landmark: {_yaml(TEMPLATE)}\n"
             "code_url: https://example.org/a'onmouseover='alert(2)\n"
             "links: {project: 'https://example.org/?q=%3Csvg/onload=alert(3)%3E'}")
    _replace(root, EUREKA, "Uses a coding", f"{SCRIPT} <a href=\"{JS_URL}\">x</a> {TEMPLATE} "
             "<img src=x onerror=alert(4)> Uses a coding")
    _replace(root, "content/references.bib", "author = {Ma, Yecheng Jason and others}",
             "author = {Ma, <script>alert(5)</script> and {\"><svg onload=alert(6)>}}")
    _replace(root, "content/references.bib", "url = {https://arxiv.org/abs/2310.12931}",
             "url = {https://arxiv.org/abs/2310.12931?'onclick='alert(7)}")
    _replace(root, "content/taxonomy.yaml", "title: Large Language Models",
             f"title: {_yaml('LLM ' + SCRIPT + TEMPLATE)}")
    taxonomy = root / "content/taxonomy.yaml"
    taxonomy.write_text(re.sub(r"description: Text-in, text-out.*",
                               lambda _: f"description: {_yaml(HANDLER + SCRIPT)}",
                               taxonomy.read_text("utf-8")), encoding="utf-8")
    _replace(root, "content/site.yaml", 'description: "A living',
             'description: "</title><script>alert(8)</script>{{ survey }} A living')
    _replace(root, "content/pages/about.md", "title: About the survey",
             f"title: {_yaml('About ' + SCRIPT + TEMPLATE)}")
    build(project)
    return project


# Script elements of these types are data the browser never runs (chart figures, JSON-LD).
DATA_BLOCK_TYPES = ("application/json", "application/ld+json")
# The one inline script: the 404 page's, which finds the site's root wherever it is served;
# its page's Content-Security-Policy allows it by its hash, so it can be nothing else.
NOT_FOUND_SCRIPT = (REPO / "templates" / "not_found.js").read_text("utf-8")


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.in_data_block = False
        self.inline: list[str] | None = None
        self.policy = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("type") in DATA_BLOCK_TYPES:
            self.in_data_block = True
        elif tag == "script" and not values.get("src"):
            self.inline = [f"line {self.getpos()[0]}"]
        elif tag == "script":
            self.in_script = True
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.policy = values.get("content") or ""
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r}")
            if name in ("href", "src", "action", "formaction") and value and \
                    re.match(r"\s*(javascript|vbscript|data):", value, re.IGNORECASE):
                self.problems.append(f"{name}={value!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.inline is not None:
            where, body = self.inline[0], "".join(self.inline[1:])
            if body != NOT_FOUND_SCRIPT or csp_hash(body) not in self.policy:
                self.problems.append(f"inline script at {where}")
            self.inline = None
        self.in_script = self.in_script and tag != "script"
        self.in_data_block = self.in_data_block and tag != "script"

    def handle_data(self, data: str) -> None:
        if self.inline is not None:
            self.inline.append(data)
        if self.in_data_block and "<" in data:
            self.problems.append("unescaped '<' inside a data block could end it")
        if self.in_script and data.strip():
            self.problems.append("script element with a body")


def test_no_page_carries_script_or_handlers(hostile_site: Project) -> None:
    pages = sorted(hostile_site.site.rglob("*.html"))
    assert len(pages) > 20
    problems = []
    for path in pages:
        scanner = _Scanner()
        scanner.feed(path.read_text("utf-8"))
        problems += [f"{path.relative_to(hostile_site.site)}: {p}" for p in scanner.problems]
    assert problems == []


def test_payloads_are_shown_as_text(hostile_site: Project) -> None:
    """Escaped, not dropped: the reader sees exactly what the contributor wrote."""
    html = (hostile_site.site / "papers/ma2023eureka/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("{{ 7*7 }}")[0][-10:]
    assert "<script>" not in html
    home = (hostile_site.site / "index.html").read_text("utf-8")
    assert "&lt;/title&gt;&lt;script&gt;alert(8)" in home


@pytest.mark.parametrize("page", ["papers/index.html", "taxonomy/reward-llm/index.html",
                                  "charts/llm/2023/index.html"])
def test_a_title_cannot_pose_as_the_row_root_marker(hostile_site: Project, page: str) -> None:
    """Rows are rendered once with a marker for the path to the site root, filled in per
    page: the same text in a title stays text, and the row's links still climb correctly."""
    html = (hostile_site.site / page).read_text("utf-8")
    row = next(line for line in html.split("<tr ") if 'data-key="ma2023eureka"' in line)
    assert "[x](javascript:alert(1)) &lt;root&gt;</a>" in row
    climb = "../" * page.count("/")
    assert f'<a href="{climb}papers/ma2023eureka/">' in row
    assert "<root>" not in html


def test_data_files_keep_payloads_as_data(hostile_site: Project) -> None:
    papers = json.loads((hostile_site.site / "papers.json").read_text("utf-8"))
    entries = papers["papers"] if isinstance(papers, dict) else papers
    eureka = next(p for p in entries if p["key"] == "ma2023eureka")
    assert eureka["title"] == TITLE
    feed = ElementTree.parse(hostile_site.site / "feed.xml").getroot()
    assert not [e for e in feed.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "img", "a")]
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert TITLE in titles


def test_readme_is_inert_markdown(hostile_site: Project) -> None:
    readme = hostile_site.readme.read_text("utf-8")
    assert "Eureka" in readme
    assert not re.search(r"<\s*(script|img|svg|a)\b", readme, re.IGNORECASE)
    assert not re.search(r"(?<!\\)\]\(\s*javascript:", readme, re.IGNORECASE)
    assert "{{ 7*7 }}" in readme
