"""Per-source health: last poll, last success, last error, consecutive failures, conditional-GET
validators and when to poll next (the back-off itself is decided in bot/decide.py).
A source whose url or interval changed starts afresh (`bot.decide.new_start` says so; `start_afresh`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.clock import iso
from bot.intents import HealthUpdate
from bot.model import Source
from storage.db import Database


@dataclass(frozen=True)
class SourceHealth:
    name: str
    kind: str
    url: str
    side: str | None
    last_poll: str | None
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    failures: int
    items: int
    next_poll: str | None
    etag: str | None
    last_modified: str | None
    backfilled: bool

    @property
    def healthy(self) -> bool:
        return self.failures == 0


_COLUMNS = (
    "name, kind, url, side, last_poll, last_success, last_error, last_error_at, failures, items, next_poll,"
    " etag, last_modified, backfilled"
)


def _health(row: tuple[object, ...]) -> SourceHealth:
    values = list(row)
    values[13] = bool(values[13])
    return SourceHealth(*values)  # type: ignore[arg-type]


def sync_sources(db: Database, sources: Iterable[Source]) -> None:
    """Make the sources table know every configured source (health of removed ones is kept).
    Rows already up to date are not written: pollers sync often, and a write locks the row."""
    db.executemany(
        """INSERT INTO sources (name, kind, url, side, every) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url, side = excluded.side,
              every = excluded.every
           WHERE sources.kind != excluded.kind OR sources.url != excluded.url
              OR COALESCE(sources.side, '') != COALESCE(excluded.side, '')
              OR COALESCE(sources.every, -1) != COALESCE(excluded.every, -1)""",
        [(source.name, str(source.kind), source.url, source.side, source.every) for source in sources],
    )


def stored_settings(db: Database, names: Iterable[str]) -> dict[str, tuple[str, float | None]]:
    """The url and interval each source was last synced with (interval None: not recorded yet)."""
    wanted = set(names)
    if not wanted:
        return {}
    if len(wanted) <= 100:  # a poller syncs the one source it polls: read that row, not the table
        marks = ", ".join("?" * len(wanted))
        rows = db.execute(f"SELECT name, url, every FROM sources WHERE name IN ({marks})", sorted(wanted)).fetchall()
    else:
        rows = db.execute("SELECT name, url, every FROM sources").fetchall()
    return {r[0]: (r[1], None if r[2] is None else float(r[2])) for r in rows if r[0] in wanted}


def start_afresh(db: Database, name: str, *, forget_url: bool) -> None:
    """No failures, no back-off; with `forget_url`, nor the old url's error, validators and
    backfill mark either."""
    db.execute("UPDATE sources SET failures = 0, next_poll = NULL WHERE name = ?", [name])
    if forget_url:
        db.execute(
            """UPDATE sources SET last_error = NULL, last_error_at = NULL, etag = NULL, last_modified = NULL,
                      backfilled = 0 WHERE name = ?""",
            [name],
        )


def retry_soon(db: Database, names: Iterable[str]) -> int:
    """Drop the back-off of these failing sources: their next scheduled poll tries them."""
    wanted = list(names)
    if not wanted:
        return 0
    marks = ",".join("?" * len(wanted))
    cursor = db.execute(f"UPDATE sources SET next_poll = NULL WHERE failures > 0 AND name IN ({marks})", wanted)
    return int(cursor.rowcount)


def get(db: Database, name: str) -> SourceHealth | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM sources WHERE name = ?", [name]).fetchone()
    return _health(row) if row else None


def list_health(db: Database, names: Iterable[str] | None = None) -> list[SourceHealth]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM sources ORDER BY name").fetchall()
    health = [_health(r) for r in rows]
    if names is not None:
        wanted = set(names)
        health = [h for h in health if h.name in wanted]
    return health


def record(db: Database, name: str, update: HealthUpdate) -> None:
    """How a poll ended (bot/decide.py says when to poll next). Validators are only replaced
    when the server sent new ones; the last error is kept after a success, for the record."""
    if update.error is None:
        db.execute(
            """UPDATE sources SET last_poll = ?, last_success = ?, failures = 0, next_poll = ?,
                      etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),
                      backfilled = COALESCE(?, backfilled)
               WHERE name = ?""",
            [iso(update.now), iso(update.now), iso(update.next_poll), update.etag, update.last_modified,
             None if update.backfilled is None else int(update.backfilled), name],
        )  # fmt: skip
        return
    db.execute(
        """UPDATE sources SET last_poll = ?, last_error = ?, last_error_at = ?, failures = ?, next_poll = ?
           WHERE name = ?""",
        [iso(update.now), update.error[:1000], iso(update.now), update.failures, iso(update.next_poll), name],
    )


def failing_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM sources WHERE failures > 0").fetchone()[0])
