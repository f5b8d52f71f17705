"""FeedServer: a real HTTP server on 127.0.0.1 whose answers a test controls, path by path.

    with FeedServer() as server:
        url = server.route("/feed.xml", body=rss, etag='"v1"')   # 304 when If-None-Match matches
        server.route("/slow", body=b"...", delay=2.0)              # for timeouts
        server.route("/loop", status=302, headers={"Location": "/loop"})
        server.route("/busy", status=429, headers={"Retry-After": "120"})
        server.route("/huge", stream=50_000_000)                   # chunked, no Content-Length
        server.route("/drip", body=b"...", header_drip=0.1)        # a header line every 0.1 s
        fetch(url, settings)
        server.requests[-1].headers["user-agent"]

Or as the pytest fixture `feed_server` (import it into a test module, or rely on conftest).
Each route answers with a status, headers and body, after an optional delay, optionally
gzipped, and honours If-None-Match / If-Modified-Since against its ETag / Last-Modified with a
304. A route's query string is ignored unless a route is set for the full path. Every request
is recorded (path with query, lower-case headers). Used by the source tests and the benchmarks.
"""

from __future__ import annotations

import gzip
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Route:
    """How one path answers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    gzip: bool = False  # send the body gzip-compressed, with Content-Encoding
    etag: str | None = None  # sent as ETag; an If-None-Match equal to it gets a 304
    last_modified: str | None = None  # sent as Last-Modified; an equal If-Modified-Since gets a 304
    stream: int = 0  # instead of body: this many bytes of "0", chunked, without a Content-Length
    drip: float = 0.0  # with stream: seconds between chunks (a server that never quite finishes)
    header_drip: float = 0.0  # seconds between header lines, HEADER_LINES of them (headers that never end)


HEADER_LINES = 200  # header lines a route with header_drip sends before its body


@dataclass
class Request:
    path: str  # with the query string
    headers: dict[str, str]  # lower-case names
    at: float = field(default_factory=time.monotonic)  # when it came


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client killed mid-request (the SIGKILL tests) resets its connection: not news.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FeedServer:
    """A ThreadingHTTPServer on 127.0.0.1, port 0, serving `routes` from a daemon thread."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.header_lines_sent = 0  # by routes with header_drip, before the client hung up
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                # As real servers do (nginx's tcp_nodelay): the headers and the body go out in two
                # writes, and with Nagle's algorithm the body would wait for the client's delayed
                # ACK of the headers, 40 ms per response on Linux (issue #11).
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                super().setup()

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
                    route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                try:
                    self._answer(route)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up: that is its right
                    pass

            def _answer(self, route: Route | None) -> None:
                if route is None:
                    self._empty(404, {})
                    return
                if route.delay:
                    time.sleep(route.delay)
                validators = {"ETag": route.etag, "Last-Modified": route.last_modified}
                validators = {k: v for k, v in validators.items() if v}
                if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
                ):
                    self._empty(304, validators)
                    return
                body = gzip.compress(route.body) if route.gzip else route.body
                self.send_response(route.status)
                if route.header_drip:
                    self._drip_headers(route)
                for name, value in {**route.headers, **validators}.items():
                    self.send_header(name, value)
                if route.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if route.stream:
                    self._stream(route)
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _drip_headers(self, route: Route) -> None:
                self.flush_headers()
                for n in range(HEADER_LINES):
                    self.wfile.write(f"X-Drip-{n}: x\r\n".encode())
                    self.wfile.flush()
                    with server._lock:
                        server.header_lines_sent += 1
                    time.sleep(route.header_drip)

            def _empty(self, status: int, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _stream(self, route: Route) -> None:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"0" * (16 if route.drip else 65536)
                sent = 0
                while sent < route.stream:
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.flush()
                    sent += len(chunk)
                    if route.drip:
                        time.sleep(route.drip)
                self.wfile.write(b"0\r\n\r\n")

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 1024
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        gzip: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
        stream: int = 0,
        drip: float = 0.0,
        header_drip: float = 0.0,
    ) -> str:
        """Set how `path` answers (see Route); returns its full URL."""
        answer = Route(status, body, dict(headers or {}), delay, gzip, etag, last_modified, stream, drip, header_drip)
        with self._lock:
            self.routes[path] = answer
        return self.url(path)

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        with self._lock:
            return [r.path for r in self.requests]


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server
