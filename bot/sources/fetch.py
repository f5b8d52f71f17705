"""EDGE. The only network code in polling: url | file:// URL | local path → Fetched bytes.

HTTP through httpx: a timeout, a real User-Agent, gzip, conditional GET (a 304 raises
NotModified and costs no parse), redirects followed by hand and capped, the body streamed and
refused past `settings.max_bytes` (never parsed half), and Retry-After read from 429/503.
Every failure is a FetchError naming the URL and what went wrong.

Sources an admin adds from chat are fetched with `allow_private=False`: their host must resolve
only to public addresses, checked before the first request and again on every redirect, so
the bot cannot be used to reach the server's own network (loopback, private ranges,
link-local, cloud metadata). Local files are refused in that mode too.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlparse, urlunparse
from urllib.request import url2pathname

import httpx

from bot.clock import utcnow
from bot.errors import FetchError, NotModified
from bot.model import Fetched, Settings

Resolver = Callable[[str], list[str]]
_REDIRECTS = {301, 302, 303, 307, 308}
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


_clients: dict[float, httpx.Client] = {}
_clients_lock = threading.Lock()


def shared_client(timeout: float) -> httpx.Client:
    """One pooled client per timeout for the whole process: building one (its TLS context
    above all) costs more than a small fetch, and keep-alive saves a handshake per poll."""
    with _clients_lock:
        client = _clients.get(timeout)
        if client is None:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
            client = _clients[timeout] = httpx.Client(timeout=timeout, follow_redirects=False, limits=limits)
        return client


def resolve(host: str) -> list[str]:
    """Every address a host name resolves to."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except socket.gaierror as exc:
        raise FetchError(host, f"cannot resolve host: {exc.strerror}") from exc


def is_public_address(address: str) -> bool:
    """True only for globally routable unicast addresses (not loopback, private, link-local ...)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and ip not in _METADATA


def check_public_url(url: str, resolver: Resolver = resolve) -> None:
    """Raise FetchError unless `url` is http(s) to a host that resolves only to public addresses.

    The bot calls it before storing a source an admin adds from chat; `fetch` calls it again on
    every hop, since what a name resolves to and where a server redirects can change later.
    """
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise FetchError(url, "only http and https URLs can be added from chat")
    try:
        addresses = resolver(parsed.hostname)
    except FetchError as exc:
        raise FetchError(url, exc.message) from exc
    if not addresses or not all(is_public_address(a) for a in addresses):
        raise FetchError(url, f"refusing to fetch {parsed.hostname}: it resolves to a private address")


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
    client: httpx.Client | None = None,
    allow_private: bool = True,
    resolver: Resolver = resolve,
) -> Fetched:
    """Fetch one URL (or read one file). Raises NotModified on 304, FetchError on any failure.

    `resolver` (host → addresses) is what the private-address check asks; tests inject one.
    """
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        if not allow_private:
            raise FetchError(url, "local files cannot be fetched for a source added from chat")
        if scheme not in ("", "file"):
            raise FetchError(url, f"unsupported URL scheme {scheme!r}: use http, https, file or a local path")
        return _read_file(url, settings)
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    http = client or shared_client(settings.timeout)
    try:
        current = url
        for _ in range(settings.max_redirects + 1):
            if not allow_private:
                check_public_url(current, resolver)
            # httpx's timeout bounds each read; the deadline bounds the whole request, so a server
            # dripping a byte a second cannot hold a poll forever.
            deadline = time.monotonic() + settings.timeout
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


def _next_hop(url: str, current: str, response: httpx.Response) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
    target = str(urljoin(current, location))
    if urlparse(target).scheme.lower() not in ("http", "https"):  # never from the web to file:// or the like
        raise FetchError(url, f"refusing a redirect to {target}: only http and https are followed")
    return target


def _read_response(url: str, response: httpx.Response, settings: Settings, deadline: float) -> Fetched:
    if response.status_code == 304:
        raise NotModified(url)
    if response.status_code >= 400:
        wait = retry_after(response.headers.get("retry-after")) if response.status_code in (429, 503) else None
        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip(), retry_after=wait)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(url, f"larger than {settings.max_bytes} bytes ({declared} declared)")
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():  # decoded bytes: the cap holds against a gzip bomb too
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
