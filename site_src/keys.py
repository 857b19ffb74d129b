"""Content keys of planned outputs: a digest of everything a page shows.

Equal keys mean equal bytes, which is what lets the preview skip re-rendering a page; a
build never asks for them.
"""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cached_property, partial
from typing import TypeVar

from site_src.memo import Memo, recall
from site_src.model import Paper, Survey

T = TypeVar("T")
Lazy = Callable[[], T]
"""Work deferred until it is needed: outputs the preview skips never pay for it."""


def digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def _pickled_digest(value: object) -> str:
    return digest(pickle.dumps(value))


def _listed_digest(paper: Paper) -> str:
    """What a list shows of a paper: its record without the text only its own page shows."""
    return _pickled_digest(replace(paper, description="", bibtex="", links=()))


class Keys:
    """Content keys of outputs: a digest of the shared inputs plus what one page shows.

    `shared` covers what every page may show (configuration, taxonomy, prose pages, the
    paper count, templates and generator code via `inputs`); each paper adds the digest of
    its whole record, so a paper page's key changes exactly when it does. Lists of papers
    show neither descriptions, BibTeX nor extra links: their keys use `listed`, which leaves
    those out, so editing a paper's text re-renders its own page but no list.
    """

    def __init__(self, survey: Survey, inputs: str, memo: Memo | None) -> None:
        self.survey, self.inputs, self.memo = survey, inputs, memo
        self._whole: dict[str, str] = {}
        self._listed: dict[str, str] = {}

    @cached_property
    def shared(self) -> str:
        survey = self.survey
        return digest(pickle.dumps((self.inputs, survey.config, survey.taxonomy, survey.pages,
                                    survey.charts, survey.fields, survey.labels,
                                    len(survey.papers))))

    def whole(self, paper: Paper) -> str:
        return self._digest(self._whole, "whole", paper, _pickled_digest)

    def listed(self, paper: Paper) -> str:
        return self._digest(self._listed, "listed", paper, _listed_digest)

    def _digest(self, known: dict[str, str], step: str, paper: Paper,
                make: Callable[[Paper], str]) -> str:
        """Once per paper in a planning; in the preview, once per version of the paper."""
        found = known.get(paper.key)
        if found is None:
            found = known[paper.key] = recall(self.memo, step, paper.key, (paper,),
                                              partial(make, paper))
        return found

    def of(self, papers: Iterable[Paper], *extra: object) -> str:
        """Key of a page listing `papers`."""
        parts = [self.shared, *(self.listed(p) for p in papers), repr(extra)]
        return digest("\0".join(parts).encode())

    def page(self, paper: Paper, related: Lazy[Iterable[Paper]]) -> str:
        return digest("\0".join([self.whole(paper), self.of(related())]).encode())

    def everything(self) -> str:
        return self.of(self.survey.papers)

    def with_records(self, papers: Iterable[Paper], listed: Iterable[Paper] = ()) -> str:
        """Key of an output showing the whole records of `papers`."""
        return self.of(listed, [self.whole(p) for p in papers])

    def of_paper(self, paper: Paper) -> str:
        return self.whole(paper)
