"""Growth: does cost grow with the work, and no faster?

1. Sources: the CPU time of a first round over 1,000 and over 3,000 small feeds (one item in
   five about a tracked claim, in some side's words), each on a new database; the CPU of the
   parsing workers is counted (common.TreeMeter), and the peak memory (PSS) of the round is printed:
   flat, since only a bounded window of sources is fetched ahead of the one being stored.
   Target: 3,000 sources cost <= 3.3x 1,000 sources.
2. History: the cost per new statement of comparing it (read the slice it can change, decide)
   when its (claim, side) already holds 100, 1,000 and 10,000 statements: new statements at
   the end of the history (the normal case) and late ones landing inside it.
   Target: 10,000 vs 100 flat (<= 1.5x).

    .venv/bin/python bench/growth.py [--small 1000] [--large 3000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import ServedFeeds, TreeMeter, small_feed

from bot import decide
from bot.compare import number_change
from bot.config import parse_config
from bot.intents import StatementRow
from bot.model import Figure, Stance, Statement
from bot.poll import poll_all
from storage import sequences, statements
from storage.db import open_db, transaction

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def round_cost(feeds: int, tmp: Path) -> tuple[float, float, int, float]:
    """CPU seconds, wall seconds, new items and the peak PSS (MB) of a first round."""
    server = ServedFeeds({f"/f{n}.xml": {"body": small_feed(n), "etag": f'"v{n}"'} for n in range(feeds)})
    try:
        config = parse_config(
            {
                "sides": [{"name": "Gov", "aliases": ["the governor"]}, {"name": "Ministry", "aliases": ["ministry spokesman"]},
                          {"name": "City", "aliases": ["the mayor"]}],
                "sources": [{"name": f"F{n}", "kind": "rss", "url": server.url(f"/f{n}.xml")} for n in range(feeds)],
                "claims": [{"id": "bridge", "text": "The bridge was hit", "match": ["bridge"], "refutes": ["intact"]}],
            },
            "bench",
            tmp,
        )  # fmt: skip
        db = open_db(tmp / f"growth-{feeds}.db")
        # this process and its parsing workers, not the feed server
        meter, wall = TreeMeter(exclude=(server.process.pid,)), time.perf_counter()
        reports = poll_all(db, config)
        wall, use = time.perf_counter() - wall, meter.stop()
        return use["cpu_s"] + use["children_cpu_s"], wall, sum(r.new_items for r in reports), use["peak_pss_mb"]
    finally:
        server.close()


def fill_history(db_path: Path, count: int) -> None:
    """`count` statements of one side on one claim, alternating runs of stances, with figures."""
    db = open_db(db_path)
    rng = random.Random(count)
    with transaction(db):
        for n in range(count):
            db.execute("INSERT INTO items (id, source, key, first_seen, last_seen) VALUES (?, 'W', ?, 'x', 'x')",
                       [n + 1, f"k{n}"])  # fmt: skip
            db.execute("INSERT INTO revisions (id, item_id, number, text, fingerprint, seen_at) VALUES (?, ?, 1, 'x', 'x', 'x')",
                       [n + 1, n + 1])  # fmt: skip
    rows = []
    for n in range(count):
        stance = Stance.SUPPORTS if (n // 7) % 2 else Stance.REFUTES
        figures = (Figure(float(rng.choice([6, 9])), f"people|killed|incident-{n // 20}"),) if n % 3 == 0 else ()
        s = Statement("c", "Gov", stance, f"q{n}", figures, "W", None, T0 + timedelta(hours=n), n + 1, n + 1, n + 1)
        rows.append(StatementRow(s, tuple(number_change.series_key(f) for f in figures)))
    with transaction(db):
        statements.add(db, rows, T0)
        db.execute("INSERT INTO claim_pairs (claim, side, version) VALUES ('c', 'Gov', 1)")
    db.close()


def per_statement(db_path: Path, count: int, late: bool, batches: int = 200) -> float:
    """Seconds per new statement to read its slice and decide (never written: each batch alike)."""
    db = open_db(db_path)
    first = sequences.reserve(db, {"statements": batches})["statements"]
    rng = random.Random(7)
    started = time.perf_counter()
    for b in range(batches):
        hour = rng.randrange(count) if late else count + b
        stance = Stance.SUPPORTS if b % 2 else Stance.REFUTES
        figures = (Figure(7.0, f"people|killed|incident-{hour // 20}"),) if b % 3 == 0 else ()
        new = [Statement("c", "Gov", stance, "new", figures, "W", None, T0 + timedelta(hours=hour, minutes=30),
                         1, 1, first + b)]  # fmt: skip
        histories, times = {}, {}
        for pair, ask in decide.asks(new, (), T0).items():
            histories[pair], read = statements.pair_history(db, ask.claim, ask.side, span=ask.span,
                                                            series=list(ask.series), whole=ask.whole)  # fmt: skip
            times.update(read)
        decide.claims(new, histories, times, T0, {})
    seconds = (time.perf_counter() - started) / batches
    db.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("sources: a first round of small feeds, CPU and peak PSS (this process and its workers), wall time")
        costs, memory = {}, {}
        for feeds in (args.small, args.large):
            cpu, wall, items, pss = round_cost(feeds, Path(tmp))
            costs[feeds], memory[feeds] = cpu, pss
            print(f"  {feeds:>5} sources: {cpu:6.1f} s CPU, {wall:6.1f} s wall, {items:,} items, peak PSS {pss:.0f} MB")
        ratio = costs[args.large] / costs[args.small]
        target = 3.3 * args.large / args.small / 3
        print(f"CPU {args.large:,} vs {args.small:,} sources: {ratio:.2f}x (target <= {target:.1f}x) "
              f"{'OK' if ratio <= target else 'MISSED'}")  # fmt: skip
        # The pages fetched ahead of the one being stored are bounded, whatever the number of sources.
        flat = memory[args.large] / memory[args.small]
        print(f"peak PSS {args.large:,} vs {args.small:,} sources: {flat:.2f}x (flat: about 1x)")
        print("history: cost per new statement against one (claim, side) history")
        results: dict[tuple[int, bool], float] = {}
        for count in (100, 1_000, 10_000):
            path = Path(tmp) / f"history-{count}.db"
            fill_history(path, count)
            for late in (False, True):
                results[(count, late)] = per_statement(path, count, late)
            print(f"  {count:>6} statements: {results[(count, False)] * 1e6:7.0f} µs at the end, "
                  f"{results[(count, True)] * 1e6:7.0f} µs landing late inside it")  # fmt: skip
        for late in (False, True):
            ratio = results[(10_000, late)] / results[(100, late)]
            where = "late" if late else "at the end"
            print(f"per statement {where}, 10,000 vs 100: {ratio:.2f}x (target <= 1.50x) "
                  f"{'OK' if ratio <= 1.5 else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
