"""The write half of a poll: everything one poll of one source decided, written at once.

Call `persist` inside `storage.db.transaction` (BEGIN IMMEDIATE). It only writes; what to
write was decided in bot/decide.py. It raises StaleRead, having written nothing that stays
(the caller's transaction rolls back), when another poll changed the same rows first.
"""

from __future__ import annotations

from datetime import datetime

from bot.intents import HealthUpdate, PollIntents
from bot.model import Alert
from storage import alerts, health, items, leases, statements
from storage.db import Database


def persist(db: Database, source_name: str, intents: PollIntents, update: HealthUpdate, now: datetime,
            lease: str | None = None) -> list[Alert]:  # fmt: skip
    """Write a poll's items, revisions, statements, retirements, deletions and alerts (with
    their deliveries) and the source's health; return the alerts that are new. With `lease`
    (the poller's id), give the source's lease back, or write nothing if it was lost."""
    # Always in one order: two polls locking the same histories in opposite orders would deadlock.
    statements.bump_pairs(db, sorted(intents.pairs, key=lambda pair: (pair.claim, pair.side)))
    items.write(db, source_name, intents.items, intents.revisions, now)
    for item_id, keep in intents.retire:
        statements.retire(db, item_id, keep)
    statements.add(db, intents.statements, now)
    items.mark_deleted(db, intents.deleted, now)
    raised = alerts.raise_new(db, intents.drafts, now)
    finish(db, source_name, update, lease)
    return raised


def finish(db: Database, source_name: str, update: HealthUpdate, lease: str | None = None) -> None:
    """How a poll ended (and, with `lease`, the lease given back): the last write of every poll."""
    if lease is not None:
        leases.release(db, source_name, lease)
    health.record(db, source_name, update)
