"""Shared pieces of the benchmarks: feeds made from the real corpus, served from another process.

The feed server runs in a child process (tests/servers.py's FeedServer), so neither its CPU
nor its memory is counted against claimwatch's.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import FeedServer  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "feeds"
REAL_FEEDS = ["guardian.rss", "encoding.rss", "rss-1.rss", "heise.atom", "uolNoticias.rss", "reddit-home.rss"]


def varied_feed(n: int) -> bytes:
    """The n-th feed: a real corpus feed whose ids and links are made unique to it."""
    body = (CORPUS / REAL_FEEDS[n % len(REAL_FEEDS)]).read_bytes()
    body = re.sub(rb"</(guid|id|link)>", lambda m: b"-v%d</%s>" % (n, m.group(1)), body)
    return re.sub(rb'(<link[^>]*href=")([^"]+)"', lambda m: m.group(1) + m.group(2) + b'?v=%d"' % n, body)


SIDES = ["the governor", "the ministry spokesman", "the mayor"]


def small_feed(n: int, items: int = 10) -> bytes:
    """A small RSS feed; one item in five is about the tracked bridge, in some side's words."""
    entries = []
    for i in range(items):
        minute = (n * 7 + i * 53) % 1440
        text = (
            f"The bridge at town {n % 50} is intact, {SIDES[(n + i) % 3]} said."
            if (n + i) % 5 == 0
            else f"Town {n} reports item {i}: markets, weather and local news."
        )
        entries.append(
            f"<item><title>Item {i} of feed {n}</title><link>https://feed{n}.example/{i}</link>"
            f"<guid>feed{n}-{i}</guid><pubDate>Mon, 01 May 2023 {minute // 60:02d}:{minute % 60:02d}:00 GMT</pubDate>"
            f"<description>{text}</description></item>"
        )
    body = "".join(entries)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>{body}</channel></rss>'.encode()


def _serve(routes: dict[str, dict[str, Any]], ready: Any, stop: Any) -> None:
    with FeedServer() as server:
        server.server.request_queue_size = 4096
        for path, answer in routes.items():
            server.route(path, **answer)
        ready.send(server.url(""))
        stop.wait()


class ServedFeeds:
    """Serve routes ({path: FeedServer.route kwargs}) from a child process; `url(path)` to reach them."""

    def __init__(self, routes: dict[str, dict[str, Any]]) -> None:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        self._stop = context.Event()
        self.process = context.Process(target=_serve, args=(routes, send, self._stop), daemon=True)
        self.process.start()
        self.base = receive.recv()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self._stop.set()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()


def timed(label: str, work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.2f}s")
    return seconds, result


def _status_mb(field: str) -> float:
    """A memory field of /proc/self/status (Linux), in MB."""
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """This process's peak resident set size so far."""
    return _status_mb("VmHWM")


def rss_mb() -> float:
    return _status_mb("VmRSS")


_TICK = os.sysconf("SC_CLK_TCK")


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc (Linux)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            tree.setdefault(parent, []).append(int(entry))
    return tree


class TreeMeter:
    """CPU seconds and memory of this process and every process it starts (a parsing pool's
    workers too, which `getrusage(RUSAGE_CHILDREN)` misses: the forkserver, not we, reaps them).

    A thread samples /proc every `every` seconds: each descendant's CPU time as last seen (it
    misses at most the last `every` seconds of a worker that exits), and the largest sum of
    the tree's proportional set sizes (PSS: a page shared by two processes counts half in each,
    so a forked worker's copy of its parent is not counted twice).
    """

    def __init__(self, every: float = 0.1, exclude: tuple[int, ...] = ()) -> None:
        self.every = every
        self.exclude = set(exclude)  # processes not to count, with theirs (a feed server started here)
        self._cpu: dict[int, float] = {}
        self.peak_pss_mb = 0.0
        self._stop = threading.Event()
        self._own = self._own_cpu()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _own_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def _sample(self) -> None:
        tree = _children()
        pids, todo = [os.getpid()], [os.getpid()]
        while todo:
            for child in tree.get(todo.pop(), []):
                if child in self.exclude:
                    continue
                pids.append(child)
                todo.append(child)
        pss = 0.0
        for pid in pids:
            try:
                if pid != os.getpid():
                    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                    self._cpu[pid] = (int(fields[11]) + int(fields[12])) / _TICK
                with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as smaps:
                    pss += next(int(line.split()[1]) for line in smaps if line.startswith("Pss:")) / 1024
            except (OSError, StopIteration, ValueError, IndexError):
                continue
        self.peak_pss_mb = max(self.peak_pss_mb, pss)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def stop(self) -> dict[str, float]:
        """CPU seconds since the start (this process; its descendants) and the peak PSS of the tree."""
        self._sample()
        self._stop.set()
        self._thread.join()
        return {"cpu_s": self._own_cpu() - self._own, "children_cpu_s": sum(self._cpu.values()),
                "peak_pss_mb": self.peak_pss_mb}  # fmt: skip
