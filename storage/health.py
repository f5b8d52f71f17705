"""Per-source health: last poll, last success, last error, consecutive failures, conditional-GET
validators and when to poll next. A failing source backs off exponentially, capped, and is
never given up for good: every wait, a server's Retry-After included, is at most MAX_BACKOFF
(or the source's own interval, if that is longer).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.clock import iso
from bot.model import Source

MAX_BACKOFF = 6 * 3600.0  # seconds: a broken source is still tried four times a day


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
    """Make the sources table know every configured source (health of removed ones is kept)."""
    for source in sources:
        db.execute(
            """INSERT INTO sources (name, kind, url, side) VALUES (?, ?, ?, ?)
               ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url, side = excluded.side""",
            [source.name, str(source.kind), source.url, source.side],
        )


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


def record_ok(
    db: Database,
    source: Source,
    now: datetime,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    backfilled: bool | None = None,
    not_modified: bool = False,
) -> None:
    """A poll that worked (a 304 too). Validators are only replaced when the server sent new ones."""
    db.execute(
        """UPDATE sources SET last_poll = ?, last_success = ?, failures = 0, next_poll = ?,
                  etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),
                  backfilled = COALESCE(?, backfilled)
           WHERE name = ?""",
        [iso(now), iso(now), iso(now + timedelta(seconds=source.every)), etag, last_modified,
         None if backfilled is None else int(backfilled), source.name],
    )  # fmt: skip


def ceiling(every: float) -> float:
    """The longest a source ever waits between tries."""
    return max(MAX_BACKOFF, every)


def backoff(every: float, failures: int) -> float:
    """The wait after `failures` failures in a row: the interval doubled per failure, capped.
    (The exponent is bounded too: months of failures must not overflow a float.)"""
    return min(every * 2.0 ** min(max(failures - 1, 0), 64), ceiling(every))


def record_error(db: Database, source: Source, now: datetime, message: str, retry_after: float | None = None) -> float:
    """A failed poll: keep the message, back off (x2 per failure, capped); return the delay in seconds.

    A server's Retry-After may only lengthen the wait, never shorten our interval, and never
    past the cap: a Retry-After in the year 9999 must not park a source for good.
    """
    row = db.execute("SELECT failures FROM sources WHERE name = ?", [source.name]).fetchone()
    failures = (int(row[0]) if row else 0) + 1
    delay = backoff(source.every, failures)
    if retry_after is not None and math.isfinite(retry_after):
        delay = max(delay, min(retry_after, ceiling(source.every)))
    db.execute(
        """UPDATE sources SET last_poll = ?, last_error = ?, last_error_at = ?, failures = ?, next_poll = ?
           WHERE name = ?""",
        [iso(now), message[:1000], iso(now), failures, iso(now + timedelta(seconds=delay)), source.name],
    )
    return float(delay)
