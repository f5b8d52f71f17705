"""PURE. Feed bytes → Page: feedparser for RSS, Atom and RDF (wrapped here and nowhere else),
json for JSON Feed 1.0/1.1, which feedparser 6 does not read.

Signals: an entry's guid/id is its identity, else its link, else a hash of its title and text;
its date is `published`, else `updated`. feedparser only ever gets bytes (never a URL), so it
fetches nothing itself.

Which way it errs: towards reading. A feed that is "bozo" (a wrong declared encoding, a stray
ampersand, a cut-off tail) is read for the entries it has, and one unreadable entry is skipped,
not fatal. Only a body with no entries that is not a feed at all (an HTML page, garbage, XML
broken before any feed title) is a ParseError, and its message says what was wrong. Items come
out oldest first, undated ones last, feed order kept among equals.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from bot.errors import ParseError
from bot.model import Fetched, Item, Page
from bot.text import html_to_text, squeeze

log = logging.getLogger("claimwatch.feeds")

# Skipping an entry is the answer to anything odd inside one entry; these are what odd looks like.
_ENTRY_ERRORS = (TypeError, ValueError, AttributeError, KeyError, OverflowError)
# A date that cannot be a datetime (year 0 or past 9999 once in UTC) is no date, not a bad entry.
_DATE_ERRORS = (TypeError, ValueError, OverflowError, OSError, IndexError)


def parse_feed(fetched: Fetched) -> Page:
    """Bytes of an RSS, Atom, RDF or JSON Feed document → Page. Raises ParseError if not a feed."""
    if _looks_like_json(fetched):
        return _parse_json_feed(fetched)
    # No Content-Location is made up here: with one, feedparser rewrites every URI in every
    # content block (a third of its time), and content becomes plain text anyway. Entry links
    # are resolved against the feed's URL when items are collected.
    headers = dict(fetched.headers)
    parsed = feedparser.parse(fetched.body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    title = squeeze(str(parsed.feed.get("title") or "")) or None
    if not parsed.entries and (not parsed.get("version") or (parsed.get("bozo") and not title)):
        raise ParseError(fetched.url, f"not a feed: {_what_went_wrong(fetched.body, parsed.get('bozo_exception'))}")
    if parsed.get("bozo"):
        log.debug("%s: read despite %s", fetched.url, parsed.get("bozo_exception"))
    builder = _Builder(fetched.url)
    for entry in parsed.entries:
        try:
            builder.add(
                guid=_get(entry, "id"),
                link=_get(entry, "link"),
                title=html_to_text(_get(entry, "title") or ""),
                text=_body(entry),
                published=_when(entry),
                author=_get(entry, "author"),
            )
        except _ENTRY_ERRORS as exc:  # one bad entry never spoils the feed
            log.warning("%s: skipped an entry that cannot be read: %s", fetched.url, exc)
    return Page(items=builder.ordered(), title=title)


def _what_went_wrong(body: bytes, exc: object) -> str:
    head = body.lstrip()[:4096].lower()
    if not head:
        return "the body is empty"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "got an HTML page"
    line = getattr(exc, "getLineNumber", None)
    message = getattr(exc, "getMessage", None)
    if callable(line) and callable(message):  # xml.sax.SAXParseException
        return f"XML error at line {line()}: {message()}"
    if exc is not None:
        return f"{type(exc).__name__}: {exc}"
    return "no RSS, Atom or RDF found"


def _get(entry: dict[str, Any], key: str) -> str | None:
    # Plain dict access: FeedParserDict's aliases (e.g. "updated" → "published") emit warnings.
    value = dict.get(entry, key)
    if value is None:
        return None
    return str(value).strip() or None


def _when(entry: dict[str, Any]) -> datetime | None:
    for key in ("published", "updated", "created"):
        value = dict.get(entry, f"{key}_parsed")
        if value:
            try:  # feedparser's struct_time is already UTC
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except _DATE_ERRORS:  # a date feedparser half-read is no date, not an error
                pass
        moment = _localized_rfc822(_get(entry, key))
        if moment is not None:
            return moment
    return None


# RFC 822 dates with the month in the feed's own language ("Seg, 24 Set 2018 19:42:40 -0300",
# Brazilian portals), which feedparser leaves unparsed: without them a feed cannot be ordered.
_MONTHS = {
    "jan": "Jan", "janv": "Jan", "ene": "Jan", "gen": "Jan", "янв": "Jan", "січ": "Jan",
    "fev": "Feb", "feb": "Feb", "févr": "Feb", "fevr": "Feb", "fév": "Feb", "фев": "Feb", "лют": "Feb",
    "mar": "Mar", "mär": "Mar", "mars": "Mar", "мар": "Mar", "бер": "Mar",
    "abr": "Apr", "avr": "Apr", "apr": "Apr", "апр": "Apr", "кві": "Apr",
    "mai": "May", "may": "May", "mag": "May", "mei": "May", "май": "May", "мая": "May", "тра": "May",
    "jun": "Jun", "juin": "Jun", "giu": "Jun", "июн": "Jun", "чер": "Jun",
    "jul": "Jul", "juil": "Jul", "lug": "Jul", "июл": "Jul", "лип": "Jul",
    "ago": "Aug", "aug": "Aug", "août": "Aug", "aou": "Aug", "авг": "Aug", "сер": "Aug",
    "set": "Sep", "sep": "Sep", "sept": "Sep", "сен": "Sep", "вер": "Sep",
    "out": "Oct", "oct": "Oct", "okt": "Oct", "ott": "Oct", "окт": "Oct", "жов": "Oct",
    "nov": "Nov", "ноя": "Nov", "лис": "Nov",
    "dez": "Dec", "dic": "Dec", "déc": "Dec", "dec": "Dec", "dek": "Dec", "дек": "Dec", "гру": "Dec",
}  # fmt: skip
_RFC822_LOCAL = re.compile(r"^(?:[^\W\d_]+\.?,\s*)?(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4}\s.*)$")


def _localized_rfc822(value: str | None) -> datetime | None:
    match = _RFC822_LOCAL.match(value or "")
    if match is None:
        return None
    month = _MONTHS.get(match.group(2).casefold()[:4]) or _MONTHS.get(match.group(2).casefold()[:3])
    if month is None:
        return None
    try:
        moment = parsedate_to_datetime(f"{match.group(1)} {month} {match.group(3)}")
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except _DATE_ERRORS:
        return None


def _body(entry: dict[str, Any]) -> str:
    """The longest of the entry's contents and summary: feeds put a teaser in one, the story in another."""
    candidates = [str(c.get("value") or "") for c in dict.get(entry, "content") or [] if isinstance(c, Mapping)]
    candidates.append(_get(entry, "summary") or "")
    return html_to_text(max(candidates, key=len))


