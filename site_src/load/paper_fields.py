"""Read content/fields.yaml: the paper fields a survey declares beyond the core schema.

Each declaration says what a field holds (type, vocabulary, help) and where it shows
(table column, filter, detail row on paper pages, search). Validation, the `new` scaffold,
pages, tables, filters, search, papers.json and the documentation all read the result, so a
second survey needs no code of its own. Core fields that readers see (`venue`, `code`) may be
named without a type, to place them among the survey's own and to say where they show.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from site_src.diagnostics import ContentError, Diagnostic, did_you_mean
from site_src.load.fields import check_fields
from site_src.load.yamldoc import LineList, LineMapping, display_path, read_yaml_file
from site_src.model import Choice, PaperField
from site_src.schema import (
    DECLARATION_FIELDS,
    PAPER_FIELDS,
    PLACEABLE_CORE,
    PLACES,
    RECORD_FIELDS,
    VOCABULARY_FIELDS,
    Field,
)

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
CORE_LABELS = {"venue": "Venue", "code": "Code"}
_RESERVED = {f.name for f in (*PAPER_FIELDS, *RECORD_FIELDS)}
_KINDS: dict[str, Any] = {"text": "text", "list": "text_list", "url": "url", "choice": "choice",
                          "yesno": "choice"}
YESNO = (Choice("yes", "Yes"), Choice("no", "No"), Choice("unknown", "Not stated"))


def _choices(raw: Any, path: str, line: int, problems: list[Diagnostic]) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(Diagnostic(path, line, "values", "a choice needs a list of values",
                                   "write e.g. 'values: [simulation, real, unknown]'"))
        return ()
    choices = []
    for index, item in enumerate(raw):
        item_line = raw.line_of(index, line) if isinstance(raw, LineList) else line
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            choices.append(Choice(str(item), str(item)))
            continue
        values, more = check_fields(item, VOCABULARY_FIELDS, path, "value", item_line)
        problems += more
        if "value" in values:
            choices.append(Choice(values["value"], values.get("label", values["value"]),
                                  values.get("means", ())))
    known = {c.value for c in choices}
    for choice in choices:
        for meant in choice.means:
            if meant not in known:
                problems.append(Diagnostic(path, line, "means", f"'{meant}' is not one of the "
                                           "values", did_you_mean(meant, known)))
    return tuple(choices)


def _declaration(raw: Any, path: str, line: int, problems: list[Diagnostic]) -> PaperField | None:
    values, more = check_fields(raw, DECLARATION_FIELDS, path, "field", line)
    problems += more
    name = values.get("name")
    if name is None:
        return None
    assert isinstance(raw, LineMapping)
    show = values.get("show", ())
    for place in show:
        if place not in PLACES:
            problems.append(Diagnostic(path, raw.line_of("show"), "show",
                                       f"'{place}' is not a place a field shows",
                                       did_you_mean(place, PLACES)))
    if name in PLACEABLE_CORE:
        extra = [key for key in values if key not in ("name", "label", "show")]
        if extra:
            problems.append(Diagnostic(path, raw.line_of(extra[0]), extra[0],
                                       f"'{name}' is a core field: only its label and where it "
                                       "shows can be set", "remove the line"))
        return PaperField(name, values.get("label", CORE_LABELS[name]), "core",
                          show=tuple(values.get("show", PLACEABLE_CORE[name])), core=True)
    if not NAME.match(name) or name in _RESERVED:
        problems.append(Diagnostic(path, raw.line_of("name"), "name",
                                   f"'{name}' cannot name a survey field",
                                   "core fields are always there; use lowercase letters, digits "
                                   "and '_' for a new one" if name in _RESERVED else
                                   "use lowercase letters, digits and '_', e.g. 'base_model'"))
        return None
    for key in ("label", "type"):
        if key not in values:
            problems.append(Diagnostic(path, raw.line, key, f"field '{name}' has no {key}",
                                       next(f.help for f in DECLARATION_FIELDS if f.name == key)))
    if "label" not in values or "type" not in values:
        return None
    kind = values["type"]
    choices: tuple[Choice, ...] = ()
    if kind == "choice":
        choices = _choices(values.get("values"), path, raw.line_of("values"), problems)
    elif kind == "yesno":
        choices = YESNO
    elif "values" in values:
        problems.append(Diagnostic(path, raw.line_of("values"), "values",
                                   f"only a choice has values; '{name}' is {kind}",
                                   "remove the values or use 'type: choice'"))
    default = values.get("default", "unknown" if kind == "yesno" else "")
    if default and default not in {c.value for c in choices}:
        problems.append(Diagnostic(path, raw.line_of("default"), "default",
                                   f"default '{default}' is not one of the values",
                                   did_you_mean(default, [c.value for c in choices])))
    return PaperField(name, values["label"], kind, values.get("help", ""), tuple(show), choices,
                      default, values.get("detail_label", ""), values.get("missing", ""),
                      values.get("note", ""), values.get("expected", False))


def load_paper_fields(path: Path, root: Path) -> tuple[PaperField, ...]:
    """The declarations in order; no file means a survey with the core fields only."""
    if not path.is_file():
        return tuple(PaperField(name, CORE_LABELS[name], "core", show=show, core=True)
                     for name, show in PLACEABLE_CORE.items())
    shown = display_path(path, root)
    raw = read_yaml_file(path, root)
    problems: list[Diagnostic] = []
    if not isinstance(raw, LineMapping) or "fields" not in raw:
        raise ContentError([Diagnostic(shown, 1, "fields", "missing the 'fields:' list",
                                       "start the file with 'fields:' ('fields: []' for none)")])
    for key in raw:
        if key != "fields":
            problems.append(Diagnostic(shown, raw.line_of(key), key, "unknown top-level field",
                                       "only 'fields:' is allowed"))
    items = raw["fields"] or []
    if not isinstance(items, list):
        raise ContentError([Diagnostic(shown, raw.line_of("fields"), "fields", "expected a list",
                                       "each field starts with '- name: ...'")])
    declared: list[PaperField] = []
    for index, item in enumerate(items):
        line = items.line_of(index, raw.line_of("fields")) if isinstance(items, LineList) else 1
        found = _declaration(item, shown, line, problems)
        if found is None:
            continue
        if any(other.name == found.name for other in declared):
            problems.append(Diagnostic(shown, line, "name", f"field '{found.name}' is declared "
                                       "twice", "merge the two declarations"))
            continue
        declared.append(found)
    names = {f.name for f in declared}
    for declaration in declared:
        if declaration.note and declaration.note not in names:
            problems.append(Diagnostic(shown, 1, "note", f"note field '{declaration.note}' is not "
                                       "declared", did_you_mean(declaration.note, names)))
    if problems:
        raise ContentError(problems)
    placed = {f.name for f in declared if f.core}
    declared += [PaperField(name, CORE_LABELS[name], "core", show=show, core=True)
                 for name, show in PLACEABLE_CORE.items() if name not in placed]
    return tuple(declared)


def front_matter_fields(fields: tuple[PaperField, ...]) -> tuple[Field, ...]:
    """The schema a paper's front-matter is checked against: core fields, then the survey's."""
    return PAPER_FIELDS + tuple(
        Field(f.name, _KINDS[f.type], f.help or f.label, choices=tuple(c.value for c in f.choices))
        for f in fields if not f.core)
