"""EDGE. The only network code in polling: url | file:// URL | local path → Fetched bytes.

HTTP through httpx: a real User-Agent, gzip, conditional GET (a 304 raises NotModified and
costs no parse), redirects followed by hand and capped, and Retry-After read from 429/503.
Every failure is a FetchError naming the URL and what went wrong. The limits hold against a
hostile server:

- time: one deadline (`settings.timeout`) bounds the whole fetch, redirects, name resolution,
  connecting, the headers and the body included: every socket read waits at most what is
  left, so a server dripping a header line a second cannot hold a poll;
- size: the body is streamed and refused past `settings.max_bytes`, counted after decompression
  and decompressed a bounded slice at a time, so a gzip bomb costs about the cap in memory.

Sources an admin adds from chat are fetched with `allow_private=False`: every address their
host resolves to must be public (not loopback, private, link-local, cloud metadata, nor an IPv6
form that carries such an IPv4: IPv4-mapped or -compatible, NAT64, 6to4, Teredo), and the
connection goes to the very address that was checked, so a name that resolves differently a
moment later (DNS rebinding) changes nothing. The check runs when each connection is opened,
redirects included, in the network layer under httpx (`_GuardedBackend`). Such fetches never go
through a proxy from the environment (HTTP_PROXY and friends), which would resolve the name
again out of our sight. Local files are refused in that mode too.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import ParseResult, parse_qsl, urlencode, urljoin, urlparse, urlunparse
from urllib.request import url2pathname

import httpcore
import httpx

from bot.clock import utcnow
from bot.errors import FetchError, NotModified
from bot.model import Fetched, Settings

Resolver = Callable[[str], list[str]]
AddressCheck = Callable[[str], bool]
_REDIRECTS = {301, 302, 303, 307, 308}
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated (RFC 4291); never a real destination
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the IPv4 address is the last 32 bits (RFC 6052)
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # local-use NAT64 (RFC 8215): the operator's own


# ── which addresses a source added from chat may reach ─────────────────────────────────────


def resolve(host: str) -> list[str]:
    """Every address a host name resolves to, in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(host, f"cannot resolve host: {exc.strerror}") from exc
    except (UnicodeError, ValueError) as exc:  # a NUL, a label too long
        raise FetchError(host, f"cannot resolve host: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _is_public_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast and ip not in _METADATA


def is_public_address(address: str) -> bool:
    """True only for globally routable unicast addresses (not loopback, private, link-local ...),
    and never for an IPv6 address that carries a non-public IPv4 one."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d
            return _is_public_ip(ip.ipv4_mapped)
        if ip in _IPV4_COMPATIBLE or ip in _NAT64_LOCAL:
            return False
        embedded = [ip.sixtofour, *(ip.teredo or ())]
        if ip in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(v4 is not None and not _is_public_ip(v4) for v4 in embedded):
            return False
    return _is_public_ip(ip)


def check_public_url(url: str, resolver: Resolver = resolve, is_allowed: AddressCheck = is_public_address) -> None:
    """Raise FetchError unless `url` is http(s) to a host that resolves only to public addresses.

    The bot calls it before storing a source an admin adds from chat, to answer at once; it
    proves nothing about later fetches, which check the address they connect to themselves.
    """
    parsed = _parsed(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise FetchError(url, "only http and https URLs can be added from chat")
    try:
        _checked_addresses(parsed.hostname, resolver, is_allowed)
    except FetchError as exc:
        raise FetchError(url, exc.message) from exc


def _parsed(url: str) -> ParseResult:
    """The URL's parts, or a FetchError for what is no URL at all (control characters, a broken
    [IPv6] host, a port out of range)."""
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        raise FetchError(url, "not a valid URL: it has control characters")
    try:
        parsed = urlparse(url)
        _ = parsed.port  # raises for a port that is not a number up to 65535
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL: {exc}") from None
    return parsed


def _checked_addresses(host: str, resolver: Resolver, is_allowed: AddressCheck | None) -> list[str]:
    """The addresses to connect to for `host`: all of them allowed, or a FetchError."""
    try:
        ipaddress.ip_address(host.split("%")[0])
        addresses = [host]  # a literal address is what it is: no resolver to ask
    except ValueError:
        addresses = resolver(host)
    if is_allowed is not None and (not addresses or not all(is_allowed(a) for a in addresses)):
        raise FetchError(host, f"refusing to fetch {host}: it resolves to a private address")
    if not addresses:
        raise FetchError(host, "cannot resolve host: no address")
    return addresses


# ── the network layer under httpx: checked addresses and one deadline ─────────────────────


@dataclass(frozen=True)
class _Guard:
    """What the fetch under way asks of the connections it opens and the reads it makes."""

    deadline: float  # time.monotonic() by which the whole fetch must be done
    resolver: Resolver
    is_allowed: AddressCheck | None  # None: any address (a source from feeds.yaml)


_GUARD: contextvars.ContextVar[_Guard | None] = contextvars.ContextVar("claimwatch_fetch_guard", default=None)
_RESOLVERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="claimwatch-resolve")


def _left(timeout: float | None, exc: type[Exception]) -> float | None:
    """The time an operation may take: its own timeout, but never past the fetch's deadline."""
    guard = _GUARD.get()
    if guard is None:
        return timeout
    left = guard.deadline - time.monotonic()
    if left <= 0:
        raise exc("the fetch's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline of the fetch using it (read
    when the call is made: a pooled connection serves later fetches with their own deadlines)."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout))
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves the host once, checks every address, and connects to a checked one; the TLS
    handshake still names the host (httpcore passes it to start_tls), so certificates are
    verified against the name, not the address."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        guard = _GUARD.get()
        if guard is None:  # not inside fetch(): nothing to enforce
            return self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        lookup = _RESOLVERS.submit(_checked_addresses, host, guard.resolver, guard.is_allowed)
        try:  # getaddrinfo cannot be interrupted; the fetch stops waiting for it at the deadline
            addresses = lookup.result(timeout=_left(timeout, httpcore.ConnectTimeout))
        except FutureTimeout:
            raise httpcore.ConnectTimeout(f"resolving {host} took too long") from None
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
                )
                return _DeadlineStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:  # the next address may answer
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_LIMITS = httpx.Limits(max_connections=64, max_keepalive_connections=32)


