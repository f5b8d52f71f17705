"""Claims and sources added by admins from chat, kept beside feeds.yaml across restarts.

`effective_config` is feeds.yaml plus these; feeds.yaml wins a clash of claim id or source
name, so the operator's file always says the last word. Removing marks a row removed (kept
for the record) rather than deleting it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from sqlite_utils import Database

from bot.clock import iso
from bot.model import Claim, Config, Source, SourceKind


def effective_config(db: Database, config: Config) -> Config:
    """feeds.yaml's config with the claims and sources admins added from chat."""
    claim_ids = {c.id for c in config.claims}
    source_names = {s.name for s in config.sources}
    side_names = {s.name for s in config.sides}
    claims = list(config.claims)
    for row in db.execute(
        "SELECT id, text, match, supports, refutes FROM tracked_claims WHERE removed_at IS NULL ORDER BY created_at"
    ):
        if row[0] not in claim_ids:
            claims.append(Claim(row[0], row[1], *(tuple(json.loads(x)) for x in row[2:5])))
    sources = list(config.sources)
    for row in db.execute(
        "SELECT name, kind, url, channel, side, every FROM chat_sources WHERE removed_at IS NULL ORDER BY created_at"
    ):
        if row[0] not in source_names:
            side = row[4] if row[4] in side_names else None
            sources.append(Source(row[0], SourceKind(row[1]), row[2], float(row[5]), side, row[3], origin="chat"))
    if len(claims) == len(config.claims) and len(sources) == len(config.sources):
        return config  # the same object: compiled matchers stay cached
    return replace(config, claims=tuple(claims), sources=tuple(sources))


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
