"""PURE. A public channel's web preview page (t.me/s/<channel>) → Page of posts.

Signals, per `.tgme_widget_message[data-post]`: `data-post` ("<channel>/<id>") is the identity,
the `datetime` of its `time` the publication moment (converted to UTC), the message text div
(not a quoted reply's) the text, plus views, signing author, forward origin and media kind.
The "edited" marker and view counts are never part of the text.

Only the page's own channel counts: the configured channel, else the one in the page's URL,
else the one the page names itself (a hand-made page that names none keeps every post). A
post labelled as another channel's
(`data-post="other_channel/N"`) is dropped, so a hostile page cannot plant posts under another
channel's links, nor make its ids look like gaps in this channel's numbering.

Which way it errs: loudly. A page with no message history is a channel with no public preview
(private, unknown, or redirected to t.me/<channel>); a page that has posts none of which can be
read means Telegram changed its markup. Both are ParseErrors, never an empty page that would
look like every post was deleted. A history with no posts at all is a valid, empty page. A
post that cannot be read is skipped and the page marked incomplete, so no absence on it is
taken for a deletion. Hostile markup (scripts, huge attributes, junk nesting) is ignored.

selectolax's lexbor backend: the older `selectolax.parser` (Modest) is gone since selectolax 1.0.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from bot.errors import ParseError
from bot.model import Fetched, Item, Page
from bot.text import html_to_text, squeeze

log = logging.getLogger("claimwatch.telegram")

_VIEWS = re.compile(r"^([\d.,]+)\s*([KMB]?)$", re.IGNORECASE)
_POST = re.compile(r"^([A-Za-z0-9_]{1,64})/(\d{1,12})$")
_CHANNEL_URL = re.compile(r"^/(?:s/)?([A-Za-z0-9_]{1,64})(?:/|$)")
# Most specific first: an album holds photo and video wraps, a round video a video player.
_MEDIA = (
    (".tgme_widget_message_grouped_wrap", "album"),
    (".tgme_widget_message_roundvideo", "roundvideo"),
    (".tgme_widget_message_sticker_wrap, .tgme_widget_message_tgsticker, .tgme_widget_message_videosticker", "sticker"),
    (".tgme_widget_message_voice", "voice"),
    (".tgme_widget_message_document_wrap", "document"),
    (".tgme_widget_message_poll", "poll"),
    (".tgme_widget_message_location_wrap", "location"),
    (".tgme_widget_message_video_player", "video"),
    (".tgme_widget_message_photo_wrap", "photo"),
    (".tgme_widget_message_link_preview", "link_preview"),
)


def parse_views(text: str) -> int | None:
    """ "37.2K" → 37200, "1.2M" → 1200000, "44" → 44; None if it is not a count."""
    match = _VIEWS.match(text.strip())
    if not match:
        return None
    try:
        number = float(match.group(1).replace(",", "."))
    except ValueError:  # "1.2.3"
        return None
    return round(number * {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}[match.group(2).upper()])


def parse_channel(fetched: Fetched, channel: str | None = None) -> Page:
    """A t.me/s page → Page, posts by id ascending. Raises ParseError for a page with no history."""
    tree = HTMLParser(fetched.body.decode("utf-8", errors="replace"))
    history = tree.css_first("section.tgme_channel_history")
    if history is None:
        name = channel or _channel_of(fetched.url) or "<channel>"
        raise ParseError(fetched.url, f"channel has no public web preview (t.me/s/{name})")
    own = (channel or _channel_of(fetched.url) or _named_channel(tree) or "").casefold()
    items: list[Item] = []
    foreign: set[str] = set()
    unreadable = 0
    for node in history.css(".tgme_widget_message[data-post]"):
        try:
            item = _post(node)
        except (ValueError, TypeError, AttributeError) as exc:  # a post we cannot read never spoils the page
            log.warning("%s: skipped a post that cannot be read: %s", fetched.url, exc)
            item = None
        if item is None:
            unreadable += 1
        elif own and item.key.split("/")[0].casefold() != own:
            foreign.add(item.key.split("/")[0])
        else:
            items.append(item)
    if foreign:
        log.warning("%s: ignored posts labelled as other channels' (%s)", fetched.url, ", ".join(sorted(foreign)))
        if not items and not unreadable:
            raise ParseError(fetched.url, f"no post on the page is {own}'s (found {', '.join(sorted(foreign))})")
    if not items and (unreadable or history.css_first(".tgme_widget_message, .tgme_widget_message_wrap") is not None):
        raise ParseError(fetched.url, "posts found but none could be read: has Telegram changed its markup?")
    by_id = {item.post_id or 0: item for item in items}  # a post shown twice counts once
    return Page(
        items=tuple(by_id[k] for k in sorted(by_id)),
        title=_title(tree),
        before=_before(tree),
        complete=unreadable == 0,
    )


def _post(node: Node) -> Item | None:
    match = _POST.match(str(node.attributes.get("data-post") or "").strip())
    if match is None:
        return None
    name, post_id = match.group(1), int(match.group(2))
    views = node.css_first(".tgme_widget_message_views")
    author = node.css_first(".tgme_widget_message_from_author")
    return Item(
        key=f"{name}/{post_id}",
        url=f"https://t.me/{name}/{post_id}",
        title="",
        text=_text(node),
        published=_published(node),
        author=squeeze(author.text()).rstrip(",").strip() or None if author is not None else None,
        views=parse_views(views.text()) if views is not None else None,
        forwarded_from=_forwarded_from(node),
        media=next((kind for selector, kind in _MEDIA if node.css_first(selector) is not None), None),
        post_id=post_id,
    )


def _text(node: Node) -> str:
    """The post's own text (a caption counts), not the quoted text of a post it replies to."""
    for body in node.css(".tgme_widget_message_text"):
        if _inside_reply(body, node):
            continue
        # The empty inline-block spacer before the footer carries no text; dropped for clarity.
        for spacer in body.css('span[style*="inline-block"]'):
            if not spacer.text(strip=True):
                spacer.decompose()
        return html_to_text(body.inner_html or "")
    return ""  # a media-only post: it exists, and its absence later matters


