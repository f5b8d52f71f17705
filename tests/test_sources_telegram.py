"""t.me/s channel pages: real captures from ../shared/corpus/telegram and hand-made edge cases."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import ParseError
from bot.model import Fetched, Page
from bot.sources.telegram import parse_channel, parse_views

DATA = Path(__file__).parent / "data" / "telegram"


def page_of(path: Path) -> Page:
    return parse_channel(Fetched(url=path.name, body=path.read_bytes()))


def fragment(name: str) -> Page:
    """A single-post capture, placed in a page skeleton."""
    html = (DATA / name).read_text(encoding="utf-8")
    body = f'<main class="tgme_main"><section class="tgme_channel_history">{html}</section></main>'
    return parse_channel(Fetched(url=name, body=body.encode()))


def test_a_whole_real_page() -> None:
    page = page_of(DATA / "full.html")
    ids = [i.post_id for i in page.items]
    assert len(ids) == 12 and ids == sorted(ids) and ids[0] == 70989 and ids[-1] == 71008
    assert page.before == 70989 and page.title == "Военное обозрение"
    first = page.items[0]
    assert first.key == "topwar_official/70989" and first.url == "https://t.me/topwar_official/70989"
    assert first.published == datetime(2023, 2, 28, 7, 47, 53, tzinfo=UTC)
    assert first.views == 37200
    assert first.text.startswith("В Санкт-Петербурге в небо") and not first.text.endswith(" ")
    assert all(i.published and i.published.tzinfo for i in page.items)


@pytest.mark.parametrize(
    ("name", "post", "media", "views", "starts"),
    [
        ("message_text.html", "topwar_official/70991", None, 33400, "Неопознанный летающий объект замечен"),
        ("message_media_forwarded_from.html", "oper_goblin/22358", "photo", 214400, "Британская разведка"),
        ("message_media_photo_and_video.html", "anna_news/46908", "album", 59500, "Ночью над Белгородом"),
        ("message_media_round_video.html", "bolshiepushki/3495", "roundvideo", 54200, ""),
        ("message_poll.html", "it_begin/488", "poll", 1100, ""),
        ("message_sticker.html", "channel/5", "sticker", 1, ""),
        ("message_voice.html", "oper_goblin/939", "voice", 746, "Обсудили"),
        ("message_media_file.html", "oper_goblin/16936", "document", 171900, "Центр изучения"),
        ("message_link_preview.html", "oper_goblin/22360", "link_preview", 226200, "https://vnnews.ru/"),
        ("message_with_from_author.html", "channel/4", None, 1, "test"),
    ],
)
def test_each_real_post_capture(name: str, post: str, media: str | None, views: int, starts: str) -> None:
    (item,) = fragment(name).items
    assert item.key == post and item.media == media and item.views == views
    assert item.text.startswith(starts)


def test_forwarded_posts_and_signed_posts_keep_their_origin() -> None:
    (forwarded,) = fragment("message_media_forwarded_from.html").items
    assert forwarded.forwarded_from == "https://t.me/dimsmirnov175/44604"
    (signed,) = fragment("message_with_from_author.html").items
    assert signed.author and signed.author.endswith("rkadiy Ivanov")


def test_edited_marker_offsets_spacer_emoji_and_hostile_markup() -> None:
    page = page_of(DATA / "edited_and_offsets.html")
    first, last = page.items
    assert (first.post_id, last.post_id) == (10, 12)
    assert first.published == datetime(2024, 5, 1, 7, 10, tzinfo=UTC)
    assert first.views == 1_200_000 and last.views == 900
    assert first.text == "Первая строка\nвторая 🔥 строка"
    assert last.text == "Третья & последняя"
    assert page.before == 10


def test_a_channel_without_a_public_preview_is_a_clear_error() -> None:
    with pytest.raises(ParseError, match="no public web preview"):
        parse_channel(Fetched(url="https://t.me/s/somechannel", body=(DATA / "no_preview.html").read_bytes()),
                      "somechannel")  # fmt: skip


def test_an_empty_history_is_an_empty_page_and_garbage_is_an_error() -> None:
    empty = b'<main class="tgme_main"><section class="tgme_channel_history"></section></main>'
    assert parse_channel(Fetched(url="x", body=empty)).items == ()
    with pytest.raises(ParseError):
        parse_channel(Fetched(url="x", body=b"\x00\xff garbage <<<>>>"))


@pytest.mark.parametrize(("text", "value"), [("1", 1), ("44", 44), ("37.2K", 37200), ("1.2M", 1_200_000), ("?", None)])
def test_view_counts(text: str, value: int | None) -> None:
    assert parse_views(text) == value
