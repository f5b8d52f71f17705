"""Fetching against a real HTTP server on 127.0.0.1, and from files."""

from __future__ import annotations

import importlib
import threading
import tracemalloc
import zlib
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from bot.clock import utcnow
from bot.errors import FetchError, NotModified
from bot.model import Settings
from bot.sources.fetch import check_public_url, fetch, is_public_address, page_url, retry_after
from tests.servers import HEADER_LINES, FeedServer

fetch_module = importlib.import_module("bot.sources.fetch")  # `bot.sources.fetch` the name is the function
SETTINGS = Settings(timeout=1.0, max_bytes=100_000, max_redirects=3)


def test_ok_with_a_user_agent(feed_server: FeedServer) -> None:
    url = feed_server.route(
        "/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"}, etag='"v1"', last_modified="Mon"
    )
    fetched = fetch(url, SETTINGS)
    assert fetched.body == b"<rss/>" and fetched.status == 200 and fetched.url == url
    assert fetched.headers["content-type"] == "application/rss+xml"
    assert fetched.headers["etag"] == '"v1"' and fetched.headers["last-modified"] == "Mon"
    assert all(name == name.lower() for name in fetched.headers)
    assert feed_server.requests[0].headers["user-agent"] == SETTINGS.user_agent
    assert "if-none-match" not in feed_server.requests[0].headers  # nothing to be conditional on yet


def test_a_last_modified_date_alone_makes_a_304(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", body=b"<rss/>", last_modified="Mon, 01 May 2023 10:00:00 GMT")
    with pytest.raises(NotModified) as caught:
        fetch(url, SETTINGS, last_modified="Mon, 01 May 2023 10:00:00 GMT")
    assert isinstance(caught.value, FetchError) and caught.value.url == url


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


def test_503_carries_retry_after_as_an_http_date(feed_server: FeedServer) -> None:
    later = format_datetime(utcnow() + timedelta(seconds=90), usegmt=True)
    url = feed_server.route("/x", status=503, headers={"Retry-After": later})
    with pytest.raises(FetchError, match="HTTP 503 Service Unavailable") as caught:
        fetch(url, SETTINGS)
    assert caught.value.retry_after is not None and 80 <= caught.value.retry_after <= 90


def test_retry_after_as_an_http_date_or_garbage() -> None:
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after("soon") is None and retry_after(None) is None
    # Only digits count as seconds: never infinity, not-a-number or a negative wait.
    assert [retry_after(v) for v in ("inf", "nan", "-5", "1e400", " 120 ")] == [None, None, None, None, 120.0]
    assert retry_after("9" * 400) == 1e15  # finite, however long; storage.health caps the real wait
    far = retry_after("Fri, 31 Dec 9999 23:59:59 GMT")
    assert far is not None and far > 2e11


def test_a_slow_server_times_out(feed_server: FeedServer) -> None:
    url = feed_server.route("/slow", body=b"x", delay=2.0)
    with pytest.raises(FetchError, match="timed out after 1s"):
        fetch(url, SETTINGS)


def test_a_server_that_drips_its_body_times_out(feed_server: FeedServer) -> None:
    # Every chunk comes well within the read timeout, but the whole would take 20 seconds.
    url = feed_server.route("/drip", stream=16 * 100, drip=0.2)
    with pytest.raises(FetchError, match="timed out after 1s"):
        fetch(url, SETTINGS)


def test_redirects_are_followed_and_capped(feed_server: FeedServer) -> None:
    final = feed_server.route("/final", body=b"here")
    feed_server.route("/moved", status=301, headers={"Location": "/final"})
    url = feed_server.route("/moved-twice", status=307, headers={"Location": feed_server.url("/moved")})
    fetched = fetch(url, SETTINGS)
    assert fetched.body == b"here" and fetched.url == final
    loop = feed_server.route("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="too many redirects") as caught:
        fetch(loop, SETTINGS)
    assert caught.value.url == loop
    assert feed_server.paths().count("/loop") == SETTINGS.max_redirects + 1


def test_odd_redirects_are_errors(feed_server: FeedServer) -> None:
    nowhere = feed_server.route("/nowhere", status=302)
    with pytest.raises(FetchError, match="redirect without a Location"):
        fetch(nowhere, SETTINGS)
    to_file = feed_server.route("/to-file", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="only http and https are followed"):
        fetch(to_file, SETTINGS)


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
    with pytest.raises(FetchError, match="no such file") as caught:
        fetch(str(tmp_path / "missing.xml"), SETTINGS)
    assert "missing.xml" in str(caught.value)
    with pytest.raises(FetchError, match="folder"):
        fetch(str(tmp_path), SETTINGS)
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * (SETTINGS.max_bytes + 1))
    with pytest.raises(FetchError, match="larger than 100000 bytes"):
        fetch(big.as_uri(), SETTINGS)


@pytest.mark.parametrize(
    ("url", "message"),
    [("ftp://example.org/feed.xml", "unsupported URL scheme"), ("feeds/wire.xml", "must be absolute"),
     ("file://fileserver/share/feed.xml", "another host")],
)  # fmt: skip
def test_what_cannot_be_fetched_says_why(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch(url, SETTINGS)


@pytest.mark.parametrize(
    ("address", "public"),
    [("8.8.8.8", True), ("2a00:1450:4001::200e", True), ("127.0.0.1", False), ("10.1.2.3", False),
     ("192.168.0.1", False), ("172.16.5.5", False), ("169.254.169.254", False), ("::1", False), ("fe80::1", False),
     ("fd00:ec2::254", False), ("0.0.0.0", False), ("224.0.0.1", False), ("::ffff:127.0.0.1", False), ("x", False),
     ("::ffff:8.8.8.8", True), ("64:ff9b::808:808", True), ("2002:808:808::1", True), ("::8.8.8.8", False),
     ("64:ff9b::7f00:1", False), ("2002:c0a8:1::1", False), ("64:ff9b:1::808:808", False), ("100.64.0.1", False)],
)  # fmt: skip
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_untrusted_sources_may_not_reach_private_addresses(feed_server: FeedServer) -> None:
    url = feed_server.route("/feed.xml", body=b"<rss/>")
    with pytest.raises(FetchError, match=r"refusing to fetch 127\.0\.0\.1: it resolves to a private address"):
        fetch(url, SETTINGS, allow_private=False)
    assert feed_server.requests == []  # refused before any connection


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/feed", "http://localhost:8080/feed", "http://10.0.0.7/feed", "https://192.168.1.1/",
     "http://169.254.169.254/latest/meta-data/", "http://[::1]/feed", "http://[fd00:ec2::254]/", "http://0.0.0.0/"],
)  # fmt: skip
def test_private_hosts_are_refused_after_resolution(url: str) -> None:
    # Literal addresses and "localhost" resolve locally (getaddrinfo, /etc/hosts): no network here.
    with pytest.raises(FetchError, match="it resolves to a private address"):
        fetch(url, SETTINGS, allow_private=False)


