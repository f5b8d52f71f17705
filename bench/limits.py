"""Limits under hostile servers: memory for a gzip bomb, time for headers that never end.

- gzip bomb: 1 GB of zeros gzip-compressed (about 1 MB) fetched with the default 10 MB cap,
  by claimwatch's fetch and, side by side, by httpx decoding the same body itself (what fetch
  did before #13), each in a fresh process; prints the peak RSS each added.
- headers: a server sending one header line every 0.1 s for 20 s, fetched with a 2 s timeout;
  prints how long fetch took to give up.

Target: the bomb costs about the cap in memory (<= 3x the cap), and a fetch never outlives its
timeout by more than a second.

    .venv/bin/python bench/limits.py
"""

from __future__ import annotations

import subprocess
import sys
import time
import zlib

from common import ROOT, ServedFeeds, peak_rss_mb, rss_mb

from bot.errors import FetchError
from bot.model import Settings
from bot.sources.fetch import fetch

BOMB_MB = 1024


def bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(BOMB_MB)) + packer.flush()


def measure(mode: str, url: str) -> None:
    """In a fresh process: fetch the bomb one way, print the peak RSS it added."""
    cap = Settings().max_bytes
    base = rss_mb()
    if mode == "claimwatch":
        try:
            fetch(url, Settings())
        except FetchError as exc:
            outcome = f"refused: {exc.message}"
    else:
        import httpx

        total = 0
        with httpx.stream("GET", url) as response:
            for chunk in response.iter_bytes():  # httpx inflates each network chunk whole
                total += len(chunk)
                if total > cap:
                    break
        outcome = f"stopped past the cap at {total / 1e6:.0f} MB"
    print(f"{peak_rss_mb() - base:.0f} {outcome}")


def main() -> None:
    if len(sys.argv) == 3:
        measure(sys.argv[1], sys.argv[2])
        return
    body = bomb()
    served = ServedFeeds({
        "/bomb.xml": {"body": body, "headers": {"Content-Encoding": "gzip"}},
        "/drip.xml": {"body": b"<rss/>", "header_drip": 0.1},
    })  # fmt: skip
    try:
        cap_mb = Settings().max_bytes / 2**20
        print(f"gzip bomb: {len(body) / 1e6:.1f} MB that inflate to {BOMB_MB} MB; cap {cap_mb:.0f} MB")
        added = {}
        for mode in ("httpx alone", "claimwatch"):
            done = subprocess.run(
                [sys.executable, __file__, mode.split()[0], served.url("/bomb.xml")],
                capture_output=True, text=True, cwd=ROOT, check=True,
            )  # fmt: skip
            megabytes, outcome = done.stdout.strip().split(" ", 1)
            added[mode] = float(megabytes)
            print(f"  {mode}: peak RSS +{megabytes} MB ({outcome})")
        print(f"  claimwatch / cap: {added['claimwatch'] / cap_mb:.1f}x (target <= 3x); "
              f"vs httpx alone: {added['claimwatch'] / max(added['httpx alone'], 1):.2f}x")  # fmt: skip
        settings = Settings(timeout=2.0)
        started = time.monotonic()
        try:
            fetch(served.url("/drip.xml"), settings)
            outcome = "fetched (it should not have been)"
        except FetchError as exc:
            outcome = exc.message
        took = time.monotonic() - started
        print(
            f"headers that never end (a line every 0.1 s for 20 s), timeout 2 s: gave up after {took:.1f}s: {outcome}"
        )
    finally:
        served.close()


if __name__ == "__main__":
    main()
