"""Claims and sources added by admins from chat, kept beside feeds.yaml across restarts.

`chat_additions` reads them; `bot.config.with_chat_additions` merges them into feeds.yaml's
config (which wins a clash). Removing marks a row removed (kept for the record) rather than
deleting it.
"""

from __future__ import annotations

import json
from datetime import datetime

from bot.clock import iso
from bot.model import Claim, Source, SourceKind
from storage.db import Database


def chat_additions(db: Database) -> tuple[list[Claim], list[Source]]:
    """The claims and sources admins added from chat (not removed), oldest first, as stored;
    `bot.config.with_chat_additions` decides how they join feeds.yaml's."""
    claims = [
        Claim(row[0], row[1], *(tuple(json.loads(x)) for x in row[2:5]))
        for row in db.execute(
            "SELECT id, text, match, supports, refutes FROM tracked_claims WHERE removed_at IS NULL ORDER BY created_at"
        )
    ]
    sources = [
        Source(row[0], SourceKind(row[1]), row[2], float(row[5]), row[4], row[3], origin="chat")
        for row in db.execute(
            "SELECT name, kind, url, channel, side, every FROM chat_sources WHERE removed_at IS NULL ORDER BY created_at"
        )
    ]
    return claims, sources


def add_claim(db: Database, claim: Claim, added_by: int | None, now: datetime) -> None:
    db.execute(
        """INSERT INTO tracked_claims (id, text, match, supports, refutes, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET text = excluded.text, match = excluded.match, supports = excluded.supports,
                  refutes = excluded.refutes, added_by = excluded.added_by, removed_at = NULL""",
        [claim.id, claim.text, json.dumps(claim.match), json.dumps(claim.supports), json.dumps(claim.refutes),
         added_by, iso(now)],
    )  # fmt: skip


def remove_claim(db: Database, claim_id: str, now: datetime) -> bool:
    cursor = db.execute(
        "UPDATE tracked_claims SET removed_at = ? WHERE id = ? AND removed_at IS NULL", [iso(now), claim_id]
    )
    return cursor.rowcount == 1


def add_source(db: Database, source: Source, added_by: int | None, now: datetime) -> None:
    db.execute(
        """INSERT INTO chat_sources (name, kind, url, channel, side, every, added_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url, channel = excluded.channel,
                  side = excluded.side, every = excluded.every, added_by = excluded.added_by, removed_at = NULL""",
        [source.name, str(source.kind), source.url, source.channel, source.side, source.every, added_by, iso(now)],
    )


def remove_source(db: Database, name: str, now: datetime) -> bool:
    cursor = db.execute(
        "UPDATE chat_sources SET removed_at = ? WHERE name = ? AND removed_at IS NULL", [iso(now), name]
    )
    return cursor.rowcount == 1
