"""Writing the site: build into a sibling folder, then swap it in atomically.

A failed or killed build leaves the previous `_site/` untouched; readers of the old
folder never see a half-written site. The site replaced by a swap stays beside it as the
spare (`.site-spare/`), which the next build updates instead of writing every file anew.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from site_src.cache import digest
from site_src.produce import Renderable, produce, write_file
from site_src.project import Project
from site_src.render import Renderer
from site_src.report import Report

Identity = tuple[int, int]
"""(device, inode) of a folder."""
Manifest = dict[str, tuple[str, str]]
"""What a site folder holds: site path -> (content key or '', digest of the bytes)."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with renameat2(RENAME_EXCHANGE); False if unsupported."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


@dataclass
class Staging:
    """A private folder the next site is written into, and what it holds already.

    It is either fresh and empty, or the spare: the site published before the current one,
    kept beside it so that a build rewrites only the files that differ.
    """

    folder: Path
    manifest: Manifest
    reused: Identity | None
    """The spare's identity when reused: its manifest is void from the first write on."""
    replaced: Identity = (0, 0)
    """Set after the swap: the identity of the site that is now the spare."""


def identity(folder: Path) -> Identity:
    """Which folder a path is now; every swap gives the site path another folder."""
    try:
        info = folder.stat()
    except FileNotFoundError:
        return (0, 0)
    return (info.st_dev, info.st_ino)


def spare_folder(destination: Path) -> Path:
    return destination.with_name(f".{_stem(destination)}-spare")


def _stem(destination: Path) -> str:
    return destination.name.lstrip("_.") or "site"


@contextmanager
def staging(destination: Path, known: Mapping[Identity, Manifest],
            forget: Callable[[Identity], None]) -> Iterator[Staging]:
    """Yield a folder to write the next site into, then swap it in place of `destination`.

    `forget` is called with the spare's identity before the spare is touched, so that the
    caller stops trusting its manifest even if this build is killed.

    The folder is renamed to a `.<site>-tmp-*` name while it is written, so a build killed
    halfway leaves a temporary folder the next build deletes, never a half-updated spare.
    On error the folder is removed and `destination` is untouched.
    """
    parent = destination.parent
    parent.mkdir(parents=True, exist_ok=True)
    for leftover in parent.glob(f".{_stem(destination)}-tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{_stem(destination)}-tmp-", dir=parent))
    spare = spare_folder(destination)
    reused = identity(spare) if spare.is_dir() else None
    if reused is not None and reused in known:
        stage = Staging(folder, dict(known[reused]), reused)
        forget(reused)
        os.rename(spare, folder)  # replaces the empty folder just made
    else:
        shutil.rmtree(spare, ignore_errors=True)
        stage = Staging(folder, {}, None)
    try:
        yield stage
        folder.chmod(0o755)
        stage.replaced = identity(destination)
        if destination.exists() and _exchange(folder, destination):
            os.rename(folder, spare)
        else:
            if destination.exists():
                os.rename(destination, spare)
            os.rename(folder, destination)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def remove_stale(folder: Path, stale: Iterable[str]) -> None:
    """Delete files the new site no longer has, and folders they leave empty."""
    for relative in stale:
        path = folder / relative
        path.unlink(missing_ok=True)
        for parent in path.parents:
            if parent == folder or any(parent.iterdir()):
                break
            parent.rmdir()


def changed_paths(manifest: Manifest, published: Manifest | None, before: Path) -> list[str]:
    """Site paths whose bytes differ from the site published before (what `serve` reports).

    `published` is that site's manifest when known; otherwise its files, now in the folder
    `before`, are read.
    """
    if published is not None:
        return sorted(path for path, (_key, value) in manifest.items()
                      if published.get(path, ("", ""))[1] != value)

    def unchanged(relative: str, value: str) -> bool:
        path = before / relative
        return path.is_file() and digest(path.read_bytes()) == value
    return sorted(path for path, (_key, value) in manifest.items()
                  if not unchanged(path, value))


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write only when the bytes differ, so unchanged files keep their modification time."""
    if path.is_file() and path.read_bytes() == content:
        return False
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True


def write_readme(project: Project, readme: str, figures: Mapping[str, str]) -> None:
    """README.md and its figures, each file rewritten only when its bytes change."""
    write_if_changed(project.readme, readme.encode("utf-8"))
    if figures:
        project.figures.mkdir(parents=True, exist_ok=True)
    for name, svg in figures.items():
        write_if_changed(project.figures / name, svg.encode("utf-8"))


def write_site(outputs: Sequence[Renderable], extra: Callable[[], list[tuple[str, bytes]]],
                renderer: Renderer, site: Path, published: Manifest, stage: Staging,
                report: Report) -> Manifest:
    """Bring the staging folder to the new site; the new site's manifest.

    An output whose content key matches the published site's is not rendered: its bytes
    are the published file's, copied only if the staging folder holds other bytes. `extra`
    gives the files that are not planned outputs (assets, search index); it runs while the
    render workers do.
    """
    manifest: Manifest = {}
    to_render = []
    for output in outputs:
        entry = published.get(output.path)
        if output.key and entry and entry[0] == output.key:
            manifest[output.path] = entry
            if stage.manifest.get(output.path) != entry:
                write_file(stage.folder, output.path, (site / output.path).read_bytes())
        else:
            to_render.append(output)

    def place_extra() -> None:
        with report.stage("search"):
            for relative, content in extra():
                value = digest(content)
                if stage.manifest.get(relative, ("", ""))[1] != value:
                    write_file(stage.folder, relative, content)
                manifest[relative] = ("", value)

    with report.stage("render"):
        manifest.update(produce(to_render, renderer, stage.folder, stage.manifest,
                                meanwhile=place_extra))
    remove_stale(stage.folder, stage.manifest.keys() - manifest.keys())
    return manifest
