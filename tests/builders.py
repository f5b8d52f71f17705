"""Readable builders for domain objects in tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import TYPE_CHECKING

import storage.sequences
import storage.statements
from bot.compare import number_change
from bot.intents import StatementRow
from bot.model import Config, Figure, Item, ItemText, Page, Qualifier, Source, Stance, Statement
from storage.db import Database, transaction

if TYPE_CHECKING:
    from bot.poll import PollReport

_ids = count(1)
T0 = datetime(2023, 5, 9, 8, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    """T0 plus n days: histories read as day(0), day(1) ..."""
    return T0 + timedelta(days=n)


def make_statement(
    stance: str | Stance = Stance.NEUTRAL,
    *,
    at: datetime | None = None,
    claim: str = "c",
    side: str = "S",
    figures: dict[str, float] | list[Figure] | None = None,
    source: str = "Wire",
    id: int | None = None,
    quote: str = "",
) -> Statement:
    number = id if id is not None else next(_ids)
    return Statement(
        id=number,
        claim=claim,
        side=side,
        stance=Stance(stance),
        quote=quote or f"statement {number}",
        figures=tuple(figures)
        if isinstance(figures, list)
        else tuple(Figure(value=v, counted=k) for k, v in (figures or {}).items()),
        source=source,
        url=f"https://example.org/{number}",
        published=at or day(number),
        item_id=number,
        revision_id=number,
    )


def make_item(key: str, text: str, *, title: str = "", at: datetime | None = None, post_id: int | None = None,
              url: str | None = None, views: int | None = None) -> Item:  # fmt: skip
    return Item(
        key=key,
        url=url or f"https://example.org/{key}",
        title=title,
        text=text,
        published=at or T0,
        post_id=post_id,
        views=views,
    )


def make_text(text: str, *, source: str = "Wire", side: str | None = None, title: str = "",
              at: datetime | None = None, item_id: int = 1, revision_id: int = 1) -> ItemText:  # fmt: skip
    return ItemText(source=source, url=f"https://example.org/{item_id}", title=title, text=text,
                    published=at or T0, source_side=side, item_id=item_id, revision_id=revision_id)  # fmt: skip


def store_items(db: Database, source: Source, items: list[Item], now: datetime) -> PollReport:
    """Store items as a poll of `source` would (read, decide, persist), with no claims tracked."""
    from bot.poll import Gathered, store

    return store(db, Config(path="test", sources=(source,)), Gathered(source, pages=[Page(items=tuple(items))]), now)


def revision_of(db: Database, key: str) -> tuple[int, int]:
    """(item id, current revision id) of a stored item."""
    row = db.execute("SELECT id, revision_id FROM items WHERE key = ?", [key]).fetchone()
    return int(row[0]), int(row[1])


def store_statements(db: Database, statements: list[Statement], now: datetime) -> list[Statement]:
    """Store statements of stored revisions with ids handed out ahead, as a poll does."""
    first = storage.sequences.reserve(db, {"statements": len(statements)})["statements"]
    numbered = [replace(s, id=first + n) for n, s in enumerate(statements)]
    rows = [StatementRow(s, tuple(number_change.series_key(f) for f in s.figures)) for s in numbered]
    with transaction(db):
        storage.statements.add(db, rows, now)
    return numbered


def make_figure(value: float, counted: str = "person|killed|", *, qualifier: str = "total", when: str | None = None,
                places: tuple[str, ...] = (), update: bool = False, fresh: bool = False,
                running: bool = False) -> Figure:  # fmt: skip
    return Figure(value=value, counted=counted, qualifier=Qualifier(qualifier), when=when, places=places, update=update,
                  fresh=fresh, running=running)  # fmt: skip
