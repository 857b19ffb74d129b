"""Turning planned outputs into files in a folder, on every core when there is enough work.

A worker needs the survey, the plan and the templates. Forked workers inherit them from the
parent; spawned ones (macOS and Windows start workers that way) receive the plan's recipe and
make their own copy, the same in every process because planning is deterministic. Each worker
renders its share, writes the bytes straight into the folder and sends back only the site
path, so nothing waits in memory for a final write: a large build's peak memory stays near
one page per worker.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from site_src.render import Renderer

_CHUNK = 64


class Renderable(Protocol):
    """What rendering needs of a planned output (`views.Output`)."""

    @property
    def path(self) -> str: ...

    def chunks(self, render: Callable[[str, Mapping[str, Any], str], Iterable[str]]
               ) -> Iterable[str]: ...


@dataclass(frozen=True)
class Plan:
    """The outputs to render and their renderer, with the recipe that made them.

    `recipe` must be picklable (a module-level function, or a partial of one): a spawned
    worker calls it to plan the same outputs in the same order.
    """

    outputs: Sequence[Renderable]
    renderer: Renderer
    recipe: Callable[[], tuple[Sequence[Renderable], Renderer]]


PARALLEL_FROM = {"fork": 300, "forkserver": 2000, "spawn": 2000}
"""Outputs below which starting workers costs more than it saves, by start method: forked
workers start in milliseconds, spawned ones import the generator and plan the site again."""

_made: set[Path] = set()
_job: tuple[Sequence[Renderable], Renderer, Path] | None = None
"""The work of this process: inherited by a forked worker, made by a spawned one."""


def _target(folder: Path, relative: str) -> Path:
    """The file's path in the folder, its directory created once per process."""
    target = folder / relative
    if target.parent not in _made:
        target.parent.mkdir(parents=True, exist_ok=True)
        _made.add(target.parent)
    return target


def write_file(folder: Path, relative: str, content: bytes) -> None:
    _target(folder, relative).write_bytes(content)


def _start_worker(recipe: Callable[[], tuple[Sequence[Renderable], Renderer]],
                  folder: Path) -> None:
    global _job
    if _job is None:
        outputs, renderer = recipe()
        _job = (outputs, renderer, folder)


def _produce_one(index: int) -> str:
    """Render one output straight into its file, a block at a time."""
    assert _job is not None
    outputs, renderer, folder = _job
    output = outputs[index]
    with _target(folder, output.path).open("wb") as stream:
        for block in _blocks(output.chunks(renderer.render_chunks)):
            stream.write(block)
    return output.path


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


def workers_for(plan: Plan, start_method: str | None = None,
                indices: Sequence[int] | None = None) -> int:
    """How many processes render the plan's outputs (those at `indices`, or all): one per
    core when there is enough work for workers started the `start_method` way."""
    count = len(plan.outputs) if indices is None else len(indices)
    method = multiprocessing.get_context(start_method).get_start_method()
    return os.cpu_count() or 1 if count >= PARALLEL_FROM.get(method, 2000) else 1


def produce(plan: Plan, folder: Path, indices: Sequence[int] | None = None,
            start_method: str | None = None, jobs: int | None = None) -> list[str]:
    """Render the plan's outputs (those at `indices`, or all) into `folder`; their site paths.

    Workers start the platform's way unless `start_method` says otherwise; `jobs` processes
    render, by default `workers_for` the outputs.
    """
    global _job
    chosen = list(range(len(plan.outputs))) if indices is None else list(indices)
    context = multiprocessing.get_context(start_method)
    if jobs is None:
        jobs = workers_for(plan, start_method, chosen)
    _made.clear()
    plan.renderer.forget_rows()
    if jobs > 1 and context.get_start_method() == "fork":
        plan.renderer.compile_all()
    _job = (plan.outputs, plan.renderer, folder)
    try:
        if jobs == 1:
            return [_produce_one(index) for index in chosen]
        with context.Pool(jobs, _start_worker, (plan.recipe, folder)) as pool:
            return sorted(pool.imap_unordered(_produce_one, chosen, _CHUNK))
    finally:
        _job = None
