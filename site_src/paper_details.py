"""What paper pages and list pages say about the survey's own fields: detail rows, and the
search and filter hints, all from content/fields.yaml."""
from __future__ import annotations

from dataclasses import dataclass

from site_src.model import Paper, Survey


@dataclass(frozen=True)
class DetailRow:
    label: str
    text: str
    code: bool = False
    """The code availability row, which the template renders as a link when there is one."""


def detail_rows(paper: Paper, survey: Survey, code_recorded: bool) -> tuple[DetailRow, ...]:
    """The paper page's details, from the fields declared to show there, in their order.

    Empty values have no row unless the field says what to show instead (`missing`); the
    code row shows for every paper once any paper of the survey records code.
    """
    rows = []
    for declared in survey.shown("detail"):
        label = declared.detail_label or declared.label
        if declared.core:
            if declared.name == "code" and code_recorded:
                rows.append(DetailRow(label, "", code=True))
            elif declared.name == "venue" and paper.venue:
                rows.append(DetailRow(label, paper.venue))
            continue
        value = paper.value(declared.name)
        text = value if isinstance(value, str) else ", ".join(value)
        note = paper.value(declared.note) if declared.note else ""
        if text and note:
            text = f"{text} ({note if isinstance(note, str) else ', '.join(note)})"
        if text or declared.missing:
            rows.append(DetailRow(label, text or declared.missing))
    return tuple(rows)


def in_a_sentence(label: str) -> str:
    """'Base model' -> 'base model', but 'RL task' stays: acronyms keep their capitals."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _listing(words: list[str]) -> str:
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def field_hints(survey: Survey) -> dict[str, str]:
    """What the search box and the filters offer, in words, and the CSV download's columns,
    from the survey's declarations."""
    searched = ["title", "author", *(in_a_sentence(f.label) for f in survey.shown("search"))]
    filtered = [survey.labels.top, survey.labels.node,
                *(f.label for f in survey.shown("filter")), "year"]
    own = [f.name for f in survey.fields if not f.core]
    return {"search_hint": ", ".join(searched) + " or words from the description",
            "filter_hint": _listing([in_a_sentence(label) for label in filtered]),
            "csv_columns": " ".join(["key", "title", "year", "authors", "venue", *own, "code",
                                     "code_url", "taxonomy", "url", "page"])}
