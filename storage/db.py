"""Open the one database file: pragmas, migrations, and a refusal to touch a newer schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from bot.errors import StorageError
from storage.migrations import SCHEMA_VERSION, migrations


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Connect, set pragmas (WAL, foreign keys, busy timeout) and apply pending migrations.

    `path` may be ":memory:". Raises StorageError for a file that is not a claimwatch
    database we can use, or one written by a newer claimwatch.
    """
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
        db = Database(conn)
        db.execute("PRAGMA busy_timeout = 30000")
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        applied = schema_version(db)
        if applied > SCHEMA_VERSION:
            raise StorageError(
                f"{path}: the database has schema version {applied}, newer than this claimwatch "
                f"understands ({SCHEMA_VERSION}); upgrade claimwatch or use a backup"
            )
        if migrate:
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path}: cannot use the database: {exc}") from exc
    return db


def schema_version(db: Database) -> int:
    """How many of our migrations a database has had applied (0 for a new file)."""
    return len(migrations.applied(db)) if "_sqlite_migrations" in db.table_names() else 0
