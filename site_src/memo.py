"""What the live preview remembers between rebuilds, so an edit costs what it touches.

Two kinds of memory, both owned by `serve` and empty in `build` (a build is always complete):

- `files`: what each content file (or folder of files) gave when read, by path; whoever
  sees a file change forgets its entry (`forget`);
- per-item results of pure steps (validating a paper, its content digest, its search terms),
  kept by the *identity* of their inputs. Unchanged files give the very same objects on the
  next rebuild, so a step whose inputs are all the same objects returns its last result
  without comparing anything; a changed input is a new object and is computed afresh.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self.files: dict[str, Any] = {}
        self._results: dict[tuple[str, Hashable], tuple[tuple[object, ...], Any]] = {}

    def forget(self, paths: list[str]) -> None:
        """Forget what changed files gave. A file that is new, gone, or read as part of its
        folder (prose pages, tables, the list of paper files) also forgets its folder."""
        for path in paths:
            if self.files.pop(path, None) is None or not os.path.exists(path):
                self.files.pop(os.path.dirname(path), None)

    def __call__(self, step: str, item: Hashable, inputs: tuple[object, ...],
                 compute: Callable[[], T]) -> T:
        """`compute()`, or what it gave last time for `item` if `inputs` are the same objects.

        Keeping the inputs alive with the result is what makes identity safe: an object
        cannot be freed and its id reused while its entry holds it."""
        known = self._results.get((step, item))
        if known is not None and len(known[0]) == len(inputs) \
                and all(old is new for old, new in zip(known[0], inputs, strict=True)):
            result: T = known[1]
            return result
        result = compute()
        self._results[(step, item)] = (inputs, result)
        return result


def recall(memo: Memo | None, step: str, item: Hashable, inputs: tuple[object, ...],
           compute: Callable[[], T]) -> T:
    """`compute()` through `memo` when the preview gives one; a build computes everything."""
    return compute() if memo is None else memo(step, item, inputs, compute)