@pytest.mark.parametrize("url", ["/etc/passwd", "file:///etc/passwd"])
def test_untrusted_sources_may_not_read_files(url: str) -> None:
    with pytest.raises(FetchError, match="local files"):
        fetch(url, SETTINGS, allow_private=False)


def test_checking_a_url_before_storing_it() -> None:
    public = {"feeds.example.org": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]}
    check_public_url("https://feeds.example.org/rss", resolver=public.__getitem__)  # no error
    mixed = {"sneaky.example.org": ["93.184.216.34", "10.0.0.1"]}  # every address must be public
    with pytest.raises(FetchError, match=r"refusing to fetch sneaky\.example\.org"):
        check_public_url("https://sneaky.example.org/rss", resolver=mixed.__getitem__)
    with pytest.raises(FetchError, match="only http and https"):
        check_public_url("gopher://feeds.example.org/", resolver=public.__getitem__)

    def unresolvable(host: str) -> list[str]:
        raise FetchError(host, "cannot resolve host: Name or service not known")

    with pytest.raises(FetchError, match="cannot resolve host") as caught:
        check_public_url("https://nosuch.example/rss", resolver=unresolvable)
    assert caught.value.url == "https://nosuch.example/rss"


def internet(address: str) -> bool:
    """The address check with 127.0.0.1 standing in for the public internet (the test server
    lives there); every other address is judged by the real rule."""
    return address == "127.0.0.1" or is_public_address(address)


