"""Readable builders for domain objects in tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from bot.model import Figure, Item, ItemText, Stance, Statement

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
    figures: dict[str, float] | None = None,
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
        figures=tuple(Figure(value=v, counted=k) for k, v in (figures or {}).items()),
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
