"""The SQLite engine: one file, WAL, foreign keys, a busy timeout; one connection per Database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote

from bot.errors import StorageError
from storage.db import BUSY_TIMEOUT, Cursor, Database, DatabaseError, IntegrityError, check_schema, migrate_now


def _raise(exc: sqlite3.Error) -> NoReturn:
    if isinstance(exc, sqlite3.IntegrityError):
        raise IntegrityError(str(exc)) from exc
    raise DatabaseError(str(exc)) from exc


class SqliteDatabase(Database):
    engine = "sqlite"

    def __init__(self, conn: sqlite3.Connection, target: str) -> None:
        self.conn = conn
        self.target = target

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            _raise(exc)

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> int:
        try:
            return self.conn.executemany(sql, rows).rowcount
        except sqlite3.Error as exc:
            _raise(exc)

    def script(self, sql: str) -> None:
        """Statement by statement: `executescript` would commit the transaction it runs in."""
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                self.execute(statement)
                statement = ""
        if statement.strip():
            self.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            savepoint = f"s{id(self)}_{self._depth}"
            self._depth += 1
            self.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                self.execute(f"ROLLBACK TO {savepoint}")
                self.execute(f"RELEASE {savepoint}")
                raise
            finally:
                self._depth -= 1
            self.execute(f"RELEASE {savepoint}")
            return
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    _depth = 0

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def table_names(self) -> list[str]:
        return [str(r[0]) for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def columns(self, table: str) -> list[str]:
        return [str(r[1]) for r in self.execute(f"PRAGMA table_info({table})")]

    def close(self) -> None:
        self.conn.close()


def open_db(path: str | Path, *, migrate: bool = True, readonly: bool = False) -> Database:
    if readonly:
        return _open_readonly(Path(path))
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"{path}: cannot create its folder: {exc.strerror or exc}") from exc
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StorageError(f"{path}: cannot use the database: {exc}") from exc
    db = SqliteDatabase(conn, str(path))
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        check_schema(db, readonly=False)
        if migrate:
            migrate_now(db)
    except DatabaseError as exc:
        conn.close()
        raise StorageError(f"{path}: cannot use the database: {exc}") from exc
    except StorageError:
        conn.close()
        raise
    return db


def _open_readonly(path: Path) -> Database:
    if not path.is_file():
        what = "a folder, not a database file" if path.exists() else "no database here"
        raise StorageError(f"{path}: {what} (check --db or CLAIMWATCH_DATABASE; `claimwatch poll` creates one)")
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
        db = SqliteDatabase(conn, str(path))
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        check_schema(db, readonly=True)
    except (sqlite3.DatabaseError, DatabaseError) as exc:
        raise StorageError(f"{path}: cannot read the database: {exc}") from exc
    return db


def backup(db: Database, path: Path) -> None:
    assert isinstance(db, SqliteDatabase)
    try:
        dest = sqlite3.connect(str(path))
        try:
            db.conn.backup(dest)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        path.unlink(missing_ok=True)
        raise StorageError(f"cannot write the backup to {path}: {exc}") from exc
