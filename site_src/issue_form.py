"""Read a "Suggest a paper" issue: the Markdown body GitHub writes from the issue form.

GitHub renders each form field as `### <label>` followed by the answer, or `_No response_`
when it was left empty; a textarea with `render:` arrives inside a code fence. Labels are
mapped back to field ids through the form itself (.github/ISSUE_TEMPLATE/suggest-paper.yml),
so renaming a label in the form cannot silently drop a field. The answers become what `new`
needs: where to fetch the paper from, its taxonomy, and front-matter values by their kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_src.diagnostics import ContentError, Diagnostic
from site_src.schema import PAPER_FIELDS, Field

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^### (.+?)\s*$", re.M)
_FENCE = re.compile(r"^```[\w-]*\n(.*?)\n?```$", re.S)
# Answers `new` uses itself rather than copying into the front-matter.
_HANDLED = frozenset({"key", "title", "taxonomy", "arxiv", "doi"})


def form_labels(form: Path) -> dict[str, str]:
    """Label -> field id, for every field of the issue form."""
    document = yaml.safe_load(form.read_text("utf-8"))
    return {item["attributes"]["label"]: item["id"] for item in document.get("body", [])
            if isinstance(item, dict) and "id" in item}


def answers(body: str, labels: dict[str, str]) -> dict[str, str]:
    """Field id -> answer text; empty answers and unknown headings are left out."""
    found: dict[str, str] = {}
    text = body.replace("\r\n", "\n")
    headings = list(_HEADING.finditer(text))
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        answer = text[heading.end():following.start() if following else len(text)].strip()
        fenced = _FENCE.match(answer)
        answer = fenced.group(1).strip() if fenced else answer
        if heading.group(1) in labels and answer and answer != NO_RESPONSE:
            found[labels[heading.group(1)]] = answer
    return found


@dataclass(frozen=True)
class Suggestion:
    arxiv: str = ""
    doi: str = ""
    bibtex: str = ""
    key: str = ""
    taxonomy: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    summary: str = ""


def _value(kind: str, answer: str) -> Any:
    if kind == "int" and answer.isdigit():
        return int(answer)
    if kind == "text_list":
        return [item.strip() for item in re.split(r"[,\n]", answer) if item.strip()]
    if kind == "url_map":
        pairs = (line.split(":", 1) for line in answer.splitlines() if ":" in line)
        return {name.strip(): url.strip() for name, url in pairs}
    return " ".join(answer.split())


def _minimal_entry(found: dict[str, str]) -> str:
    """An entry from the title and link alone, when there is nothing to fetch or paste."""
    key = found.get("key") or "suggested"
    year = f"  year = {{{found['year']}}},\n" if found.get("year", "").isdigit() else ""
    return (f"@misc{{{key},\n  title = {{{' '.join(found['title'].split())}}},\n{year}"
            f"  url = {{{found['url']}}},\n}}\n")


def suggestion(body: str, form: Path, shown: str,
               schema: tuple[Field, ...] = PAPER_FIELDS) -> Suggestion:
    """What `new` needs from the issue; a ContentError when the form gives nothing to start from.

    `schema` is the survey's front-matter (core fields and those its fields.yaml declares):
    answers for fields it lacks are left out."""
    found = answers(body, form_labels(form))
    bibtex = found.get("bibtex", "")
    if not (found.get("arxiv") or found.get("doi") or bibtex):
        if not (found.get("title") and found.get("url")):
            raise ContentError([Diagnostic(shown, 0, "arxiv", "the form gives no arXiv id, DOI, "
                                           "BibTeX entry, or title and link",
                                           "fill in the arXiv id or the DOI in the issue")])
        bibtex = _minimal_entry(found)
    kinds = {f.name: f.kind for f in schema}
    taxonomy = tuple(line.split()[0].strip("`,") for line in found.get("taxonomy", "").splitlines()
                     if line.split())
    return Suggestion(
        arxiv=found.get("arxiv", ""), doi=found.get("doi", ""), bibtex=bibtex,
        key=found.get("key", ""), taxonomy=taxonomy,
        values={name: _value(kinds[name], answer) for name, answer in found.items()
                if name in kinds and name not in _HANDLED},
        summary=found.get("summary", ""))