class Dns:
    """A resolver with fixed answers (a list of answers is given out one call at a time)."""

    def __init__(self, answers: dict[str, list[str] | list[list[str]]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        answer = self.answers[host]
        if answer and isinstance(answer[0], list):
            return list(answer.pop(0))  # type: ignore[arg-type]
        return list(answer)  # type: ignore[arg-type]


def test_every_redirect_hop_is_checked(feed_server: FeedServer) -> None:
    # The first host is public; it redirects to one that resolves to a private address, which
    # must be refused before any connection is made to it.
    feed_server.route("/internal", body=b"secret")
    hop = feed_server.route(
        "/hop", status=302, headers={"Location": f"http://intranet.test:{feed_server.port}/internal"}
    )
    dns = Dns({"news.test": ["127.0.0.1"], "intranet.test": ["10.0.0.7"]})
    url = hop.replace("127.0.0.1", "news.test")
    with pytest.raises(
        FetchError, match=r"refusing to fetch intranet\.test: it resolves to a private address"
    ) as caught:
        fetch(url, SETTINGS, allow_private=False, resolver=dns, is_allowed=internet)
    assert caught.value.url == url
    assert feed_server.paths() == ["/hop"]


def test_the_connection_goes_to_the_address_that_was_checked(feed_server: FeedServer) -> None:
    # .invalid never resolves in real DNS: the fetch works only if it connects to the checked answer.
    url = feed_server.route("/feed.xml", body=b"<rss/>").replace("127.0.0.1", "feed.invalid")
    dns = Dns({"feed.invalid": ["127.0.0.1"]})
    assert fetch(url, SETTINGS, allow_private=False, resolver=dns, is_allowed=internet).body == b"<rss/>"
    assert dns.asked == ["feed.invalid"]  # resolved once, for the check and the connection alike
    assert feed_server.requests[0].headers["host"] == f"feed.invalid:{feed_server.port}"


def test_a_name_that_resolves_elsewhere_after_the_check_is_refused(feed_server: FeedServer) -> None:
    """DNS rebinding: public when the source was added, loopback when it is fetched."""
    url = feed_server.route("/feed.xml", body=b"<rss/>" * 50_000).replace("127.0.0.1", "rebind.test")
    dns = Dns({"rebind.test": [["127.0.0.1"], ["127.0.0.2"]]})
    check_public_url(url, resolver=dns, is_allowed=internet)  # passes: what the bot saw when it was added
    with pytest.raises(FetchError, match=r"refusing to fetch rebind\.test: it resolves to a private address"):
        fetch(url, SETTINGS, allow_private=False, resolver=dns, is_allowed=internet)
    assert feed_server.requests == []


@pytest.mark.parametrize(
    "host",
    ["[::7f00:1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[64:ff9b::a00:7]", "[64:ff9b:1::808:808]",
     "[::ffff:7f00:1]", "[::ffff:10.0.0.7]", "[2002:7f00:1::1]", "[2002:a9fe:a9fe::1]",
     "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[::]", "[fe80::1%25eth0]"],
)  # fmt: skip
def test_ipv6_forms_of_private_ipv4_addresses_are_refused(host: str) -> None:
    with pytest.raises(FetchError, match="it resolves to a private address"):
        fetch(f"http://{host}/feed", SETTINGS, allow_private=False)


def test_proxies_in_the_environment_never_carry_untrusted_fetches(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FeedServer() as proxy:
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.url(""))
        monkeypatch.setattr(fetch_module, "_clients", {})  # clients read the environment when built
        url = feed_server.route("/feed.xml", body=b"<rss/>").replace("127.0.0.1", "feed.invalid")
        dns = Dns({"feed.invalid": ["127.0.0.1"]})
        assert fetch(url, SETTINGS, allow_private=False, resolver=dns, is_allowed=internet).body == b"<rss/>"
        assert proxy.requests == [] and dns.asked == ["feed.invalid"]
        # feeds.yaml's own sources do use the operator's proxy.
        with pytest.raises(FetchError, match="HTTP 404"):
            fetch(url, SETTINGS)
        assert proxy.paths() == [url]


def test_headers_that_never_end_time_out(feed_server: FeedServer) -> None:
    url = feed_server.route("/drip", body=b"<rss/>", header_drip=0.05)  # 200 lines: 10 s of headers
    with pytest.raises(FetchError, match=r"timed out after 1s"):
        fetch(url, SETTINGS)
    assert feed_server.header_lines_sent < HEADER_LINES / 2  # gave up long before the headers ended


def test_a_resolver_that_hangs_times_out() -> None:
    release = threading.Event()

    def hanging(host: str) -> list[str]:
        release.wait(30)
        return ["127.0.0.1"]

    try:
        with pytest.raises(FetchError, match=r"timed out after 1s"):
            fetch("http://slow-dns.test/feed", SETTINGS, resolver=hanging)
    finally:
        release.set()


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes, gzip-compressed (about size / 1000 bytes)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


def test_a_gzip_bomb_is_refused_with_memory_near_the_cap(feed_server: FeedServer) -> None:
    bomb = gzip_bomb(200 << 20)  # 200 MB of zeros in about 200 KB
    url = feed_server.route("/bomb.xml", body=bomb, headers={"Content-Encoding": "gzip"})
    settings = Settings(timeout=10.0, max_bytes=1 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"larger than 1048576 bytes"):
            fetch(url, settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * settings.max_bytes  # not 64 MB for each 64 KB chunk inflated at once


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw deflate"])
def test_compressed_bodies_are_decoded(feed_server: FeedServer, encoding: str) -> None:
    body = b"<rss>" + b"news " * 100_000 + b"</rss>"
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw deflate": -zlib.MAX_WBITS}[encoding]
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    sent = encoding.removeprefix("raw ")
    url = feed_server.route("/f", body=packer.compress(body) + packer.flush(), headers={"Content-Encoding": sent})
    assert fetch(url, Settings(timeout=5.0)).body == body


def test_a_corrupt_or_unknown_encoding_is_a_clear_error(feed_server: FeedServer) -> None:
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
    corrupt = feed_server.route("/c", body=header + b"\xff\xff garbage", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match=r"not valid gzip: .*invalid block type"):
        fetch(corrupt, SETTINGS)
    cut = feed_server.route("/cut", body=header[:4], headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="not valid gzip: it ends before any data"):
        fetch(cut, SETTINGS)
    brotli = feed_server.route("/b", body=b"xx", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        fetch(brotli, SETTINGS)


def test_paging_back_a_channel() -> None:
    assert page_url("https://t.me/s/mod_russia", 27001) == "https://t.me/s/mod_russia?before=27001"
    assert page_url("https://t.me/s/mod_russia?before=27001", 26980) == "https://t.me/s/mod_russia?before=26980"
    assert page_url("/tmp/page.html", 5) == "/tmp/page.html"
    assert page_url("file:///tmp/page.html", 5) == "file:///tmp/page.html"
