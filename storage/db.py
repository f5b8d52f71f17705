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
from urllib.parse import quote

from sqlite_utils import Database

from bot.errors import StorageError
from storage.migrations import SCHEMA_VERSION, migrations

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another to commit


def open_db(path: str | Path, *, migrate: bool = True, readonly: bool = False) -> Database:
    """Connect, set pragmas (WAL, foreign keys, busy timeout) and apply pending migrations.

    `path` may be ":memory:". `readonly` opens an existing file without writing anything to it
    (no folder, no file, no migration): what commands that only read use, so a mistyped path is
    an error rather than a new empty database, and a read-only file can still be queried.
    Raises StorageError for a file that is not a claimwatch database we can use, or one written
    by a newer claimwatch.
    """
    if readonly:
        return _open_readonly(Path(path))
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"{path}: cannot create its folder: {exc.strerror or exc}") from exc
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        _refuse_newer(db, path)
        if migrate and migrations.pending(db):
            # Under the write lock, so two processes opening a new file migrate it once: the
            # second waits, then finds nothing pending (`apply` re-reads what is applied).
            with transaction(db):
                migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path}: cannot use the database: {exc}") from exc
    return db


def _open_readonly(path: Path) -> Database:
    if not path.is_file():
        what = "a folder, not a database file" if path.exists() else "no database here"
        raise StorageError(f"{path}: {what} (check --db or CLAIMWATCH_DB; `claimwatch poll` creates one)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL database needs its -shm file, which a reader without write access to the
            # folder cannot create. With no -wal file there is nothing uncheckpointed to miss,
            # so the file can be read as it stands.
            if Path(f"{path}-wal").exists():
                raise
            conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, isolation_level=None, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        _refuse_newer(db, path)
        applied = schema_version(db)
        if applied == 0:
            raise StorageError(f"{path}: not a claimwatch database (check --db or CLAIMWATCH_DB)")
        if applied < SCHEMA_VERSION:
            raise StorageError(
                f"{path}: written by an older claimwatch (schema {applied} of {SCHEMA_VERSION});"
                " `claimwatch poll` or `claimwatch run` upgrades it"
            )
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path}: cannot read the database: {exc}") from exc
    return db


def _refuse_newer(db: Database, path: str | Path) -> None:
    applied = schema_version(db)
    if applied > SCHEMA_VERSION:
        raise StorageError(
            f"{path}: the database has schema version {applied}, newer than this claimwatch "
            f"understands ({SCHEMA_VERSION}); upgrade claimwatch or use a backup"
        )


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
