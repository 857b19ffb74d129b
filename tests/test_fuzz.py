"""Property-based fuzzing of the loaders and the Markdown renderer.

Whatever bytes a contributor writes, a loader returns values or raises ContentError
(a diagnostic), never another exception; rendered Markdown never carries script.
`FUZZ_EXAMPLES` raises the budget: bench/fuzz.py runs these with a large one.
"""
from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_src.diagnostics import ContentError
from site_src.load.bib import parse_bib_text
from site_src.load.fields import check_fields
from site_src.load.yamldoc import parse_yaml, read_front_matter
from site_src.render import markdown_renderer
from site_src.schema import PAPER_FIELDS

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

YAML_PIECES = st.sampled_from([
    "key: ", "- ", "  ", "\n", "\t", "&a ", "*a", "!!python/object:os.system ", "!tag ", "{", "}",
    "[", "]", ", ", "'", '"', "#", "---\n", "...", "? ", ": ", "|\n", ">\n", "%YAML 1.1\n",
    "year", "2023", "title", "true", "null", "~", "\\", "\x00", "\ufeff", "é",
])
BIB_PIECES = st.sampled_from([
    "@article{", "@string{", "@comment{", "@preamble{", "key,", " = ", "{", "}", '"', ",", "#",
    "title", "year", "2023", "\n", "\\'e", "$x$", "%", "@", "~", "author = {A and B}",
    "month = jan", "url = {https://a.org/}", "é",
])
MARKDOWN_PIECES = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
    "[a](data:text/html,x)", "![i](javascript:x)", "<a href='javascript:x'>", "`", "*", "_",
    "[", "]", "(", ")", "<", ">", "&", "\n", "    ", "# ", "> ", "- ", "1. ", "|", "---",
    "https://example.org/", "<https://a.org/>", "<javascript:alert(1)>", "\\", "&#106;avascript:",
    "jav&#x09;ascript:", "{{ x }}", "{% if %}",
])


def _composed(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=300), st.lists(pieces, max_size=40).map("".join))


@FUZZ
@given(_composed(YAML_PIECES))
def test_yaml_gives_values_or_diagnostics(text: str) -> None:
    try:
        parse_yaml(text, "x.yaml")
    except ContentError as error:
        assert error.diagnostics and all(d.line >= 1 for d in error.diagnostics)


@FUZZ
@given(_composed(YAML_PIECES), st.text(max_size=100))
def test_front_matter_and_fields_give_values_or_diagnostics(meta: str, body: str) -> None:
    try:
        document = read_front_matter(f"---\n{meta}\n---\n{body}", "p.md")
    except ContentError as error:
        assert error.diagnostics
        return
    values, problems = check_fields(document.meta, PAPER_FIELDS, "p.md", "paper", 1)
    assert set(values) <= {field.name for field in PAPER_FIELDS}
    assert all(problem.message for problem in problems)


@FUZZ
@given(_composed(BIB_PIECES))
def test_bibtex_gives_entries_or_diagnostics(text: str) -> None:
    entries, problems = parse_bib_text(text, "r.bib")
    assert all(entry.key == key for key, entry in entries.items())
    assert all(problem.line >= 1 for problem in problems)


RENDERER = markdown_renderer()
UNSAFE = re.compile(r"<script|<img[^>]*\son\w+=|<[a-z][^>]*\son\w+\s*=|href=\"\s*(javascript|data|vbscript):"
                    r"|src=\"\s*(javascript|data|vbscript):", re.IGNORECASE)


@FUZZ
@given(_composed(MARKDOWN_PIECES))
def test_markdown_never_renders_script(text: str) -> None:
    for html in (RENDERER.render(text), RENDERER.renderInline(text)):
        assert not UNSAFE.search(html), html
