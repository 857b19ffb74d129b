"""The survey's data checked against its sources, re-derived from the files on every run.

The review's reference list (`tests/fixtures/review_references.md`) is the authority for titles
of the papers it cites; arXiv ids date the papers that have one; `docs/data-audit.md` records
every deliberate exception, so an exception that is not written down fails here.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from site_src.model import Survey
from site_src.pipeline import load_survey
from site_src.project import Project
from site_src.report import Report
from site_src.trends import category_papers
from tests.conftest import REPO

REFERENCES = REPO / "tests" / "fixtures" / "review_references.md"
AUDIT = REPO / "docs" / "data-audit.md"

# "V. Cohen", "J.-B. Alayrac", "G.M. Van de Ven", "et al.": the names before a title.
_AUTHOR = re.compile(r"^(?:[A-Z]\.-?)+\s?[A-Z][\w'\u00c0-\u017f-]*(?:\s[A-Za-z][\w'\u00c0-\u017f-]*)*$"
                     r"|^et al\.$|^G\. Authors$")
# Where a title ends: the venue, in italics or after "in:", or a bare year.
_TITLE_END = re.compile(r",\s(?:in:\s|\*|\d{4}\b|CoRR)")
_ARXIV_ID = re.compile(r"\b(\d{4}\.\d{4,5})\b")


@dataclass(frozen=True)
class Reference:
    number: int
    title: str
    year: int
    arxiv: str


def parse_references(text: str) -> dict[int, Reference]:
    references = {}
    for match in re.finditer(r"^- \[(\d+)\] (.*)$", text, re.MULTILINE):
        parts = match[2].split(", ")
        names = 0
        while names < len(parts) and _AUTHOR.match(parts[names]):
            names += 1
        rest = ", ".join(parts[names:])
        end = _TITLE_END.search(rest)
        title, venue = (rest[:end.start()], rest[end.start():]) if end else (rest, "")
        years = re.findall(r"\b(?:19|20)\d\d\b", _ARXIV_ID.sub("", venue))
        arxiv = _ARXIV_ID.search(match[2])
        references[int(match[1])] = Reference(int(match[1]), title, int(years[-1]),
                                              arxiv[1] if arxiv else "")
    return references


def words(title: str) -> list[str]:
    """Case, punctuation and the review's "RL" abbreviation do not count as differences."""
    tokens = re.findall(r"[a-z0-9]+", title.lower())
    return [w for t in tokens for w in (["reinforcement", "learning"] if t == "rl" else [t])]


def audit_table(heading: str) -> list[dict[str, str]]:
    """Rows of the Markdown table under `## heading` in docs/data-audit.md."""
    text = AUDIT.read_text("utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
            for line in lines[2:]]


def key_of(cell: str) -> str:
    return cell.strip("`")


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(Project(REPO), Report())


@pytest.fixture(scope="module")
def references() -> dict[int, Reference]:
    return parse_references(REFERENCES.read_text("utf-8"))


def test_the_reference_list_parses_completely(references: dict[int, Reference]) -> None:
    assert sorted(references) == list(range(1, 200))
    assert references[97].title == ("Stitching sub-trajectories with conditional diffusion "
                                    "model for goal-conditioned offline RL")
    assert references[28].year == 2019 and references[28].arxiv == "1909.08593"


def cited_as(title: str, arxiv: str, references: dict[int, Reference]) -> Reference | None:
    """The reference a title is cited as: the one with the same words, else the same arXiv
    id, else one contained in the title (an extra "Name:" or subtitle), else near-identical
    words; None when no reference comes close."""
    mine = words(title)

    def closeness(reference: Reference) -> float:
        theirs = words(reference.title)
        if mine == theirs:
            return 4
        if arxiv and reference.arxiv == arxiv:
            return 3
        if len(theirs) >= 3 and theirs in (mine[-len(theirs):], mine[:len(theirs)]):
            return 2
        return difflib.SequenceMatcher(None, mine, theirs).ratio()

    best = max(references.values(), key=closeness)
    return best if closeness(best) >= 0.85 else None


def agrees(title: str, reference: Reference) -> bool:
    theirs = words(reference.title)
    if words(title) == theirs:
        return True
    name, colon, rest = title.partition(":")
    return bool(colon) and words(rest) == theirs and len(words(name)) <= 6


def test_titles_agree_with_the_review_reference_list(survey: Survey,
                                                     references: dict[int, Reference]) -> None:
    kept = {(key_of(row["paper"]), int(row["reference"].strip("[]")))
            for row in audit_table("Reference-list typos the titles do not follow")}
    checked, disagreeing = 0, []
    for paper in survey.papers:
        titles = {paper.title} | {listing.title for listing in paper.listings}
        for title in titles:
            reference = cited_as(title, paper.arxiv, references)
            if reference is None:
                continue
            checked += 1
            if not agrees(title, reference) and (paper.key, reference.number) not in kept:
                disagreeing.append((paper.key, title, reference.number, reference.title))
    assert disagreeing == []
    assert checked >= 130


def test_bibtex_titles_match_the_papers(survey: Survey) -> None:
    from site_src.load.bib import load_bib
    entries, _ = load_bib(REPO / "content" / "references.bib", REPO)
    differing = [(p.key, p.title, entries[p.key].fields["title"]) for p in survey.papers
                 if words(entries[p.key].fields.get("title", p.title)) != words(p.title)]
    assert differing == []


def test_arxiv_papers_are_dated_by_their_id(survey: Survey) -> None:
    """The first public version of an arXiv paper is its id's year (YYMM.NNNNN)."""
    wrong = [(p.key, p.arxiv, p.year, p.year_source) for p in survey.papers if p.arxiv
             and (p.year != 2000 + int(p.arxiv[:2]) or p.year_source != "arxiv")]
    assert wrong == []


