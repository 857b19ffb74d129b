"""Full-text search: a Pagefind index of the rendered paper pages, added to the site's files.

Runs between render and write, over the rendered bytes, so the index always matches the
pages it describes and lands in `_site/` with the same atomic swap. Pagefind indexes only
pages marked `data-pagefind-body` (the paper pages); its output names are content hashes,
so the same pages give a byte-identical index. Only the search runtime is kept: the site
ships its own small search page script instead of Pagefind's UI bundles.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

FOLDER = "pagefind"
_UI_BUNDLES = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.",
               "pagefind-highlight.")


class SearchIndexError(RuntimeError):
    """Pagefind failed: the build stops rather than publish a site whose search is broken."""


def searchable(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The pages Pagefind indexes: the index depends on these and nothing else."""
    return [(relative, content) for relative, content in files
            if relative.endswith(".html") and b"data-pagefind-body" in content]


def search_files(pages: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Index `pages` (as chosen by `searchable`); return the index as (site path, bytes) pairs."""
    with tempfile.TemporaryDirectory(prefix="survey-search-") as scratch:
        folder, index = Path(scratch) / "pages", Path(scratch) / FOLDER
        for relative, content in pages:
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(index)],
            capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SearchIndexError(f"pagefind failed:\n{result.stdout}{result.stderr}")
        return [(f"{FOLDER}/{path.relative_to(index).as_posix()}", path.read_bytes())
                for path in sorted(index.rglob("*"))
                if path.is_file() and not path.name.startswith(_UI_BUNDLES)]