class _Builder:
    """Collects items and gives each a key unique within the feed."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.items: list[Item] = []
        self.seen: set[str] = set()

    def add(
        self,
        *,
        guid: str | None,
        link: str | None,
        title: str,
        text: str,
        published: datetime | None,
        author: str | None,
    ) -> None:
        if link and self.url.startswith(("http://", "https://")):
            link = urljoin(self.url, link)  # relative links resolve against where the feed came from
        key = guid or link or "sha256:" + hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
        if key in self.seen and link:
            # Some CMSs give every entry the same guid; the first keeps it, so its identity never moves.
            key = f"{key}#{link}"
        if key in self.seen:  # the same entry twice: the first one stands
            log.debug("%s: skipped a repeated entry %s", self.url, key)
            return
        self.seen.add(key)
        self.items.append(Item(key=key, url=link, title=title, text=text, published=published, author=author or None))

    def ordered(self) -> tuple[Item, ...]:
        # sorted() is stable, so equal dates keep feed order; undated items go last, in feed order.
        dated = sorted((i for i in self.items if i.published is not None), key=_published)
        return tuple(dated + [i for i in self.items if i.published is None])


def _published(item: Item) -> datetime:
    assert item.published is not None
    return item.published


# ── JSON Feed ──────────────────────────────────────────────────────────────────────────────


def _looks_like_json(fetched: Fetched) -> bool:
    content_type = fetched.headers.get("content-type", "").lower()
    return "json" in content_type or fetched.body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _parse_json_feed(fetched: Fetched) -> Page:
    try:
        data = json.loads(fetched.body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseError(fetched.url, f"not a feed: JSON that is not UTF-8: {exc}") from exc
    except ValueError as exc:
        raise ParseError(fetched.url, f"not a feed: invalid JSON: {exc}") from exc
    except RecursionError:  # '[[[[…' a hundred thousand deep: no feed is shaped like that
        raise ParseError(fetched.url, "not a feed: JSON nested too deep") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ParseError(fetched.url, "not a feed: JSON without an items list")
    builder = _Builder(fetched.url)
    for entry in data["items"]:
        if not isinstance(entry, dict):
            log.warning("%s: skipped an item that is not an object", fetched.url)
            continue
        try:
            texts = [_json_str(entry.get(k)) for k in ("content_html", "content_text", "summary")]
            builder.add(
                guid=_json_str(entry.get("id")) or None,
                link=_json_str(entry.get("url")) or _json_str(entry.get("external_url")) or None,
                title=html_to_text(_json_str(entry.get("title"))),
                text=html_to_text(max(texts, key=len)),
                published=_json_date(entry.get("date_published")) or _json_date(entry.get("date_modified")),
                author=_json_author(entry) or _json_author(data),
            )
        except _ENTRY_ERRORS as exc:
            log.warning("%s: skipped an item that cannot be read: %s", fetched.url, exc)
    title = squeeze(_json_str(data.get("title"))) or None
    return Page(items=builder.ordered(), title=title)


def _json_str(value: object) -> str:
    # JSON Feed says strings; the wild sends numbers (ids) and nulls too. Anything else is absent.
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _json_date(value: object) -> datetime | None:
    text = _json_str(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except _DATE_ERRORS:  # RFC 3339 is what the spec asks; anything else is no date, not an error
        return None


def _json_author(obj: Mapping[str, Any]) -> str | None:
    # 1.1 has "authors": [...]; 1.0 has "author": {...}.
    many = obj.get("authors")
    authors: list[object] = many if isinstance(many, list) else [obj.get("author")]
    names = [_json_str(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n) or None
