"""Pollers share the sources by leases (storage/leases.py, bot/schedule.py), on both engines: a
due source is claimed by one poller, a lapsed lease is taken over, a poll whose lease was taken
writes nothing, and claims racing from many threads never take a source twice."""

from __future__ import annotations

import asyncio
import socket
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import storage.health
import storage.leases
from bot.cli import cli
from bot.clock import iso, utcnow
from bot.config import parse_config
from bot.errors import LeaseLost
from bot.intents import HealthUpdate
from bot.model import Config, Source, SourceKind
from bot.poll import Poller
from storage.db import Database, open_db, transaction
from tests.conftest import NOW
from tests.test_poll import RSS, RSS_ITEM


@pytest.fixture
def db(engine_db: Database) -> Database:
    return engine_db


def sources(n: int) -> list[Source]:
    return [Source(f"S{i:03d}", SourceKind.RSS, f"https://example.org/{i}", every=60) for i in range(n)]


def at(seconds: float) -> str:
    return iso(NOW + timedelta(seconds=seconds))


def test_a_due_source_is_claimed_by_one_poller_until_its_lease_lapses(db: Database) -> None:
    storage.health.sync_sources(db, sources(5))
    first = storage.leases.claim(db, "a", at(0), at(30), 3)
    second = storage.leases.claim(db, "b", at(0), at(30), 10)
    assert len(first) == 3 and sorted(first + second) == [f"S{i:03d}" for i in range(5)]
    assert storage.leases.claim(db, "c", at(10), at(40), 10) == []  # all held
    assert storage.leases.renew(db, "a", at(60)) == 3  # a renews; b stops (it died)
    taken = storage.leases.claim(db, "c", at(31), at(61), 10)
    assert sorted(taken) == sorted(second)  # within one lease of b's last renewal
    with pytest.raises(LeaseLost), transaction(db):
        storage.leases.release(db, second[0], "b")  # b wakes up: it must write nothing
    with transaction(db):
        storage.leases.release(db, first[0], "a")
    assert storage.leases.held(db, "a", at(32)) == sorted(first[1:])
    assert storage.leases.release_all(db, "a") == 2


def test_only_configured_sources_that_are_due_are_claimed_oldest_first(db: Database) -> None:
    storage.health.sync_sources(db, sources(4))
    storage.leases.mark_configured(db, ["S003"], False)  # removed from the config
    for name, due in (("S000", 100), ("S001", 5), ("S002", 1)):
        storage.health.record(db, name, _done(due))
    assert storage.leases.claim(db, "a", at(10), at(40), 1) == ["S002"]  # the most overdue first
    assert storage.leases.claim(db, "a", at(10), at(40), 10) == ["S001"]  # S000 is not due, S003 not configured
    status = storage.leases.status(db, at(10))
    assert (status.leased, status.waiting, status.oldest_due) == (2, 0, None)
    status = storage.leases.status(db, at(200))
    assert (status.waiting, status.oldest_due, status.never_polled) == (3, at(1), 0)


def _done(due_in: float) -> HealthUpdate:
    return HealthUpdate(now=NOW, next_poll=NOW + timedelta(seconds=due_in))


