"""Copy one claimwatch database into another: `claimwatch migrate`, for moving a deployment
from its SQLite file to a PostgreSQL server (or back, or to another server).

Everything is copied (sources and their health, items, revisions, statements, the figure
index, alerts, subscribers, subscriptions, mutes, deliveries, what admins added from chat, the
id sequences and settings) in one transaction on the target: a copy that fails (a full disk, a
target that holds other data under the same keys) leaves the target as it was. Rows keep their
ids. A row the target already has is written again only if it differs, so running the copy a
second time writes nothing, and running it after the source moved on brings the target up to
date. A target that holds anything else (another deployment's data, or rows written there
since the last copy) is refused before anything is written: a copy never mixes two histories.
The full-text index is the target's own (FTS5 triggers, or PostgreSQL's generated
tsvector) and fills itself. Pollers' heartbeats are not copied: they belong to the processes
running on the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import StorageError
from storage.db import Database, transaction
from storage.migrations import SCHEMA_VERSION, applied, identity

# Parents before children (the foreign keys), each with its primary key.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("name",)),
    ("items", ("id",)),
    ("revisions", ("id",)),
    ("statements", ("id",)),
    ("figure_series", ("statement_id", "series")),
    ("claim_pairs", ("claim", "side")),
    ("sequences", ("name",)),
    ("alerts", ("id",)),
    ("subscribers", ("chat_id", "thread_id")),
    ("subscriptions", ("chat_id", "thread_id", "claim")),
    ("source_mutes", ("chat_id", "thread_id", "source")),
    ("deliveries", ("alert_id", "chat_id", "thread_id")),
    ("tracked_claims", ("id",)),
    ("chat_sources", ("name",)),
    ("meta", ("key",)),
)
BATCH = 2000  # rows sent at once


@dataclass(frozen=True)
class Copied:
    table: str
    written: int  # rows inserted, or updated because they differed
    source: int  # rows in the source
    target: int  # rows in the target after the copy

    @property
    def verified(self) -> bool:
        return self.source == self.target


class CannotCopy(StorageError):
    """The two databases cannot be copied one into the other; nothing was written."""


MARK = "migrated_from"  # meta key: the source a target was copied from (its identity)


def _upsert(db: Database, table: str, columns: list[str], key: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    rest = [c for c in columns if c not in key]
    if not rest:
        return f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({', '.join(key)}) DO NOTHING"
    if db.engine == "postgresql":
        changed = (
            f"({', '.join(f'{table}.{c}' for c in rest)}) IS DISTINCT FROM ({', '.join(f'excluded.{c}' for c in rest)})"
        )
    else:
        changed = " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in rest)
    return (
        f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in rest)
        + f" WHERE {changed}"
    )


def count(db: Database, table: str) -> int:
    """Rows of a table, as the copy verifies them (a target's note of its source not counted)."""
    mine = f" WHERE key != '{MARK}'" if table == "meta" else ""
    return int(db.execute(f"SELECT COUNT(*) FROM {table}{mine}").fetchone()[0])


def _refuse_other_data(source: Database, target: Database) -> None:
    held = {t: count(target, t) for t, _ in TABLES}
    if not any(n for t, n in held.items() if t not in ("meta", "sequences")):
        return  # an empty target: a first copy
    row = target.execute("SELECT value FROM meta WHERE key = ?", [MARK]).fetchone()
    if row is None or row[0] != identity(source):
        raise CannotCopy(
            f"{target.target} holds other data, not a copy of {source.target}: copy into a new, empty database"
        )
    grown = [t for t, n in held.items() if n > count(source, t)]
    if grown:
        raise CannotCopy(
            f"{target.target} has rows {source.target} does not ({', '.join(grown)}): it was written to after the"
            " last copy; copying again would mix the two"
        )


def copy_all(source: Database, target: Database, on_table: Callable[[Copied], None] | None = None) -> list[Copied]:
    """Copy every table of `source` into `target` (both at this claimwatch's schema) in one
    transaction on the target, then count the rows of each table on both sides."""
    for db in (source, target):
        if len(applied(db)) != SCHEMA_VERSION:
            raise CannotCopy(
                f"{db.target}: schema {len(applied(db))}, this claimwatch copies schema {SCHEMA_VERSION}; open it with"
                " this claimwatch first (`claimwatch poll` upgrades it)"
            )
    written: dict[str, int] = {}
    with transaction(target):
        _refuse_other_data(source, target)
        for table, key in TABLES:
            wanted = set(target.columns(table))
            columns = [c for c in source.columns(table) if c in wanted]
            sql = _upsert(target, table, columns, key)
            changed = 0
            batch: list[tuple[object, ...]] = []
            mine = f" WHERE key != '{MARK}'" if table == "meta" else ""  # the source's own provenance stays there
            for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}{mine}"):
                batch.append(tuple(row))
                if len(batch) >= BATCH:
                    changed += target.executemany(sql, batch)
                    batch = []
            changed += target.executemany(sql, batch)
            written[table] = changed
        target.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [MARK, identity(source)],
        )
        if target.engine == "postgresql":  # alerts take their ids from an identity: past the copied ones
            target.execute(
                "SELECT setval(pg_get_serial_sequence('alerts', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM alerts),"
                " false)"
            )
    results = []
    for table, _ in TABLES:
        done = Copied(table, written[table], count(source, table), count(target, table))
        results.append(done)
        if on_table is not None:
            on_table(done)
    return results