def _guard_pool(client: httpx.Client) -> httpx.Client:
    """Give the client's own connection pool our network backend. httpx has no parameter for
    that, and a transport passed in would turn off proxies from the environment for every
    source; so the pool of the client's default transport (`_transport._pool` in httpx 0.27 and
    0.28) is rebuilt. The SSRF tests fail if this ever stops taking effect."""
    transport = client._transport
    assert isinstance(transport, httpx.HTTPTransport)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=True),  # SSL_CERT_FILE / SSL_CERT_DIR still count
        max_connections=_LIMITS.max_connections,
        max_keepalive_connections=_LIMITS.max_keepalive_connections,
        keepalive_expiry=_LIMITS.keepalive_expiry,
        network_backend=_GuardedBackend(),
    )
    return client


_clients: dict[tuple[float, bool], httpx.Client] = {}
_clients_lock = threading.Lock()


def shared_client(timeout: float, *, trusted: bool = True) -> httpx.Client:
    """One pooled client per timeout for the whole process: building one (its TLS context
    above all) costs more than a small fetch, and keep-alive saves a handshake per poll.

    Sources added from chat get their own pool (a connection opened for feeds.yaml's sources,
    unchecked, must never be reused for them) and ignore proxies from the environment, which
    feeds.yaml's sources go through (an operator's egress proxy; the deadline then bounds the
    body, not the proxy's headers)."""
    with _clients_lock:
        client = _clients.get((timeout, trusted))
        if client is None:
            plain = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=trusted, limits=_LIMITS)
            client = _clients[(timeout, trusted)] = _guard_pool(plain)
        return client


