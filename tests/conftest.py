"""Shared fixtures: a fixed clock, a real SQLite file per test, and `engine_db`: the same test
on a SQLite file and on a PostgreSQL database of a real server (tests/postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from storage.db import Database, open_db
from tests import postgres

# Property tests count cases, not milliseconds: a first example that loads a dictionary or runs on
# a loaded CI machine is no failure (timing belongs in bench/).
settings.register_profile("claimwatch", deadline=None)
settings.load_profile("claimwatch")

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
DATA = Path(__file__).parent / "data"


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "claimwatch.db")
    yield database
    database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh database on each engine; `open_db(db.target)` opens another connection to it."""
    if request.param == "sqlite":
        database = open_db(tmp_path / "claimwatch.db")
        yield database
        database.close()
        return
    pg = postgres.server()
    url = pg.new_database()
    database = open_db(url)
    yield database
    database.close()
    pg.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a database does not exist yet, on each engine: a file path, or the URL of an
    empty PostgreSQL database (no schema)."""
    if request.param == "sqlite":
        yield str(tmp_path / "new.db")
        return
    pg = postgres.server()
    url = pg.new_database(empty=True)
    yield url
    pg.drop_database(url)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    postgres.stop_server()  # never leave a server running


# Fixtures of the stand-in servers, for every test module.
from tests.botapi import bot_api  # noqa: E402, F401
from tests.postgres import postgres_url  # noqa: E402, F401
from tests.servers import feed_server  # noqa: E402, F401
