"""Sources: fetch bytes (the edge) and parse them into a Page (pure), per kind."""

from bot.model import Fetched, Page, SourceKind
from bot.sources.feeds import parse_feed
from bot.sources.fetch import fetch
from bot.sources.telegram import parse_channel

__all__ = ["fetch", "parse", "parse_channel", "parse_feed"]


def parse(kind: SourceKind, fetched: Fetched, *, channel: str | None = None) -> Page:
    """Bytes of a fetch → Page, by the source's kind."""
    if kind is SourceKind.TELEGRAM:
        return parse_channel(fetched, channel)
    return parse_feed(fetched)
