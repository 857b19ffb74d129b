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
from pylatexenc.latex2text import LatexNodes2Text

from site_src import validate
from site_src.diagnostics import ContentError
from site_src.load.bib import decode_latex, parse_bib_text
from site_src.load.fields import check_fields
from site_src.load.yamldoc import parse_yaml, read_front_matter
from site_src.markdown import markdown_renderer
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
LINK_PIECES = st.sampled_from([
    "[r]: ", "[r]", "[", "]", "(", ")", "](", "<", ">", "!", "javascript:x", "https://a.org/", "#x",
    "mailto:a", "../up", "\n", " ", "`", "\\", "&#58;", ":",
])

LATEX_PIECES = st.sampled_from([
    "{", "}", "{\\aa}", "\\textbf", "\\c", "\\'", "\\cite[", "[", "]", "\\\\", "\\{", "\\verb|", "|",
    "\\begin{x}", "$", "%", "~", "&", "`", "--", "''", " ", "\n", "x", "é",
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


LATEX = LatexNodes2Text()


@FUZZ
@given(st.lists(LATEX_PIECES, max_size=12).map("".join))
def test_latex_decodes_as_the_whole_value_would(value: str) -> None:
    """Decoding braced groups one at a time gives what pylatexenc gives for the whole value."""
    expected = (" ".join(LATEX.latex_to_text(value).split())
                if any(c in value for c in "\\{~$") else value)
    assert decode_latex(value) == expected


@FUZZ
@given(st.lists(LINK_PIECES, max_size=12).map("".join))
def test_link_check_skips_parsing_only_without_forbidden_links(text: str) -> None:
    """Markdown the link check does not parse holds no link the parser would refuse."""
    if validate._may_hold_bad_link(text):
        return
    targets = [token.attrs.get("href", token.attrs.get("src"))
               for block in validate._LINK_PARSER.parse(text) for token in block.children or ()]
    assert all(validate.ALLOWED_LINKS.match(str(t)) for t in targets if t is not None)
