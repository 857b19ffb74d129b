"""Reading one large input in a second process while this one reads the rest.

The bibliography is one file that only bibtexparser reads, and it does not depend on the
paper files: at 10,000 papers parsing it takes about a second, as long as reading the papers.
Parsed in a second process it costs the build only the time to send the entries back (a
tenth of the parse). A small file is parsed in this process: starting a process would cost
more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

WORTH_FROM = {"fork": 256 * 1024}
"""Input bytes from which a second process pays, by start method (about 800 BibTeX entries
under fork, 0.07 s of parsing). A spawned or forkserver process imports the generator and its
libraries first (about 0.3 s), which no bibliography of a survey's size repays."""


@contextmanager
def meanwhile(work: Callable[[], T], size: int,
              start_method: str | None = None) -> Iterator[Callable[[], T]]:
    """`work` started in a second process when `size` bytes of input make that pay; inside
    the block, call what this gives for its value (raising what `work` raised).

    `work` must pickle (a module-level function or a partial of one). Without a second core,
    or for a small input, it runs in this process when its value is first asked for.
    """
    context = multiprocessing.get_context(start_method)
    threshold = WORTH_FROM.get(context.get_start_method())
    if threshold is None or size < threshold or (os.cpu_count() or 1) < 2:
        yield work
        return
    with context.Pool(1) as pool:
        pending = pool.apply_async(work)
        yield pending.get
