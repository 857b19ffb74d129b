"""The commands that help contributors add and keep up papers, beside building: `new`,
`enrich`, `watch`, `linkcheck`, `init` and `import-list`.

Each imports what it needs when it runs (HTTP clients, the issue form, the scaffold), so that
a build does not wait for imports it never uses.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from site_src.console import EXIT_INVALID, EXIT_OK, print_diagnostics
from site_src.diagnostics import errors
from site_src.project import Project
from site_src.report import Report

if TYPE_CHECKING:
    from site_src.issue_form import Suggestion
    from site_src.model import Survey


def _survey(project: Project) -> Survey:
    """The checked survey; the pipeline is imported only here, so that a build can start
    compiling its templates in a second process before the import (see cli)."""
    from site_src.pipeline import load_survey

    return load_survey(project, Report())


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Their arguments, on the command line's subcommands."""
    new_parser = commands.add_parser("new", help="add a paper: its BibTeX entry and a "
                                                 "content/papers/<key>.md to fill in")
    new_parser.add_argument("bibtex", nargs="?", default="-",
                            help="file holding one BibTeX entry (default: standard input)")
    fetched = new_parser.add_mutually_exclusive_group()
    fetched.add_argument("--arxiv", metavar="ID", help="fetch the paper from the arXiv API instead")
    fetched.add_argument("--doi", help="fetch the paper from Crossref instead")
    new_parser.add_argument("--key", help="BibTeX key (with --arxiv or --doi; default: first "
                                          "author, year, first title word)")
    new_parser.add_argument("--taxonomy", metavar="ID", action="append", default=[],
                            help="taxonomy node to list the paper under (repeatable)")
    new_parser.add_argument("--issue", metavar="FILE", help="start from a 'Suggest a paper' "
                                                            "issue body (what its form wrote)")
    new_parser.add_argument("--form", type=Path, metavar="FILE", help="the issue form (default: "
                            ".github/ISSUE_TEMPLATE/suggest-paper.yml)")
    new_parser.add_argument("--timeout", type=float, default=20.0,
                            help="seconds to wait for arXiv or Crossref (default: 20)")
    enrich = commands.add_parser("enrich", help="fill missing authors, venues, DOIs and arXiv "
                                                "ids from arXiv and Crossref; shows a diff")
    enrich.add_argument("keys", nargs="*", metavar="KEY", help="only these papers (default: all)")
    enrich.add_argument("--write", action="store_true", help="write the changes to references.bib")
    enrich.add_argument("--cache", type=Path, metavar="DIR",
                        help="folder keeping the answers (default: .cache/enrich/ in the project)")
    enrich.add_argument("--delay", type=float, metavar="SECONDS",
                        help="seconds between requests (default: 3 for arXiv, 1 for Crossref)")
    enrich.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
    watch = commands.add_parser("watch", help="list new arXiv papers that match the survey's "
                                              "watch queries, closest taxonomy node first")
    watch.add_argument("--since", metavar="DATE", help="start of the window (default: the end "
                                                       "of the last run, or a week ago)")
    watch.add_argument("--until", metavar="DATE", help="end of the window (default: now)")
    watch.add_argument("--state", type=Path, metavar="FILE",
                       help="where the last run is remembered (default: .cache/watch.json)")
    watch.add_argument("--output", type=Path, metavar="FILE",
                       help="write the Markdown digest here (default: standard output)")
    watch.add_argument("--page-size", type=int, default=100, help="papers per request")
    watch.add_argument("--limit", type=int, default=500, help="papers asked for at most")
    watch.add_argument("--delay", type=float, default=3.0, help="seconds between requests")
    watch.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    init_parser = commands.add_parser("init", help="start a new survey in DIR (missing or "
                                                   "empty): content/, CONTRIBUTING.md, workflows")
    init_parser.add_argument("folder", type=Path, metavar="DIR")
    init_parser.add_argument("--title", required=True, help="the survey's title")
    import_parser = commands.add_parser("import-list", help="add the sections and papers of an "
                                                           "awesome list (Markdown) to the survey")
    import_parser.add_argument("list", type=Path, metavar="LIST.md")
    links = commands.add_parser("linkcheck", help="check the links of the built _site/: "
                                                  "internal ones, then external ones online")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    links.add_argument("--retries", type=int, default=2, help="retries after a timeout or 5xx")
    links.add_argument("--workers", type=int, default=16, help="requests in parallel")
    links.add_argument("--offline", action="store_true", help="internal links only")


def _from_issue(project: Project, args: argparse.Namespace) -> Suggestion:
    """The issue form's answers; --arxiv, --doi, --key and --taxonomy still apply on top."""
    from site_src.issue_form import suggestion
    from site_src.load.paper_fields import front_matter_fields, load_paper_fields

    form = args.form or project.root / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml"
    schema = front_matter_fields(load_paper_fields(project.content / "fields.yaml", project.root))
    found = suggestion(Path(args.issue).read_text("utf-8"), form, args.issue, schema)
    args.arxiv, args.doi = args.arxiv or found.arxiv, args.doi or found.doi
    args.key = args.key or found.key
    args.taxonomy = [*found.taxonomy, *args.taxonomy]
    return found


