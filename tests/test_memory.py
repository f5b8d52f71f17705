"""The allocator cap the command sets at start (bot/memory.py): an operator's setting wins."""

from __future__ import annotations

import platform

import pytest

from bot.memory import limit_arenas


def test_an_operators_malloc_settings_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "1048576")
    assert limit_arenas() is False


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="only glibc has arenas to cap")
def test_the_arenas_are_capped_on_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert limit_arenas() is True
