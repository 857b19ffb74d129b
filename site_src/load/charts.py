"""Read content/charts.yaml: which taxonomy nodes feed which chart categories.

The file is optional (no file, no charts page). Checks that need only this file happen here;
whether the node ids exist in the taxonomy is checked by `site_src.charts.check_nodes`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from site_src.diagnostics import ContentError, Diagnostic, did_you_mean
from site_src.load.fields import check_fields
from site_src.load.taxonomy import NODE_ID
from site_src.load.yamldoc import LineMapping, display_path, read_yaml_file
from site_src.model import ChartCategory, ChartGroup, ChartSpec
from site_src.schema import (
    CHART_CATEGORY_FIELDS,
    CHART_FIELDS,
    CHART_GROUP_FIELDS,
    CHART_HEATMAP_FIELDS,
    CHART_TIMELINE_FIELDS,
)

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class ChartSpecSource:
    spec: ChartSpec
    path: str
    node_refs: tuple[tuple[str, int], ...]
    """Every taxonomy id the file names, with its line, for the cross-check."""


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []
        self.node_refs: list[tuple[str, int]] = []
        self.categories: dict[str, ChartCategory] = {}

    def category(self, raw: Any, line: int) -> None:
        values, problems = check_fields(raw, CHART_CATEGORY_FIELDS, self.path, "chart category",
                                        line)
        self.problems += problems
        if problems:
            return
        assert isinstance(raw, LineMapping)
        category_id = values["id"]
        if not NODE_ID.match(category_id) or category_id in self.categories:
            reason = "is not a valid id" if category_id not in self.categories else "is a duplicate"
            self.problems.append(Diagnostic(self.path, raw.line_of("id"), "id",
                                            f"category id '{category_id}' {reason}",
                                            "use a new kebab-case id"))
        if not COLOR.match(values["color"]):
            self.problems.append(Diagnostic(self.path, raw.line_of("color"), "color",
                                            f"'{values['color']}' is not a colour",
                                            "write it as #rrggbb, e.g. #1f77b4"))
        exclude = values.get("exclude", ())
        self.check_refs(exclude, raw.line_of("exclude"), "exclude", "defined above")
        self.node_refs += [(node_id, raw.line_of("nodes")) for node_id in values["nodes"]]
        self.categories[category_id] = ChartCategory(
            category_id, values["label"], values["nodes"], values["color"],
            tuple(word.lower() for word in values.get("model_contains", ())), exclude)

    def check_refs(self, ids: tuple[str, ...], line: int, field: str, where: str) -> None:
        for category_id in ids:
            if category_id not in self.categories:
                hint = did_you_mean(category_id, self.categories)
                self.problems.append(Diagnostic(self.path, line, field,
                                                f"unknown category '{category_id}' (must be "
                                                f"{where})", hint))

    def group(self, raw: Any, line: int) -> ChartGroup | None:
        values, problems = check_fields(raw, CHART_GROUP_FIELDS, self.path, "timeline group",
                                        line)
        self.problems += problems
        if problems:
            return None
        assert isinstance(raw, LineMapping)
        self.check_refs(values["categories"], raw.line_of("categories"), "categories",
                        "declared under 'categories:'")
        return ChartGroup(values["label"], values.get("short", values["label"]),
                          values["categories"])

    def spec(self, raw: Any) -> ChartSpec:
        values, problems = check_fields(raw, CHART_FIELDS, self.path, "charts.yaml", 1)
        self.problems += problems
        categories = values.get("categories")
        if "categories" in values and not isinstance(categories, list):
            self.problems.append(Diagnostic(self.path, raw.line_of("categories"), "categories",
                                            "expected a list of categories",
                                            "each starts with '- {id: ..., label: ...}'"))
        for item in categories if isinstance(categories, list) else ():
            self.category(item, raw.line_of("categories"))
        spec = ChartSpec(tuple(self.categories.values()))
        if "timeline" in values:
            timeline, problems = check_fields(values["timeline"], CHART_TIMELINE_FIELDS, self.path,
                                              "timeline", raw.line_of("timeline"))
            self.problems += problems
            raw_groups = timeline.get("groups", [])
            line = values["timeline"].line_of("groups")
            groups = [self.group(item, line) for item in raw_groups] \
                if isinstance(raw_groups, list) else []
            spec = ChartSpec(spec.categories, timeline.get("title", ""),
                             tuple(g for g in groups if g is not None))
        if "heatmap" in values:
            heatmap, problems = check_fields(values["heatmap"], CHART_HEATMAP_FIELDS, self.path,
                                             "heatmap", raw.line_of("heatmap"))
            self.problems += problems
            rows = heatmap.get("categories", ())
            self.check_refs(rows, values["heatmap"].line_of("categories"), "categories",
                            "declared under 'categories:'")
            spec = ChartSpec(spec.categories, spec.timeline_title, spec.groups,
                             heatmap.get("title", ""), rows)
        return replace(spec, contains_fields=values.get("contains_fields", ()))


def load_chart_spec(path: Path, root: Path) -> ChartSpecSource | None:
    """None when the survey has no charts.yaml; ContentError listing every problem."""
    if not path.is_file():
        return None
    shown = display_path(path, root)
    reader = _Reader(shown)
    spec = reader.spec(read_yaml_file(path, root))
    if reader.problems:
        raise ContentError(reader.problems)
    return ChartSpecSource(spec, shown, tuple(reader.node_refs))
