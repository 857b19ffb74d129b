"""The Jinja environment and the Markdown renderer: the only code that produces markup.

Autoescape is on for HTML and XML, Markdown has raw HTML disabled and markdown-it's link
validation refuses javascript:, vbscript:, file: and data: links, so content files cannot
inject script. StrictUndefined turns a template typo into a build error.
"""
from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from site_src import urls
from site_src.background import meanwhile
from site_src.diagnostics import ContentError, Diagnostic
from site_src.markdown import markdown_renderer
from site_src.wording import count_of

if TYPE_CHECKING:
    from site_src.model import Paper

STATIC_DIR = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Asset:
    """A static file published under a content-hashed name, so it can be cached forever."""

    url: str
    content: bytes


def static_assets(folder: Path = STATIC_DIR, overrides: Path | None = None) -> dict[str, Asset]:
    """The theme's static files; a file of the same name in `overrides` replaces one."""
    assets = {}
    for path in sorted(folder.iterdir()):
        if overrides is not None and (overrides / path.name).is_file():
            path = overrides / path.name
        if path.is_file():
            content = path.read_bytes()
            digest = hashlib.sha256(content).hexdigest()[:10]
            assets[path.name] = Asset(f"static/{path.stem}.{digest}{path.suffix}", content)
    return assets


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by another process, held in memory for this build only.

    Jinja checks each one against its template's source and this Python's bytecode version,
    and compiles afresh where they differ."""

    def __init__(self, compiled: dict[str, bytes]) -> None:
        self.compiled = compiled

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class Renderer:
    def __init__(self, template_dirs: Iterable[Path], assets: Mapping[str, Asset],
                 base_path: str = "/", compiled: Mapping[str, bytes] | None = None) -> None:
        """`compiled` holds templates another process compiled (see `compile_templates`)."""
        self.template_dirs = [d for d in template_dirs if d.is_dir()]
        self.markdown = markdown_renderer()
        self.assets = assets
        self._compiled = _CompiledTemplates(dict(compiled or {}))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.template_dirs),
            bytecode_cache=self._compiled,
            auto_reload=False,  # one Renderer per build: templates cannot change under it
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=False,
                                                default=False),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["markdown"] = self.block_markdown
        self.env.filters["markdown_inline"] = self.inline_markdown
        self.env.filters["readme_text"] = readme_text
        self.env.filters["readme_url"] = readme_url
        self.env.filters["json_ld"] = json_ld
        self.env.filters["count_of"] = count_of
        self.env.filters["csp_hash"] = csp_hash
        self.env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
        self.env.globals.update(url_for=self.url_for, asset=self.asset_url, urls=urls,
                                base_path=base_path, row_once=self.row_once,
                                part_once=self.part_once)
        self._rows: dict[tuple[str, tuple[str, ...], bool], Markup] = {}
        self._parts: dict[tuple[str, ...], Markup] = {}
        self._in_row = False

    def compile_all(self) -> None:
        """Compile every template now, so forked workers inherit them instead of each compiling."""
        for name in self.env.list_templates():
            with self._template_errors(name):
                self.env.get_template(name)

    def compiled_templates(self) -> dict[str, bytes]:
        """Every template that compiles, as Jinja's bytecode, for a `Renderer` in another
        process; the ones with errors are left to report where they are used."""
        for name in self.env.list_templates():
            with suppress(jinja2.TemplateError):
                self.env.get_template(name)
        return self._compiled.compiled

    def template_path(self, name: str) -> Path:
        """The file a template name resolves to, overrides first."""
        with self._template_errors(name):
            filename = self.env.get_template(name).filename
        assert filename is not None
        return Path(filename)

    def block_markdown(self, text: str) -> Markup:
        return Markup(self.markdown.render(text))

    def inline_markdown(self, text: str) -> Markup:
        return Markup(self.markdown.renderInline(text))

    @jinja2.pass_context
    def url_for(self, context: jinja2.runtime.Context, target: str) -> str:
        """Relative link from the page being rendered, so the site works under any sub-path.

        Inside a row being rendered for `row_once` the link starts with `_ROW_ROOT` instead of
        the climb to the site root, which each page fills in."""
        if self._in_row and target:
            return _ROW_ROOT + target
        current = str(context.get("page_url", ""))
        if current == urls.NOT_FOUND:
            return str(context["base_path"]) + target
        return urls.relative(target, current)

    @jinja2.pass_context
    def asset_url(self, context: jinja2.runtime.Context, name: str) -> str:
        return self.url_for(context, self.assets[name].url)

    @jinja2.pass_context
    def row_once(self, context: jinja2.runtime.Context, macro: jinja2.runtime.Macro,
                 paper: Paper, columns: Sequence[Any], show_nodes: bool) -> Markup:
        """A paper's table cells, rendered by `macro` the first time they are asked for: a
        paper is listed in half a dozen tables at several folder depths, and rows are most of
        their pages. Kept for one pass over a survey's outputs (see `forget_rows`). Tables hide
        columns that are empty in them, so the columns are part of the key."""
        key = (paper.key, tuple(column.name for column in columns), show_nodes)
        if key not in self._rows:
            self._in_row = True
            try:
                self._rows[key] = Markup(macro(paper, columns, show_nodes))
            finally:
                self._in_row = False
        return Markup(self._rows[key].replace(_ROW_ROOT, _root(context)))

    @jinja2.pass_context
    def part_once(self, context: jinja2.runtime.Context, macro: jinja2.runtime.Macro,
                  *args: str) -> Markup:
        """What `macro` gives for `args`, rendered the first time it is asked for at this
        folder depth: the parts many pages share (the footer; the header of every paper page).
        Kept for one pass over a survey's outputs, as rows are."""
        key = (macro.name, _root(context), *args)
        if key not in self._parts:
            self._parts[key] = Markup(macro(*args))
        return self._parts[key]

    def forget_rows(self) -> None:
        """Start a pass over a survey's outputs: rows and parts of an earlier survey may differ."""
        self._rows.clear()
        self._parts.clear()

    def render(self, template: str, context: Mapping[str, Any], url: str = "") -> str:
        return "".join(self.render_chunks(template, context, url))

    def render_chunks(self, template: str, context: Mapping[str, Any], url: str = ""
                      ) -> Iterator[str]:
        """The rendered text as Jinja produces it, so a large page is written as it is made."""
        with self._template_errors(template):
            yield from self.env.get_template(template).generate({**context, "page_url": url})

    @contextmanager
    def _template_errors(self, template: str) -> Iterator[None]:
        """Template mistakes as diagnostics naming the template file and line."""
        try:
            yield
        except jinja2.TemplateNotFound as error:
            searched = ", ".join(str(d) for d in self.template_dirs)
            raise ContentError([Diagnostic(template, 0, "", f"template '{error.name}' not found",
                                           f"searched: {searched}")]) from None
        except jinja2.TemplateSyntaxError as error:
            raise ContentError([Diagnostic(error.filename or template, error.lineno or 0, "",
                                           f"template error: {error}", _TEMPLATE_HINT)]) from None
        except ContentError:
            raise
        except Exception as error:  # a template calling something wrongly: never a traceback
            name, line = _template_line(error, template)
            message = str(error) if isinstance(error, jinja2.UndefinedError) else \
                f"{type(error).__name__}: {error}"
            raise ContentError([Diagnostic(name, line, "", f"template error: {message}",
                                           _TEMPLATE_HINT)]) from None


