"""Read content/references.bib with bibtexparser 2.x: @string macros, months, LaTeX accents."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bibtexparser import model as bibmodel
from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import MonthLongStringMiddleware, default_unparse_stack
from bibtexparser.writer import BibtexFormat
from pylatexenc.latex2text import LatexNodes2Text

from site_src.diagnostics import ContentError, Diagnostic
from site_src.load.files import read_text
from site_src.load.yamldoc import display_path

# Fields holding identifiers keep their exact characters (a DOI may contain '{' or '\').
_VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "archiveprefix", "primaryclass", "isbn"})
# A longer value is a paste accident or an attack; it would bloat every page that shows it.
MAX_FIELD_CHARS = 10_000
_RUN_ON_FIELD = re.compile(r"\n\s*([A-Za-z][\w-]*)\s*=")
_MONTHS = frozenset(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
_LATEX = LatexNodes2Text()
_FORMAT = BibtexFormat()  # type: ignore[no-untyped-call]
_FORMAT.indent = "  "
_UNPARSE_IN_PLACE = default_unparse_stack(allow_inplace_modification=True)


@dataclass(frozen=True)
class BibEntry:
    key: str
    entry_type: str
    fields: dict[str, str]
    bibtex: str
    line: int

    @property
    def authors(self) -> tuple[str, ...]:
        names = self.fields.get("author", "")
        return tuple(_display_name(n) for n in names.split(" and ") if n.strip())


def _display_name(name: str) -> str:
    """'Ma, Yecheng Jason' -> 'Yecheng Jason Ma'; already natural names pass through."""
    name = " ".join(name.split())
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return f"{first} {last}".strip()
    return name


_BARE_AMPERSAND = re.compile(r"(?<!\\)&")
_latex_to_text = lru_cache(maxsize=65536)(_LATEX.latex_to_text)
# Braces and escapes, so that top-level groups can be found without parsing LaTeX.
_BRACE_TOKEN = re.compile(r"\\.|[{}]", re.DOTALL)
# Anything that reaches across a group's braces: comments, math, verbatim, environments.
_NOT_LOCAL = re.compile(r"[$%]|\\(?:verb|begin|end)")
# Text that pylatexenc rewrites (its specials) or that starts markup outside a group.
_NOT_PLAIN = re.compile(r"[\\}$%~&#^_`]|--|''")


def _braced_pieces(value: str) -> list[str] | None:
    """Split into plain text (even places) and top-level `{...}` groups (odd places).

    None when a piece could read its neighbours: a macro outside braces takes the
    next group as its argument, a comment or math can span groups.
    """
    if _NOT_LOCAL.search(value):
        return None
    pieces: list[str] = []
    depth = start = 0
    for token in _BRACE_TOKEN.finditer(value):
        if token[0] == "{":
            if depth == 0:
                pieces.append(value[start:token.start()])
                start = token.start()
            depth += 1
        elif token[0] == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                pieces.append(value[start:token.end()])
                start = token.end()
        elif depth == 0:
            return None
    pieces.append(value[start:])
    if (depth or any(_NOT_PLAIN.search(text) for text in pieces[0::2])
            or any("[" in group for group in pieces[1::2])):  # an optional argument may run on
        return None
    return pieces


@lru_cache(maxsize=65536)
def decode_latex(value: str) -> str:
    """Only values with markup pay for pylatexenc; plain text is the common case.

    Markup in BibTeX is mostly self-contained groups (`Br{\\aa}ten, Jonas`): then each
    distinct group is decoded once, however many entries use it, and the text between
    groups is kept as it is.
    """
    if "\\" not in value and "{" not in value and "~" not in value and "$" not in value:
        return value
    if "&" in value:  # LaTeX would read a bare '&' as a table column and drop it
        value = _BARE_AMPERSAND.sub(r"\\&", value)
    pieces = _braced_pieces(value)
    text = (_latex_to_text(value) if pieces is None else
            "".join(_latex_to_text(piece) if index % 2 else piece
                    for index, piece in enumerate(pieces)))
    return " ".join(text.split())


def _failed_block_message(block: bibmodel.Block) -> tuple[str, str]:
    if isinstance(block, bibmodel.DuplicateBlockKeyBlock):
        return (f"duplicate BibTeX key '{block.key}'",
                "each paper needs its own key; merge the entries or rename one")
    if isinstance(block, bibmodel.DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        return (f"a field appears twice in this entry: {fields}", "keep one of each field")
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", "") or str(error or "").strip() or "syntax error"
    return (f"malformed BibTeX entry: {reason.strip()}",
            "check the braces, the '=' signs and the commas between fields")


def _block_key(block: bibmodel.Block) -> str:
    if isinstance(block, bibmodel.DuplicateFieldKeyBlock):
        return str(getattr(block.ignore_error_block, "key", ""))
    return getattr(block, "key", "") or ""


def _stray_blocks(library: Library, shown: str) -> list[Diagnostic]:
    """BibTeX ignores text between entries; text that looks like fields is a broken entry."""
    problems = [Diagnostic(shown, (block.start_line or 0) + 1, "",
                           "BibTeX fields outside any entry",
                           "a '}' too many closed the entry above early; balance the braces")
                for block in library.blocks
                if isinstance(block, bibmodel.ImplicitComment) and "=" in block.comment]
    problems += [Diagnostic(shown, (block.start_line or 0) + 1, "", "@string without a name",
                            "write @string{name = {value}}")
                 for block in library.strings if not block.key.strip()]
    return problems


def _entry_mistakes(entry: bibmodel.Entry) -> list[tuple[str, str]]:
    """What the parser accepts but a human did not mean: run-on fields, unknown macros, huge values."""
    enclosing = entry.parser_metadata.get("removed_enclosing", {})
    resolved = entry.parser_metadata.get("ResolveStringReferences", [])
    mistakes = []
    for field in entry.fields:
        value = str(field.value)
        run_on = _RUN_ON_FIELD.search(value)
        if len(value) > MAX_FIELD_CHARS:
            mistakes.append((f"{field.key} is {len(value)} characters long; the limit is "
                             f"{MAX_FIELD_CHARS}", "shorten the field"))
        elif run_on:
            mistakes.append((f"a comma is missing after the field '{field.key}' "
                             f"(before '{run_on.group(1)} =')", "end every field with ','"))
        elif (enclosing.get(field.key) == "no-enclosing" and field.key not in resolved
              and not value.isdigit() and value.lower()[:3] not in _MONTHS):
            mistakes.append((f"undefined @string '{value}' in field '{field.key}'",
                             "put the value in braces, or define it with @string"))
    return mistakes


def _standalone_bibtex(entry: bibmodel.Entry) -> str:
    """The entry with @string macros expanded, so it can be copied on its own.

    Writing encloses the entry's values in place: the default stack would deep-copy every
    entry first, and nothing reads the parsed values after this.
    """
    return str(write_string(Library([entry]), unparse_stack=_UNPARSE_IN_PLACE,
                            bibtex_format=_FORMAT)).strip()


def parse_bib_text(text: str, shown: str) -> tuple[dict[str, BibEntry], list[Diagnostic]]:
    # Failed blocks are reported as diagnostics below; the parser's own log is noise.
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    library = parse_string(text, append_middleware=[MonthLongStringMiddleware()])
    problems = [Diagnostic(shown, (block.start_line or 0) + 1, _block_key(block),
                           *_failed_block_message(block))
                for block in library.failed_blocks]
    problems += _stray_blocks(library, shown)
    entries: dict[str, BibEntry] = {}
    for entry in library.entries:
        mistakes = _entry_mistakes(entry)
        if mistakes:
            problems += [Diagnostic(shown, (entry.start_line or 0) + 1, entry.key, message, hint)
                         for message, hint in mistakes]
            continue
        fields = {
            f.key.lower(): (str(f.value) if f.key.lower() in _VERBATIM_FIELDS
                            else decode_latex(str(f.value)))
            for f in entry.fields
        }
        entries[entry.key] = BibEntry(entry.key, entry.entry_type.lower(), fields,
                                      _standalone_bibtex(entry), (entry.start_line or 0) + 1)
    return entries, problems


def load_bib(path: Path, root: Path) -> tuple[dict[str, BibEntry], list[Diagnostic]]:
    shown = display_path(path, root)
    if not path.is_file():
        raise ContentError([Diagnostic(shown, 0, "", "bibliography not found",
                                       "create content/references.bib with one entry per paper")])
    return parse_bib_text(read_text(path, shown), shown)
