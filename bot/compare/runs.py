"""Runs of equal states in an ordered history, and which boundaries between them are new.

A history such as R R S S (R = refutes, S = supports) has one boundary, R→S. Statements that
arrive late (an older item fetched today, the same statement carried by a second source) join
the run they fall in, so they never move or repeat a boundary that was already alerted: an
alert is "the same" as a boundary when its before-statement lies in the boundary's first run
or its after-statement in its second.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Boundary(Generic[T]):
    before: T  # the last element of the earlier run
    after: T  # the first element of the later run
    before_run: tuple[T, ...]
    after_run: tuple[T, ...]


def runs(history: Sequence[T], state: Callable[[T], Hashable]) -> list[list[T]]:
    grouped: list[list[T]] = []
    for element in history:
        if grouped and state(grouped[-1][-1]) == state(element):
            grouped[-1].append(element)
        else:
            grouped.append([element])
    return grouped


def boundaries(history: Sequence[T], state: Callable[[T], Hashable]) -> list[Boundary[T]]:
    grouped = runs(history, state)
    return [
        Boundary(before=a[-1], after=b[0], before_run=tuple(a), after_run=tuple(b))
        for a, b in itertools.pairwise(grouped)
    ]


def is_known(
    boundary: Boundary[T], known: Collection[tuple[int | None, int | None]], ident: Callable[[T], int | None]
) -> bool:
    before_ids = {ident(e) for e in boundary.before_run}
    after_ids = {ident(e) for e in boundary.after_run}
    return any(b in before_ids or a in after_ids for b, a in known)
