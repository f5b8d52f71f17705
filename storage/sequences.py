"""Ids handed out ahead of the write, as a database sequence does: a poll decides with the ids
its rows will have, then writes them in one transaction. A crash between the two leaves a gap
in the ids, never a clash: every hand-out is committed before anyone uses it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlite_utils import Database

from storage.db import transaction

TABLES = ("items", "revisions", "statements")


def reserve(db: Database, counts: Mapping[str, int]) -> dict[str, int]:
    """Hand out `counts[table]` consecutive ids per table; returns the first of each."""
    first: dict[str, int] = {}
    with transaction(db):
        for table, count in counts.items():
            if table not in TABLES:
                raise ValueError(f"no id sequence for {table!r}")
            row = db.execute("SELECT next FROM sequences WHERE name = ?", [table]).fetchone()
            # Rows written without the sequence (older versions, bulk loads) are skipped over.
            top = int(db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])
            start = max(int(row[0]) if row else 1, top)
            db.execute(
                "INSERT INTO sequences (name, next) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET next = excluded.next",
                [table, start + count],
            )
            first[table] = start
    return first
