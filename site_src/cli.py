"""Command line: argument parsing, printing and exit codes; the work happens in pipeline."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from site_src.diagnostics import ContentError, Diagnostic, errors
from site_src.pipeline import Project, Report, build, check

EXIT_OK, EXIT_INVALID = 0, 1


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    failed, warned = len(errors(diagnostics)), len(diagnostics) - len(errors(diagnostics))
    if diagnostics:
        print(f"{failed} error(s), {warned} warning(s)", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python build.py",
                                     description="Build the survey website and README.md.")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="project folder holding content/ and templates/ (default: .)")
    parser.add_argument("--base-url", help="override base_url of content/site.yaml")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("build", help="build _site/ and README.md (default)")
    check_parser = commands.add_parser("check", help="validate content and README.md, "
                                                     "write nothing")
    check_parser.add_argument("--strict", action="store_true", help="warnings are errors")
    return parser


def _run_build(project: Project) -> int:
    report = build(project)
    _print_diagnostics(report.diagnostics)
    timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings.items())
    print(f"built {report.files} files into {project.site} ({timings})")
    return EXIT_OK


def _run_check(project: Project, strict: bool) -> int:
    report: Report = check(project)
    _print_diagnostics(report.diagnostics)
    failing = report.diagnostics if strict else errors(report.diagnostics)
    if failing:
        return EXIT_INVALID
    print("content is valid and README.md is up to date")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    project = Project(args.root.resolve(), args.base_url)
    try:
        if args.command == "check":
            return _run_check(project, args.strict)
        return _run_build(project)
    except ContentError as error:
        _print_diagnostics(error.diagnostics)
        print("build failed; the previous _site/ was left untouched", file=sys.stderr)
        return EXIT_INVALID
