"""FeedServer: a real HTTP server on 127.0.0.1 whose answers a test controls, path by path.

    with FeedServer() as server:
        server.route("/feed.xml", body=rss, etag='"v1"')
        server.route("/slow", body=b"...", delay=2.0)
        server.route("/loop", status=302, headers={"Location": "/loop"})
        fetch(server.url("/feed.xml"), settings)

Each route answers with a status, headers and body, after an optional delay, optionally
gzipped, and honours If-None-Match against its ETag with a 304. Every request is recorded
(path and headers), so tests can check what the client sent. Used by the source tests and
the benchmarks.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    gzip: bool = False
    etag: str | None = None
    stream: int = 0  # send this many bytes of zeros in chunks, without a Content-Length


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
                    route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                try:
                    self._answer(route)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _answer(self, route: Route | None) -> None:
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = gzip.compress(route.body) if route.gzip else route.body
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if route.stream:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    chunk = b"0" * 65536
                    sent = 0
                    while sent < route.stream:
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        sent += len(chunk)
                    self.wfile.write(b"0\r\n\r\n")
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 1024
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def route(self, path: str, **answer: object) -> str:
        """Set how `path` answers (see Route); returns its full URL."""
        with self._lock:
            self.routes[path] = Route(**answer)  # type: ignore[arg-type]
        return self.url(path)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server
