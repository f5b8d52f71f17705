"""Items and their revisions: every text an item ever had is kept, with its source URL.

`stored_view` and `earlier_texts` read what a poll decides on (bot/decide.py says what is
new, what changed materially, what is a revert); `write` stores what it decided, with the ids
handed out ahead. Nothing is ever overwritten or dropped here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.clock import iso
from bot.errors import StaleRead
from bot.intents import EarlierText, ItemRow, NewRevision, StoredItem
from bot.model import StoredPost
from storage.db import Database, IntegrityError, transaction


@dataclass(frozen=True)
class SearchHit:
    source: str
    url: str | None
    title: str
    snippet: str
    published: str | None
    lead: str = ""  # the start of the text, for items without a title of their own (channel posts)


def _iso(moment: datetime | None) -> str | None:
    return iso(moment) if moment else None


def stored_view(db: Database, source_name: str, keys: Iterable[str]) -> dict[str, StoredItem]:
    """What is stored of the items with these keys (absent keys are new)."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, StoredItem] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"""SELECT i.key, i.id, i.revision_id, r.number, r.fingerprint, i.url, i.published
                FROM items i JOIN revisions r ON r.id = i.revision_id
                WHERE i.source = ? AND i.key IN ({marks})""",
            [source_name, *chunk],
        )
        for r in rows:
            found[str(r[0])] = StoredItem(int(r[1]), int(r[2]), int(r[3]), str(r[4]), r[5], r[6])
    return found


def earlier_texts(db: Database, item_ids: Iterable[int]) -> dict[int, EarlierText]:
    """For items whose text changed: the current text, every fingerprint they had, and whether
    any of their revisions carried a statement."""
    found: dict[int, EarlierText] = {}
    for item_id in item_ids:
        row = db.execute(
            "SELECT r.id, r.title, r.text FROM items i JOIN revisions r ON r.id = i.revision_id WHERE i.id = ?",
            [item_id],
        ).fetchone()
        if row is None:
            continue
        prints = frozenset(
            str(r[0]) for r in db.execute("SELECT fingerprint FROM revisions WHERE item_id = ?", [item_id])
        )
        said = db.execute("SELECT 1 FROM statements WHERE item_id = ? LIMIT 1", [item_id]).fetchone() is not None
        found[item_id] = EarlierText(item_id, int(row[0]), str(row[1]), str(row[2]), prints, said)
    return found


def write(db: Database, source_name: str, rows: Iterable[ItemRow], revisions: Iterable[NewRevision],
          now: datetime) -> int:  # fmt: skip
    """Insert new items, touch seen ones, add revisions (ids decided ahead). Raises StaleRead when
    another poll stored the same item or revision first. Returns how many items are new."""
    stamp = iso(now)
    first_revision = {r.item_id: r.revision_id for r in revisions if r.replaces is None}
    fresh = [row for row in rows if row.new]
    try:  # new items point at their first revision from the start (ids are known ahead)
        db.executemany(
            """INSERT INTO items (id, source, key, url, title, published, author, post_id, forwarded_from,
                                  media, views, first_seen, last_seen, revision_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(row.item_id, source_name, row.item.key, row.item.url, row.item.title, _iso(row.item.published),
              row.item.author, row.item.post_id, row.item.forwarded_from, row.item.media, row.item.views, stamp, stamp,
              first_revision.get(row.item_id)) for row in fresh],
        )  # fmt: skip
        db.executemany(
            """INSERT INTO revisions (id, item_id, number, title, text, fingerprint, seen_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [(r.revision_id, r.item_id, r.number, r.item.title, r.item.text, r.fingerprint, stamp) for r in revisions],
        )
    except IntegrityError as exc:
        raise StaleRead(f"{source_name}: an item was stored or changed by another poll") from exc
    # A feed may fill in a missing date or fix a link later; a post may come back after deletion.
    db.executemany(
        """UPDATE items SET last_seen = ?, views = COALESCE(?, views), deleted_at = NULL,
                  url = COALESCE(?, url), published = COALESCE(published, ?)
           WHERE id = ?""",
        [(stamp, row.item.views, row.item.url, _iso(row.item.published), row.item_id) for row in rows if not row.new],
    )
    for revision in revisions:
        if revision.replaces is None:
            continue
        cursor = db.execute(
            "UPDATE items SET revision_id = ? WHERE id = ? AND revision_id = ?",
            [revision.revision_id, revision.item_id, revision.replaces],
        )
        if cursor.rowcount != 1:
            raise StaleRead(f"{source_name}: item {revision.item.key!r} changed in another poll")
    new = len(fresh)
    if new:
        db.execute("UPDATE sources SET items = items + ? WHERE name = ?", [new, source_name])
    return new


def posts_between(db: Database, source_name: str, low: int, high: int) -> list[StoredPost]:
    """Stored, not yet deleted posts of a channel with low < post_id < high."""
    rows = db.execute(
        """SELECT i.id, i.post_id, i.url, r.text, i.published FROM items i JOIN revisions r ON r.id = i.revision_id
           WHERE i.source = ? AND i.post_id > ? AND i.post_id < ? AND i.deleted_at IS NULL
           ORDER BY i.post_id""",
        [source_name, low, high],
    ).fetchall()
    return [StoredPost(int(r[0]), int(r[1]), r[2], r[3], r[4]) for r in rows]


def mark_deleted(db: Database, item_ids: Sequence[int], now: datetime) -> None:
    """Soft delete: the item and all its revisions stay; only `deleted_at` is set."""
    for item_id in item_ids:
        db.execute("UPDATE items SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", [iso(now), item_id])


def has_items(db: Database, source_name: str) -> bool:
    return db.execute("SELECT 1 FROM items WHERE source = ? LIMIT 1", [source_name]).fetchone() is not None


_SEARCH = {
    # FTS5 walks its index in rowid order (revisions' ids, handed out as they arrive) and stops
    # at the limit, so a word in a million items costs what a rare one does.
    "sqlite": """SELECT i.id, i.source, i.url, r.title, m.snippet, i.published, substr(r.text, 1, 200)
                 FROM (SELECT rowid, snippet(items_fts, 1, '«', '»', '…', 16) AS snippet FROM items_fts
                       WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m
                 JOIN revisions r ON r.id = m.rowid JOIN items i ON i.id = r.item_id
                 ORDER BY m.rowid DESC""",
    # The GIN index on each revision's tsvector finds the matches; the snippet is made only for
    # the few rows kept.
    "postgresql": """SELECT i.id, i.source, i.url, r.title,
                            ts_headline('simple', translate(r.text, 'ёЁ', 'еЕ'), q,
                                        'StartSel=«, StopSel=», MaxWords=16, MinWords=8, ShortWord=1,
                                         MaxFragments=1, FragmentDelimiter=…'),
                            i.published, substr(r.text, 1, 200)
                     FROM (SELECT id, q FROM revisions, to_tsquery('simple', ?) q
                           WHERE search @@ q ORDER BY id DESC LIMIT ?) m
                     JOIN revisions r ON r.id = m.id JOIN items i ON i.id = r.item_id
                     ORDER BY m.id DESC""",
}


def _match(engine: str, terms: list[str]) -> str:
    """The words as the engine's query: each taken as a plain word, the last as a prefix.
    Quoted, so query syntax in user input (FTS5's NEAR/OR, tsquery's & | ! :) is inert."""
    if engine == "postgresql":
        quoted = ["'" + t.replace("\\", " ").replace("'", "''") + "'" for t in terms]
        quoted[-1] += ":*"
        return " & ".join(quoted)
    return " ".join(f'"{t}"*' if i == len(terms) - 1 else f'"{t}"' for i, t in enumerate(terms))


def search(db: Database, query: str, limit: int = 10) -> list[SearchHit]:
    """Full-text search over every stored revision, newest first; the newest revision of each
    item wins.

    Newest means last stored (revisions' ids, handed out as they arrive): sorting by
    publication date would read and sort every match first. Each engine searches its own index
    (SQLite's FTS5, PostgreSQL's tsvector; storage/migrations.py says how they agree).
    """
    terms = [t.replace('"', "") for t in query.split() if t.replace('"', "")]
    if not terms:
        return []
    rows = db.execute(_SEARCH[db.engine], [_match(db.engine, terms), limit * 4]).fetchall()
    hits: dict[int, SearchHit] = {}
    for r in rows:  # the newest matching revision of each item
        if r[0] not in hits:
            hits[r[0]] = SearchHit(source=r[1], url=r[2], title=r[3], snippet=r[4], published=r[5], lead=r[6] or "")
    return list(hits.values())[:limit]


def prune_revisions(db: Database, cutoff: str) -> int:
    """Delete superseded revisions seen before `cutoff`, with their retired statements.

    Kept always: every item's current revision, revisions with current statements, and any
    revision whose statement an alert points at. Returns how many revisions went.
    """
    doomed = [
        int(r[0])
        for r in db.execute(
            """SELECT id FROM revisions WHERE seen_at < ?
                 AND id NOT IN (SELECT revision_id FROM items WHERE revision_id IS NOT NULL)
                 AND id NOT IN (SELECT revision_id FROM statements WHERE current = 1)
                 AND id NOT IN (SELECT s.revision_id FROM statements s JOIN alerts a
                                ON a.before_statement = s.id OR a.after_statement = s.id)""",
            [cutoff],
        ).fetchall()
    ]
    with transaction(db):
        for start in range(0, len(doomed), 500):
            chunk = doomed[start : start + 500]
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM statements WHERE revision_id IN ({marks})", chunk)
            db.execute(f"DELETE FROM revisions WHERE id IN ({marks})", chunk)
    return len(doomed)


def newest_post(db: Database, source_name: str) -> int | None:
    """The highest post id stored for a channel (None before its first post)."""
    row = db.execute("SELECT MAX(post_id) FROM items WHERE source = ?", [source_name]).fetchone()
    return int(row[0]) if row and row[0] is not None else None