_TEMPLATE_HINT = ("check names and arguments against site_src/views.py and against the "
                  "theme's own version of the template")


def _template_line(error: BaseException, template: str) -> tuple[str, int]:
    """The innermost template line the error passed through: Jinja rewrites the traceback so
    that template code shows as frames of the template file."""
    found = (template, 0)
    trace = error.__traceback__
    while trace is not None:
        if "__jinja_exception__" in trace.tb_frame.f_globals:
            found = (trace.tb_frame.f_code.co_filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def compile_templates(template_dirs: Iterable[Path]) -> dict[str, bytes]:
    """The templates in `template_dirs` compiled, for a `Renderer` in the process that asks."""
    return Renderer(template_dirs, {}).compiled_templates()


def compiling(template_dirs: Iterable[Path], start_method: str | None = None
              ) -> AbstractContextManager[Callable[[], dict[str, bytes]]]:
    """The templates compiling in a second process while this one goes on
    (`background.meanwhile`); inside the block, call what this gives for them."""
    return meanwhile(partial(compile_templates, list(template_dirs)), True, start_method)


def readme_text(text: str) -> str:
    """Plain text for README.md: GitHub would render raw HTML and turn brackets into links."""
    return (text.replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "\\[").replace("]", "\\]"))


def readme_url(url: str) -> str:
    """A link target that cannot close the Markdown link early or open an HTML tag."""
    return "".join(f"%{ord(c):02X}" if c in '()<>"' else c for c in url)


def json_ld(value: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> block.

    Script content is not HTML-decoded, so autoescaping would corrupt it; instead '<', '>'
    and '&' become JSON escapes, which no content can turn into '</script>'.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script."""
    digest = base64.b64encode(hashlib.sha256(str(script).encode("utf-8")).digest()).decode("ascii")
    return Markup(f"'sha256-{digest}'")


_ROW_ROOT = Markup("<root>")
"""Stands for the path to the site root in a remembered row. Content is escaped before it
reaches a row, so no title or field can contain a literal '<'."""


def _root(context: jinja2.runtime.Context) -> str:
    """The path from the page being rendered to the site root; the not-found page, served at
    any depth, starts from the configured base path instead."""
    current = str(context.get("page_url", ""))
    return str(context["base_path"]) if current == urls.NOT_FOUND else urls.root(current)
