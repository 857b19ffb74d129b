"""`new`: start a paper from a BibTeX entry (given, or fetched by id), every field laid out to fill in.

The paper file lists each front-matter field, the core ones and those the survey declares in
content/fields.yaml, with its help text, and the taxonomy ids to choose from, read from
content/taxonomy.yaml. Unless `--taxonomy` placed it, its taxonomy is an empty list on purpose:
`check` flags it until the contributor picks where the paper belongs.
A paper the survey already has (same key, arXiv id, DOI or normalised title) is refused.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from site_src.diagnostics import ContentError, Diagnostic, did_you_mean
from site_src.load.bib import BibEntry, load_bib, parse_bib_text
from site_src.load.paper_fields import front_matter_fields, load_paper_fields
from site_src.load.papers import load_papers
from site_src.load.taxonomy import load_taxonomy
from site_src.load.yamldoc import display_path
from site_src.model import TaxonomyNode
from site_src.project import Project
from site_src.schema import PAPER_FIELDS, Field
from site_src.validate import identities

KEY = re.compile(r"^[a-z0-9_-]+$")
_EMPTY = {"text_list": "[]", "url_map": "{}", "any": "[]", "int": ""}


def _single_entry(text: str, shown: str) -> BibEntry:
    entries, problems = parse_bib_text(text, shown)
    if problems:
        raise ContentError(problems)
    if len(entries) != 1:
        raise ContentError([Diagnostic(shown, 1, "", f"expected one BibTeX entry, found "
                                                     f"{len(entries)}",
                                       "give exactly one @article{...} (or other) entry")])
    entry = next(iter(entries.values()))
    problems = []
    if not KEY.match(entry.key):
        problems.append(Diagnostic(shown, entry.line, "key", f"key '{entry.key}' is not "
                                   "lowercase letters, digits, '-' and '_'",
                                   "name it like ma2023eureka: first author, year, first word"))
    if not entry.fields.get("title"):
        problems.append(Diagnostic(shown, entry.line, "title", "entry has no title",
                                   "add a title field"))
    if problems:
        raise ContentError(problems)
    return entry


def _entry_identities(entry: BibEntry) -> Iterable[tuple[str, str]]:
    fields = entry.fields
    return identities(fields.get("title", ""), fields.get("url", ""), fields.get("eprint", ""),
                      fields.get("doi", ""))


def _already_present(project: Project, entry: BibEntry, shown: str) -> list[Diagnostic]:
    """One diagnostic per way the survey already has this paper."""
    bib_path = project.content / "references.bib"
    bib_shown = display_path(bib_path, project.root)
    existing, _ = load_bib(bib_path, project.root)
    known: dict[tuple[str, str], str] = {}
    for other in existing.values():
        known.update((identity, f"{other.key} ({bib_shown}:{other.line})")
                     for identity in _entry_identities(other))
    papers, _ = load_papers(project.content / "papers", project.root)
    for paper in papers:
        v = paper.values
        known.update((identity, f"{paper.stem} ({paper.path})") for identity in
                     identities(v.get("title", ""), "", v.get("arxiv", ""), v.get("doi", "")))
    hint = "the survey already has this paper: list it under more taxonomy ids in its file"
    problems = []
    if entry.key in existing or (project.content / "papers" / f"{entry.key}.md").exists():
        problems.append(Diagnostic(shown, entry.line, "key", f"key '{entry.key}' is already used",
                                   "choose another key, or edit the existing paper"))
    for kind, value in _entry_identities(entry):
        if (kind, value) in known:
            problems.append(Diagnostic(shown, entry.line, "key",
                                       f"same {kind} as {known[kind, value]}: {value}", hint))
    return problems


def _value(field: Field, prefilled: Mapping[str, object]) -> str:
    if field.name in prefilled:
        value = prefilled[field.name]
        return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)
    return _EMPTY.get(field.kind, '""')


def _taxonomy_choices(nodes: Iterable[TaxonomyNode]) -> list[str]:
    width = max((len(n.id) + 2 * n.depth for root in nodes for n in root.walk()), default=0)
    return [f"#   {'  ' * n.depth}{n.id.ljust(width - 2 * n.depth)}  {n.title}"
            for root in nodes for n in root.walk()]


def _unknown_nodes(chosen: Sequence[str], taxonomy: tuple[TaxonomyNode, ...]) -> list[Diagnostic]:
    known = [node.id for root in taxonomy for node in root.walk()]
    return [Diagnostic("--taxonomy", 0, "", f"unknown taxonomy id '{node_id}'",
                       did_you_mean(node_id, known)) for node_id in chosen if node_id not in known]


def front_matter(entry: BibEntry, taxonomy: tuple[TaxonomyNode, ...], year_source: str,
                 schema: tuple[Field, ...] = PAPER_FIELDS, chosen: Sequence[str] = (),
                 notes: Sequence[str] = (), values: Mapping[str, object] | None = None,
                 description: str = "") -> str:
    """The paper file: every field of `schema`, each under a comment saying what it holds.

    A survey that declares a `year_source` field gets it filled in with where the year came
    from (the BibTeX entry or the arXiv id). `chosen` fills the taxonomy; `notes` become
    comment lines at the end of the front-matter (the fetched abstract, to read while writing
    the description, never shown on the site); `values` (from an issue form) fill fields the
    entry does not, and `description` the body.
    """
    fields = entry.fields
    prefilled: dict[str, object] = {**(values or {}), "key": entry.key}
    if fields.get("year", "").isdigit():
        prefilled["year"] = int(fields["year"])
        if any(field.name == "year_source" and year_source in field.choices for field in schema):
            prefilled["year_source"] = year_source
    arxiv = next((value for kind, value in _entry_identities(entry) if kind == "arXiv id"), "")
    prefilled.update({name: value for name, value in (("arxiv", arxiv),
                                                      ("doi", fields.get("doi", ""))) if value})
    lines = ["---", "# Every field is listed; empty optional ones are ignored. Field reference: "
             "CONTRIBUTING.md"]
    for field in schema:
        need = "required" if field.required else "optional"
        lines.append(f"# {field.name} ({need}): {field.help}")
        if field.choices:
            lines.append(f"#   One of: {', '.join(field.choices)}.")
        if field.name == "title":
            lines.append(f"#   BibTeX title: {fields['title']}")
        if field.name == "taxonomy":
            lines += ["#   Choose one or more ids:", *_taxonomy_choices(taxonomy)]
        value = json.dumps(list(chosen)) if field.name == "taxonomy" and chosen else _value(
            field, prefilled)
        lines.append(f"{field.name}: {value}")
    lines += [f"# {note}".rstrip() for note in notes]
    lines += ["# Below the closing line: one or two sentences, in your own words, on what the "
              "paper does.", "---", *([description.strip()] if description.strip() else []), ""]
    return "\n".join(lines)


def add_paper(project: Project, bibtex: str, shown: str, year_source: str = "bib",
              chosen: Sequence[str] = (), notes: Sequence[str] = (),
              values: Mapping[str, object] | None = None, description: str = "") -> Path:
    """Append the entry to references.bib and write content/papers/<key>.md; nothing on error."""
    entry = _single_entry(bibtex, shown)
    taxonomy = load_taxonomy(project.content / "taxonomy.yaml", project.root)
    problems = _already_present(project, entry, shown) + _unknown_nodes(chosen, taxonomy)
    if problems:
        raise ContentError(problems)
    paper = project.content / "papers" / f"{entry.key}.md"
    paper.parent.mkdir(parents=True, exist_ok=True)
    schema = front_matter_fields(load_paper_fields(project.content / "fields.yaml", project.root))
    paper.write_text(front_matter(entry, taxonomy, year_source, schema, chosen, notes, values,
                                  description), encoding="utf-8")
    bib_path = project.content / "references.bib"
    existing = bib_path.read_text(encoding="utf-8").rstrip()
    bib_path.write_text(f"{existing}\n\n{entry.bibtex}\n".lstrip(), encoding="utf-8")
    return paper
