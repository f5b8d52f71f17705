"""Sources: fetch bytes (the edge, `fetch`) and parse them into a Page (pure), per kind.

Fetching errs towards refusing (sizes, redirects, private addresses for untrusted sources);
parsing errs towards reading what can be read, and raises ParseError rather than return an
empty page when the bytes are not a feed or channel page at all.
"""

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
