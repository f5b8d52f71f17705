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


MESSAGES = sorted(DATA.glob("message_*.html"))
EXPECTED = {  # file: (key, media, views, text starts with, forwarded from)
    "message_text.html": ("topwar_official/70991", None, 33400, "Неопознанный летающий объект замечен", None),
    "message_media_forwarded_from.html": ("oper_goblin/22358", "photo", 214400, "Британская разведка", "https://t.me/dimsmirnov175/44604"),
    "message_media_photo_and_video.html": ("anna_news/46908", "album", 59500, "Ночью над Белгородом", None),
    "message_media_round_video.html": ("bolshiepushki/3495", "roundvideo", 54200, "", None),
    "message_poll.html": ("it_begin/488", "poll", 1100, "", None),
    "message_sticker.html": ("channel/5", "sticker", 1, "", None),
    "message_voice.html": ("oper_goblin/939", "voice", 746, "Обсудили", "Спортивный Екб"),  # origin hides its link
    "message_media_file.html": ("oper_goblin/16936", "document", 171900, "Центр изучения", "https://t.me/kremlinprachka/20294"),
    "message_link_preview.html": ("oper_goblin/22360", "link_preview", 226200, "https://vnnews.ru/", None),
    "message_link_preview_text_only.html": ("oper_goblin/22368", "link_preview", 246800, "http://publication.pravo.gov.ru/", None),
    "message_link_preview_video.html": ("fighter_bomber/11226", "link_preview", 69400, "Жениться вам, барин, пора! 😁", None),
    "message_with_from_author.html": ("channel/4", None, 1, "test", None),
}  # fmt: skip


def test_every_message_capture_has_an_expectation() -> None:
    assert {p.name for p in MESSAGES} == set(EXPECTED)


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_each_message_capture(path: Path) -> None:
    (item,) = fragment(path.name).items
    key, media, views, starts, forwarded_from = EXPECTED[path.name]
    assert (item.key, item.media, item.views, item.forwarded_from) == (key, media, views, forwarded_from)
    assert item.text.startswith(starts) and (starts or item.text == "")  # media-only posts keep text ""
    assert item.url == f"https://t.me/{key}" and item.post_id == int(key.split("/")[1]) and item.title == ""
    assert item.published is not None and item.published.utcoffset() is not None
    assert item.published.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "media"),
    [("media_photo.html", "photo"), ("media_video.html", "video"), ("media_video_gif.html", "video"),
     ("media_video_too_big.html", "video"), ("media_cicrle_video.html", "roundvideo"), ("poll.html", "poll"),
     ("link_preview.html", "link_preview"), ("link_preview_video.html", "link_preview")],
)  # fmt: skip
def test_media_fragments_give_their_kind(name: str, media: str) -> None:
    inner = (DATA / name).read_text(encoding="utf-8")
    post = (
        f'<div class="tgme_widget_message" data-post="ch/1"><div class="tgme_widget_message_bubble">{inner}</div></div>'
    )
    page = parse_channel(Fetched(url=name, body=f'<section class="tgme_channel_history">{post}</section>'.encode()))
    assert page.items[0].media == media


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


@pytest.mark.parametrize(
    ("url", "channel"), [("https://t.me/s/somechannel", "somechannel"), ("https://t.me/somechannel", None)]
)
def test_a_channel_without_a_public_preview_is_a_clear_error(url: str, channel: str | None) -> None:
    body = (DATA / "no_preview.html").read_bytes()
    with pytest.raises(ParseError, match=r"channel has no public web preview \(t\.me/s/somechannel\)"):
        parse_channel(Fetched(url=url, body=body), channel)


def post(number: int, inner: str, channel: str = "ch") -> str:
    return (
        f'<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="{channel}/{number}">{inner}'
        f'<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date"><time datetime="2024-05-01T10:00:00+03:00">'
        "</time></a></span></div></div>"
    )


def channel_page(*posts: str, head: str = "") -> Fetched:
    body = (
        f'<html><head>{head}</head><body><main class="tgme_main"><section class="tgme_channel_history">{"".join(posts)}'
    )
    return Fetched(url="https://t.me/s/ch", body=(body + "</section></main></body></html>").encode())


