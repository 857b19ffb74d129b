"""Where the timeline's landmark labels go, so that no two overlap and none covers a bar.

Labels sit in lanes of a band above the tallest bar; the landmarks of one bar form a block of
lines over it, joined to the bar by a vertical leader line. A block sits centred on its bar,
or ends or starts at it, in the lowest lane where it overlaps no other label, preferring
spots that keep leader lines clear of labels and leave other bars uncovered. Everything is
in pixels of an assumed plot width: a wider plot only moves the bars further apart.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GLYPH = 0.68
"""Width of an average bold glyph, in font sizes (generous, so estimates never fall short)."""
PAD = 3.0


def text_width(text: str, size: float) -> float:
    return len(text) * size * GLYPH


@dataclass(frozen=True)
class Block:
    """The labels of one bar: its centre `anchor` (pixels from the plot's left) and lines."""

    anchor: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Placed:
    """A block where it is drawn."""

    block: Block
    centre: float
    """Horizontal centre of the block's lines, in pixels from the plot's left."""
    lane: int
    """Lane of the block's lowest line; lane 0 is the one nearest the bars."""
    span: float
    """Width of the block's longest line, padded."""

    @property
    def lanes(self) -> range:
        return range(self.lane, self.lane + len(self.block.lines))

    @property
    def room(self) -> range:
        """Its lanes and an empty one above, so two blocks never read as one list."""
        return range(self.lane, self.lane + len(self.block.lines) + 1)

    def apart(self, other: Placed) -> bool:
        return (self.centre + self.span / 2 <= other.centre - other.span / 2
                or other.centre + other.span / 2 <= self.centre - self.span / 2)

    def covers(self, x: float) -> bool:
        return abs(x - self.centre) <= self.span / 2

    def alignment(self) -> tuple[str, float]:
        """How to draw the lines: "middle" at the centre, or "end" / "start" at the edge
        nearest the bar, so text narrower than estimated still reaches its leader line."""
        if self.centre < self.block.anchor - PAD:
            return "end", self.centre + self.span / 2 - PAD
        if self.centre > self.block.anchor + PAD:
            return "start", self.centre - self.span / 2 + PAD
        return "middle", self.centre


def place(blocks: Sequence[Block], width: float, size: float, lanes_tried: int = 16
          ) -> list[Placed]:
    """Lanes and centres for `blocks` (in anchor order) in a plot `width` pixels wide: of
    the two orders tried (left to right, right to left), the one whose leader lines cross
    fewer labels, then the one with fewer lanes."""
    results = [_greedy(order, width, size, lanes_tried) for order in (blocks, blocks[::-1])]
    best = min(results, key=lambda placed: (_crossings(placed), top_lane(placed)))
    return sorted(best, key=lambda spot: spot.block.anchor)


def _greedy(blocks: Sequence[Block], width: float, size: float, lanes_tried: int
            ) -> list[Placed]:
    """Each block in turn takes its best spot: covering no other bar's anchor if it can,
    else crossing no leader line, else only overlapping no label; lowest lane first."""
    placed: list[Placed] = []
    for index, block in enumerate(blocks):
        waiting = [other.anchor for other in blocks[index + 1:]]
        span = max(text_width(line, size) for line in block.lines) + 2 * PAD
        options = (block.anchor, block.anchor - span / 2 + 2 * PAD, block.anchor + span / 2 - 2 * PAD)
        trials = [Placed(block, min(max(c, span / 2), width - span / 2), lane, span)
                  for lane in range(lanes_tried) for c in options]
        scored = [(_tier(t, placed, waiting), n, t) for n, t in enumerate(trials)]
        tier, _, choice = min(scored, key=lambda item: item[:2])
        if tier > 2:
            choice = Placed(block, trials[0].centre, top_lane(placed), span)
        placed.append(choice)
    return placed


def _tier(trial: Placed, placed: list[Placed], waiting: list[float]) -> int:
    """0: covers no bar still to be labelled and crosses no leader; 1: crosses no leader;
    2: overlaps no label; 3: overlaps one."""
    tier = 0 if not any(trial.covers(x) for x in waiting) else 1
    for other in placed:
        if set(trial.room) & set(other.room) and not trial.apart(other):
            return 3
        if other.lane > max(trial.lanes) and trial.covers(other.block.anchor):
            tier = 2
        if trial.lane > max(other.lanes) and other.covers(trial.block.anchor):
            tier = 2
    return tier


def _crossings(placed: Sequence[Placed]) -> int:
    """Leader lines that pass behind another block's label."""
    return sum(1 for high in placed for low in placed
               if high.lane > max(low.lanes) and low.covers(high.block.anchor))


def top_lane(placed: Sequence[Placed]) -> int:
    """How many lanes the labels take."""
    return 1 + max((max(p.lanes) for p in placed), default=-1)


def blocks_of(anchors: Sequence[tuple[float, str]]) -> list[Block]:
    """Group (anchor, label) pairs by anchor, in anchor order."""
    grouped: dict[float, list[str]] = {}
    for anchor, label in anchors:
        grouped.setdefault(round(anchor, 1), []).append(label)
    return [Block(anchor, tuple(lines)) for anchor, lines in sorted(grouped.items())]
