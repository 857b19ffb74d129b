"""CONTRIBUTING.md documents every field of every schema, and nothing that does not exist."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_src.load.paper_fields import load_paper_fields
from site_src.schema import ALL_SCHEMAS, Field

REPO = Path(__file__).resolve().parent.parent
CONTRIBUTING = REPO / "CONTRIBUTING.md"
ROW = re.compile(r"^\| `([a-z_]+)` \| [^|]+ \| (yes|no) \| (.+) \|$", re.MULTILINE)


def section(schema: str) -> str:
    """Text under the heading '### <schema>' up to the next heading."""
    text = CONTRIBUTING.read_text("utf-8")
    match = re.search(rf"^### {re.escape(schema)}\n(.*?)(?=^#|\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"CONTRIBUTING.md has no '### {schema}' section"
    return match.group(1)


@pytest.mark.parametrize(("schema", "fields"), ALL_SCHEMAS.items())
def test_every_field_is_documented(schema: str, fields: tuple[Field, ...]) -> None:
    rows = {name: (required, meaning) for name, required, meaning in ROW.findall(section(schema))}
    assert set(rows) == {field.name for field in fields}
    for field in fields:
        required, meaning = rows[field.name]
        assert required == ("yes" if field.required else "no"), field.name
        for choice in field.choices:
            assert f"`{choice}`" in meaning, f"{field.name}: choice {choice} undocumented"


def test_this_surveys_declared_fields_are_documented() -> None:
    """The survey's own fields, read from content/fields.yaml, each with its vocabulary."""
    declared = load_paper_fields(REPO / "content" / "fields.yaml", REPO)
    rows = {name: meaning for name, _required, meaning in
            ROW.findall(section("this survey's paper fields"))}
    assert set(rows) == {f.name for f in declared if not f.core}
    for field in declared:
        for choice in field.choices if not field.core else ():
            assert f"`{choice.value}`" in rows[field.name], f"{field.name}: {choice.value}"


def test_contributor_walkthrough_covers_every_command() -> None:
    text = CONTRIBUTING.read_text("utf-8")
    for command in ("python build.py new", "python build.py serve", "python build.py check --strict",
                    "pip install -c constraints.txt -e '.[dev]'"):
        assert command in text
