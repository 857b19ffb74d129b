"""Turning planned outputs into files in a folder, on every core when there is enough work.

Workers are forked after the outputs are planned, so they inherit the survey, the plan and
the compiled templates instead of receiving them pickled; each renders its share, writes the
bytes straight into the folder and sends back only (site path, digest). Nothing waits in
memory for a final write, which keeps a large build's peak memory to one page per worker.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from site_src.cache import DIGEST_SIZE
from site_src.render import Renderer


class Renderable(Protocol):
    """What rendering needs of a planned output (`views.Output`)."""

    @property
    def path(self) -> str: ...

    @property
    def key(self) -> str: ...

    def chunks(self, render: Callable[[str, Mapping[str, Any], str], Iterable[str]]
               ) -> Iterable[str]: ...

PARALLEL_FROM = 300
"""Below this many outputs, starting workers costs more than it saves."""
_CHUNK = 64

_made: set[Path] = set()
_job: tuple[Sequence[Renderable], Renderer, Path, Mapping[str, tuple[str, str]]] | None = None
"""The work a forked worker inherits; set only while `produce` runs."""


def _target(folder: Path, relative: str) -> Path:
    """The file's path in the staging folder, its directory created once per process."""
    target = folder / relative
    if target.parent not in _made:
        target.parent.mkdir(parents=True, exist_ok=True)
        _made.add(target.parent)
    return target


def write_file(folder: Path, relative: str, content: bytes) -> None:
    """Write into the private staging folder."""
    _target(folder, relative).write_bytes(content)


def _produce_one(index: int) -> tuple[str, tuple[str, str]]:
    """Render one output straight into its file, a block at a time, hashing as it goes; a
    file that turns out to hold the bytes the folder had already is put back as it was."""
    assert _job is not None
    outputs, renderer, folder, held = _job
    output = outputs[index]
    before = held.get(output.path, ("", ""))[1]
    target = _target(folder, output.path)
    written = target.with_name(f".{target.name}.new") if before else target
    hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
    with written.open("wb") as stream:
        for block in _blocks(output.chunks(renderer.render_chunks)):
            hasher.update(block)
            stream.write(block)
    value = hasher.hexdigest()
    if written != target:
        if value == before:
            written.unlink()
        else:
            os.replace(written, target)
    return output.path, (output.key, value)


def _blocks(chunks: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """Join Jinja's many small pieces into blocks of about `size` characters, UTF-8 encoded."""
    pending: list[str] = []
    length = 0
    for chunk in chunks:
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending).encode("utf-8")
            pending, length = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def produce(outputs: Sequence[Renderable], renderer: Renderer, folder: Path,
            held: Mapping[str, tuple[str, str]], jobs: int | None = None,
            meanwhile: Callable[[], None] = lambda: None) -> dict[str, tuple[str, str]]:
    """Render `outputs` and write those whose bytes differ from what `folder` `held`.

    Returns the manifest entries (content key, digest) of the rendered outputs. The parent
    process runs `meanwhile` while the workers render, instead of only waiting for them.
    """
    global _job
    _made.clear()
    jobs = jobs or (os.cpu_count() or 1 if len(outputs) >= PARALLEL_FROM else 1)
    if jobs > 1:
        renderer.compile_all()
    _job = (outputs, renderer, folder, held)
    try:
        if jobs == 1:
            meanwhile()
            return dict(map(_produce_one, range(len(outputs))))
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.imap_unordered(_produce_one, range(len(outputs)), _CHUNK)
            meanwhile()
            return dict(results)
    finally:
        _job = None