def _run_new(project: Project, args: argparse.Namespace) -> int:
    # imported here because only `new` needs them: a build would wait for their imports
    from site_src.issue_form import Suggestion
    from site_src.scaffold import add_paper

    notes: tuple[str, ...] = ()
    found = _from_issue(project, args) if args.issue else Suggestion()
    if args.arxiv or args.doi:
        from site_src.fetch.lookup import Sources, fetched_entry  # only `new` goes online

        entry = fetched_entry(Sources.polite(timeout=args.timeout), args.arxiv or "",
                              args.doi or "", args.key or "")
        text, shown, year_source, notes = entry.bibtex, entry.shown, entry.year_source, entry.notes
        print(entry.summary)
    elif found.bibtex:
        text, shown, year_source = found.bibtex, args.issue, "bib"
    elif args.bibtex == "-":
        if sys.stdin.isatty():
            print("paste one BibTeX entry, then press Ctrl-D", file=sys.stderr)
        text, shown, year_source = sys.stdin.read(), "<stdin>", "bib"
    else:
        text, shown, year_source = Path(args.bibtex).read_text("utf-8"), args.bibtex, "bib"
    paper = add_paper(project, text, shown, year_source, args.taxonomy, notes, found.values,
                      found.summary)
    todo = "describe it" if args.taxonomy else "choose its taxonomy ids, describe it"
    print(f"added {paper.stem} to content/references.bib and wrote "
          f"{paper.relative_to(project.root)}:\n  {todo} below the "
          "front-matter, then run 'python build.py serve' or 'python build.py check'")
    return EXIT_OK


def _run_enrich(project: Project, args: argparse.Namespace) -> int:
    from site_src import enrich  # the HTTP client's imports would slow every build
    from site_src.fetch.lookup import Sources
    from site_src.load.bib import load_bib

    survey = _survey(project)
    unknown = sorted(set(args.keys) - {paper.key for paper in survey.papers})
    if unknown:
        print(f"enrich: no paper with the key {', '.join(unknown)}", file=sys.stderr)
        return EXIT_INVALID
    papers = [p for p in survey.papers if not args.keys or p.key in args.keys]
    bib_path = project.content / "references.bib"
    entries = load_bib(bib_path, project.root)[0]
    cache = args.cache or project.root / ".cache" / "enrich"
    plan = enrich.plan(papers, entries, Sources.polite(cache, args.delay, args.timeout))
    bib_text = bib_path.read_text("utf-8")
    edits = enrich.edits(bib_text, plan.changes)
    for edit in edits:
        print(edit.diff("content/references.bib"))
    for key, message in plan.failures:
        print(f"enrich: {key}: {message}", file=sys.stderr)
    if plan.without_ids:
        print(f"{len(plan.without_ids)} paper(s) have neither an arXiv id nor a DOI to look up: "
              f"{', '.join(plan.without_ids)}")
    if args.write and edits:
        enrich.apply(bib_path, bib_text, edits)
        print(f"wrote {len(edits)} entries to content/references.bib; run 'python build.py' "
              "to regenerate README.md")
    else:
        more = "; run with --write to save them" if edits else ""
        print(f"{len(edits)} of {plan.looked_up} paper(s) looked up can be completed{more}")
    return EXIT_INVALID if plan.failures else EXIT_OK


def _run_watch(project: Project, args: argparse.Namespace) -> int:
    from site_src import watch  # the HTTP client's imports would slow every build
    from site_src.fetch.http import Client

    survey = _survey(project)
    state = args.state or project.root / ".cache" / "watch.json"
    span = watch.window(args.since, args.until, state)
    client = Client("the arXiv API", args.timeout, args.delay)
    findings = watch.find(survey, client, span, args.page_size, args.limit)
    text = watch.digest(findings, survey.config.title)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"{len(findings.candidates)} candidate(s), {findings.present} already in the "
              f"survey; digest written to {args.output}")
    else:
        sys.stdout.write(text)
    watch.save_run(state, span)
    return EXIT_OK


def _run_linkcheck(project: Project, args: argparse.Namespace) -> int:
    from site_src import linkcheck  # its HTTP client's imports would slow every build

    if not (project.site / "index.html").is_file():
        print(f"{project.site} has no built site; run 'python build.py' first", file=sys.stderr)
        return EXIT_INVALID
    base_path = _survey(project).config.base_path
    problems = linkcheck.internal_problems(project.site, base_path)
    if not args.offline:
        policy = linkcheck.Policy(args.timeout, args.retries, workers=args.workers)
        problems += linkcheck.external_problems(project.site, policy)
    print_diagnostics(problems)
    if errors(problems):
        return EXIT_INVALID
    print("every link works")
    return EXIT_OK


def _run_init(project: Project, args: argparse.Namespace) -> int:
    from site_src.init import init_survey

    written = init_survey(args.folder, args.title)
    print(f"created {len(written)} files in {args.folder}:\n  cd {args.folder}\n"
          "  survey-site import-list LIST.md   # optional: start from an awesome list\n"
          "  survey-site serve                 # preview, rebuilt as you edit")
    return EXIT_OK


def _run_import(project: Project, args: argparse.Namespace) -> int:
    from site_src.import_list import import_list

    report = import_list(project, args.list)
    print_diagnostics(report.problems)
    print(f"imported {len(report.papers)} papers under {report.nodes} taxonomy nodes; "
          "run 'survey-site serve' to look at them")
    return EXIT_INVALID if errors(report.problems) else EXIT_OK


COMMANDS: dict[str, Callable[[Project, argparse.Namespace], int]] = {
    "new": _run_new, "enrich": _run_enrich, "watch": _run_watch, "linkcheck": _run_linkcheck,
    "init": _run_init, "import-list": _run_import,
}
