"""Loaders keep line numbers, decode BibTeX and reject malformed files with located messages."""
from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from site_src import pipeline
from site_src.diagnostics import ContentError
from site_src.load.bib import parse_bib_text
from site_src.load.yamldoc import parse_yaml, read_front_matter
from site_src.model import Survey
from site_src.pipeline import load_survey
from site_src.report import Report
from tests.conftest import REAL_CONTENT, copy_project

PAPER = """---
key: ma2023eureka
taxonomy:
  - reward-llm
  - {node: exploration-llm, title: Other title}
year: 2023
---
Body *text*.
"""


def test_front_matter_lines_point_into_the_file() -> None:
    document = read_front_matter(PAPER, "p.md")
    assert document.meta["key"] == "ma2023eureka"
    assert document.meta.line_of("key") == 2
    assert document.meta.line_of("year") == 6
    assert document.meta["taxonomy"][1].line == 5
    assert document.body == "Body *text*."
    assert document.body_line == 8


def test_yaml_syntax_error_reports_the_file_line() -> None:
    with pytest.raises(ContentError) as caught:
        read_front_matter("---\nkey: a\ntitle: [unclosed\nyear: 2020\n---\n", "p.md")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.path == "p.md"
    assert diagnostic.line == 4
    assert "YAML syntax error" in diagnostic.message
    assert "starts on line 3" in diagnostic.hint


def test_duplicate_yaml_key_is_an_error_not_a_silent_override() -> None:
    with pytest.raises(ContentError) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert caught.value.diagnostics[0].line == 3
    assert "duplicate key 'a'" in caught.value.diagnostics[0].message


def test_unsafe_yaml_tags_are_refused() -> None:
    with pytest.raises(ContentError) as caught:
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", "x.yaml")
    assert "YAML tag '!!python/object/apply:os.system' is not allowed" in caught.value.diagnostics[0].message


@pytest.mark.parametrize("text, message", [
    ("no front matter\n", "missing YAML front-matter"),
    ("---\nkey: a\n", "front-matter is not closed"),
    ("---\n- a\n- b\n---\n", "front-matter must be a mapping"),
])
def test_front_matter_shape_errors(text: str, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        read_front_matter(text, "p.md")
    assert message in caught.value.diagnostics[0].message


BIB = r"""@string{corl = "Conference on Robot Learning"}

@inproceedings{wu2022daydreamer,
  title = {{DayDreamer}: World Models for Physical Robot Learning},
  author = {Wu, Philipp and Escontrela, Alejandro and Hafner, Danijar},
  booktitle = corl,
  month = dec,
  year = {2022},
  url = {https://arxiv.org/abs/2206.14176}
}

@article{muller2020caf,
  title = {Caf\'e na\"ive {\"U}ber},
  author = {M{\"u}ller, J\"org},
  year = 2020,
  doi = {10.1000/a\_b}
}
"""


def test_bib_resolves_strings_months_and_latex_accents() -> None:
    entries, problems = parse_bib_text(BIB, "references.bib")
    assert problems == []
    daydreamer = entries["wu2022daydreamer"]
    assert daydreamer.line == 3
    assert daydreamer.fields["booktitle"] == "Conference on Robot Learning"
    assert daydreamer.fields["month"] == "December"
    assert daydreamer.fields["title"] == "DayDreamer: World Models for Physical Robot Learning"
    assert daydreamer.authors == ("Philipp Wu", "Alejandro Escontrela", "Danijar Hafner")
    accented = entries["muller2020caf"]
    assert accented.fields["title"] == "Café naïve Über"
    assert accented.authors == ("Jörg Müller",)
    assert accented.fields["doi"] == r"10.1000/a\_b", "identifiers are kept verbatim"


def test_standalone_bibtex_has_macros_expanded() -> None:
    entries, _ = parse_bib_text(BIB, "references.bib")
    text = entries["wu2022daydreamer"].bibtex
    assert text.startswith("@inproceedings{wu2022daydreamer,")
    assert "Conference on Robot Learning" in text
    assert "corl" not in text.replace("wu2022daydreamer", "")


def test_malformed_and_duplicate_bib_entries_are_located() -> None:
    text = ("@article{a2020x,\n  title = {A},\n  year = 2020\n}\n\n"
            "@article{a2020x,\n  title = {B},\n  year = 2020\n}\n\n"
            "@article{b2020y\n  title = {C}\n}\n")
    entries, problems = parse_bib_text(text, "references.bib")
    assert list(entries) == ["a2020x"]
    messages = {(d.line, d.message.split(":")[0]) for d in problems}
    assert (6, "duplicate BibTeX key 'a2020x'") in messages
    assert any(line == 11 and message == "malformed BibTeX entry" for line, message in messages)


DEEP_DOCUMENTS = {
    "flow": "key: a\nframework: " + "[" * 5000 + "]" * 5000 + "\n",
    "block mapping": "key: a\n" + "".join(f"{' ' * level}l{level}:\n" for level in range(400)) + "x: 1\n",
    "block sequence": "key: a\nitems:\n" + "  " + "- " * 2000 + "x\n",
    "just past the limit": "key: a\nframework: " + "[" * 40 + "]" * 40 + "\n",
}

_PARSE_ALL = """
import sys, yaml
if sys.argv[1] == "pure-python":
    del yaml.CSafeLoader  # as on a machine whose PyYAML was built without libyaml
from site_src.diagnostics import ContentError
from site_src.load.yamldoc import parse_yaml
for name, text in {documents}.items():
    try:
        parse_yaml(text, "p.md", first_line=2)
    except ContentError as error:
        (found,) = error.diagnostics
        print(name, found.line, found.message, sep="|")
"""


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
def test_deep_nesting_gets_our_diagnostic_with_and_without_libyaml(parser: str) -> None:
    """PyYAML's own limits (libyaml's nesting cap, Python's recursion limit) must not decide
    what a contributor reads: both parsers stop at ours, at the line the nesting starts."""
    if parser == "libyaml":
        pytest.importorskip("yaml._yaml")
    result = subprocess.run([sys.executable, "-c", _PARSE_ALL.format(documents=DEEP_DOCUMENTS), parser],
                            capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert result.returncode == 0 and not result.stderr, result.stderr
    rows = [line.split("|") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == list(DEEP_DOCUMENTS)
    assert {row[2] for row in rows} == {"values are nested more than 32 levels deep"}
    assert [int(row[1]) for row in rows] == [3, 35, 4, 3]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="a second process is used only where workers fork")
def test_a_bibliography_parsed_in_a_second_process_gives_the_same_survey(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large bibliography is parsed beside the paper files; it must give the same survey,
    and the same located errors, as parsed here (forced both ways by the size threshold)."""
    project = copy_project(tmp_path / "project", REAL_CONTENT)

    def load(beside: bool) -> Survey:
        monkeypatch.setattr(pipeline, "LARGE_BIB", 0 if beside else 1 << 40)
        return load_survey(project, Report(), start_method="fork")

    assert load(beside=True) == load(beside=False)
    assert len(load(beside=True).papers) > 100
    bib = project.content / "references.bib"
    bib.write_text(bib.read_text("utf-8") + "\n@article{broken,\n  title = {No end}\n",
                   encoding="utf-8")
    problems = []
    for beside in (True, False):
        with pytest.raises(ContentError) as caught:
            load(beside)
        problems.append(caught.value.diagnostics)
    assert problems[0] == problems[1]
    assert any(d.path == "content/references.bib" and d.line > 1000 for d in problems[0])
