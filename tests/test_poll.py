"""The pipeline end to end: files and a real HTTP server in, stored items and alerts out."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

import bot.poll
import storage.alerts
import storage.health
from bot.config import parse_config
from bot.extract import extract
from bot.model import AlertKind, Config, Fetched, ItemText, Settings, SourceKind
from bot.poll import poll_all
from bot.sources.fetch import fetch
from storage.db import Database, open_db
from storage.migrations import SCHEMA_VERSION
from tests.conftest import NOW

CHANNEL_PAGE = """<!DOCTYPE html><html><head><meta property="og:title" content="Gov"></head><body>
<main class="tgme_main" data-url="/s/gov_channel"><section class="tgme_channel_history js-message_history">
{posts}
</section></main></body></html>"""

POST = """<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="gov_channel/{id}">
<div class="tgme_widget_message_bubble"><div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>
<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">
<span class="tgme_widget_message_views">{views}</span><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/gov_channel/{id}"><time datetime="2024-05-0{day}T08:00:00+00:00" class="time">08:00</time></a></span>
</div></div></div></div></div>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>
<description>d</description>{items}</channel></rss>"""
RSS_ITEM = """<item><title>{title}</title><link>https://wire.example/{guid}</link><guid isPermaLink="false">{guid}</guid>
<pubDate>{date}</pubDate><description>{text}</description></item>"""


def channel(posts: dict[int, str], views: str = "1.2K") -> str:
    return CHANNEL_PAGE.format(
        posts="\n".join(
            POST.format(id=i, text=t, views=views, day=min(9, 1 + n)) for n, (i, t) in enumerate(posts.items())
        )
    )


def config(tmp_path: Path) -> Config:
    data = {
        "sides": [
            {"name": "Gov", "aliases": ["the governor", "regional administration"]},
            {"name": "Army", "aliases": ["the army", "army spokesman"]},
        ],
        "sources": [
            {"name": "Gov channel", "kind": "telegram", "channel": "gov_channel", "side": "Gov", "url": "gov.html"},
            {"name": "Wire", "kind": "rss", "url": "wire.xml"},
        ],
        "claims": [
            {
                "id": "bridge-hit",
                "text": "The river bridge was hit",
                "match": ["bridge"],
                "supports": ["was hit", "destroyed", "struck"],
                "refutes": ["intact", "not damaged"],
            }
        ],
    }
    return parse_config(data, str(tmp_path / "feeds.yaml"), base_dir=tmp_path)


def write(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")


@pytest.fixture
def db(engine_db: Database) -> Database:
    """The polls below run on SQLite and on PostgreSQL."""
    return engine_db


def kinds(db: Database) -> list[str]:
    return [str(a.draft.kind) for a in storage.alerts.list_alerts(db)]


def test_a_first_poll_stores_everything_and_a_second_stores_nothing(db: Database, tmp_path: Path) -> None:
    write(tmp_path, "gov.html", channel({1: "Morning report.", 2: "Evening report.", 3: "Night report."}))
    write(tmp_path, "wire.xml", RSS.format(items=""))
    cfg = config(tmp_path)
    reports = poll_all(db, cfg, clock=lambda: NOW)
    assert [(r.source, r.ok, r.new_items) for r in reports] == [("Gov channel", True, 3), ("Wire", True, 0)]
    again = poll_all(db, cfg, clock=lambda: NOW + timedelta(minutes=5))
    assert [(r.new_items, r.revisions, r.alerts) for r in again] == [(0, 0, []), (0, 0, [])]
    assert db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 3


def test_edits_and_deletions_on_a_sided_channel_raise_once(db: Database, tmp_path: Path) -> None:
    write(tmp_path, "wire.xml", RSS.format(items=""))
    write(tmp_path, "gov.html", channel({1: "One.", 2: "A bomb hit a house.", 3: "Three.", 4: "Four."}))
    cfg = config(tmp_path)
    poll_all(db, cfg, clock=lambda: NOW)
    # Post 2 edited materially, post 3 deleted, post 4 gains only views and an emoji.
    write(tmp_path, "gov.html", channel({1: "One.", 2: "A bomb hit open ground.", 4: "Four. 🔥", 5: "Five."}, "9K"))
    poll_all(db, cfg, clock=lambda: NOW + timedelta(minutes=5))
    poll_all(db, cfg, clock=lambda: NOW + timedelta(minutes=10))
    alerts = storage.alerts.list_alerts(db)
    assert [(str(a.draft.kind), a.draft.url) for a in alerts] == [
        ("edited", "https://t.me/gov_channel/2"),
        ("deleted", "https://t.me/gov_channel/3"),
    ]
    assert "{+open ground.+}" in (alerts[0].draft.diff or "")
    assert db.execute("SELECT deleted_at IS NOT NULL FROM items WHERE post_id = 3").fetchone()[0] == 1


def test_a_toll_edited_in_place_is_an_edit_and_a_number_change(db: Database, tmp_path: Path) -> None:
    write(tmp_path, "wire.xml", RSS.format(items=""))
    write(tmp_path, "gov.html", channel({1: "Missiles hit the bridge. Preliminary: 8 people were killed."}))
    cfg = config(tmp_path)
    poll_all(db, cfg, clock=lambda: NOW)
    # The channel updates its post in place, as officials do through the day.
    write(tmp_path, "gov.html", channel({1: "Missiles hit the bridge. Preliminary: 10 people were killed."}))
    poll_all(db, cfg, clock=lambda: NOW + timedelta(minutes=30))
    poll_all(db, cfg, clock=lambda: NOW + timedelta(minutes=40))
    alerts = [a.draft for a in storage.alerts.list_alerts(db)]
    assert sorted(str(a.kind) for a in alerts) == ["edited", "number_change"]
    (change,) = [a for a in alerts if str(a.kind) == "number_change"]
    assert (change.side, change.before.value, change.after.value) == ("Gov", 8, 10)  # type: ignore[union-attr]


def test_a_failing_source_is_recorded_and_others_go_on(db: Database, tmp_path: Path) -> None:
    write(tmp_path, "gov.html", channel({1: "One.", 2: "Two."}))
    write(tmp_path, "wire.xml", "<html><body>Not a feed</body></html>")
    cfg = config(tmp_path)
    gov, wire = poll_all(db, cfg, clock=lambda: NOW)
    assert gov.ok and gov.new_items == 2
    assert not wire.ok and wire.error
    health = storage.health.get(db, "Wire")
    assert health is not None and health.failures == 1 and health.last_error == wire.error
    # Fixing the feed recovers the source; nothing stored before is lost.
    write(tmp_path, "wire.xml", RSS.format(items=""))
    poll_all(db, cfg, clock=lambda: NOW + timedelta(hours=1))
    assert storage.health.get(db, "Wire").failures == 0  # type: ignore[union-attr]
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 2


def test_a_side_that_changes_its_word_raises_a_flip_with_both_quotes(db: Database, tmp_path: Path) -> None:
    write(tmp_path, "gov.html", channel({1: "The river bridge is intact and open to traffic."}))
    write(tmp_path, "wire.xml", RSS.format(items=""))
    cfg = config(tmp_path)
    poll_all(db, cfg, clock=lambda: NOW)
    write(tmp_path, "gov.html", channel({1: "The river bridge is intact and open to traffic.",
                                         2: "The river bridge was hit by a missile overnight."}))  # fmt: skip
    poll_all(db, cfg, clock=lambda: NOW + timedelta(minutes=5))
    poll_all(db, cfg, clock=lambda: NOW + timedelta(minutes=10))
    (alert,) = storage.alerts.list_alerts(db)
    assert alert.draft.kind is AlertKind.STANCE_FLIP and alert.draft.side == "Gov"
    record = json.loads(json.dumps(alert.record()))
    assert (record["before"]["stance"], record["after"]["stance"]) == ("refutes", "supports")
    assert "intact" in record["before"]["text"] and "was hit" in record["after"]["text"]
    assert record["after"]["url"] == "https://t.me/gov_channel/2"


def test_two_processes_polling_one_new_database_wait_for_each_other(tmp_path: Path, new_target: str) -> None:
    """Real processes, one new database: migrations race, and every poll's writes wait for the
    others' (SQLite: on the write lock, BEGIN IMMEDIATE; PostgreSQL: on the rows they share)
    instead of failing with 'database is locked' or storing anything twice."""
    feeds = {
        f"w{n}.xml": RSS.format(items="".join(
            RSS_ITEM.format(title=f"Report {n}-{i}", guid=f"g{n}-{i}", date="Mon, 06 May 2024 08:00:00 GMT",
                            text=f"The regional administration said the river bridge is intact ({n}, {i}).")
            for i in range(30)))
        for n in range(12)
    }  # fmt: skip
    for name, body in feeds.items():
        write(tmp_path, name, body)
    sources = "\n".join(f"  - {{name: W{n}, kind: rss, url: w{n}.xml}}" for n in range(len(feeds)))
    write(tmp_path, "feeds.yaml", "sides:\n  - {name: Gov, aliases: [regional administration]}\n"
          f"sources:\n{sources}\nclaims:\n  - {{id: bridge, text: The bridge was hit, match: [bridge], "
          "refutes: [intact]}\n")  # fmt: skip
    command = [sys.executable, "-m", "bot", "--config", str(tmp_path / "feeds.yaml"), "--db", new_target, "poll",
               "--once"]  # fmt: skip
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    for code, out, err in outcomes:
        assert code == 0, err
        assert "locked" not in err and "already exists" not in err and "0 failed" in out
    db = open_db(new_target)
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 12 * 30
    assert db.execute("SELECT COUNT(*) FROM statements").fetchone()[0] == 12 * 30
    assert db.execute("SELECT COUNT(DISTINCT key) FROM items").fetchone()[0] == 12 * 30


def test_many_processes_opening_a_new_database_migrate_it_once(new_target: str) -> None:
    script = "import sys; from storage.db import open_db, schema_version; print(schema_version(open_db(sys.argv[1])))"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, new_target],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(run.wait(timeout=60), *run.communicate()) for run in runs]
    assert [(code, out.strip()) for code, out, _ in results] == [(0, str(SCHEMA_VERSION))] * 6, results


def test_a_round_with_many_pages_parses_and_extracts_in_worker_processes_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "gov.html", channel({1: "The river bridge is intact and open to traffic.",
                                         2: "The river bridge was hit by a missile overnight."}))  # fmt: skip
    write(tmp_path, "wire.xml", RSS.format(items=""))
    cfg = config(tmp_path)
    results = []
    for after in (10_000, 0):  # never a pool; a pool from the first page
        monkeypatch.setattr(bot.poll, "POOL_AFTER", after)
        db = open_db(tmp_path / f"pool-{after}.db")
        reports = poll_all(db, cfg, clock=lambda: NOW)
        results.append(([(r.source, r.new_items) for r in reports], [(str(a.draft.kind), a.draft.key) for a in
                                                                     storage.alerts.list_alerts(db)]))  # fmt: skip
    assert results[0] == results[1] and results[0][1] == [("stance_flip", results[0][1][0][1])]


def test_workers_parse_and_extract_in_other_processes(tmp_path: Path) -> None:
    workers = bot.poll.Workers(cores=3, after=0)
    try:
        page = workers(SourceKind.RSS, Fetched(url="https://wire.example/", body=RSS.format(items=RSS_ITEM.format(
            title="t", guid="g", date="Mon, 06 May 2024 08:00:00 GMT", text="The river bridge is intact.")).encode()))  # fmt: skip
        assert workers.pooled and [i.key for i in page.items] == ["g"]
        cfg = config(tmp_path)
        text = ItemText("Gov channel", None, "", "The river bridge is intact.", NOW, source_side="Gov")
        extracting = workers.extract([text], cfg)
        assert extracting is not None and extracting.result() == [extract(text, cfg)]
    finally:
        workers.close()


def _many_sources(tmp_path: Path, count: int) -> Config:
    for n in range(count):
        item = RSS_ITEM.format(title=f"t{n}", guid=f"g{n}", date="Mon, 06 May 2024 08:00:00 GMT", text=f"Item {n}.")
        write(tmp_path, f"f{n}.xml", RSS.format(items=item))
    sources = [{"name": f"F{n}", "kind": "rss", "url": f"f{n}.xml"} for n in range(count)]
    return parse_config({"sources": sources, "settings": {"concurrency": 4}}, str(tmp_path / "feeds.yaml"), tmp_path)


def test_a_round_holds_a_bounded_number_of_fetched_sources_waiting_to_be_stored(tmp_path: Path) -> None:
    """Memory stays flat however many sources: fetching runs at most a window ahead of storing."""
    count = bot.poll.WINDOW * 4
    bound = bot.poll.WINDOW + 4  # the window, and the fetches under way
    cfg = _many_sources(tmp_path, count)
    fetched, stored, waiting = 0, 0, []
    lock = threading.Lock()
    past_the_bound = threading.Event()

    def counted(url: str, settings: Settings, **kwargs: object) -> Fetched:
        nonlocal fetched
        result = fetch(url, settings, **kwargs)  # type: ignore[arg-type]
        with lock:
            fetched += 1
            waiting.append(fetched - stored)
            if fetched - stored > bound:
                past_the_bound.set()
        return result

    def on_report(_: object) -> None:
        nonlocal stored
        with lock:
            stored += 1
        if stored == 1:  # storing lags behind: give fetching every chance to run further ahead
            past_the_bound.wait(2)

    reports = poll_all(open_db(tmp_path / "c.db"), cfg, fetcher=counted, on_report=on_report, clock=lambda: NOW)
    assert [r.new_items for r in reports] == [1] * count
    assert 0 < max(waiting) <= bound and not past_the_bound.is_set()


def test_a_slow_source_holds_up_the_storing_of_the_others_but_not_their_fetching(tmp_path: Path) -> None:
    """While the next source to store is still being fetched, the others are fetched meanwhile, so
    slow sources wait together, not one after another (stored in config order all the same)."""
    count = bot.poll.WINDOW * 3
    cfg = _many_sources(tmp_path, count)
    others = threading.Event()
    fetched = 0
    lock = threading.Lock()
    first_waited_for_the_others: list[bool] = []

    def slow_first(url: str, settings: Settings, **kwargs: object) -> Fetched:
        nonlocal fetched
        if url.endswith("/f0.xml"):  # answers only once every other source was fetched
            first_waited_for_the_others.append(others.wait(60))
        result = fetch(url, settings, **kwargs)  # type: ignore[arg-type]
        with lock:
            fetched += 1
            if fetched == count - 1:
                others.set()
        return result

    reports = poll_all(open_db(tmp_path / "c.db"), cfg, fetcher=slow_first, clock=lambda: NOW)
    assert first_waited_for_the_others == [True]
    assert [r.source for r in reports] == [f"F{n}" for n in range(count)]
