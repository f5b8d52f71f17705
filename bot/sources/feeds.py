"""PURE. Feed bytes → Page: feedparser for RSS, Atom and RDF (wrapped here and nowhere else),
json for JSON Feed, which feedparser does not read.

feedparser only ever gets bytes, never a URL, so it fetches nothing itself. A feed that is
"bozo" (a wrong declared encoding, a stray ampersand) is read for the entries it has; a body
with no entries and no feed version at all (an HTML page, garbage) is a ParseError. An entry's
identity is its guid, else its link, else a hash of its text; a guid the feed repeats for
another entry is told apart by that entry's link. Items come out oldest first.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

import feedparser

from bot.errors import ParseError
from bot.model import Fetched, Item, Page
from bot.text import html_to_text

log = logging.getLogger("claimwatch.feeds")


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # plain dict access: FeedParserDict's aliases warn
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _body(entry: Any) -> str:
    candidates = [c.get("value", "") for c in dict.get(entry, "content") or []]
    candidates.append(dict.get(entry, "summary", "") or "")
    return html_to_text(max(candidates, key=len)) if candidates else ""


def _key(guid: str | None, link: str | None, title: str, text: str) -> str:
    if guid:
        return guid
    if link:
        return link
    return "sha256:" + hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


def parse_feed(fetched: Fetched) -> Page:
    body = fetched.body
    head = body.lstrip()[:1]
    if head == b"{" or "json" in fetched.headers.get("content-type", ""):
        return _parse_json_feed(fetched)
    parsed = feedparser.parse(body, response_headers=fetched.headers, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries and not parsed.get("version"):
        if b"<html" in body[:4000].lower():
            raise ParseError(fetched.url, "not a feed: got an HTML page")
        exc = parsed.get("bozo_exception")
        raise ParseError(fetched.url, f"not a feed: {exc}" if exc else "not a feed: no RSS, Atom or RDF found")
    items: list[Item] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        try:
            title = html_to_text(dict.get(entry, "title", "") or "")
            text = _body(entry)
            link = dict.get(entry, "link") or None
            key = _key(dict.get(entry, "id") or None, link, title, text)
            if key in seen and link:
                key = f"{key}#{link}"
            if key in seen:
                continue
            seen.add(key)
            items.append(
                Item(
                    key=key, url=link, title=title, text=text, published=_when(entry), author=dict.get(entry, "author")
                )
            )
        except (TypeError, ValueError, AttributeError, KeyError) as exc:  # one bad entry never spoils the feed
            log.warning("%s: skipped an entry that cannot be read: %s", fetched.url, exc)
            continue
    return Page(items=_ordered(items), title=parsed.feed.get("title"))


def _ordered(items: list[Item]) -> tuple[Item, ...]:
    dated = sorted((i for i in items if i.published), key=lambda i: i.published)  # type: ignore[arg-type, return-value]
    return tuple(dated + [i for i in items if not i.published])


def _parse_json_feed(fetched: Fetched) -> Page:
    try:
        data = json.loads(fetched.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(fetched.url, f"not a feed: invalid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ParseError(fetched.url, "not a feed: JSON without an items list")
    items: list[Item] = []
    for entry in data["items"]:
        if not isinstance(entry, dict):
            continue
        title = html_to_text(str(entry.get("title") or ""))
        text = html_to_text(str(entry.get("content_html") or entry.get("content_text") or entry.get("summary") or ""))
        link = entry.get("url") or None
        when = None
        for key in ("date_published", "date_modified"):
            if entry.get(key):
                try:
                    when = datetime.fromisoformat(str(entry[key]).replace("Z", "+00:00")).astimezone(UTC)
                    break
                except ValueError:
                    continue
        items.append(
            Item(
                key=_key(str(entry.get("id") or "") or None, link, title, text),
                url=link,
                title=title,
                text=text,
                published=when,
            )
        )
    return Page(items=_ordered(items), title=data.get("title"))
