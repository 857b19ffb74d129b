"""Counts in words ("1 paper", "3 papers"), the same in pages, charts and their tooltips."""
from __future__ import annotations


def count_of(count: int, noun: str = "paper", plural: str = "") -> str:
    """`count` and `noun`, plural unless the count is one (`plural` for irregular nouns)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
