"""What the commands print and the codes they exit with."""
from __future__ import annotations

import sys
from collections.abc import Sequence

from site_src.diagnostics import Diagnostic, errors

EXIT_OK, EXIT_INVALID = 0, 1


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    failed, warned = len(errors(diagnostics)), len(diagnostics) - len(errors(diagnostics))
    if diagnostics:
        print(f"{failed} error(s), {warned} warning(s)", file=sys.stderr)
