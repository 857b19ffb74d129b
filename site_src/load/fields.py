"""Check one YAML mapping against a schema: unknown, missing and mistyped fields."""
from __future__ import annotations

import datetime
import re
import reprlib
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from site_src.diagnostics import Diagnostic, did_you_mean
from site_src.load.yamldoc import LineList, LineMapping
from site_src.schema import Field

_TYPE_HINTS = {
    "text": "a text value",
    "int": "a whole number such as 2024",
    "bool": "true or false",
    "text_list": "a list such as [GPT-4, CLIP]",
    "url": "an absolute http(s) URL",
    "url_map": "a mapping of name: http(s) URL",
    "mapping": "a mapping of fields",
    "date": "a date such as 2025, 2025-03 or 2025-03-14",
}
_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")

# Lists in content are short (models, tasks, links); a huge one is a mistake or an attack.
MAX_LIST_ITEMS = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TYPE_NAMES: dict[type, str] = {LineMapping: "mapping", LineList: "list", dict: "mapping"}


def _describe(value: Any) -> str:
    return f"{_TYPE_NAMES.get(type(value), type(value).__name__)} {reprlib.repr(value)}"


# Characters a URL may not hold unencoded (RFC 3986); in an href they are invalid HTML.
_NOT_IN_URL = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')


def is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not _NOT_IN_URL.search(value)


def _coerce(field: Field, value: Any) -> tuple[Any, str]:
    """Return the cleaned value, or an error message when the value has the wrong type."""
    kind = field.kind
    if kind == "any":
        return value, ""
    if kind in ("text", "url") and isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if kind == "text" and isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, str) and _CONTROL.search(value):
        code = ord(_CONTROL.findall(value)[0])
        return None, f"contains the control character U+{code:04X}"
    if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
        return None, f"list has {len(value)} items; the limit is {MAX_LIST_ITEMS}"
    if kind in ("text", "url", "choice") and isinstance(value, str):
        value = value.strip()
        if kind == "url" and not is_web_url(value):
            return None, f"'{value}' is not an absolute http(s) URL"
        if kind == "choice" and value not in field.choices:
            return None, f"'{value}' is not one of {', '.join(field.choices)}"
        return value, ""
    if kind == "choice" and isinstance(value, bool) and "yes" in field.choices:
        return ("yes" if value else "no"), ""
    if kind == "date" and isinstance(value, int | str | datetime.date) \
            and not isinstance(value, bool) and _DATE.match(str(value).strip()):
        return str(value).strip(), ""
    if kind == "date":
        return None, f"'{value}' is not a year or an ISO date"
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value, ""
    if kind == "bool" and isinstance(value, bool):
        return value, ""
    if kind == "text_list":
        items = [value] if isinstance(value, str) else value
        if isinstance(items, list) and all(isinstance(i, str | int | float) for i in items):
            found = tuple(str(i).strip() for i in items)
            unknown = [item for item in found if field.choices and item not in field.choices]
            if unknown:
                return None, f"'{unknown[0]}' is not one of {', '.join(field.choices)}"
            return found, ""
    if kind == "url_map" and isinstance(value, dict):
        bad = [k for k, v in value.items() if not (isinstance(v, str) and is_web_url(v))]
        if bad:
            return None, f"link '{bad[0]}' is not an absolute http(s) URL"
        return tuple((str(k), v) for k, v in value.items()), ""
    if kind == "mapping" and isinstance(value, LineMapping):
        return value, ""
    expected = _TYPE_HINTS.get(kind, "one of " + ", ".join(field.choices))
    return None, f"expected {expected}, got {_describe(value)}"


def check_fields(
    mapping: Any, fields: Sequence[Field], path: str, what: str, line: int = 0
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Validate `mapping`; every problem becomes a diagnostic, valid values are returned."""
    if not isinstance(mapping, LineMapping):
        return {}, [Diagnostic(path, line, "", f"{what} must be a mapping of fields",
                               "write one 'field: value' per line")]
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for name, raw in mapping.items():
        field = known.get(name)
        if field is None:
            problems.append(Diagnostic(path, mapping.line_of(name), name,
                                       f"unknown field in {what}", did_you_mean(name, known)))
            continue
        if raw is None or raw == "":
            if field.required:
                problems.append(Diagnostic(path, mapping.line_of(name), name,
                                           "required field is empty", field.help))
            continue
        value, error = _coerce(field, raw)
        if error:
            problems.append(Diagnostic(path, mapping.line_of(name), name, error,
                                       field.help))
        else:
            values[name] = value
    for field in fields:
        if field.required and field.name not in mapping:
            problems.append(Diagnostic(path, mapping.line, field.name,
                                       f"missing required field in {what}",
                                       f"add '{field.name}:' ({field.help})"))
    return values, problems
