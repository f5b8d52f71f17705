"""PostgreSQL and pollers that share the sources (#12), measured side by side in one run.

1. Pollers: the first round of 3,000 small feeds on 127.0.0.1 (10 items each), stored in one
   PostgreSQL server by 1 and then by 2 real `claimwatch run --role poller` processes, each on
   a fresh database. Items stored per second, from the pollers' start to the last source's
   first poll. Target: 2 pollers >= 1.7x the items/s of 1.
2. Engines: the same round of 1,000 feeds (`claimwatch poll`'s round, in this process) into a
   SQLite file and into PostgreSQL, then a second round where every feed answers 304.

The PostgreSQL server is started here as the tests start theirs (tests/postgres.py: Debian's
package, a temporary folder, a loopback port, fsync on as in production) and stopped at the
end; the feeds are served from a child process. All of it shares the machine's cores: on a
2-core machine the pollers, the server and the feed server compete for the same two.

    .venv/bin/python bench/sharding.py [--feeds 3000] [--round 1000] [--repeat 1] [--no-claim]

Every feed has items about the one tracked claim in each side's words (bench/common.py), so
every poll adds to the same three histories (claim, side): polls of two pollers then meet on
them, and one decides again. `--no-claim` tracks nothing, to see the pollers without that.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from common import ROOT, ServedFeeds, small_feed

from bot.config import parse_config
from bot.poll import ATTEMPTS, poll_all
from storage.db import open_db
from tests.postgres import PostgresServer, binaries

SIDES = [
    {"name": "Gov", "aliases": ["the governor"]},
    {"name": "Ministry", "aliases": ["ministry spokesman"]},
    {"name": "City", "aliases": ["the mayor"]},
]
CLAIMS = [{"id": "bridge", "text": "The bridge was hit", "match": ["bridge"], "refutes": ["intact"]}]


def config_data(server: ServedFeeds, feeds: int, claims: bool = True) -> dict[str, object]:
    sources = [{"name": f"F{n}", "kind": "rss", "url": server.url(f"/f{n}.xml"), "every": "1h"} for n in range(feeds)]
    return {"sides": SIDES, "sources": sources, "claims": CLAIMS if claims else []}


def polled(url: str) -> tuple[int, int]:
    db = open_db(url, readonly=True)
    try:
        done = int(db.execute("SELECT COUNT(*) FROM sources WHERE last_poll IS NOT NULL").fetchone()[0])
        items = int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    finally:
        db.close()
    return done, items


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process (all its threads) has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pollers_round(pg: PostgresServer, folder: Path, feeds: int, pollers: int) -> tuple[float, int, float]:
    """Seconds from starting `pollers` processes until every source was polled once, items
    stored, and the CPU seconds the pollers used."""
    url = pg.new_database()
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["CLAIMWATCH_LOG_LEVEL"] = os.environ.get("BENCH_LOG_LEVEL", "WARNING")
    command = [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", url, "run", "--role",
               "poller"]  # fmt: skip
    names = [folder / f"poller{pollers}-{i}.log" for i in range(pollers)]
    logs = [name.open("w") for name in names]
    started = time.perf_counter()
    processes = [subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT) for log in logs]
    cpu = 0.0
    try:
        while True:
            time.sleep(0.25)
            done, items = polled(url)
            if done >= feeds:
                seconds = time.perf_counter() - started
                cpu = sum(cpu_seconds(p.pid) for p in processes)
                break
            if any(p.poll() is not None for p in processes):
                raise SystemExit(f"a poller stopped; see {folder}")
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(60)
        for log in logs:
            log.close()
    pg.drop_database(url)
    failed = sum(name.read_text().count("outcome=contended") for name in names)
    if failed:
        print(f"    ({failed} polls failed (decided on a stale history {ATTEMPTS} times) and were claimed again)")
    return seconds, items, cpu


def engine_round(target: str, config_path: Path, config: object) -> tuple[float, float, int]:
    db = open_db(target)
    started = time.perf_counter()
    first = poll_all(db, config)  # type: ignore[arg-type]
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    poll_all(db, config)  # type: ignore[arg-type]
    second_s = time.perf_counter() - started
    db.close()
    return first_s, second_s, sum(r.new_items for r in first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=3000, help="feeds for the pollers' round")
    parser.add_argument("--round", type=int, default=1000, help="feeds for the engines' round")
    parser.add_argument("--repeat", type=int, default=1, help="measure each configuration this many times")
    parser.add_argument(
        "--no-claim",
        action="store_true",
        help="track no claim: no statements, so no poll waits on another's claim history (what is left is CPU)",
    )
    args = parser.parse_args()
    bin_dir = binaries()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    feeds = max(args.feeds, args.round)
    server = ServedFeeds({f"/f{n}.xml": {"body": small_feed(n), "etag": f'"v{n}"'} for n in range(feeds)})
    pg = PostgresServer(bin_dir, durable=True)
    pg.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
            (folder / "feeds.yaml").write_text(
                yaml.safe_dump(config_data(server, args.feeds, not args.no_claim)), encoding="utf-8"
            )
            print(f"1. first round of {args.feeds:,} feeds, pollers sharing one PostgreSQL database")
            rates: dict[int, list[float]] = {1: [], 2: []}
            for _ in range(args.repeat):
                for n in (1, 2):
                    load = os.getloadavg()[0]
                    seconds, items, cpu = pollers_round(pg, folder, args.feeds, n)
                    rates[n].append(items / seconds)
                    print(
                        f"  {n} poller{'s' if n > 1 else ''}: {seconds:6.1f}s, {items:,} items, {items / seconds:,.0f}"
                        f" items/s; pollers' CPU {cpu:.0f}s ({1000 * cpu / items:.1f} ms an item); load before {load:.1f}"
                    )
            one, two = max(rates[1]), max(rates[2])
            ratio = two / one
            print(f"2 pollers vs 1: {ratio:.2f}x the items/s (target >= 1.7x) {'OK' if ratio >= 1.7 else 'MISSED'}")

            if not args.round:
                return
            print(f"2. the same round of {args.round:,} feeds on each engine (then all 304)")
            config = parse_config(
                config_data(server, args.round, not args.no_claim), str(folder / "round.yaml"), base_dir=folder
            )
            results = {}
            for engine in ("sqlite", "postgresql"):
                best = None
                for attempt in range(args.repeat):
                    target = str(folder / f"round{attempt}.db") if engine == "sqlite" else pg.new_database()
                    measured = engine_round(target, folder / "round.yaml", config)
                    best = measured if best is None or measured[0] < best[0] else best
                    if engine == "postgresql":
                        pg.drop_database(target)
                assert best is not None
                results[engine] = best
                first_s, second_s, items = best
                print(
                    f"  {engine:<10}: first {first_s:5.1f}s ({items / first_s:,.0f} items/s), all-304 {second_s:4.1f}s"
                )
            print(
                f"PostgreSQL vs SQLite: first round {results['postgresql'][0] / results['sqlite'][0]:.2f}x the time,"
                f" all-304 round {results['postgresql'][1] / results['sqlite'][1]:.2f}x"
            )
    finally:
        pg.stop()
        server.close()


if __name__ == "__main__":
    main()
