"""Open the one database, on either engine, and `transaction`, the one way to write several rows
at once.

    open_db("claimwatch.db")              SQLite: a file (the embedded default)
    open_db("postgresql://host/claims")   PostgreSQL: a server, shared by processes on many machines

Every storage module is written once against `Database` below: `execute` with `?` placeholders,
`executemany`, `transaction`. The SQL is portable where the engines agree (upserts are
`ON CONFLICT`, new ids come back with `RETURNING`); where they do not (the migrations, full-text
search, row locks) the module holds one statement per engine, chosen by `db.engine`. Nothing
else differs: no business logic is written twice.

Errors of either driver come out as `DatabaseError` (a StorageError), a broken unique key as
`IntegrityError`, with the driver's error chained.

SQLite writes take the write lock first (BEGIN IMMEDIATE): a deferred transaction reads before it
writes, and when another connection commits in between SQLite answers "database is locked" at
once, without waiting out the busy timeout. Taking the lock first makes a second writer wait for
the first instead of failing: two processes on one file queue rather than crash. PostgreSQL
locks rows, not the database: writers meet only on the rows they share, and the checks that
make a poll idempotent (a version per (claim, side), unique keys) hold there as they do here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from bot.errors import StorageError

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another to commit (SQLite) or a free connection (PostgreSQL)


class DatabaseError(StorageError):
    """The database failed a statement (connection lost, disk full, a lock not granted in time)."""


class IntegrityError(DatabaseError):
    """A write broke a unique key or a reference: another writer stored the same thing first."""


class Cursor(Protocol):
    """What `execute` returns: rows as tuples, and how many rows a write changed."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Database:
    """One claimwatch database. Use one from one thread at a time (open one per thread)."""

    engine: str  # "sqlite" | "postgresql"
    target: str  # the path, or the URL without its password: for messages

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        """Run one statement; `?` marks each parameter on both engines."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> int:
        """Run one statement once per row of parameters; returns how many rows it changed in all."""
        raise NotImplementedError

    def script(self, sql: str) -> None:
        """Run several statements without parameters (a migration), inside the current transaction."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Database]:
        """A write transaction: commits on success, rolls back on any error; nested, a savepoint."""
        raise NotImplementedError

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    def table_names(self) -> list[str]:
        raise NotImplementedError

    def columns(self, table: str) -> list[str]:
        """A table's stored columns in order (not the computed ones, like PostgreSQL's search vector)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_URL = re.compile(r"^postgres(ql)?://", re.IGNORECASE)


def is_url(target: str | Path) -> bool:
    """Whether `--db` names a PostgreSQL server (a postgresql:// URL) rather than a SQLite file."""
    return bool(_URL.match(str(target)))


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=netloc[0].rsplit(":", 1)[0] + ":***@" + netloc[1]))


def open_db(target: str | Path, *, migrate: bool = True, readonly: bool = False) -> Database:
    """Connect to a SQLite file (a path, or ":memory:") or a PostgreSQL server (a postgresql://
    URL) and apply pending migrations.

    `readonly` opens an existing database without writing anything to it (no folder, no file,
    no migration): what commands that only read use, so a mistyped path is an error rather than
    a new empty database, and a read-only file can still be queried.
    Raises StorageError for a database claimwatch cannot use, or one written by a newer claimwatch.
    """
    if is_url(target):
        from storage import postgres

        return postgres.open_db(str(target), migrate=migrate, readonly=readonly)
    from storage import sqlite

    return sqlite.open_db(target, migrate=migrate, readonly=readonly)


def schema_version(db: Database) -> int:
    """How many of our migrations a database has had applied (0 for a new one)."""
    from storage.migrations import applied

    return len(applied(db))


def check_schema(db: Database, *, readonly: bool) -> None:
    """Refuse a database of a newer claimwatch; opened read-only, refuse an empty or older one too."""
    from storage.migrations import SCHEMA_VERSION

    applied = schema_version(db)
    if applied > SCHEMA_VERSION:
        raise StorageError(
            f"{db.target}: the database has schema version {applied}, newer than this claimwatch "
            f"understands ({SCHEMA_VERSION}); upgrade claimwatch or use a backup"
        )
    if not readonly:
        return
    if applied == 0:
        raise StorageError(f"{db.target}: not a claimwatch database (check --db or CLAIMWATCH_DATABASE)")
    if applied < SCHEMA_VERSION:
        raise StorageError(
            f"{db.target}: written by an older claimwatch (schema {applied} of {SCHEMA_VERSION});"
            " `claimwatch poll` or `claimwatch run` upgrades it"
        )


def migrate_now(db: Database) -> None:
    """Apply pending migrations under the write lock, so processes racing on a new database
    migrate it once: the second waits, then finds nothing pending."""
    from storage.migrations import apply, pending, serialize

    if not pending(db):
        return
    with db.transaction():
        serialize(db)
        apply(db)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction (see the module docstring); nested, it is a savepoint."""
    with db.transaction():
        yield db


def backup(db: Database, path: Path) -> None:
    """An online, consistent copy of a SQLite database into a new file (safe while running)."""
    if db.engine != "sqlite":
        raise StorageError(f"{db.target}: `backup` copies a SQLite file; back a PostgreSQL database up with pg_dump")
    from storage import sqlite

    sqlite.backup(db, path)


__all__ = [
    "BUSY_TIMEOUT",
    "Cursor",
    "Database",
    "DatabaseError",
    "IntegrityError",
    "backup",
    "is_url",
    "open_db",
    "redact",
    "schema_version",
    "transaction",
]
