"""YAML and front-matter reading that keeps line numbers, so errors can point at a field."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.files import read_text

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineMapping(dict[str, Any]):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A YAML sequence that knows the line of each item."""

    item_lines: list[int]

    def line_of(self, index: int, default: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else default


_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                       ("null", "bool", "int", "float", "str", "seq", "map", "timestamp"))
MAX_DEPTH = 32


class _Refused(yaml.constructor.ConstructorError):
    """Valid YAML that content files may not use."""


def _plainly_safe(root: yaml.Node) -> bool:
    """True when no node is reused, tagged or nested too deep, the common case: checked a
    whole level at a time, which is cheaper than finding the first offence in order."""
    seen: set[int] = set()
    visited = 0
    level = [root]
    for _depth in range(MAX_DEPTH + 1):
        seen.update(map(id, level))
        visited += len(level)
        if len(seen) != visited or not _PLAIN_TAGS.issuperset(node.tag for node in level):
            return False
        level = ([child for node in level if isinstance(node, yaml.MappingNode)
                  for pair in node.value for child in pair]
                 + [child for node in level if isinstance(node, yaml.SequenceNode)
                    for child in node.value])
        if not level:
            return True
    return False


def _too_deep(mark: Any) -> _Refused:
    return _Refused(None, None, f"values are nested more than {MAX_DEPTH} levels deep", mark)


def _refuse_deep_events(text: str) -> None:
    """Find nesting past the limit from the parser's events, which arrive one at a time.

    Only run when composing failed: a document nested thousands deep exhausts the pure-Python
    composer's recursion or reaches libyaml's own limit before the node tree exists, and this
    gives both the same diagnostic as a tree merely deeper than `MAX_DEPTH`. The pure-Python
    parser is iterative and has no limit of its own, so it reaches ours first.
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _refuse_unsafe(root: yaml.Node) -> None:
    """Refuse aliases, tags and deep nesting before anything is constructed.

    Aliases let a few lines expand exponentially (the "billion laughs") or refer to
    themselves; `!!python/...` tags ask for objects. Content needs neither.
    """
    if _plainly_safe(root):
        return
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int, yaml.Mark]] = [(root, 0, root.start_mark)]
    while stack:  # depth-first in document order, so the first reuse found is the first written
        node, depth, used_at = stack.pop()
        if id(node) in seen:
            raise _Refused(
                None, None, "YAML aliases are not allowed (a value anchored with '&' is reused "
                "with '*')", used_at)
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                None, None, f"YAML tag '{tag}' is not allowed", node.start_mark)
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack += [(value, depth + 1, key.start_mark), (key, depth + 1, key.start_mark)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1, node.start_mark) for item in reversed(node.value)]


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that records line numbers in the file and rejects duplicate keys."""

    first_line = 1
    """The file's line number of the text's first line (front-matter starts on line 2)."""

    def construct_document(self, node: yaml.Node) -> Any:
        _refuse_unsafe(node)
        return super().construct_document(node)

    def construct_value(self, node: yaml.Node) -> Any:
        """Plain strings, most of a content file, skip the constructor lookup."""
        if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:
            return node.value
        return self.construct_object(node, deep=True)


_STR_TAG = "tag:yaml.org,2002:str"


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMapping:
    mapping = LineMapping()
    mapping.line = node.start_mark.line + loader.first_line
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_value(key_node)
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        mapping[key] = loader.construct_value(value_node)
        mapping.key_lines[key] = key_node.start_mark.line + loader.first_line
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_value(child) for child in node.value)
    items.item_lines = [child.start_mark.line + loader.first_line for child in node.value]
    return items


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date YAML recognises by its shape but that does not exist (2024-13-45) is a
    diagnostic at its line, not a ValueError from deep inside pyyaml."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a valid date ({error})", node.start_mark
        ) from None


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def display_path(path: Path, root: Path | None = None) -> str:
    """Paths in messages are relative to the project so they are clickable in an editor."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _load(text: str, first_line: int) -> Any:
    loader = _LineLoader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except (RecursionError, yaml.YAMLError):
        _refuse_deep_events(text)
        raise
    finally:
        loader.dispose()


def parse_yaml(text: str, path: str, first_line: int = 1) -> Any:
    """Parse YAML; a syntax error becomes a Diagnostic at the right line of the file."""
    try:
        return _load(text, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        hint = "check indentation, colons and quotes around values with ': ' or '#'"
        if exc.context and exc.context_mark and exc.context_mark.line + first_line != line:
            hint = f"{exc.context} that starts on line {first_line + exc.context_mark.line}; {hint}"
        if isinstance(exc, _Refused):
            hint = "write plain values: no '&' anchors, '*' aliases or '!' tags"
        else:
            problem = f"YAML syntax error: {problem}"
        raise ContentError([Diagnostic(path, line, "", problem, hint)]) from None
    except yaml.YAMLError as exc:  # a reader error: a character YAML does not allow
        line = first_line + text.count("\n", 0, getattr(exc, "position", 0) or 0)
        raise ContentError([Diagnostic(path, line, "", f"YAML error: {exc}",
                                       "remove control characters from the file")]) from None


@dataclass(frozen=True)
class FrontMatterDocument:
    meta: LineMapping
    body: str
    body_line: int


def read_front_matter(text: str, path: str) -> FrontMatterDocument:
    """Split `---` YAML front-matter from a Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError([Diagnostic(path, 1, "", "missing YAML front-matter",
                                       "start the file with a line '---', the fields, then '---'")])
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if closing is None:
        raise ContentError([Diagnostic(path, 1, "", "front-matter is not closed",
                                       "add a line '---' after the last field")])
    meta = parse_yaml("".join(lines[1:closing]), path, first_line=2)
    if meta is None:
        meta = LineMapping()
        meta.line, meta.key_lines = 2, {}
    if not isinstance(meta, LineMapping):
        raise ContentError([Diagnostic(path, 2, "", "front-matter must be a mapping of fields",
                                       "write one 'field: value' per line")])
    body = "".join(lines[closing + 1:])
    blank = len(body) - len(body.lstrip())
    return FrontMatterDocument(meta, body.strip(), closing + 2 + body.count("\n", 0, blank))


def read_yaml_file(path: Path, root: Path | None = None) -> Any:
    shown = display_path(path, root)
    value = parse_yaml(read_text(path, shown), shown)
    return value
