"""Long fuzz run: the property tests of tests/test_fuzz.py with a large example budget.

Usage: python bench/fuzz.py [examples per property, default 20000]
Prints the budget, the time taken and pytest's verdict; exit status is pytest's.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    examples = sys.argv[1] if len(sys.argv) > 1 else "20000"
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(REPO / "tests" / "test_fuzz.py")],
                          env={**os.environ, "FUZZ_EXAMPLES": examples}, cwd=REPO, check=False)
    print(f"fuzz: {examples} examples per property, {time.monotonic() - start:.0f}s, "
          f"{'no failure' if done.returncode == 0 else 'FAILED'}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
