"""One error type for the whole project, so every problem reads `path:line: field: message`.

Stages collect diagnostics instead of raising on the first problem: a contributor
sees every mistake of a pull request in one run.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    level: Level = "error"

    def format(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        prefix = "" if self.level == "error" else "warning: "
        text = f"{location}:{field} {prefix}{self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class ContentError(Exception):
    """Raised by a stage that cannot produce its output; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Diagnostic]]]:
        """Rebuilt from its diagnostics, so an error raised in a render worker arrives whole."""
        return (ContentError, (self.diagnostics,))


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known value, or listing a few when nothing is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    shown = ", ".join(options[:8]) + (", ..." if len(options) > 8 else "")
    return f"known values: {shown}" if options else ""


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.level == "error"]
