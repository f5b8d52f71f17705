"""Fetching against a real HTTP server on 127.0.0.1, and from files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import FetchError, NotModified
from bot.model import Settings
from bot.sources.fetch import fetch, is_public_address, page_url, retry_after
from tests.servers import FeedServer

SETTINGS = Settings(timeout=1.0, max_bytes=100_000, max_redirects=3)


def test_ok_with_a_user_agent(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    fetched = fetch(url, SETTINGS)
    assert fetched.body == b"<rss/>" and fetched.headers["content-type"] == "application/rss+xml"
    assert feed_server.requests[0].headers["user-agent"].startswith("claimwatch/")


def test_conditional_get_makes_an_unchanged_feed_a_304(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", body=b"<rss/>", etag='"v1"', headers={"Last-Modified": "Mon, 01 May 2023"})
    first = fetch(url, SETTINGS)
    with pytest.raises(NotModified):
        fetch(url, SETTINGS, etag=first.headers["etag"], last_modified=first.headers["last-modified"])
    sent = feed_server.requests[-1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == "Mon, 01 May 2023"


@pytest.mark.parametrize(("status", "message"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
def test_http_errors_name_the_status(feed_server: FeedServer, status: int, message: str) -> None:
    url = feed_server.route("/x", status=status, body=b"no")
    with pytest.raises(FetchError, match=message) as caught:
        fetch(url, SETTINGS)
    assert caught.value.url == url and caught.value.retry_after is None


def test_429_carries_retry_after(feed_server: FeedServer) -> None:
    url = feed_server.route("/x", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        fetch(url, SETTINGS)
    assert caught.value.retry_after == 120


def test_retry_after_as_an_http_date_or_garbage() -> None:
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after("soon") is None and retry_after(None) is None


def test_a_slow_server_times_out(feed_server: FeedServer) -> None:
    url = feed_server.route("/slow", body=b"x", delay=2.0)
    with pytest.raises(FetchError, match="timed out after 1s"):
        fetch(url, SETTINGS)


def test_redirects_are_followed_and_capped(feed_server: FeedServer) -> None:
    feed_server.route("/final", body=b"here")
    url = feed_server.route("/moved", status=301, headers={"Location": "/final"})
    assert fetch(url, SETTINGS).body == b"here"
    loop = feed_server.route("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(loop, SETTINGS)


def test_an_oversized_body_is_refused_whether_declared_or_streamed(feed_server: FeedServer) -> None:
    declared = feed_server.route("/big", body=b"x" * 200_000)
    with pytest.raises(FetchError, match="larger than 100000 bytes"):
        fetch(declared, SETTINGS)
    streamed = feed_server.route("/stream", stream=500_000)
    with pytest.raises(FetchError, match="larger than 100000 bytes"):
        fetch(streamed, SETTINGS)


def test_gzip_is_decoded(feed_server: FeedServer) -> None:
    url = feed_server.route("/gz", body=b"<rss>compressed</rss>", gzip=True)
    assert fetch(url, SETTINGS).body == b"<rss>compressed</rss>"


def test_a_refused_connection_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="network error"):
        fetch("http://127.0.0.1:9/feed", SETTINGS)


def test_files_by_path_and_by_url(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss/>")
    assert fetch(str(feed), SETTINGS).body == b"<rss/>"
    assert fetch(feed.as_uri(), SETTINGS).body == b"<rss/>"
    with pytest.raises(FetchError, match="no such file"):
        fetch(str(tmp_path / "missing.xml"), SETTINGS)


@pytest.mark.parametrize(
    ("address", "public"),
    [("8.8.8.8", True), ("2a00:1450:4001::200e", True), ("127.0.0.1", False), ("10.1.2.3", False),
     ("192.168.0.1", False), ("172.16.5.5", False), ("169.254.169.254", False), ("::1", False), ("fe80::1", False),
     ("fd00:ec2::254", False), ("0.0.0.0", False), ("224.0.0.1", False), ("::ffff:127.0.0.1", False), ("x", False)],
)  # fmt: skip
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_untrusted_sources_may_not_reach_private_addresses(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", body=b"<rss/>")
    with pytest.raises(FetchError, match="private address"):
        fetch(url, SETTINGS, allow_private=False)
    with pytest.raises(FetchError, match="local files"):
        fetch("/etc/passwd", SETTINGS, allow_private=False)


def test_every_redirect_hop_is_checked(feed_server: FeedServer) -> None:
    # The first hop's host passes as public (the resolver says so); it redirects to a host that
    # resolves to loopback, which must be refused before any request is made to it.
    inner = feed_server.url("/internal").replace("127.0.0.1", "localhost")
    feed_server.route("/internal", body=b"secret")
    hop = feed_server.route("/hop", status=302, headers={"Location": inner})
    answers = {"127.0.0.1": ["93.184.216.34"], "localhost": ["127.0.0.1"]}

    def resolver(host: str) -> list[str]:
        return answers[host]

    with pytest.raises(FetchError, match="localhost: it resolves to a private address"):
        fetch(hop, SETTINGS, allow_private=False, resolver=resolver)
    assert [r.path for r in feed_server.requests] == ["/hop"]


def test_paging_back_a_channel() -> None:
    assert page_url("https://t.me/s/mod_russia", 27001) == "https://t.me/s/mod_russia?before=27001"
    assert page_url("/tmp/page.html", 5) == "/tmp/page.html"
