"""Chaos: `kill -9` claimwatch again and again while it writes, and count what that cost.

Three loops, each bounded in kills and in seconds (run by hand; nothing here is a test):

- poll:        `claimwatch poll --once` killed at random moments while it stores a story, step
               after step; each step ends with a poll that is left to finish.
- delivery:    `claimwatch run` killed at random moments while it delivers alerts to many chats
               through a Bot API stand-in that takes each message a moment before it answers
               (the window no client can close); restarted until every delivery is done.
- concurrent:  several `claimwatch poll --once` processes on one database at once, each killed
               at a random moment; each step ends with a poll left to finish.

The story is the demo's (a stance flip, a number change, an edit, a deletion: the alerts a
reference run without kills raises) plus filler feeds whose new items every step make each
round long enough to be killed in the middle of its writes; it is replayed `--cycles` times,
each on a new database. Printed per loop: kills (of the processes started to be killed: one
may finish first), alerts expected, lost, raised twice, delivered twice, alerts nobody expected,
and the database's integrity check.

    .venv/bin/python bench/chaos.py [--cycles 3] [--kills 60] [--seconds 300] [--seed 1]
                                    [--answer-delay 0.1] [--only poll|delivery|concurrent]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from common import ROOT, small_feed

import storage.alerts
import storage.subscribers
from bot.clock import utcnow
from bot.model import Alert, AlertDraft, AlertKind, Snapshot
from storage.db import open_db, transaction
from tests.botapi import TOKEN, FakeBotAPI

DEMO = ROOT / "bot" / "demo"
FILLER = 40  # feeds of ten new items each step, beside the story's three sources

Identity = tuple[Any, ...]


@dataclass
class Tally:
    """What one loop cost."""

    name: str
    kills: int = 0
    tries: int = 0  # processes started to be killed (one that finished first was not)
    expected: int = 0
    lost: int = 0
    raised_twice: int = 0
    delivered_twice: int | None = None
    extra: int = 0
    integrity: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def row(self) -> list[str]:
        twice = "-" if self.delivered_twice is None else str(self.delivered_twice)
        ok = "ok" if all(i == "ok" for i in self.integrity) else "; ".join(i for i in self.integrity if i != "ok")
        return [self.name, f"{self.kills}/{self.tries}", str(self.expected), str(self.lost), str(self.raised_twice), twice,
                str(self.extra), ok, f"{self.seconds:.0f}s"]  # fmt: skip


class Budget:
    """At most `kills` kills and `seconds` seconds for one loop."""

    def __init__(self, kills: int, seconds: float) -> None:
        self.kills = kills
        self.deadline = time.monotonic() + seconds

    def left(self, tally: Tally) -> bool:
        return tally.kills < self.kills and time.monotonic() < self.deadline


# ── the story ──────────────────────────────────────────────────────────────────────────────


def story() -> dict[str, Any]:
    return yaml.safe_load((DEMO / "story.yaml").read_text(encoding="utf-8"))


def write_config(folder: Path) -> None:
    config = story()["config"]
    for source in config["sources"]:
        source["url"] = f"live/{source['url']}"
    config["sources"] += [{"name": f"Filler {n}", "kind": "rss", "url": f"live/filler{n}.xml"} for n in range(FILLER)]
    (folder / "live").mkdir(parents=True, exist_ok=True)
    (folder / "feeds.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def put_step(folder: Path, number: int) -> None:
    step = story()["steps"][number]
    for name, src in (step.get("files") or {}).items():
        shutil.copyfile(DEMO / src, folder / "live" / name)
    for n in range(FILLER):  # new items every step: every round writes
        (folder / "live" / f"filler{n}.xml").write_bytes(small_feed(n + 1000 * number))


def steps() -> range:
    return range(len(story()["steps"]))


def claimwatch(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def finish(folder: Path) -> float:
    """A `poll --once` left to finish; how long it took."""
    started = time.monotonic()
    code = claimwatch(folder, "poll", "--once").wait(timeout=600)
    if code != 0:
        raise SystemExit(f"chaos: a clean poll --once in {folder} exited {code}")
    return time.monotonic() - started


def identity(alert: Alert) -> Identity:
    d = alert.draft
    sides = [(s.url, s.value, s.stance) if s else None for s in (d.before, d.after)]
    return (str(d.kind), d.claim, d.side, d.source, d.url, *sides)


def alerts_of(folder: Path) -> Counter[Identity]:
    db = open_db(folder / "cw.db")
    try:
        return Counter(identity(a) for a in storage.alerts.list_alerts(db))
    finally:
        db.close()


def integrity(db_path: Path) -> str:
    db = open_db(db_path)
    try:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = db.execute("PRAGMA foreign_key_check").fetchall()
        return "ok" if check == "ok" and not foreign else f"{check}; {len(foreign)} foreign key problems"
    finally:
        db.close()


def reference(root: Path) -> tuple[Counter[Identity], list[float]]:
    """The alerts the story raises without kills, and how long each step's poll takes."""
    folder = root / "reference"
    write_config(folder)
    durations = []
    for number in steps():
        put_step(folder, number)
        durations.append(finish(folder))
    return alerts_of(folder), durations