def test_years_from_the_reference_list_are_its_years(survey: Survey,
                                                     references: dict[int, Reference]) -> None:
    from_references = [p for p in survey.papers if p.year_source == "references"]
    wrong = []
    for paper in from_references:
        reference = cited_as(paper.title, paper.arxiv, references)
        if reference is None or reference.year != paper.year:
            wrong.append((paper.key, paper.year, reference))
    assert from_references and wrong == []


def test_only_undated_additions_take_their_year_from_the_list(survey: Survey) -> None:
    """`listing` is the year the list added the paper: a stand-in, used only where no arXiv
    id, DOI or venue dates it, and each such paper is named in the audit."""
    undated = {p.key for p in survey.papers if p.year_source == "listing"}
    assert all(p.added and not p.arxiv and not p.doi for p in survey.papers if p.key in undated)
    named = {key_of(row["paper"]) for row in audit_table("Papers without a publication date")}
    assert undated == named
    assert not [p.key for p in survey.papers if p.year_source == "table"]


def test_no_two_papers_share_a_title_or_an_identifier(survey: Survey) -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for paper in survey.papers:
        owners["title", "".join(words(paper.title))].add(paper.key)
        for name, value in (("arxiv", paper.arxiv), ("doi", paper.doi.lower())):
            if value:
                owners[name, value].add(paper.key)
        for listing in paper.listings:
            for arxiv in _ARXIV_ID.findall(listing.url if "arxiv" in listing.url.lower() else ""):
                owners["arxiv", arxiv].add(paper.key)
    shared = {identity: keys for identity, keys in owners.items() if len(keys) > 1}
    assert shared == {}


def test_readme_marks_exactly_the_papers_added_later(survey: Survey) -> None:
    marked = {line.split("[[paper]](", 1)[1].rstrip(")").split(")")[0]
              for line in (REPO / "README.md").read_text("utf-8").splitlines()
              if re.match(r"^- \(\d{4}\)! ", line)}
    added = {listing.url for p in survey.papers if p.added for listing in p.listings}
    assert marked == added


def _chart_rules() -> list[dict[str, Any]]:
    return list(yaml.safe_load((REPO / "content" / "charts.yaml").read_text("utf-8"))["categories"])


def test_every_chart_category_names_the_models_it_counts() -> None:
    """A category counts a paper by what its fields say it uses, never by its heading alone
    (the fine-tuning remainder is defined as what the other two leave)."""
    assert [rule["id"] for rule in _chart_rules()
            if not rule.get("model_contains") and not rule.get("exclude")] == []


def _under(survey: Survey, node_ids: list[str]) -> set[str]:
    return {node.id for node_id in node_ids for node in survey.nodes[node_id].walk()}


def test_chart_counts_follow_the_paper_fields(survey: Survey) -> None:
    """Recount each category from the front-matter and compare with the charts' own count."""
    counted = category_papers(survey)
    for rule in _chart_rules():
        if rule.get("exclude"):
            continue
        under = _under(survey, rule["nodes"])
        expected = {p.key for p in survey.papers if under & set(p.node_ids)
                    and any(word in " ".join((p.network, *p.base_model)).lower()
                            for word in rule["model_contains"])}
        assert {p.key for p in counted[rule["id"]]} == expected, rule["id"]


def test_papers_left_out_of_their_heading_s_category_are_named_in_the_audit(survey: Survey) -> None:
    """Under a category's heading but not counted: each such paper is explained in the audit."""
    rules = [rule for rule in _chart_rules() if not rule.get("exclude")
             and sum(other["nodes"] == rule["nodes"] for other in _chart_rules()) == 1]
    counted = {cid: {p.key for p in papers} for cid, papers in category_papers(survey).items()}
    left_out = {(p.key, rule["label"]) for rule in rules for p in survey.papers
                if _under(survey, rule["nodes"]) & set(p.node_ids)
                and p.key not in counted[rule["id"]]}
    named = {(key_of(row["paper"]), row["category"])
             for row in audit_table("Papers not counted in their heading's chart category")}
    assert left_out == named


def _numbers(cell: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", cell)]


def _table(name: str) -> dict[str, list[str]]:
    table = yaml.safe_load((REPO / "content" / "tables" / f"{name}.yaml").read_text("utf-8"))
    return {row[0]: row[1:] for row in table["rows"]}


def test_fig1_comparison_shows_the_charts_current_counts(survey: Survey) -> None:
    rows = _table("fig1-comparison")
    labels = {category.label: category.id for category in survey.charts.categories} \
        if survey.charts else {}
    counted = category_papers(survey)
    assert set(rows) == set(labels)
    assert {label: _numbers(cells[0]) for label, cells in rows.items()} == {
        label: [len(counted[cid])] for label, cid in labels.items()}, \
        "update the site's column of content/tables/fig1-comparison.yaml"


def test_about_page_gives_the_site_s_current_counts(survey: Survey,
                                                    references: dict[int, Reference]) -> None:
    rows = _table("site-and-review")  # on failure, update the site's column of this table
    years = [p.year for p in survey.papers]
    cited = [p for p in survey.papers
             if any(cited_as(t, p.arxiv, references) for t in {p.title} | {x.title for x in p.listings})]
    assert _numbers(rows["Papers"][1]) == [len(survey.papers),
                                           sum(len(p.listings) for p in survey.papers),
                                           len({n for p in survey.papers for n in p.node_ids})]
    assert _numbers(rows["Years"][1]) == [min(years), max(years),
                                          sum(year < 2019 for year in years), 2019]
    assert _numbers(rows["Where the papers come from"][1]) == [
        sum(bool(p.added) for p in survey.papers), 2025, len(cited)]
