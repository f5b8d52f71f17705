"""Feeds: every corpus file parses without an uncaught error; the real ones give what they hold."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import ParseError
from bot.model import Fetched, Page
from bot.sources.feeds import parse_feed

DATA = Path(__file__).parent / "data" / "feeds"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "feeds"
LOCAL = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in (".xml", ".rss", ".atom", ".json"))
EVERYTHING = (
    sorted(p for p in SHARED.rglob("*") if p.is_file() and p.suffix not in (".txt",)) if SHARED.exists() else []
)


_HEADER = re.compile(rb"^Header:\s*([\w-]+):\s*(.+?)\s*$", re.MULTILINE)


def parse(path: Path) -> Page:
    """Parse a corpus file, with the HTTP headers its leading comment says it was served with."""
    body = path.read_bytes()
    headers = {name.decode().lower(): value.decode("latin-1") for name, value in _HEADER.findall(body[:1000])}
    return parse_feed(Fetched(url=path.name, body=body, headers=headers))


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
    assert len(page.items) == count and page.title
    assert any(item.title.startswith(first_title) for item in page.items)
    assert all(item.title and item.url and item.url.startswith("http") for item in page.items)
    assert len({item.key for item in page.items}) == count
    assert all(item.published is not None for item in page.items)
    assert all(item.published is None or item.published.tzinfo is UTC for item in page.items)
    assert all(datetime(2000, 1, 1, tzinfo=UTC) < i.published < datetime(2030, 1, 1, tzinfo=UTC) for i in page.items)  # type: ignore[operator]
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


def test_the_charset_the_server_sends_decodes_the_feed() -> None:
    body = '<rss version="2.0"><channel><title>Notícias</title><item><title>Ação</title></item></channel></rss>'
    headers = {"content-type": "application/rss+xml; charset=iso-8859-1"}
    page = parse_feed(Fetched(url="x", body=body.encode("latin-1"), headers=headers))
    assert page.title == "Notícias" and page.items[0].title == "Ação"


def test_dates_with_month_names_in_the_feeds_language() -> None:
    (item,) = parse(DATA / "uolNoticias.rss").items[-1:]
    assert item.published == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)  # "Seg, 24 Set 2018 19:42:40 -0300"


def test_a_bozo_feed_keeps_the_entries_it_has() -> None:
    cut = RSS[: RSS.index(b"<item><title>No guid")]  # the tail is lost: mismatched, unclosed
    page = parse_feed(Fetched(url="x", body=cut))
    assert [i.title for i in page.items] == ["A", "B"]
    declared_wrong = b'<?xml version="1.0" encoding="us-ascii"?>' + RSS[RSS.index(b"<rss") :].replace(
        b"B<", "Bé<".encode()
    )
    assert "Bé" in [i.title for i in parse_feed(Fetched(url="x", body=declared_wrong)).items]


def test_an_empty_feed_is_an_empty_page() -> None:
    page = parse_feed(
        Fetched(url="x", body=b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>')
    )
    assert page.items == () and page.title == "T"


def test_relative_links_resolve_against_the_feed_url() -> None:
    body = (
        b'<rss version="2.0"><channel><title>T</title><item><title>A</title><link>/news/1</link></item></channel></rss>'
    )
    (item,) = parse_feed(Fetched(url="https://example.org/feeds/all.rss", body=body)).items
    assert item.url == "https://example.org/news/1" and item.key == "https://example.org/news/1"


def test_the_longest_of_content_and_summary_is_the_text() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>tag:1</id><title>A</title>
    <summary>Teaser.</summary><content type="html">&lt;p&gt;The whole story.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</content>
    <updated>2023-05-01T13:00:00+03:00</updated><author><name>Ann</name></author></entry></feed>"""
    (item,) = parse_feed(Fetched(url="x", body=body)).items
    assert item.text == "The whole story." and item.author == "Ann"
    assert item.published == datetime(2023, 5, 1, 10, tzinfo=UTC)


def test_json_feed() -> None:
    body = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
      {"id": "1", "url": "https://x/1", "title": "One", "content_html": "<p>Hi</p>", "date_published": "2023-05-01T10:00:00Z"},
      {"id": "2", "content_text": "Plain"}, "junk"]}"""
    page = parse_feed(Fetched(url="x", body=body, headers={"content-type": "application/feed+json"}))
    assert [(i.key, i.text) for i in page.items] == [("1", "Hi"), ("2", "Plain")]
    assert page.items[0].published == datetime(2023, 5, 1, 10, tzinfo=UTC) and page.title == "J"


def test_json_feed_versions_authors_and_repeated_ids() -> None:
    body = b"""\xef\xbb\xbf {"version": "https://jsonfeed.org/version/1", "title": "J", "author": {"name": "Desk"},
      "items": [{"id": 7, "url": "https://x/a", "summary": "Short", "content_text": "Longer text",
                 "date_published": "2023-05-01T13:00:00+03:00", "authors": [{"name": "Ann"}, {"name": "Bo"}]},
                {"id": 7, "url": "https://x/b", "content_html": "<b>Other</b>", "date_modified": "not a date"},
                {"id": null, "title": "No id", "content_text": "t"}]}"""
    page = parse_feed(Fetched(url="x", body=body))  # no content-type: the leading { says JSON
    first, second, third = page.items
    assert (first.key, first.text, first.author) == ("7", "Longer text", "Ann, Bo")
    assert first.published == datetime(2023, 5, 1, 10, tzinfo=UTC)
    assert (second.key, second.text, second.author, second.published) == ("7#https://x/b", "Other", "Desk", None)
    assert third.key.startswith("sha256:")


def test_the_corpus_json_feed() -> None:
    page = parse(DATA / "feedparser" / "example.json")
    assert page.title == "My Example Feed" and len(page.items) == 2
    assert "alert" not in page.items[1].text + page.items[0].text  # script content never becomes text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html><body><p>Welcome</p></body></html>", "not a feed: got an HTML page"),
        (b"", "not a feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a feed"),
        (b'{"not": "a feed"}', "JSON without an items list"),
        (b"{broken json", "invalid JSON"),
        (
            b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<oops></channel></rss>',
            "XML error at line 4: mismatched tag",
        ),
        (b"<?xml version='1.0'?>\n<rss><channel><title>Cut", "not a feed"),
    ],
)
def test_what_is_not_a_feed_says_so(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_feed(Fetched(url="https://example.org/feed", body=body))