def test_claims_racing_from_many_connections_never_take_a_source_twice(db: Database) -> None:
    storage.health.sync_sources(db, sources(60))
    taken: list[list[str]] = []
    lock = threading.Lock()

    def claimer(owner: str) -> None:
        mine = open_db(db.target)
        got: list[str] = []
        while batch := storage.leases.claim(mine, owner, at(0), at(30), 2):
            got += batch
        mine.close()
        with lock:
            taken.append(got)

    threads = [threading.Thread(target=claimer, args=(f"p{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [name for got in taken for name in got]
    assert sorted(every) == [f"S{i:03d}" for i in range(60)]  # each once, none twice


def test_heartbeats_are_kept_and_pollers_long_gone_forgotten(db: Database) -> None:
    beat = storage.leases.Poller("h:1:x", "h", 1, "poller", at(0), at(0), 2)
    storage.leases.heartbeat(db, beat, at(-86400))
    later = storage.leases.Poller("h:2:y", "h", 2, "poller", at(90000), at(90000), 0)
    storage.leases.heartbeat(db, later, at(90000 - 86400))
    assert [p.owner for p in storage.leases.status(db, at(90000)).pollers] == ["h:2:y"]
    storage.leases.forget(db, "h:2:y")
    assert storage.leases.status(db, at(90000)).pollers == []


# ── pollers ────────────────────────────────────────────────────────────────────────────────


def feeds_config(folder: Path, n: int) -> Config:
    for i in range(n):
        item = RSS_ITEM.format(title=f"Report {i}", guid=f"g{i}", date="Mon, 06 May 2024 08:00:00 GMT",
                               text=f"Source {i} says the bridge is intact.")  # fmt: skip
        (folder / f"f{i}.xml").write_text(RSS.format(items=item), encoding="utf-8")
    data = {
        "sides": [{"name": "Gov", "aliases": ["the governor"]}],
        "sources": [
            {"name": f"S{i:03d}", "kind": "rss", "url": f"f{i}.xml", "side": "Gov", "every": "1m"} for i in range(n)
        ],
    }
    return parse_config(data, str(folder / "feeds.yaml"), base_dir=folder)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


async def test_two_pollers_share_the_sources_and_poll_each_once_per_interval(db: Database, tmp_path: Path) -> None:
    config = feeds_config(tmp_path, 12)
    clock = Clock(NOW)
    pollers = [Poller(db.target, lambda db: config, clock=clock, lease=30, slots=4) for _ in range(2)]
    for poller in pollers:
        await poller.resync()
    rounds = []
    for _ in range(2):  # the first round, then one interval later
        while sum([await p.claim() for p in pollers]):
            await asyncio.gather(*(p.wait_idle(10) for p in pollers))
        rounds.append({h.name: h.last_poll for h in storage.health.list_health(db)})
        assert sum([await p.claim() for p in pollers]) == 0  # nothing is due before its interval
        clock.now += timedelta(seconds=60)
    assert all(rounds[0][name] == iso(NOW) for name in rounds[0])
    assert all(rounds[1][name] == iso(NOW + timedelta(seconds=60)) for name in rounds[1])
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 12
    assert db.execute("SELECT COUNT(*) FROM sources WHERE lease_owner IS NOT NULL").fetchone()[0] == 0
    for poller in pollers:
        await poller.stop(1)


async def test_a_poll_whose_lease_was_taken_over_writes_nothing(db: Database, tmp_path: Path) -> None:
    config = feeds_config(tmp_path, 1)
    slow, other = Clock(NOW), Clock(NOW + timedelta(seconds=31))
    first = Poller(db.target, lambda db: config, clock=slow, lease=30)
    second = Poller(db.target, lambda db: config, clock=other, lease=30)
    await first.resync()
    assert storage.leases.claim(db, first.owner, iso(NOW), iso(NOW + timedelta(seconds=30)), 1) == ["S000"]
    # `first` stalls past its lease; `second` takes the source over and polls it.
    assert await second.claim() == 1
    await second.wait_idle(10)
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 1
    (tmp_path / "f0.xml").write_text(RSS.format(items=""), encoding="utf-8")
    assert first._poll_sync("S000", claimed=True) is None  # LeaseLost: its poll counts for nothing
    health = storage.health.get(db, "S000")
    assert health is not None and health.last_poll == iso(NOW + timedelta(seconds=31))
    await second.stop(1)


# ── health ─────────────────────────────────────────────────────────────────────────────────


def test_health_judges_its_role_and_says_the_pollers_the_leases_and_the_lag(db: Database, tmp_path: Path) -> None:
    feeds_config(tmp_path, 2)
    (tmp_path / "feeds.yaml").write_text(
        "sides:\n  - {name: Gov}\nsources:\n"
        + "".join(f"  - {{name: S{i:03d}, kind: rss, url: f{i}.xml, side: Gov, every: 1m}}\n" for i in range(2)),
        encoding="utf-8",
    )

    def health(role: str) -> tuple[int, str]:
        done = CliRunner().invoke(
            cli, ["--config", str(tmp_path / "feeds.yaml"), "--db", db.target, "health", "--role", role]
        )
        return done.exit_code, done.output

    assert CliRunner().invoke(cli, ["--config", str(tmp_path / "feeds.yaml"), "--db", db.target, "poll"]).exit_code == 0
    code, said = health("poller")  # polled, but no poller on this machine has ever renewed a lease
    assert code == 1 and said.startswith(f"stalled: no poller on {socket.gethostname()}"), said
    assert "role poller; 0 pollers alive, 0 leases held, lag 0s" in said

    now = utcnow()
    owner = f"{socket.gethostname()}:1:x"
    assert storage.leases.take(db, owner, "S000", iso(now), iso(now + timedelta(seconds=60)))
    beat = storage.leases.Poller(owner, socket.gethostname(), 1, "poller", iso(now), iso(now), 1)
    storage.leases.heartbeat(db, beat, iso(now - timedelta(days=1)))
    code, said = health("poller")
    assert code == 0 and said.startswith("ok: ") and "role poller; 1 poller alive, 1 lease held, lag 0s" in said

    with transaction(db):  # S001 was due two hours ago and nobody polled it
        storage.health.record(db, "S001", HealthUpdate(now=now, next_poll=now - timedelta(hours=2)))
    code, said = health("all")
    assert code == 1 and said.startswith("lagging: the most overdue source is 2"), said
    code, said = health("bot")  # the bot reports the lag; the polls are the pollers' to answer for
    assert code == 0 and "role bot; 1 poller alive" in said and "lag 2" in said, said
