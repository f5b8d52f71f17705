"""Shared fixtures: a fixed clock and a real SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from storage.db import open_db

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
DATA = Path(__file__).parent / "data"


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "claimwatch.db")
    yield database
    database.conn.close()


# Fixtures of the stand-in servers, for every test module.
from tests.botapi import bot_api  # noqa: E402, F401
from tests.servers import feed_server  # noqa: E402, F401
