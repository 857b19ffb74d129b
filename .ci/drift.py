"""Name every installed package whose version differs from its pin in constraints.txt.

The weekly canary (`bash .ci/run --latest`) prints this before the tests, so a red run says
which release it met.
"""
from __future__ import annotations

import re
from importlib.metadata import distributions
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", re.MULTILINE)


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> None:
    constraints = Path(__file__).resolve().parent.parent / "constraints.txt"
    pinned = {normal(name): version for name, version in PIN.findall(constraints.read_text("utf-8"))}
    installed = {normal(dist.metadata["Name"]): dist.version for dist in distributions()}
    drift = sorted(f"{name} {pinned[name]} -> {installed[name]}"
                   for name in pinned if installed.get(name, pinned[name]) != pinned[name])
    print("newer than constraints.txt:", ", ".join(drift) if drift else "nothing")


if __name__ == "__main__":
    main()
