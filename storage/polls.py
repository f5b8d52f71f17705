"""The write half of a poll: everything one poll of one source decided, written at once.

Call `persist` inside `storage.db.transaction` (BEGIN IMMEDIATE). It only writes; what to
write was decided in bot/decide.py. It raises StaleRead, having written nothing that stays
(the caller's transaction rolls back), when another poll changed the same rows first.
"""

from __future__ import annotations

from datetime import datetime

from bot.intents import HealthUpdate, PollIntents
from bot.model import Alert
from storage import alerts, health, items, statements
from storage.db import Database


def persist(db: Database, source_name: str, intents: PollIntents, update: HealthUpdate, now: datetime) -> list[Alert]:
    """Write a poll's items, revisions, statements, retirements, deletions and alerts (with
    their deliveries) and the source's health; return the alerts that are new."""
    statements.bump_pairs(db, intents.pairs)
    items.write(db, source_name, intents.items, intents.revisions, now)
    for item_id, keep in intents.retire:
        statements.retire(db, item_id, keep)
    statements.add(db, intents.statements, now)
    items.mark_deleted(db, intents.deleted, now)
    raised = alerts.raise_new(db, intents.drafts, now)
    health.record(db, source_name, update)
    return raised
