"""PURE. What one item's reading computes more than once, kept for that item only.

Several steps read the same text of an item: a sentence is tokenised for its reading, again for
its figures and again for their places; a bullet list's header is tokenised and its time cues
read once per bullet; a word's proposition keys are asked for by most steps. `extract` runs in a
memo of its own (`per_item`); a function marked `remembered` computes once per arguments inside
it and afresh outside any, so nothing is kept from one item to the next.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, ParamSpec, Protocol, Self, TypeVar

__all__ = ["per_item", "remembered"]

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound="_Copies")


class _Copies(Protocol):
    def copy(self) -> Self: ...


_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("extract_memo", default=None)


def per_item(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with a memo of its own, dropped when it returns."""

    @functools.wraps(function)
    def in_memo(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _memo.set({})
        try:
            return function(*args, **kwargs)
        finally:
            _memo.reset(token)

    return in_memo


def remembered(function: Callable[P, C]) -> Callable[P, C]:
    """Inside a `per_item` memo, compute `function` once per arguments (which must hash). Each
    call gets a copy of its own (a list, a set), so a caller that changes it changes nothing for
    the next."""

    @functools.wraps(function)
    def recall(*args: P.args, **kwargs: P.kwargs) -> C:
        memo = _memo.get()
        if memo is None:
            return function(*args, **kwargs)
        key = (function, args, tuple(kwargs.items()))
        found = memo.get(key)
        if found is None:
            found = memo[key] = function(*args, **kwargs)
        return found.copy()

    return recall
