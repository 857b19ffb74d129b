"""Command line: arguments, `build`, `check` and `serve`, and exit codes; the work happens in
pipeline, and the contributors' other commands are in `contributor_commands`."""
from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from site_src.console import EXIT_INVALID, EXIT_OK, print_diagnostics
from site_src.contributor_commands import COMMANDS, add_commands
from site_src.diagnostics import ContentError, errors
from site_src.fetch import FetchError
from site_src.lock import BuildLocked
from site_src.project import Project
from site_src.render import compiling
from site_src.report import Report


def find_root(start: Path) -> Path:
    """The survey holding `start`: the nearest folder upwards with content/site.yaml, like git
    finds its repository; `start` itself when there is none (errors then say what is missing)."""
    for folder in (start, *start.parents):
        if (folder / "content" / "site.yaml").is_file():
            return folder
    return start


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Build a survey's website and README.md from "
                                                 "its content/ folder.")
    parser.add_argument("--root", type=Path,
                        help="survey folder holding content/ (default: the survey containing "
                             "the current folder)")
    parser.add_argument("--base-url", help="override base_url of content/site.yaml")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("build", help="build _site/ and README.md (default)")
    check_parser = commands.add_parser("check", help="validate content and README.md, "
                                                     "write nothing")
    check_parser.add_argument("--strict", action="store_true", help="warnings are errors")
    serve_parser = commands.add_parser("serve", help="live preview: rebuild on every change "
                                                     "and reload the browser")
    serve_parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000, help="default: 8000")
    add_commands(commands)
    return parser


def _run_build(project: Project) -> int:
    try:
        with compiling(project.template_dirs) as compiled:
            from site_src.pipeline import build  # imported while the templates compile

            report = build(project, compiled=compiled)
    except BuildLocked as locked:
        print(locked, file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:  # a full disk, or Windows refusing to move a folder in use
        print(f"build failed: {error}; the previous _site/ was left untouched", file=sys.stderr)
        return EXIT_INVALID
    print_diagnostics(report.diagnostics)
    timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings.items())
    print(f"built {report.files} files into {project.site} ({timings})")
    return EXIT_OK


def _run_check(project: Project, strict: bool) -> int:
    from site_src.pipeline import check

    report: Report = check(project)
    print_diagnostics(report.diagnostics)
    failing = report.diagnostics if strict else errors(report.diagnostics)
    if failing:
        return EXIT_INVALID
    print("content is valid and README.md is up to date")
    return EXIT_OK


def _run_serve(root: Path, host: str, port: int) -> int:
    from site_src.serve import serve  # the web server's imports would slow every build

    # Built for this address, so absolute links (the 404 page's) work in the preview.
    try:
        serve(Project(root, f"http://{host}:{port}/"), host, port)
    except OSError as error:
        print(f"cannot serve on {host}:{port}: {error.strerror}; try another --port",
              file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve() if args.root else find_root(Path.cwd().resolve())
    project = Project(root, args.base_url)
    try:
        if args.command in COMMANDS:
            return COMMANDS[args.command](project, args)
        if args.command == "check":
            return _run_check(project, args.strict)
        if args.command == "serve":
            return _run_serve(project.root, args.host, args.port)
        return _run_build(project)
    except FetchError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return EXIT_INVALID
    except ContentError as error:
        print_diagnostics(error.diagnostics)
        if args.command in (None, "build"):
            print("build failed; the previous _site/ was left untouched", file=sys.stderr)
        return EXIT_INVALID


def run() -> NoReturn:
    """The command (`survey-site`, `python build.py`): `main`, then the process ends.

    Everything is frozen first, so the interpreter's last collection does not walk every
    object the build kept: it took 0.06-0.08 s of a 0.7 s real-content build. Tests call
    `main`, whose process goes on and must still collect.
    """
    code = main()
    gc.freeze()
    raise SystemExit(code)