def test_only_the_pages_own_channel_counts() -> None:
    text = '<div class="tgme_widget_message_text">x</div>'
    page = parse_channel(channel_page(post(1, text), post(2, text, "mod_russia"), post(3, text, "CH")))
    assert [i.key for i in page.items] == ["ch/1", "CH/3"]  # usernames are case-insensitive
    assert [i.url for i in page.items] == ["https://t.me/ch/1", "https://t.me/CH/3"] and page.complete
    # A local file: the configured channel decides, whatever the page's URL.
    local = Fetched(url="/data/page.html", body=channel_page(post(1, text), post(2, text, "mod_russia")).body)
    assert [i.key for i in parse_channel(local, "mod_russia").items] == ["mod_russia/2"]
    # No channel configured nor in the URL: the page's own header names it.
    header = '<div class="tgme_channel_info_header_username"><a href="https://t.me/ch">@ch</a></div>'
    named = Fetched(url="/data/page.html", body=channel_page(header, post(1, text), post(2, text, "other")).body)
    assert [i.key for i in parse_channel(named).items] == ["ch/1"]


def test_a_page_of_only_other_channels_posts_is_a_clear_error() -> None:
    text = '<div class="tgme_widget_message_text">x</div>'
    with pytest.raises(ParseError, match=r"no post on the page is ch's \(found mod_russia, other\)"):
        parse_channel(channel_page(post(5, text, "mod_russia"), post(6, text, "other")))


def test_a_reply_is_not_the_text_of_the_post_it_quotes() -> None:
    reply = (
        '<a class="tgme_widget_message_reply" href="https://t.me/ch/1"><div class="tgme_widget_message_text js-message_reply_text">'
        'Quoted older post</div></a><div class="tgme_widget_message_text js-message_text">Our answer</div>'
    )
    (item,) = parse_channel(channel_page(post(2, reply))).items
    assert item.text == "Our answer"


def test_paging_back_from_the_link_in_the_head_and_duplicates() -> None:
    text = '<div class="tgme_widget_message_text">x</div>'
    page = parse_channel(
        channel_page(post(9, text), post(7, text), post(9, text), head='<link rel="prev" href="/s/ch?before=7">')
    )
    assert page.before == 7 and [i.post_id for i in page.items] == [7, 9] and page.complete


def test_markup_telegram_changed_fails_loudly() -> None:
    renamed = '<div class="tgme_widget_message_wrap"><div class="tgme_post" data-id="ch/1">text</div></div>'
    with pytest.raises(ParseError, match="changed its markup"):
        parse_channel(channel_page(renamed))
    odd = '<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="not a post">x</div></div>'
    with pytest.raises(ParseError, match="changed its markup"):
        parse_channel(channel_page(odd))
    page = parse_channel(channel_page(odd, post(3, "")))  # one unreadable post: absences prove nothing
    assert [i.post_id for i in page.items] == [3] and page.complete is False


def test_hostile_markup_is_ignored() -> None:
    junk = "<div><span>" * 5000 + "deep" + "</span></div>" * 10
    hostile = (
        f'<div class="tgme_widget_message_text" title="{"x" * 1_000_000}">Real <script>steal()</script>text'
        f"<style>p{{}}</style><iframe src=x></iframe>{junk}</div>"
    )
    (item,) = parse_channel(channel_page(post(1, hostile), "<script>document.write('<section>')</script>")).items
    assert item.text.startswith("Real text") and "steal" not in item.text


def test_an_empty_history_is_an_empty_page_and_garbage_is_an_error() -> None:
    empty = b'<main class="tgme_main"><section class="tgme_channel_history"></section></main>'
    assert parse_channel(Fetched(url="x", body=empty)).items == ()
    with pytest.raises(ParseError):
        parse_channel(Fetched(url="x", body=b"\x00\xff garbage <<<>>>"))


@pytest.mark.parametrize(("text", "value"), [("1", 1), ("44", 44), ("37.2K", 37200), ("1.2M", 1_200_000), ("?", None)])
def test_view_counts(text: str, value: int | None) -> None:
    assert parse_views(text) == value
