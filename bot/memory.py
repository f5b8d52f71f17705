"""The process's memory allocator, set once at start (the command line's first act).

glibc's malloc gives each thread that allocates its own arena and keeps what it frees there;
a round's fetching threads each take one, and together they hold more than the Python objects
they ever held at once. And once a large block (a feed's body) is freed, glibc raises the size
from which it maps blocks of their own, so later bodies land in the arenas too and stay there.
Measured on a first round of 400 feeds, whose Python objects were 9 MB at the peak: 84 MB with
the defaults, 73 MB with two arenas, 64 MB with two arenas and blocks of 128 KiB or more mapped
on their own (returned to the system when freed). That is what `MALLOC_ARENA_MAX=2
MALLOC_MMAP_THRESHOLD_=131072` in the environment does; threads wait a little more for the
allocator, and ours mostly wait for the GIL anyway. Elsewhere than glibc there is nothing to set.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

__all__ = ["limit_arenas"]

ARENAS = 2
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept from growing
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
_M_ARENA_MAX = -8


def limit_arenas(arenas: int = ARENAS, mmap_threshold: int = MMAP_THRESHOLD) -> bool:
    """Cap the allocator's arenas (before threads start: existing arenas stay) and fix the size
    from which blocks are mapped on their own. An operator's MALLOC_ARENA_MAX or
    MALLOC_MMAP_THRESHOLD_ wins. Returns whether anything was set here."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to set
        return False
    done = False
    if "MALLOC_ARENA_MAX" not in os.environ:
        done = bool(mallopt(_M_ARENA_MAX, arenas)) or done
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        done = bool(mallopt(_M_MMAP_THRESHOLD, mmap_threshold)) or done
    return done
