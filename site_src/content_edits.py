"""Additions to a survey's existing content files that keep what a person wrote there:
comments, order and every other line. Used by `import-list`."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


def add_nodes(path: Path, nodes: list[dict[str, Any]]) -> None:
    """Append the new root nodes to taxonomy.yaml, keeping what is there and its comments."""
    text = path.read_text("utf-8") if path.is_file() else ""
    data = yaml.safe_load(text) if text.strip() else None
    existing = _node_ids(data.get("nodes") or []) if isinstance(data, dict) else set()
    nodes = _new_nodes(nodes, existing)
    if not nodes:
        return
    if not isinstance(data, dict) or not data.get("nodes"):
        body = yaml.safe_dump({"nodes": nodes}, sort_keys=False, allow_unicode=True, width=100)
        kept = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
        path.write_text(kept + body, encoding="utf-8")
        return
    items = yaml.safe_dump(nodes, sort_keys=False, allow_unicode=True, width=100)
    indented = "".join(f"  {line}" if line.strip() else line for line in items.splitlines(True))
    path.write_text(text.rstrip("\n") + "\n" + indented, encoding="utf-8")


KEYWORDS = "keywords"
_KEYWORDS_DECLARATION = """  - name: keywords
    label: Keywords
    type: list
    help: Keywords of the paper, as the imported list gave them.
    show: [filter, detail, search]
"""


def declare_keywords(path: Path) -> None:
    """Declare the `keywords` field the list's entries carry, unless fields.yaml has it."""
    text = path.read_text("utf-8") if path.is_file() else "fields: []\n"
    data = yaml.safe_load(text) or {}
    if any(f.get("name") == KEYWORDS for f in data.get("fields") or [] if isinstance(f, dict)):
        return
    text = re.sub(r"^fields:\s*\[\]\s*$", "fields:", text, flags=re.M)
    path.write_text(text.rstrip("\n") + "\n" + _KEYWORDS_DECLARATION, encoding="utf-8")


def _node_ids(nodes: list[Any]) -> set[str]:
    found = set()
    for node in nodes:
        if isinstance(node, dict):
            found.add(str(node.get("id")))
            found |= _node_ids(node.get("children") or [])
    return found


def _new_nodes(nodes: list[dict[str, Any]], existing: set[str]) -> list[dict[str, Any]]:
    """The nodes the taxonomy lacks: a section imported again, or named like an existing
    node, places its papers there instead of adding a second node with the same id."""
    kept = []
    for node in nodes:
        if node["id"] in existing:
            continue
        if "children" in node:
            node["children"] = _new_nodes(node["children"], existing)
        kept.append(node)
    return kept


def append_bib(path: Path, entries: list[str]) -> None:
    existing = path.read_text("utf-8").rstrip() if path.is_file() else ""
    text = "\n\n".join([existing, *entries] if existing else entries)
    path.write_text(text + "\n" if text else "", encoding="utf-8")