def compare(tally: Tally, expected: Counter[Identity], got: Counter[Identity]) -> None:
    tally.expected += sum(expected.values())
    tally.lost += sum((expected - got).values())
    tally.raised_twice += sum(n - 1 for n in got.values() if n > 1)
    tally.extra += sum((got - expected).values()) - sum(n - 1 for n in got.values() if n > 1)


def kill_at(process: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL `process` after `delay` seconds; False when it had already finished."""
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


# ── the loops ──────────────────────────────────────────────────────────────────────────────


def poll_loop(root: Path, cycles: int, budget: Budget, rng: random.Random, expected: Counter[Identity],
              durations: list[float]) -> Tally:  # fmt: skip
    tally = Tally("poll --once")
    started = time.monotonic()
    kills_per_step = max(1, budget.kills // max(1, cycles * len(steps())))
    for cycle in range(cycles):
        folder = root / f"poll{cycle}"
        write_config(folder)
        for number in steps():
            put_step(folder, number)
            for _ in range(kills_per_step):
                if not budget.left(tally):
                    break
                tally.tries += 1
                tally.kills += kill_at(claimwatch(folder, "poll", "--once"), rng.uniform(0.3, durations[number]))
            finish(folder)
        compare(tally, expected, alerts_of(folder))
        tally.integrity.append(integrity(folder / "cw.db"))
    tally.seconds = time.monotonic() - started
    return tally


def concurrent_loop(root: Path, cycles: int, budget: Budget, rng: random.Random, expected: Counter[Identity],
                    durations: list[float], writers: int = 3) -> Tally:  # fmt: skip
    tally = Tally(f"concurrent x{writers}")
    started = time.monotonic()
    rounds = max(1, budget.kills // max(1, cycles * len(steps()) * writers))
    for cycle in range(cycles):
        folder = root / f"concurrent{cycle}"
        write_config(folder)
        for number in steps():
            put_step(folder, number)
            for _ in range(rounds):
                if not budget.left(tally):
                    break
                processes = [claimwatch(folder, "poll", "--once") for _ in range(writers)]
                tally.tries += writers
                moments = sorted((rng.uniform(0.3, 2.5 * durations[number]), p) for p in processes)
                begun = time.monotonic()
                for moment, process in moments:
                    tally.kills += kill_at(process, max(0.0, moment - (time.monotonic() - begun)))
            finish(folder)
        compare(tally, expected, alerts_of(folder))
        tally.integrity.append(integrity(folder / "cw.db"))
    tally.seconds = time.monotonic() - started
    return tally


def delivery_loop(root: Path, budget: Budget, rng: random.Random, answer_delay: float, alerts: int = 40,
                  chats: int = 50) -> Tally:  # fmt: skip
    """`run` killed while it delivers `alerts` alerts to `chats` chats."""
    tally = Tally(f"run (delivery, answers after {answer_delay:g}s)")
    started = time.monotonic()
    folder = root / "delivery"
    write_config(folder)
    for number in steps():
        put_step(folder, number)
    (folder / "feeds.yaml").write_text(
        "sources:\n  - {name: Wire, kind: rss, url: live/filler0.xml, every: 1h}\n", encoding="utf-8"
    )
    db = open_db(folder / "cw.db")
    for chat in range(1, chats + 1):
        storage.subscribers.subscribe(db, chat, utcnow())
    with transaction(db):
        storage.alerts.raise_new(db, list(drafts(alerts)), utcnow())
    total = alerts * chats
    with FakeBotAPI() as api:
        api.server.handle_error = lambda *args: None  # type: ignore[method-assign]  # a killed client's reset
        api.behaviour.answer_delay = answer_delay  # Telegram takes a message, then answers a moment later
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.base_url, "CLAIMWATCH_LOG_LEVEL": "ERROR"}
        while budget.left(tally) and sent_count(db) < total:
            before = len(api.sent())
            process = claimwatch(folder, "run", env=env)
            tally.tries += 1
            delivering = lambda p=process, n=before: len(api.sent()) > n or p.poll() is not None  # noqa: E731
            wait_for(delivering, timeout=60)
            tally.kills += kill_at(process, rng.uniform(0.0, 2.0))
        process = claimwatch(folder, "run", env=env)
        try:
            wait_for(lambda: sent_count(db) == total or process.poll() is not None, timeout=300)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        # A request cut off by a kill reaches the stand-in half-read; Telegram would refuse it.
        whole = [c for c in api.sent() if "chat_id" in c.params and "text" in c.params]
        copies = Counter((c.params["chat_id"], report_of(str(c.params["text"]))) for c in whole)
    wanted = {(chat, n) for chat in range(1, chats + 1) for n in range(alerts)}
    tally.expected = total
    tally.lost = len(wanted - set(copies))
    tally.delivered_twice = sum(n - 1 for n in copies.values() if n > 1)
    tally.extra = len(set(copies) - wanted)
    interrupted = db.execute("SELECT COALESCE(SUM(interrupted), 0) FROM deliveries").fetchone()[0]
    print(f"  delivery: {interrupted} sends were in flight at a kill and went again (the most that can repeat)")
    db.close()
    tally.integrity.append(integrity(folder / "cw.db"))
    tally.seconds = time.monotonic() - started
    return tally


def drafts(count: int) -> Iterator[AlertDraft]:
    for n in range(count):
        yield AlertDraft(
            kind=AlertKind.STANCE_FLIP, key=f"chaos-{n}", claim="zatoka-bridge-down", side="Defence Ministry",
            source="Wire", url=f"https://wire.example/{n}",
            before=Snapshot(text=f"Report {n}: the bridge is intact", stance="refutes"),
            after=Snapshot(text=f"Report {n}: the bridge collapsed", stance="supports"),
        )  # fmt: skip


def report_of(text: str) -> int:
    return int(text.split("Report ", 1)[1].split(":", 1)[0]) if "Report " in text else -1


def sent_count(db: Any) -> int:
    return int(db.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'").fetchone()[0])


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not condition():
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=3, help="story replays per polling loop (a new database each)")
    parser.add_argument("--kills", type=int, default=60, help="most kills per loop")
    parser.add_argument("--seconds", type=float, default=300, help="most seconds per loop (a clean finish may add)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--answer-delay", type=float, default=0.1,
                        help="seconds the Bot API stand-in takes between taking a message and answering")  # fmt: skip
    parser.add_argument("--only", choices=["poll", "delivery", "concurrent"], action="append")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    loops = args.only or ["poll", "delivery", "concurrent"]
    with tempfile.TemporaryDirectory(prefix="claimwatch-chaos-") as tmp:
        root = Path(tmp)
        expected, durations = reference(root)
        print(f"reference: the story raises {sum(expected.values())} alerts; clean polls take "
              + ", ".join(f"{d:.1f}s" for d in durations))  # fmt: skip
        tallies = []
        if "poll" in loops:
            tallies.append(poll_loop(root, args.cycles, Budget(args.kills, args.seconds), rng, expected, durations))
        if "delivery" in loops:
            tallies.append(delivery_loop(root, Budget(args.kills, args.seconds), rng, args.answer_delay))
        if "concurrent" in loops:
            tallies.append(
                concurrent_loop(root, args.cycles, Budget(args.kills, args.seconds), rng, expected, durations)
            )
    head = ["loop", "kills/tries", "alerts expected", "lost", "raised twice", "delivered twice", "unexpected", "integrity",
            "time"]  # fmt: skip
    rows = [head, *(t.row() for t in tallies)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print("(delivery: alerts expected counts deliveries, alerts x chats; polling loops: alerts over all cycles)")


if __name__ == "__main__":
    main()
