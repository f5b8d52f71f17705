"""Feeds: every corpus file parses without an uncaught error; the real ones give what they hold."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import ParseError
from bot.model import Fetched
from bot.sources.feeds import parse_feed

DATA = Path(__file__).parent / "data" / "feeds"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "feeds"
LOCAL = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in (".xml", ".rss", ".atom", ".json"))
EVERYTHING = (
    sorted(p for p in SHARED.rglob("*") if p.is_file() and p.suffix not in (".txt",)) if SHARED.exists() else []
)


def parse(path: Path):  # type: ignore[no-untyped-def]
    return parse_feed(Fetched(url=path.name, body=path.read_bytes()))


@pytest.mark.parametrize("path", LOCAL, ids=lambda p: p.name)
def test_corpus_copies_parse_or_fail_cleanly(path: Path) -> None:
    try:
        page = parse(path)
    except ParseError as exc:
        assert path.name in str(exc)
        return
    assert all(item.key for item in page.items)
    assert len({item.key for item in page.items}) == len(page.items)


def test_the_whole_shared_corpus_parses_without_an_uncaught_error() -> None:
    if not EVERYTHING:
        pytest.skip("../shared/corpus/feeds is not beside this checkout")
    failures = []
    for path in EVERYTHING:
        try:
            parse(path)
        except ParseError:
            pass
        except Exception as exc:  # anything else is a crash a hostile feed could trigger
            failures.append(f"{path}: {exc!r}")
    assert failures == []


@pytest.mark.parametrize(
    ("name", "count", "first_title"),
    [
        ("guardian.rss", 55, "Trump-Russia investigation"),
        ("encoding.rss", 40, "Lisboa quer passes sociais"),  # ISO-8859-1
        ("rss-1.rss", 69, "Neuroplasticity in learning to read"),  # RDF
        ("heise.atom", 15, "Apache Software Foundation"),  # Atom
        ("uolNoticias.rss", 15, "Ibope"),  # Latin-1 with no declaration
        ("reddit-home.rss", 24, "I built my chameleon a mansion"),  # Atom with xhtml content
    ],
)
def test_real_feeds(name: str, count: int, first_title: str) -> None:
    page = parse(DATA / name)
    assert len(page.items) == count
    assert any(item.title.startswith(first_title) for item in page.items)
    assert all(item.title for item in page.items)
    assert all(item.published is None or item.published.tzinfo is UTC for item in page.items)
    dated = [item.published for item in page.items if item.published]
    assert dated == sorted(dated)  # processed in publication order


def test_latin1_text_is_decoded() -> None:
    assert any("ã" in item.title or "ç" in item.title for item in parse(DATA / "encoding.rss").items)


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>B</title><guid>same</guid><link>https://x/b</link><pubDate>Tue, 02 May 2023 10:00:00 GMT</pubDate></item>
<item><title>A</title><guid>same</guid><link>https://x/a</link><pubDate>Mon, 01 May 2023 10:00:00 GMT</pubDate></item>
<item><title>No guid</title><link>https://x/c</link><description>&lt;p&gt;Hello &amp;amp; &lt;b&gt;bye&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>Nothing</title><description>only text</description></item>
</channel></rss>"""


def test_identity_order_and_text() -> None:
    page = parse_feed(Fetched(url="x", body=RSS))
    by_title = {item.title: item for item in page.items}
    assert by_title["B"].key == "same" and by_title["A"].key == "same#https://x/a"  # a repeated guid
    assert by_title["No guid"].key == "https://x/c" and by_title["No guid"].text == "Hello & bye"
    assert by_title["Nothing"].key.startswith("sha256:")
    assert [i.title for i in page.items][:2] == ["A", "B"]  # oldest first; undated last
    assert by_title["A"].published == datetime(2023, 5, 1, 10, tzinfo=UTC)


def test_json_feed() -> None:
    body = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
      {"id": "1", "url": "https://x/1", "title": "One", "content_html": "<p>Hi</p>", "date_published": "2023-05-01T10:00:00Z"},
      {"id": "2", "content_text": "Plain"}, "junk"]}"""
    page = parse_feed(Fetched(url="x", body=body, headers={"content-type": "application/feed+json"}))
    assert [(i.key, i.text) for i in page.items] == [("1", "Hi"), ("2", "Plain")]
    assert page.items[0].published == datetime(2023, 5, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html><body><p>Welcome</p></body></html>", "not a feed: got an HTML page"),
        (b"", "not a feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a feed"),
        (b'{"not": "a feed"}', "JSON without an items list"),
        (b"{broken json", "invalid JSON"),
    ],
)
def test_what_is_not_a_feed_says_so(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_feed(Fetched(url="https://example.org/feed", body=body))
