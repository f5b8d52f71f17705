"""Items and their revisions: every text an item ever had is kept, with its source URL.

`record` stores a parsed page: new items get revision 1; an item whose text changed
materially (a different `bot.text.fingerprint`) gets a new revision; anything else only
touches `last_seen` and the view count. Nothing is ever overwritten or dropped here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from bot.clock import iso, parse_iso
from bot.model import Item, ItemText, Source, StoredPost
from bot.text import fingerprint


@dataclass(frozen=True)
class Change:
    """A material text change of a stored item: its old and new revision."""

    item_id: int
    url: str | None
    old: ItemText
    new: ItemText
    revert: bool  # the new text is one the item already had before (a flip-flop)


@dataclass
class Recorded:
    """What `record` stored: revisions to extract statements from, and the edits among them."""

    revisions: list[ItemText] = field(default_factory=list)  # new items' and changed items' new text
    changes: list[Change] = field(default_factory=list)
    new_items: int = 0


@dataclass(frozen=True)
class SearchHit:
    source: str
    url: str | None
    title: str
    snippet: str
    published: str | None


def _item_text(
    source: Source, item_id: int, revision_id: int, row: Mapping[str, str | None], title: str, text: str
) -> ItemText:
    published = row.get("published")
    return ItemText(
        source=source.name,
        url=row.get("url"),
        title=title,
        text=text,
        published=parse_iso(published) if isinstance(published, str) else None,
        source_side=source.side,
        item_id=item_id,
        revision_id=revision_id,
    )


def record(db: Database, source: Source, items: Iterable[Item], now: datetime) -> Recorded:
    """Store a page's items in publication order. Call inside the poll's transaction."""
    result = Recorded()
    stamp = iso(now)
    for item in items:
        row = db.execute(
            "SELECT id, revision_id FROM items WHERE source = ? AND key = ?", [source.name, item.key]
        ).fetchone()
        new_print = fingerprint(f"{item.title}\n{item.text}")
        published = iso(item.published) if item.published else None
        if row is None:
            cursor = db.execute(
                """INSERT INTO items (source, key, url, title, published, author, post_id, forwarded_from,
                                      media, views, first_seen, last_seen)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [source.name, item.key, item.url, item.title, published, item.author, item.post_id,
                 item.forwarded_from, item.media, item.views, stamp, stamp],
            )  # fmt: skip
            item_id = int(cursor.lastrowid or 0)
            revision_id = _add_revision(db, item_id, 1, item, new_print, stamp)
            result.new_items += 1
            row_data = {"url": item.url, "published": published}
            result.revisions.append(_item_text(source, item_id, revision_id, row_data, item.title, item.text))
            continue
        item_id, current_revision = int(row[0]), row[1]
        # A feed may fill in a missing date or fix a link later; a post may come back after deletion.
        db.execute(
            """UPDATE items SET last_seen = ?, views = COALESCE(?, views), deleted_at = NULL,
                      url = COALESCE(?, url), published = COALESCE(published, ?)
               WHERE id = ?""",
            [stamp, item.views, item.url, published, item_id],
        )
        old = db.execute(
            "SELECT id, number, title, text, fingerprint FROM revisions WHERE id = ?", [current_revision]
        ).fetchone()
        if old is None or old[4] == new_print:
            continue
        seen_before = db.execute(
            "SELECT 1 FROM revisions WHERE item_id = ? AND fingerprint = ? LIMIT 1", [item_id, new_print]
        ).fetchone()
        revision_id = _add_revision(db, item_id, int(old[1]) + 1, item, new_print, stamp)
        item_row = db.execute("SELECT url, published FROM items WHERE id = ?", [item_id]).fetchone()
        row_data = {"url": item_row[0], "published": item_row[1]}
        new_text = _item_text(source, item_id, revision_id, row_data, item.title, item.text)
        old_text = _item_text(source, item_id, int(old[0]), row_data, old[2], old[3])
        result.revisions.append(new_text)
        result.changes.append(
            Change(item_id=item_id, url=item_row[0], old=old_text, new=new_text, revert=seen_before is not None)
        )
    _count_items(db, source.name)
    return result


def _add_revision(db: Database, item_id: int, number: int, item: Item, print_: str, stamp: str) -> int:
    cursor = db.execute(
        "INSERT INTO revisions (item_id, number, title, text, fingerprint, seen_at) VALUES (?, ?, ?, ?, ?, ?)",
        [item_id, number, item.title, item.text, print_, stamp],
    )
    revision_id = int(cursor.lastrowid or 0)
    db.execute("UPDATE items SET revision_id = ? WHERE id = ?", [revision_id, item_id])
    return revision_id


def _count_items(db: Database, source_name: str) -> None:
    db.execute(
        "UPDATE sources SET items = (SELECT COUNT(*) FROM items WHERE source = ?) WHERE name = ?",
        [source_name, source_name],
    )


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


def search(db: Database, query: str, limit: int = 10) -> list[SearchHit]:
    """Full-text search over every stored revision; the newest revision of each item wins.

    The query is taken as plain words (each quoted), so FTS5 syntax in user input is inert.
    """
    terms = [t.replace('"', "") for t in query.split() if t.replace('"', "")]
    if not terms:
        return []
    match = " ".join(f'"{t}"*' if i == len(terms) - 1 else f'"{t}"' for i, t in enumerate(terms))
    rows = db.execute(
        """SELECT i.id, i.source, i.url, r.title, snippet(items_fts, 1, '«', '»', '…', 16), i.published
           FROM items_fts JOIN revisions r ON r.id = items_fts.rowid JOIN items i ON i.id = r.item_id
           WHERE items_fts MATCH ? ORDER BY i.published DESC, r.id DESC LIMIT ?""",
        [match, limit * 4],
    ).fetchall()
    hits: dict[int, SearchHit] = {}
    for r in rows:  # the newest matching revision of each item
        if r[0] not in hits:
            hits[r[0]] = SearchHit(source=r[1], url=r[2], title=r[3], snippet=r[4], published=r[5])
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
    with db.atomic():
        for start in range(0, len(doomed), 500):
            chunk = doomed[start : start + 500]
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM statements WHERE revision_id IN ({marks})", chunk)
            db.execute(f"DELETE FROM revisions WHERE id IN ({marks})", chunk)
    return len(doomed)
