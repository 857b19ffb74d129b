"""The build, top to bottom: load, validate, plan, render, write.

`build` is always complete: it reads all content, writes the whole site into a staging folder
that replaces `_site/` only when everything succeeded, then README.md and its figures. Nothing
is kept between builds; the live preview (`serve`) keeps its state in memory and reuses these
stages.
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from site_src import search_index, views
from site_src.background import meanwhile
from site_src.diagnostics import ContentError, Diagnostic, errors
from site_src.figures import plotly_asset
from site_src.load.bib import load_bib
from site_src.load.charts import load_chart_spec
from site_src.load.config import load_site_config, placeholder_base_url
from site_src.load.files import links_leaving, remembered
from site_src.load.pages import load_pages, load_tables
from site_src.load.paper_fields import front_matter_fields, load_paper_fields
from site_src.load.papers import load_papers
from site_src.load.taxonomy import load_taxonomy, load_taxonomy_labels
from site_src.load.yamldoc import display_path
from site_src.lock import build_lock
from site_src.memo import Memo
from site_src.model import Survey, TaxonomyLabels, TaxonomyNode
from site_src.output import staging, write_readme, write_site
from site_src.produce import Plan
from site_src.project import Project
from site_src.readme_view import readme_context
from site_src.render import Renderer, compiling, static_assets
from site_src.report import Report
from site_src.svg import readme_figures
from site_src.validate import Sources, build_survey, check_chart_nodes
from site_src.views import Output

T = TypeVar("T")

LARGE_BIB = 256 * 1024
"""Bytes of BibTeX (about 800 entries, 0.07 s of parsing) from which parsing it in a second
process, while this one reads the paper files, repays the fork and sending the entries back."""


def _collect(problems: list[Diagnostic], load: Callable[[], T]) -> T | None:
    try:
        return load()
    except ContentError as error:
        problems.extend(error.diagnostics)
        return None


def load_survey(project: Project, report: Report, memo: Memo | None = None,
                start_method: str | None = None) -> Survey:
    """Read and cross-check all content; raise ContentError listing every error found.

    `memo` (the preview's) keeps what each content file gave and each paper's checked record
    until its inputs change (see `memo.Memo`). Without one, a large bibliography is parsed in
    a second process, started the `start_method` way, while the paper files are read.
    """
    content, root = project.content, project.root
    problems = links_leaving(content, root)
    if problems:
        raise ContentError(problems)
    files = memo.files if memo is not None else None

    def read(name: str, load: Callable[[Path, Path], T]) -> T | None:
        path = content / name
        return _collect(problems, lambda: remembered(files, path, partial(load, path, root)))

    with report.stage("load"):
        config = _collect(problems, lambda: load_site_config(content / "site.yaml", root,
                                                             project.base_url))
        taxonomy, labels = read("taxonomy.yaml", _taxonomy_and_labels) or (None, None)
        bib_path = content / "references.bib"
        large = files is None and bib_path.is_file() and bib_path.stat().st_size >= LARGE_BIB
        with meanwhile(partial(load_bib, bib_path, root), large, start_method) as parsed_bib:
            fields = read("fields.yaml", load_paper_fields)
            schema = front_matter_fields(fields or ())
            papers, paper_problems = load_papers(content / "papers", root, files, schema)
            pages, page_problems = remembered(files, content / "pages",
                                              partial(load_pages, content / "pages", root))
            tables, table_problems = remembered(files, content / "tables",
                                                partial(load_tables, content / "tables", root))
            chart_spec = read("charts.yaml", load_chart_spec)
            bib = _collect(problems, lambda: remembered(files, bib_path, parsed_bib))
        problems += paper_problems + page_problems + table_problems
    if bib is not None:
        problems += bib[1]
    if config is None or taxonomy is None or bib is None or fields is None:
        raise ContentError(problems)
    with report.stage("validate"):
        sources = Sources(config, taxonomy, bib[0], display_path(bib_path, root), papers, pages,
                          tables, fields)
        survey, more = build_survey(sources, memo)
        survey = replace(survey, labels=labels or survey.labels)
        if chart_spec is not None:
            more += check_chart_nodes(chart_spec, survey.nodes,
                                      (f.name for f in fields if not f.core))
            survey = replace(survey, charts=chart_spec.spec)
    problems += more
    report.diagnostics = sorted(problems)
    if errors(problems):
        raise ContentError(problems)
    return survey


def _taxonomy_and_labels(path: Path, root: Path) -> tuple[tuple[TaxonomyNode, ...],
                                                          TaxonomyLabels]:
    return load_taxonomy(path, root), load_taxonomy_labels(path, root)


def render_readme(project: Project, survey: Survey, renderer: Renderer) -> str:
    """README.md; it names the template it comes from and links CONTRIBUTING.md if there is one."""
    template = renderer.template_path("README.md.j2")
    try:
        source = template.relative_to(project.root).as_posix()
    except ValueError:
        source = "the README.md.j2 of the survey-site theme"
    return renderer.render("README.md.j2", {**readme_context(survey), "template_source": source,
                                            "has_contributing": project.contributing.is_file()})


def make_renderer(project: Project, survey: Survey,
                  compiled: Mapping[str, bytes] | None = None) -> Renderer:
    assets = {**static_assets(overrides=project.overrides), "plotly.min.js": plotly_asset()}
    return Renderer(project.template_dirs, assets, survey.config.base_path, compiled)


def plan_site(project: Project, survey: Survey, inputs: str = "") -> tuple[list[Output], Renderer]:
    """Every output of the site and the renderer for them; the same in every process, so a
    spawned worker calls this to get the plan the parent made."""
    return views.site_outputs(survey, inputs), make_renderer(project, survey)


def site_extras(survey: Survey, renderer: Renderer) -> list[tuple[str, bytes]]:
    """The files that are not planned outputs: static assets and the search index."""
    return ([(asset.url, asset.content) for asset in renderer.assets.values()]
            + search_index.search_files(survey))


def build(project: Project, start_method: str | None = None,
          compiled: Callable[[], Mapping[str, bytes]] | None = None) -> Report:
    """Build the complete site and README; on any error `_site/` and README.md stay as they were.

    A second build of the same project while one runs stops with `lock.BuildLocked`.
    `start_method` picks how render workers start (the platform's way by default). The
    templates compile in a second process while this one loads the content and plans, or
    `compiled` gives them (`render.compiling`, started before this module was imported).
    """
    report = Report()
    with build_lock(project.lock), (compiling(project.template_dirs, start_method)
                                    if compiled is None else nullcontext(compiled)) as compiled:
        with collector_paused():
            survey = load_survey(project, report, start_method=start_method)
        with report.stage("views"), collector_paused():
            outputs = views.site_outputs(survey)
            renderer = make_renderer(project, survey, compiled())
        plan = Plan(outputs, renderer, partial(plan_site, project, survey))
        with _long_lived_heap(), staging(project.site) as folder:
            report.files = write_site(plan, partial(site_extras, survey, renderer), folder,
                                      report, start_method)
        with report.stage("write"):
            write_readme(project, render_readme(project, survey, renderer), readme_figures(survey))
    return report


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading and planning build large structures that are all kept: without the cycle
    collector re-walking them as they grow, loading 50,000 papers takes 11 s, not 15.6 s."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _long_lived_heap() -> Iterator[None]:
    """Stop the cycle collector from walking the survey and the plan over and over.

    They live until the build ends; frozen while the site is written, they cost no collection
    time and forked render workers do not copy their pages by touching them. Unfrozen at the
    end, so a long-running preview still collects each build's garbage.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def check(project: Project) -> Report:
    """Validate everything and compare README.md with what a build would write."""
    report = Report()
    survey = load_survey(project, report)
    report.diagnostics += placeholder_base_url(project.content / "site.yaml", project.root,
                                               survey.config.base_url)
    readme = render_readme(project, survey, make_renderer(project, survey))
    if not project.readme.is_file():
        report.diagnostics.append(Diagnostic(
            display_path(project.readme, project.root), 0, "",
            "README.md has not been generated yet", "run 'survey-site build' (or "
            "'python build.py') and commit README.md", level="warning"))
    elif project.readme.read_text("utf-8") != readme:
        report.diagnostics.append(Diagnostic(
            display_path(project.readme, project.root), 1, "",
            "README.md is stale: it differs from what the content generates",
            "run 'python build.py' and commit README.md"))
    for name, svg in readme_figures(survey).items():
        path = project.figures / name
        if not path.is_file() or path.read_text("utf-8") != svg:
            report.diagnostics.append(Diagnostic(
                display_path(path, project.root), 1, "", "README figure is stale",
                "run 'python build.py' and commit docs/figures/"))
    return report
