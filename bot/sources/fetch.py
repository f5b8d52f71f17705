"""EDGE. url | file:// | path → Fetched."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse
from urllib.request import url2pathname

import httpx

from bot.errors import FetchError, NotModified
from bot.model import Fetched, Settings


def page_url(url: str, before: int) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return url
    query = dict(parse_qsl(parsed.query))
    query["before"] = str(before)
    return urlunparse(parsed._replace(query=urlencode(query)))


def _read_file(url: str, settings: Settings) -> Fetched:
    parsed = urlparse(url)
    path = Path(url2pathname(parsed.path)) if parsed.scheme == "file" else Path(url)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise FetchError(url, f"larger than {settings.max_bytes} bytes")
        return Fetched(url=url, body=path.read_bytes())
    except FileNotFoundError:
        raise FetchError(url, "no such file") from None
    except IsADirectoryError:
        raise FetchError(url, "is a folder, not a file") from None
    except OSError as exc:
        raise FetchError(url, f"cannot read: {exc.strerror or exc}") from exc


def fetch(
    url: str,
    settings: Settings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
    allow_private: bool = True,
) -> Fetched:
    scheme = urlparse(url).scheme
    if scheme not in ("http", "https"):
        return _read_file(url, settings)
    headers = {"User-Agent": settings.user_agent}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    http = client or httpx.Client(timeout=settings.timeout, follow_redirects=True, max_redirects=settings.max_redirects)
    try:
        with http.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                raise NotModified(url)
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            chunks = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > settings.max_bytes:
                    raise FetchError(url, f"larger than {settings.max_bytes} bytes")
                chunks.append(chunk)
            return Fetched(
                url=str(response.url),
                body=b"".join(chunks),
                headers={k.lower(): v for k, v in response.headers.items()},
                status=response.status_code,
            )
    except httpx.TooManyRedirects:
        raise FetchError(url, "too many redirects") from None
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {settings.timeout:g}s") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"network error: {exc}") from exc
    finally:
        if own:
            http.close()
