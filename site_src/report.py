"""What a run found and how long each stage took: the pipeline reports, the command line prints."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from site_src.diagnostics import Diagnostic


@dataclass
class Report:
    """What a run found and how long each stage took; the pipeline never prints."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage; "render" includes "search", which runs while workers render."""
    files: int = 0

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
