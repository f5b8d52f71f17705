"""Ids handed out ahead of the write, as a database sequence does: a poll decides with the ids
its rows will have, then writes them in one transaction. A crash between the two leaves a gap
in the ids, never a clash: every hand-out is committed before anyone uses it.
"""

from __future__ import annotations

from collections.abc import Mapping

from storage.db import Database, transaction

TABLES = ("items", "revisions", "statements")


def reserve(db: Database, counts: Mapping[str, int]) -> dict[str, int]:
    """Hand out `counts[table]` consecutive ids per table; returns the first of each."""
    first: dict[str, int] = {}
    with transaction(db):
        for table, count in counts.items():
            if table not in TABLES:
                raise ValueError(f"no id sequence for {table!r}")
            # Rows written without the sequence (older versions, bulk loads) are skipped over.
            top = int(db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])
            # One statement reads and moves the counter: on PostgreSQL two processes reserving
            # at once queue on the row here instead of both reading the same `next`.
            (after,) = db.execute(
                """INSERT INTO sequences (name, next) VALUES (?, ?) ON CONFLICT (name) DO UPDATE
                   SET next = CASE WHEN sequences.next > ? THEN sequences.next ELSE ? END + ? RETURNING next""",
                [table, top + count, top, top, count],
            ).fetchone()
            first[table] = int(after) - count
    return first
