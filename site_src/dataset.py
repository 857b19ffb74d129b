"""papers.schema.json: the JSON Schema (draft 2020-12) of papers.json, and the field list the
"Data" part of a page shows.

Both are made from the field tables, never written by hand: the core record from
`schema.PAPER_FIELDS` and `schema.RECORD_FIELDS`, the survey's own fields from content/fields.yaml
(`Survey.fields`), node ids from the taxonomy. Another survey's fields give another schema, and
a record papers.json writes without the schema knowing it fails the test that validates one
against the other.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from site_src import urls
from site_src.data_files import DATA_SCHEMA_VERSION
from site_src.model import PaperField, Survey
from site_src.schema import PAPER_FIELDS, RECORD_FIELDS, Field

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Fragment = dict[str, Any]
_URL: Fragment = {"type": "string", "pattern": r"^(https?://\S+)?$"}
_TEXTS: Fragment = {"type": "array", "items": {"type": "string"}}
_KINDS: dict[str, tuple[Fragment, str]] = {
    "text": ({"type": "string"}, "text"),
    "int": ({"type": "integer"}, "whole number"),
    "bool": ({"type": "boolean"}, "true or false"),
    "text_list": (_TEXTS, "list of texts"),
    "list": (_TEXTS, "list of texts"),
    "url": (_URL, "URL or empty"),
    "url_map": ({"type": "object", "additionalProperties": _URL}, "mapping of name to URL"),
    "date": ({"type": "string", "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"},
             "`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or empty"),
}
_NODE_IDS: Fragment = {"type": "array", "items": {"$ref": "#/$defs/node_id"}}
_ANY_KINDS: dict[str, tuple[Fragment, str, str]] = {
    "taxonomy": ({**_NODE_IDS, "minItems": 1}, "list of node ids",
                 "Ids of the taxonomy nodes the paper is listed under."),
    "listings": ({"type": "array", "items": {"$ref": "#/$defs/listing"}},
                 "list of `{node, title, url}`", ""),
}
"""Core fields of kind `any`: their shape in papers.json, in words, and help that replaces the
front-matter's when papers.json holds them differently."""


@dataclass(frozen=True)
class DataField:
    """One field of a paper's record, as the Data part of a page lists it."""

    name: str
    label: str
    kind: str
    help: str


def _enum(values: list[str], default: str) -> tuple[Fragment, str]:
    """A vocabulary; a paper that leaves it unset holds the default, or "" without one."""
    allowed = values if default in values else [*values, ""]
    words = ", ".join(f"`{value}`" for value in values)
    return {"enum": allowed}, f"one of {words}" + ("" if default else ", or empty")


def _core(field: Field) -> tuple[Fragment, DataField]:
    if field.kind == "choice":
        fragment, kind = _enum(list(field.choices), "unknown")
        help_text = field.help
    elif field.kind == "any":
        fragment, kind, replaced = _ANY_KINDS[field.name]
        help_text = replaced or field.help
    else:
        fragment, kind = _KINDS[field.kind]
        help_text = field.help
    described = {**fragment, "description": help_text}
    return described, DataField(field.name, field.name, kind, help_text)


def _declared(field: PaperField) -> tuple[Fragment, DataField]:
    if field.choices:
        fragment, kind = _enum([c.value for c in field.choices], field.default)
    else:
        fragment, kind = _KINDS[field.type]
    described = {**fragment, "title": field.label, "description": field.help}
    return described, DataField(field.name, field.label, kind, field.help)


def _fields(survey: Survey) -> list[tuple[Fragment, DataField]]:
    """Every field of a record, core ones first, then the survey's in declared order."""
    return ([_core(field) for field in (*PAPER_FIELDS, *RECORD_FIELDS)]
            + [_declared(field) for field in survey.fields if not field.core])


def data_fields(survey: Survey) -> tuple[DataField, ...]:
    return tuple(row for _, row in _fields(survey))


def papers_schema(survey: Survey) -> dict[str, Any]:
    """The schema papers.json follows; `$id` is where the site publishes it."""
    properties = {row.name: fragment for fragment, row in _fields(survey)}
    text = {"type": "string"}
    return {
        "$schema": DRAFT,
        "$id": survey.config.base_url + urls.PAPERS_SCHEMA,
        "title": f"Papers of {survey.config.title}",
        "description": "Every paper of the survey with its taxonomy, as published in papers.json.",
        "type": "object",
        "required": ["papers", "schema_version", "taxonomy", "title"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"const": survey.config.base_url + urls.PAPERS_SCHEMA},
            "papers": {"type": "array", "items": {"$ref": "#/$defs/paper"}},
            "schema_version": {"const": DATA_SCHEMA_VERSION,
                               "description": "Changes when the shape of the records does."},
            "taxonomy": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            "title": {**text, "description": "Title of the survey."},
        },
        "$defs": {
            "paper": {"type": "object", "required": list(properties),
                      "additionalProperties": False, "properties": properties},
            "node_id": {"enum": list(survey.nodes)},
            "node": {"type": "object", "required": ["id", "title", "page", "children"],
                     "additionalProperties": False,
                     "properties": {"id": {"$ref": "#/$defs/node_id"}, "title": text,
                                    "page": text,
                                    "children": {"type": "array",
                                                 "items": {"$ref": "#/$defs/node"}}}},
            "listing": {"type": "object", "required": ["node", "title", "url"],
                        "additionalProperties": False,
                        "properties": {"node": {"$ref": "#/$defs/node_id"}, "title": text,
                                       "url": _URL}},
        },
    }


def schema_text(survey: Survey) -> str:
    return json.dumps(papers_schema(survey), ensure_ascii=False, indent=2) + "\n"
