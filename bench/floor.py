"""The floor: read every input file and write as many files with a trivial template.

No parsing, no validation, no real rendering: what any generator in Python pays at least
for the same I/O. Usage: python -m bench.floor PROJECT OUTPUT PATHS_FILE, where PATHS_FILE
lists the site paths (one a line) the real build wrote.
"""
from __future__ import annotations

import sys
from pathlib import Path

_PAGE = "<!doctype html><title>{name}</title><p>{size} bytes of input</p>\n"


def floor(project: Path, output: Path, site_paths: list[str]) -> None:
    size = sum(len(p.read_bytes()) for folder in ("content", "templates")
               for p in sorted((project / folder).rglob("*")) if p.is_file())
    made: set[Path] = set()
    for relative in site_paths:
        target = output / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(_PAGE.format(name=relative, size=size), encoding="utf-8")


if __name__ == "__main__":
    floor(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]).read_text("utf-8").split())