def page_url(url: str, before: int) -> str:
    """The Telegram page of posts older than `before`; a local file has no other pages."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return url
    query = dict(parse_qsl(parsed.query))
    query["before"] = str(before)
    return urlunparse(parsed._replace(query=urlencode(query)))


def _read_file(url: str, settings: Settings) -> Fetched:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        if parsed.netloc not in ("", "localhost"):
            raise FetchError(url, f"cannot read a file on another host ({parsed.netloc})")
        path = Path(url2pathname(parsed.path))
    else:
        path = Path(url)
    if not path.is_absolute():  # config.py resolves relative paths; one here is a mistake, not cwd's business
        raise FetchError(url, "a local path must be absolute")
    try:
        if path.stat().st_size > settings.max_bytes:
            raise FetchError(url, f"larger than {settings.max_bytes} bytes")
        with path.open("rb") as file:  # read one byte past the cap: the file may grow after stat()
            body = file.read(settings.max_bytes + 1)
    except FileNotFoundError:
        raise FetchError(url, f"no such file: {path}") from None
    except IsADirectoryError:
        raise FetchError(url, f"is a folder, not a file: {path}") from None
    except OSError as exc:
        raise FetchError(url, f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(body) > settings.max_bytes:
        raise FetchError(url, f"larger than {settings.max_bytes} bytes")
    return Fetched(url=url, body=body)


def retry_after(value: str | None) -> float | None:
    """Retry-After in seconds, from delay-seconds or an HTTP date; None when absent or unreadable.

    Always finite and not negative; how long a source really waits is capped where the wait
    is decided (storage.health)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # RFC 9110: 1*DIGIT; never "inf", "nan" or "-5"
        return min(float(value[:20]), 1e15)
    try:
        return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def fetch(
    url: str,
    settings: Settings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_private: bool = True,
    resolver: Resolver = resolve,
    is_allowed: AddressCheck = is_public_address,
) -> Fetched:
    """Fetch one URL (or read one file). Raises NotModified on 304, FetchError on any failure.

    `resolver` (host → addresses) and `is_allowed` (address → may an untrusted source reach
    it) are the network's answers; tests inject their own.
    """
    try:
        scheme = urlparse(url).scheme.lower()
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL: {exc}") from None
    if scheme not in ("http", "https"):
        if not allow_private:
            raise FetchError(url, "local files cannot be fetched for a source added from chat")
        if scheme not in ("", "file"):
            raise FetchError(url, f"unsupported URL scheme {scheme!r}: use http, https, file or a local path")
        return _read_file(url, settings)
    _parsed(url)
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    http = shared_client(settings.timeout, trusted=allow_private)
    deadline = time.monotonic() + settings.timeout
    token = _GUARD.set(_Guard(deadline, resolver, None if allow_private else is_allowed))
    try:
        current = url
        for _ in range(settings.max_redirects + 1):
            with http.stream("GET", current, headers=headers, follow_redirects=False) as response:
                if response.status_code in _REDIRECTS:
                    current = _next_hop(url, current, response)
                    continue
                return _read_response(url, response, settings, deadline)
        raise FetchError(url, f"too many redirects (more than {settings.max_redirects})")
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {settings.timeout:g}s") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"network error: {exc or type(exc).__name__}") from exc
    except httpx.InvalidURL as exc:  # a redirect's Location httpx cannot take
        raise FetchError(url, f"not a valid URL: {exc}") from exc
    except FetchError as exc:
        if exc.url == url:
            raise
        raise FetchError(url, exc.message, retry_after=exc.retry_after) from exc  # from the network layer
    finally:
        _GUARD.reset(token)


def _next_hop(url: str, current: str, response: httpx.Response) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
    try:
        target = str(urljoin(current, location))
    except ValueError:
        raise FetchError(url, f"HTTP {response.status_code} redirect to an invalid URL {location!r}") from None
    if _parsed(target).scheme.lower() not in ("http", "https"):  # never from the web to file:// or the like
        raise FetchError(url, f"refusing a redirect to {target}: only http and https are followed")
    return target


def _read_response(url: str, response: httpx.Response, settings: Settings, deadline: float) -> Fetched:
    if response.status_code == 304:
        # Read the (empty) rest first: a response closed half-read takes its connection with it,
        # and every unchanged feed would then cost a new TCP connection.
        response.read()
        raise NotModified(url)
    if response.status_code >= 400:
        wait = retry_after(response.headers.get("retry-after")) if response.status_code in (429, 503) else None
        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip(), retry_after=wait)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(url, f"larger than {settings.max_bytes} bytes ({declared} declared)")
    chunks: list[bytes] = []
    total = 0
    for chunk in _decoded(url, response, settings.max_bytes):
        total += len(chunk)
        if total > settings.max_bytes:
            raise FetchError(url, f"larger than {settings.max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(url, f"timed out after {settings.timeout:g}s (the body was still arriving)")
        chunks.append(chunk)
    return Fetched(
        url=str(response.url),
        body=b"".join(chunks),
        headers={k.lower(): v for k, v in response.headers.items()},
        status=response.status_code,
    )


_SLICE = 64 * 1024  # decompressed bytes produced at a time


def _decoded(url: str, response: httpx.Response, cap: int) -> Iterator[bytes]:
    """The body as sent, decompressed (gzip, deflate) a bounded slice at a time.

    httpx's own decoder inflates each network chunk whole: 64 KB of a gzip bomb become 64 MB
    before anyone can count them. Here no call produces more than _SLICE bytes, so the cap on
    decompressed bytes is met with about the cap in memory."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        yield from response.iter_raw()
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(url, f"unsupported Content-Encoding {encoding!r} (we ask for gzip or deflate)")
    # gzip: a gzip header; deflate: zlib-wrapped as HTTP says, or raw as some servers send it.
    wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    produced = 0
    started = False
    try:
        for raw in response.iter_raw():
            if not started and encoding == "deflate" and raw and (raw[0] & 0x0F) != 8:
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # no zlib header: raw deflate
            started = True
            data = raw
            while data:
                piece = inflater.decompress(data, _SLICE)
                data = inflater.unconsumed_tail
                produced += len(piece)
                if piece:
                    yield piece
                if produced > cap:
                    return  # the caller counts past the cap and refuses
                if inflater.eof:
                    break
        tail = inflater.flush()
        if tail:
            yield tail
        if not produced and not tail and not inflater.eof:  # a body cut short is read for what it has
            raise FetchError(url, f"the body is not valid {encoding}: it ends before any data")
    except zlib.error as exc:
        raise FetchError(url, f"the body is not valid {encoding}: {exc}") from exc
