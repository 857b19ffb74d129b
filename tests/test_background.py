"""Work in a forked second process gives what it would give here: its value, its error, or a
clear error when the process dies; without fork it runs in this process."""
from __future__ import annotations

import multiprocessing
import os

import pytest

from site_src.background import meanwhile
from site_src.diagnostics import ContentError, Diagnostic

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="a second process is used only where workers fork")


def _pid() -> int:
    return os.getpid()


def _content_error() -> int:
    raise ContentError([Diagnostic("content/references.bib", 3, "key", "broken", "fix it")])


def _dies() -> int:
    os._exit(3)


@needs_fork
def test_the_work_runs_in_another_process_and_its_value_comes_back() -> None:
    with meanwhile(_pid, worth_it=True, start_method="fork") as result:
        assert result() != os.getpid()


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_small_work_or_spawned_workers_stay_in_this_process(start_method: str) -> None:
    if start_method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start_method} start method here")
    worth_it = start_method == "spawn"  # spawn never pays: the generator would import again
    with meanwhile(_pid, worth_it=worth_it, start_method=start_method) as result:
        assert result() == os.getpid()


@needs_fork
def test_an_error_in_the_other_process_is_raised_here_whole() -> None:
    with (meanwhile(_content_error, worth_it=True, start_method="fork") as result,
          pytest.raises(ContentError) as caught):
        result()
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.line, diagnostic.message) == (
        "content/references.bib", 3, "broken")


@needs_fork
def test_a_process_that_dies_is_an_error_not_a_hang() -> None:
    with (meanwhile(_dies, worth_it=True, start_method="fork") as result,
          pytest.raises(RuntimeError, match="exit code 3")):
        result()
