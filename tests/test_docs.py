"""CONTRIBUTING.md documents every field of every schema, and nothing that does not exist."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_src.schema import ALL_SCHEMAS, Field

CONTRIBUTING = Path(__file__).resolve().parent.parent / "CONTRIBUTING.md"
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


def test_contributor_walkthrough_covers_every_command() -> None:
    text = CONTRIBUTING.read_text("utf-8")
    for command in ("python build.py new", "python build.py serve", "python build.py check --strict",
                    "pip install -c constraints.txt -e '.[dev]'"):
        assert command in text
