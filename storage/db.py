"""Open the one database file: pragmas, migrations, and a refusal to touch a newer schema;
and `transaction`, the one way to write several rows at once.

Why BEGIN IMMEDIATE: a deferred transaction (sqlite-utils' `db.atomic()`) reads before it
writes, and when another connection commits in between SQLite answers "database is locked" at
once, without waiting out the busy timeout (a deadlock guard). Taking the write lock first
makes a second writer wait for the first instead of failing: two processes on one database
queue rather than crash.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from bot.errors import StorageError
from storage.migrations import SCHEMA_VERSION, migrations

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another to commit


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Connect, set pragmas (WAL, foreign keys, busy timeout) and apply pending migrations.

    `path` may be ":memory:". Raises StorageError for a file that is not a claimwatch
    database we can use, or one written by a newer claimwatch.
    """
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
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
        if migrate and migrations.pending(db):
            # Under the write lock, so two processes opening a new file migrate it once: the
            # second waits, then finds nothing pending (`apply` re-reads what is applied).
            with transaction(db):
                migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path}: cannot use the database: {exc}") from exc
    return db


def schema_version(db: Database) -> int:
    """How many of our migrations a database has had applied (0 for a new file)."""
    return len(migrations.applied(db)) if "_sqlite_migrations" in db.table_names() else 0


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction started with BEGIN IMMEDIATE (waits for the write lock, never BUSY
    mid-way); commits on success, rolls back on any error. Nested, it is a savepoint."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


__all__ = ["BUSY_TIMEOUT", "Database", "open_db", "schema_version", "transaction"]
