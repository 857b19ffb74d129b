"""Read content/taxonomy.yaml into a tree of TaxonomyNode."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.fields import check_fields
from site_src.load.yamldoc import LineMapping, display_path, read_yaml_file
from site_src.model import TaxonomyLabels, TaxonomyNode
from site_src.schema import NODE_FIELDS, NODE_README_FIELDS, TAXONOMY_LABEL_FIELDS

NODE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _TreeReader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []
        self.seen: dict[str, int] = {}

    def nodes(self, raw: Any, depth: int, parent: str | None, line: int) -> tuple[TaxonomyNode, ...]:
        if not isinstance(raw, list):
            self.problems.append(Diagnostic(self.path, line, "children" if parent else "nodes",
                                            "expected a list of nodes",
                                            "each node starts with '- id: ...'"))
            return ()
        built = (self.node(item, depth, parent, line) for item in raw)
        return tuple(node for node in built if node is not None)

    def node(self, raw: Any, depth: int, parent: str | None, line: int) -> TaxonomyNode | None:
        values, problems = check_fields(raw, NODE_FIELDS, self.path, "taxonomy node", line)
        self.problems += problems
        if "id" not in values or "title" not in values:
            return None
        assert isinstance(raw, LineMapping)
        node_id = values["id"]
        id_line = raw.line_of("id")
        if not NODE_ID.match(node_id):
            self.problems.append(Diagnostic(self.path, id_line, "id",
                                            f"'{node_id}' is not a valid node id",
                                            "use lowercase letters, digits and single dashes"))
        if node_id in self.seen:
            self.problems.append(Diagnostic(self.path, id_line, "id",
                                            f"duplicate node id '{node_id}'",
                                            f"first defined on line {self.seen[node_id]}"))
        self.seen.setdefault(node_id, id_line)
        readme: dict[str, Any] = {}
        if "readme" in values:
            readme, problems = check_fields(values["readme"], NODE_README_FIELDS, self.path,
                                            "readme")
            self.problems += problems
        children = raw.get("children")
        return TaxonomyNode(
            id=node_id,
            title=values["title"],
            description=values.get("description", ""),
            readme_heading=readme.get("heading", values["title"]),
            list_papers=readme.get("list_papers", True),
            readme_show=readme.get("show", True),
            depth=depth,
            parent_id=parent,
            children=self.nodes(children, depth + 1, node_id, raw.line_of("children"))
            if children is not None else (),
            short=values.get("short", ""), nav=values.get("nav", True),
            page=values.get("page", ""),
        )


def load_taxonomy(path: Path, root: Path) -> tuple[TaxonomyNode, ...]:
    shown = display_path(path, root)
    if not path.is_file():
        raise ContentError([Diagnostic(shown, 0, "", "taxonomy not found",
                                       "create content/taxonomy.yaml with a 'nodes:' list")])
    raw = read_yaml_file(path, root)
    if not isinstance(raw, LineMapping) or "nodes" not in raw:
        raise ContentError([Diagnostic(shown, 1, "nodes", "missing the 'nodes:' list",
                                       "start the file with 'nodes:'")])
    unknown = [key for key in raw if key not in ("nodes", "labels")]
    reader = _TreeReader(shown)
    for key in unknown:
        reader.problems.append(Diagnostic(shown, raw.line_of(key), key, "unknown top-level field",
                                          "only 'nodes:' and 'labels:' are allowed"))
    if "labels" in raw:
        reader.problems += check_fields(raw["labels"], TAXONOMY_LABEL_FIELDS, shown, "labels",
                                        raw.line_of("labels"))[1]
    roots = reader.nodes(raw["nodes"], 0, None, raw.line_of("nodes"))
    if reader.problems:
        raise ContentError(reader.problems)
    return roots


def load_taxonomy_labels(path: Path, root: Path) -> TaxonomyLabels:
    """What taxonomy.yaml calls its levels (checked by `load_taxonomy`)."""
    raw = read_yaml_file(path, root) if path.is_file() else None
    labels = raw.get("labels") if isinstance(raw, LineMapping) else None
    if not isinstance(labels, LineMapping):
        return TaxonomyLabels()
    values, _problems = check_fields(labels, TAXONOMY_LABEL_FIELDS, "", "labels")
    return TaxonomyLabels(**values)
