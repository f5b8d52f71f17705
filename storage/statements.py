"""Statements: who said what about which claim, per item revision.

A statement belongs to one revision. When an item gets a new revision, the statements of the
older ones stop being `current`: a side's history is what its items say now.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from bot.clock import iso, parse_iso
from bot.model import Figure, Stance, Statement

_COLUMNS = "id, claim, side, stance, quote, figures, source, url, published, item_id, revision_id"


@dataclass(frozen=True)
class SideState:
    """A side's current word on a claim: its latest non-neutral stance and latest figures."""

    side: str
    stance: str
    published: str | None
    url: str | None
    quote: str
    figures: list[dict[str, object]] = field(default_factory=list)  # {"counted", "value", "published"}
    statements: int = 0


def _from_row(row: Sequence[object]) -> Statement:
    raw = str(row[5])
    figures = tuple(
        Figure(float(f["value"]), str(f["counted"]), str(f.get("text", "")))
        for f in (json.loads(raw) if raw != "[]" else ())
    )
    published = row[8]
    return Statement(
        id=int(row[0]),  # type: ignore[call-overload]
        claim=str(row[1]),
        side=str(row[2]),
        stance=Stance(str(row[3])),
        quote=str(row[4]),
        figures=figures,
        source=str(row[6]),
        url=row[7] if isinstance(row[7], str) else None,
        published=parse_iso(published) if isinstance(published, str) else None,
        item_id=int(row[9]),  # type: ignore[call-overload]
        revision_id=int(row[10]),  # type: ignore[call-overload]
    )


def add(db: Database, statements: Iterable[Statement], now: datetime) -> list[Statement]:
    """Store statements (idempotent per revision, claim and side); return them with ids."""
    stored: list[Statement] = []
    for s in statements:
        if s.revision_id is None or s.item_id is None:
            raise ValueError("a statement must come from a stored revision")
        figures = json.dumps([{"value": f.value, "counted": f.counted, "text": f.text} for f in s.figures])
        db.execute(
            """INSERT OR IGNORE INTO statements (revision_id, item_id, source, claim, side, stance, quote, figures,
                                                 url, published, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [s.revision_id, s.item_id, s.source, s.claim, s.side, str(s.stance), s.quote, figures, s.url,
             iso(s.published) if s.published else None, iso(now)],
        )  # fmt: skip
        row = db.execute(
            f"SELECT {_COLUMNS} FROM statements WHERE revision_id = ? AND claim = ? AND side = ?",
            [s.revision_id, s.claim, s.side],
        ).fetchone()
        stored.append(_from_row(row))
    return stored


def retire_item(db: Database, item_id: int, revision_id: int) -> set[tuple[str, str]]:
    """An item has a new revision: its older revisions' statements stop counting.

    Returns the (claim, side) pairs whose history that changed.
    """
    rows = db.execute(
        "SELECT DISTINCT claim, side FROM statements WHERE item_id = ? AND revision_id != ? AND current = 1",
        [item_id, revision_id],
    ).fetchall()
    db.execute(
        "UPDATE statements SET current = 0 WHERE item_id = ? AND revision_id != ? AND current = 1",
        [item_id, revision_id],
    )
    return {(str(r[0]), str(r[1])) for r in rows}


def history(db: Database, claim: str, side: str, since: str | None = None) -> list[Statement]:
    """A side's current statements on a claim that decide or count something, in order of
    publication (then of arrival). Neutral statements without figures cannot move an alert.

    `since` (ISO) starts the history there: see `window_start`.
    """
    rows = db.execute(
        f"""SELECT {_COLUMNS} FROM statements WHERE claim = ? AND side = ? AND current = 1
              AND (stance != 'neutral' OR figures != '[]') AND COALESCE(published, created_at) >= ?
            ORDER BY COALESCE(published, created_at), id""",
        [claim, side, since or ""],
    ).fetchall()
    return [_from_row(r) for r in rows]


def window_start(db: Database, claim: str, side: str, new: Sequence[Statement]) -> str | None:
    """Where the history must start for new statements' changes to be found against it.

    A change involving a new statement lies after the side's last decided stance, and the last
    figure of each thing the new statements count, before the earliest new one; what came
    before that was compared already. None when the whole history is needed.
    """
    times = [iso(s.published) for s in new if s.published is not None]
    if len(times) != len(new) or not times:
        return None
    earliest = min(times)
    bounds = [
        db.execute(
            """SELECT MAX(COALESCE(published, created_at)) FROM statements WHERE claim = ? AND side = ? AND current = 1
                 AND stance != 'neutral' AND COALESCE(published, created_at) < ?""",
            [claim, side, earliest],
        ).fetchone()[0]
    ]
    for counted in {f.counted for s in new for f in s.figures}:
        bounds.append(
            db.execute(
                """SELECT MAX(COALESCE(published, created_at)) FROM statements WHERE claim = ? AND side = ?
                     AND current = 1 AND COALESCE(published, created_at) < ?
                     AND EXISTS (SELECT 1 FROM json_each(figures) WHERE json_extract(value, '$.counted') = ?)""",
                [claim, side, earliest, counted],
            ).fetchone()[0]
        )
    # With nothing decided (or counted) before, the earliest new statement starts it.
    return min(b if b is not None else earliest for b in bounds)


def has_statements(db: Database, item_id: int) -> bool:
    """Whether any revision of the item ever carried a statement on a tracked claim."""
    return db.execute("SELECT 1 FROM statements WHERE item_id = ? LIMIT 1", [item_id]).fetchone() is not None


def timeline(db: Database, claim: str, limit: int = 50) -> list[Statement]:
    """Every side's current statements on a claim, oldest first (the latest `limit`)."""
    rows = db.execute(
        f"""SELECT * FROM (SELECT {_COLUMNS}, COALESCE(published, created_at) AS t FROM statements
                           WHERE claim = ? AND current = 1 ORDER BY t DESC, id DESC LIMIT ?)
            ORDER BY t, id""",
        [claim, limit],
    ).fetchall()
    return [_from_row(r) for r in rows]


def side_states(db: Database, claim: str) -> list[SideState]:
    """Each side's latest non-neutral stance (or neutral) and latest figure per counted thing."""
    by_side: dict[str, list[Statement]] = {}
    for statement in timeline(db, claim, limit=100_000):
        by_side.setdefault(statement.side, []).append(statement)
    states: list[SideState] = []
    for side, said in sorted(by_side.items()):
        decided = [s for s in said if s.stance is not Stance.NEUTRAL]
        last = decided[-1] if decided else said[-1]
        figures: dict[str, dict[str, object]] = {}
        for s in said:
            for f in s.figures:
                figures[f.counted] = {
                    "counted": f.counted,
                    "value": f.value,
                    "published": iso(s.published) if s.published else None,
                }
        states.append(
            SideState(
                side=side,
                stance=str(last.stance) if decided else str(Stance.NEUTRAL),
                published=iso(last.published) if last.published else None,
                url=last.url,
                quote=last.quote,
                figures=list(figures.values()),
                statements=len(said),
            )
        )
    return states
