"""Command line: argument parsing, printing and exit codes; the work happens in pipeline."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from site_src import linkcheck
from site_src.diagnostics import ContentError, Diagnostic, errors
from site_src.pipeline import Project, Report, build, check, load_survey

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
    links = commands.add_parser("linkcheck", help="check the links of the built _site/: "
                                                  "internal ones, then external ones online")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    links.add_argument("--retries", type=int, default=2, help="retries after a timeout or 5xx")
    links.add_argument("--workers", type=int, default=16, help="requests in parallel")
    links.add_argument("--offline", action="store_true", help="internal links only")
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


def _run_linkcheck(project: Project, args: argparse.Namespace) -> int:
    if not (project.site / "index.html").is_file():
        print(f"{project.site} has no built site; run 'python build.py' first", file=sys.stderr)
        return EXIT_INVALID
    base_path = load_survey(project, Report()).config.base_path
    problems = linkcheck.internal_problems(project.site, base_path)
    if not args.offline:
        policy = linkcheck.Policy(args.timeout, args.retries, workers=args.workers)
        problems += linkcheck.external_problems(project.site, policy)
    _print_diagnostics(problems)
    if errors(problems):
        return EXIT_INVALID
    print("every link works")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    project = Project(args.root.resolve(), args.base_url)
    try:
        if args.command == "check":
            return _run_check(project, args.strict)
        if args.command == "linkcheck":
            return _run_linkcheck(project, args)
        return _run_build(project)
    except ContentError as error:
        _print_diagnostics(error.diagnostics)
        print("build failed; the previous _site/ was left untouched", file=sys.stderr)
        return EXIT_INVALID
