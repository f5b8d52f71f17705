"""Alerts, each stored once: the key in the schema makes raising the same draft again a no-op.

`raise_new` also enqueues the alert's deliveries in the same transaction, so an alert is never
stored without the outbox rows that will carry it to subscribers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.clock import iso
from bot.model import Alert, AlertDraft, AlertKind, Snapshot
from storage import deliveries
from storage.db import Database

_COLUMNS = "id, kind, key, claim, side, source, url, counted, before, after, diff, created_at"


def _snapshot(raw: object) -> Snapshot | None:
    if not isinstance(raw, str):
        return None
    d = json.loads(raw)
    return Snapshot(
        text=d.get("text"),
        stance=d.get("stance"),
        value=d.get("value"),
        url=d.get("url"),
        published=d.get("published"),
        statement_id=d.get("statement_id"),
    )


def _dump(snapshot: Snapshot | None) -> str | None:
    if snapshot is None:
        return None
    return json.dumps({**snapshot.record(), "statement_id": snapshot.statement_id}, ensure_ascii=False)


def _from_row(row: Sequence[object]) -> Alert:
    draft = AlertDraft(
        kind=AlertKind(str(row[1])),
        key=str(row[2]),
        claim=row[3] if isinstance(row[3], str) else None,
        side=row[4] if isinstance(row[4], str) else None,
        source=row[5] if isinstance(row[5], str) else None,
        url=row[6] if isinstance(row[6], str) else None,
        counted=row[7] if isinstance(row[7], str) else None,
        before=_snapshot(row[8]),
        after=_snapshot(row[9]),
        diff=row[10] if isinstance(row[10], str) else None,
    )
    return Alert(id=int(str(row[0])), draft=draft, created_at=str(row[11]))


def raise_new(db: Database, drafts: Iterable[AlertDraft], now: datetime) -> list[Alert]:
    """Store drafts whose key is new and enqueue their deliveries; return only the new alerts."""
    raised: list[Alert] = []
    for draft in drafts:
        cursor = db.execute(
            """INSERT INTO alerts (key, kind, claim, side, source, url, counted, before, after,
                                  before_statement, after_statement, diff, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id""",
            [draft.key, str(draft.kind), draft.claim, draft.side, draft.source, draft.url, draft.counted,
             _dump(draft.before), _dump(draft.after),
             draft.before.statement_id if draft.before else None,
             draft.after.statement_id if draft.after else None,
             draft.diff, iso(now)],
        )  # fmt: skip
        row = cursor.fetchone()
        if row is None:  # raised before: the key is taken
            continue
        alert = Alert(id=int(row[0]), draft=draft, created_at=iso(now))
        deliveries.enqueue(db, alert, now)
        raised.append(alert)
    return raised


def list_alerts(
    db: Database, *, since: str | None = None, claim: str | None = None, limit: int | None = None
) -> list[Alert]:
    """Alerts oldest first; `since` is an ISO time compared with `created_at`; `limit` keeps the newest."""
    where, params = [], []
    if since:
        where.append("created_at >= ?")
        params.append(since)
    if claim:
        where.append("claim = ?")
        params.append(claim)
    sql = f"SELECT {_COLUMNS} FROM alerts" + (" WHERE " + " AND ".join(where) if where else "")
    if limit is not None:
        sql = f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT {int(limit)}) AS newest"
    rows = db.execute(sql + " ORDER BY id", params).fetchall()
    return [_from_row(r) for r in rows]


def get_alert(db: Database, alert_id: int) -> Alert | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM alerts WHERE id = ?", [alert_id]).fetchone()
    return _from_row(row) if row else None


def transitions(
    db: Database, kind: AlertKind, claim: str, side: str
) -> list[tuple[int | None, int | None, str | None]]:
    """(before statement, after statement, counted) of the alerts already raised for a pair."""
    rows = db.execute(
        "SELECT before_statement, after_statement, counted FROM alerts WHERE kind = ? AND claim = ? AND side = ?",
        [str(kind), claim, side],
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]
