"""Sources: fetch bytes (the edge, `fetch`) and parse them into a Page (pure), per kind.

Fetching errs towards refusing (sizes, redirects, private addresses for untrusted sources);
parsing errs towards reading what can be read, and raises ParseError rather than return an
empty page when the bytes are not a feed or channel page at all. Whatever a source says is
untrusted text: bidirectional controls are stripped from every field of a page that can reach
a user (text, title, author, links) before anything is stored.
"""

from dataclasses import replace

from bot.model import Fetched, Item, Page, SourceKind
from bot.sources.feeds import parse_feed
from bot.sources.fetch import fetch
from bot.sources.telegram import parse_channel
from bot.text import strip_bidi

__all__ = ["fetch", "parse", "parse_channel", "parse_feed"]


def parse(kind: SourceKind, fetched: Fetched, *, channel: str | None = None) -> Page:
    """Bytes of a fetch → Page, by the source's kind."""
    page = parse_channel(fetched, channel) if kind is SourceKind.TELEGRAM else parse_feed(fetched)
    return replace(page, items=tuple(_shown_safely(i) for i in page.items), title=_maybe(page.title))


def _maybe(text: str | None) -> str | None:
    return strip_bidi(text) if text is not None else None


def _shown_safely(item: Item) -> Item:
    """The item with bidirectional controls taken out of what users are shown (its key, the
    item's identity, is left as the source gave it)."""
    return replace(
        item,
        url=_maybe(item.url),
        title=strip_bidi(item.title),
        text=strip_bidi(item.text),
        author=_maybe(item.author),
        forwarded_from=_maybe(item.forwarded_from),
    )
