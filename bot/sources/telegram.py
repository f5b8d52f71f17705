"""PURE. A public channel's web preview page (t.me/s/<channel>) → Page of posts."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from bot.errors import ParseError
from bot.model import Fetched, Item, Page
from bot.text import html_to_text

_SPACER = re.compile(r'<span style="display:\s*inline-block;\s*width:\s*\d+px;?"></span>\s*$')
_VIEWS = re.compile(r"^([\d.,]+)\s*([KMB]?)$", re.IGNORECASE)
_MEDIA = (
    (".tgme_widget_message_grouped_wrap", "album"),
    (".tgme_widget_message_photo_wrap", "photo"),
    (".tgme_widget_message_video_player", "video"),
    (".tgme_widget_message_roundvideo", "roundvideo"),
    (".tgme_widget_message_voice", "voice"),
    (".tgme_widget_message_document_wrap", "document"),
    (".tgme_widget_message_sticker_wrap", "sticker"),
    (".tgme_widget_message_poll", "poll"),
    (".tgme_widget_message_link_preview", "link_preview"),
)


def parse_views(text: str) -> int | None:
    match = _VIEWS.match(text.strip())
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    return round(number * {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}[match.group(2).upper()])


def _published(node: Node) -> datetime | None:
    time = node.css_first(".tgme_widget_message_date time[datetime]") or node.css_first("time[datetime]")
    if time is None:
        return None
    try:
        moment = datetime.fromisoformat(str(time.attributes.get("datetime")))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _text(node: Node) -> str:
    body = node.css_first(".tgme_widget_message_text")
    if body is None:
        return ""
    return html_to_text(_SPACER.sub("", body.inner_html or ""))


def parse_channel(fetched: Fetched, channel: str | None = None) -> Page:
    try:
        html = fetched.body.decode("utf-8", errors="replace")
    except Exception as exc:  # pragma: no cover - decode with errors=replace does not raise
        raise ParseError(fetched.url, f"cannot decode the page: {exc}") from exc
    tree = HTMLParser(html)
    history = tree.css_first("section.tgme_channel_history")
    if history is None:
        where = f"t.me/s/{channel}" if channel else "the page"
        raise ParseError(fetched.url, f"channel has no public web preview ({where}): no message history on the page")
    items: list[Item] = []
    for node in history.css(".tgme_widget_message[data-post]"):
        post = str(node.attributes.get("data-post") or "")
        name, _, number = post.rpartition("/")
        if not name or not number.isdigit():
            continue
        post_id = int(number)
        views_node = node.css_first(".tgme_widget_message_views")
        author = node.css_first(".tgme_widget_message_from_author")
        forwarded = node.css_first("a.tgme_widget_message_forwarded_from_name") or node.css_first(
            ".tgme_widget_message_forwarded_from_name"
        )
        forwarded_from = None
        if forwarded is not None:
            forwarded_from = str(forwarded.attributes.get("href") or forwarded.text(strip=True) or "") or None
        media = next((kind for selector, kind in _MEDIA if node.css_first(selector) is not None), None)
        items.append(
            Item(
                key=post,
                url=f"https://t.me/{name}/{post_id}",
                title="",
                text=_text(node),
                published=_published(node),
                author=author.text(strip=True) if author is not None else None,
                views=parse_views(views_node.text(strip=True)) if views_node is not None else None,
                forwarded_from=forwarded_from,
                media=media,
                post_id=post_id,
            )
        )
    if not items and tree.css_first(".tgme_widget_message") is not None:
        raise ParseError(fetched.url, "posts found but none could be read: has Telegram changed its markup?")
    items.sort(key=lambda i: i.post_id or 0)
    more = tree.css_first(".js-messages_more[data-before]")
    before = (
        int(str(more.attributes["data-before"]))
        if more is not None and str(more.attributes.get("data-before", "")).isdigit()
        else None
    )
    title_node = tree.css_first('meta[property="og:title"]')
    title = str(title_node.attributes.get("content")) if title_node is not None else None
    return Page(items=tuple(items), title=title, before=before)
