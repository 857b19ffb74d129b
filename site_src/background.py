"""Work that runs in a forked second process while this one goes on.

Two parts of a build depend on nothing the rest of it makes: parsing the bibliography (one
file, about a second at 10,000 papers, as long as reading the paper files) and the search
index with the static assets (made while the pages render). On two cores a second process
takes them off the critical path; it costs only the fork and sending the result back.

Only forked processes are used: they inherit `work` as it is, so it need not pickle. A
spawned process would import the generator first (about 0.3 s), which these parts never
repay, so where workers spawn (macOS, Windows) the work runs in this process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")


def _run(work: Callable[[], Any], results: Connection) -> None:
    """In the child: the value of `work`, or what it raised, sent back to the parent."""
    try:
        results.send((True, work()))
    except BaseException as error:
        results.send((False, error))
    finally:
        results.close()


@contextmanager
def meanwhile(work: Callable[[], T], worth_it: bool,
              start_method: str | None = None) -> Iterator[Callable[[], T]]:
    """`work` started in a forked second process when `worth_it`; inside the block, call
    what this gives for its value (raising what `work` raised).

    Without fork or a second core, or when not `worth_it`, `work` runs in this process when
    its value is first asked for.
    """
    method = multiprocessing.get_context(start_method).get_start_method()
    if not worth_it or method != "fork" or (os.cpu_count() or 1) < 2:
        yield work
        return
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    child = fork.Process(target=_run, args=(work, sending), daemon=True)
    child.start()
    sending.close()

    def result() -> T:
        try:
            succeeded, value = receiving.recv()
        except EOFError:
            child.join()
            raise RuntimeError(f"a build process ended without a result "
                               f"(exit code {child.exitcode})") from None
        if not succeeded:
            raise value
        return value  # type: ignore[no-any-return]

    try:
        yield result
    finally:
        receiving.close()
        if child.is_alive():
            child.terminate()
        child.join()
