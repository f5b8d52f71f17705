"""The process's memory allocator, set once at start (the command line's first act).

glibc's malloc gives each thread that allocates its own arena and keeps what it frees there;
a round's fetching threads each take one, and together they hold more than the Python objects
they ever held at once (measured: a first round of 400 feeds peaked at 84 MB with the default,
74 MB with two arenas, while Python's own objects were 9 MB at the peak). Two arenas is what
`MALLOC_ARENA_MAX=2` in the environment does; threads wait a little more for the allocator,
and ours mostly wait for the GIL anyway. Elsewhere than glibc there is nothing to set.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

__all__ = ["limit_arenas"]

ARENAS = 2
_M_ARENA_MAX = -8  # glibc's malloc.h


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap the allocator's arenas (before threads start: existing arenas stay). An operator's
    MALLOC_ARENA_MAX wins. Returns whether a cap was set here."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to set
        return False
    return bool(mallopt(_M_ARENA_MAX, arenas))