def _inside_reply(body: Node, post: Node) -> bool:
    parent = body.parent
    while parent is not None and parent.mem_id != post.mem_id:
        if "tgme_widget_message_reply" in str(parent.attributes.get("class") or ""):
            return True
        parent = parent.parent
    return "js-message_reply_text" in str(body.attributes.get("class") or "")


def _published(node: Node) -> datetime | None:
    time = node.css_first(".tgme_widget_message_date time[datetime]") or node.css_first(
        ".tgme_widget_message_info time[datetime]"
    )
    if time is None:
        return None
    try:
        moment = datetime.fromisoformat(str(time.attributes.get("datetime") or "").strip())
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):  # unreadable, or past year 9999 / before year 1 in UTC: no time
        return None


def _forwarded_from(node: Node) -> str | None:
    link = node.css_first("a.tgme_widget_message_forwarded_from_name[href]")
    if link is not None:
        return str(link.attributes.get("href") or "").strip() or None
    name = node.css_first(".tgme_widget_message_forwarded_from_name")  # the origin hides its link
    return squeeze(name.text()) or None if name is not None else None


def _before(tree: HTMLParser) -> int | None:
    more = tree.css_first(".js-messages_more[data-before]")
    if more is not None and str(more.attributes.get("data-before") or "").isdigit():
        return int(str(more.attributes["data-before"]))
    prev = tree.css_first('link[rel="prev"][href]')
    if prev is not None:
        values = parse_qs(urlparse(str(prev.attributes.get("href") or "")).query).get("before", [])
        if values and values[0].isdigit():
            return int(values[0])
    return None


def _title(tree: HTMLParser) -> str | None:
    meta = tree.css_first('meta[property="og:title"][content]')
    return squeeze(str(meta.attributes.get("content") or "")) or None if meta is not None else None


def _named_channel(tree: HTMLParser) -> str | None:
    """The channel a page says it is: its header's @username, else its canonical link."""
    header = tree.css_first(".tgme_channel_info_header_username a[href]")
    if header is not None:
        found = _CHANNEL_URL.match(urlparse(str(header.attributes.get("href") or "")).path)
        if found:
            return found.group(1)
    canonical = tree.css_first('link[rel="canonical"][href]')
    if canonical is not None:
        found = _CHANNEL_URL.match(urlparse(str(canonical.attributes.get("href") or "")).path)
        if found:
            return found.group(1)
    return None


def _channel_of(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.hostname not in ("t.me", "telegram.me"):
        return None
    match = _CHANNEL_URL.match(parsed.path)
    return match.group(1) if match else None
