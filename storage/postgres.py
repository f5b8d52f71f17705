"""The PostgreSQL engine: psycopg 3 with its connection pool.

One pool per server URL and process, shared by every `Database` opened on it (a thread each,
as with SQLite). Outside a transaction each statement borrows a connection for just that
statement, in autocommit; a transaction keeps one connection from BEGIN to COMMIT. So a
process holds only the connections it is using, and a connection that broke (the server
restarted, a network blip) is dropped by the pool and replaced on the next statement, instead
of failing every later statement of a thread that held it.

Statements are written once with `?` placeholders (storage/db.py); here they become psycopg's
`%s` (a literal `%` doubled), translated once per statement text.
"""

from __future__ import annotations

import atexit
import functools
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import psycopg
import psycopg.errors
from psycopg_pool import ConnectionPool

from bot.errors import StaleRead, StorageError
from storage.db import BUSY_TIMEOUT, Cursor, Database, DatabaseError, IntegrityError, check_schema, migrate_now, redact

POOL_SIZE = 16  # connections per process at most (env CLAIMWATCH_DB_POOL_SIZE)
CONNECT_TIMEOUT = 10  # seconds to reach the server when opening


@functools.lru_cache(maxsize=4096)
def _translate(sql: str) -> str:
    """`?` → `%s` and `%` → `%%`, outside quoted strings and names."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote is not None:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class _Rows:
    """A statement's result, read whole before its connection went back to the pool."""

    __slots__ = ("_at", "_rows", "rowcount")

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self._at = 0
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list[Any]:
        rest = self._rows[self._at :]
        self._at = len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


def _raise(exc: psycopg.Error) -> NoReturn:
    if isinstance(exc, psycopg.IntegrityError):
        raise IntegrityError(str(exc).strip()) from exc
    if (exc.sqlstate or "").startswith("40"):
        # Class 40, transaction rollback (a deadlock, a serialization failure; psycopg's
        # DeadlockDetected is not a TransactionRollback): the server undid the transaction;
        # deciding and writing again is the cure, as for any other stale read.
        raise StaleRead(f"the database undid a transaction: {str(exc).strip()}") from exc
    raise DatabaseError(str(exc).strip() or type(exc).__name__) from exc


def _params(params: Sequence[object]) -> tuple[object, ...]:
    """PostgreSQL text cannot hold a NUL character (SQLite's can): a feed that carries one
    must not fail every poll of its source, so NULs are dropped; they mean nothing in text."""
    return tuple(p.replace("\x00", "") if isinstance(p, str) and "\x00" in p else p for p in params)


def _run(conn: psycopg.Connection[Any], sql: str, params: Sequence[object]) -> _Rows:
    cur = conn.execute(_translate(sql), _params(params))
    return _Rows(cur.fetchall() if cur.description is not None else [], cur.rowcount)


def _many(conn: psycopg.Connection[Any], sql: str, batch: list[tuple[object, ...]]) -> int:
    cursor = conn.cursor()
    cursor.executemany(_translate(sql), batch)
    return max(0, int(cursor.rowcount))


class PostgresDatabase(Database):
    engine = "postgresql"

    def __init__(self, pool: ConnectionPool[Any], target: str) -> None:
        self._pool = pool
        self.target = target
        self._conn: psycopg.Connection[Any] | None = None  # held from BEGIN to COMMIT

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        try:
            if self._conn is not None:
                return _run(self._conn, sql, params)
            with self._pool.connection() as conn:
                return _run(conn, sql, params)
        except psycopg.Error as exc:
            _raise(exc)

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> int:
        batch = [_params(r) for r in rows]
        if not batch:
            return 0
        try:
            if self._conn is not None:
                return _many(self._conn, sql, batch)
            with self._pool.connection() as conn:
                return _many(conn, sql, batch)
        except psycopg.Error as exc:
            _raise(exc)

    def script(self, sql: str) -> None:
        try:
            if self._conn is not None:
                self._conn.execute(sql.encode())  # no parameters: several statements at once
                return
            with self._pool.connection() as conn:
                conn.execute(sql.encode())
        except psycopg.Error as exc:
            _raise(exc)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        try:
            if self._conn is not None:
                with self._conn.transaction():  # a savepoint
                    yield self
                return
            with self._pool.connection() as conn:
                self._conn = conn
                try:
                    with conn.transaction():
                        yield self
                finally:
                    self._conn = None
        except psycopg.Error as exc:  # the COMMIT itself failed, or the connection did
            _raise(exc)

    @property
    def in_transaction(self) -> bool:
        return self._conn is not None

    def table_names(self) -> list[str]:
        return [
            str(r[0])
            for r in self.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                " ORDER BY table_name"
            )
        ]

    def columns(self, table: str) -> list[str]:
        return [
            str(r[0])
            for r in self.execute(
                """SELECT column_name FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
                   ORDER BY ordinal_position""",
                [table],
            )
        ]

    def close(self) -> None:
        """Nothing to give back: connections return to the process's pool after each use."""


_pools: dict[tuple[str, bool], ConnectionPool[Any]] = {}
_pools_lock = threading.Lock()


def _pool(url: str, readonly: bool) -> ConnectionPool[Any]:
    with _pools_lock:
        pool = _pools.get((url, readonly))
        if pool is not None:
            return pool
        options = {"autocommit": True, "application_name": "claimwatch"}
        if readonly:
            options["options"] = "-c default_transaction_read_only=on"
        try:  # one plain connection first: a wrong password or host is one clear line, at once
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, **options).close()  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise StorageError(f"{redact(url)}: cannot connect: {str(exc).strip()}") from exc
        size = _pool_size()
        pool = ConnectionPool(
            url,
            min_size=1,
            max_size=size,
            kwargs={**options, "connect_timeout": CONNECT_TIMEOUT},
            timeout=BUSY_TIMEOUT,
            name=f"claimwatch{'-ro' if readonly else ''}",
            open=True,
        )
        _pools[(url, readonly)] = pool
        return pool


def _pool_size() -> int:
    raw = os.environ.get("CLAIMWATCH_DB_POOL_SIZE", "").strip()
    try:
        return max(2, int(raw)) if raw else POOL_SIZE
    except ValueError:
        raise StorageError(f"CLAIMWATCH_DB_POOL_SIZE: {raw!r} is not a number of connections") from None


def close_pools(url: str | None = None) -> None:
    """Close the pools (of one URL, or all): their connections end."""
    with _pools_lock:
        for key in [k for k in _pools if url is None or k[0] == url]:
            _pools.pop(key).close()


atexit.register(close_pools)


def open_db(url: str, *, migrate: bool = True, readonly: bool = False) -> Database:
    db = PostgresDatabase(_pool(url, readonly), redact(url))
    try:
        check_schema(db, readonly=readonly)
        if migrate and not readonly:
            migrate_now(db)
    except DatabaseError as exc:
        raise StorageError(f"{db.target}: cannot use the database: {exc}") from exc
    return db
