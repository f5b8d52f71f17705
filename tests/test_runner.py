"""`claimwatch run` without a token: the scheduler polls every source and prints alerts; SIGTERM
stops it cleanly with everything it polled committed."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.config import load_config
from bot.errors import StorageError
from bot.runner import admin_ids, make_poller, run_console
from storage.db import open_db
from tests.conftest import NOW
from tests.servers import FeedServer
from tests.test_cli import FEEDS
from tests.test_poll import RSS, channel


def folder_with_sources(tmp_path: Path) -> Path:
    (tmp_path / "feeds.yaml").write_text(
        FEEDS.replace("url: wire.xml", "url: wire.xml\n    every: 10s"), encoding="utf-8"
    )
    (tmp_path / "gov.html").write_text(channel({1: "One.", 2: "Two.", 3: "Three."}), encoding="utf-8")
    (tmp_path / "wire.xml").write_text(RSS.format(items=""), encoding="utf-8")
    return tmp_path


async def test_the_console_scheduler_polls_every_source_then_stops(tmp_path: Path) -> None:
    folder = folder_with_sources(tmp_path)
    db_path = str(folder / "cw.db")
    printed: list[object] = []
    poller = make_poller(load_config(folder / "feeds.yaml"), db_path, on_alerts=printed.extend)
    stop = asyncio.Event()
    task = asyncio.create_task(run_console(poller, stop))
    db = open_db(db_path)
    for _ in range(100):  # the first polls start within a few seconds, staggered
        await asyncio.sleep(0.1)
        polled = db.execute("SELECT COUNT(*) FROM sources WHERE last_poll IS NOT NULL").fetchone()[0]
        if polled == 2:
            break
    assert polled == 2
    (folder / "gov.html").write_text(channel({1: "One.", 3: "Three."}), encoding="utf-8")
    await poller.poll("Gov channel")  # a poll by hand while the scheduler runs: no clash, one alert
    stop.set()
    await asyncio.wait_for(task, 10)
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3
    assert len(printed) == 1


def test_sigterm_stops_run_and_leaves_the_polls_committed(tmp_path: Path) -> None:
    folder = folder_with_sources(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.2)
            try:  # read-only: never race the process over creating or migrating the file
                db = open_db(folder / "cw.db", readonly=True)
            except StorageError:
                continue  # not there, or not migrated yet
            done = db.execute("SELECT COUNT(*) FROM sources WHERE last_success IS NOT NULL").fetchone()[0]
            db.close()
            if done == 2:
                break
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "console mode" in err
    db = open_db(folder / "cw.db")
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 3


def test_admin_ids_are_read_leniently() -> None:
    assert admin_ids("1, 2 3,,x") == frozenset({1, 2, 3})
    assert admin_ids(None) == frozenset()


async def test_a_failing_source_is_backed_off_by_the_scheduler(tmp_path: Path) -> None:
    folder = folder_with_sources(tmp_path)
    (folder / "wire.xml").write_text("<html>not a feed</html>", encoding="utf-8")
    poller = make_poller(load_config(folder / "feeds.yaml"), str(folder / "cw.db"))
    failed = await poller.poll("Wire")
    assert failed is not None and not failed.ok
    assert await poller.poll("Wire") is None  # within the back-off: skipped, not hammered
    (folder / "wire.xml").write_text(RSS.format(items=""), encoding="utf-8")
    assert await poller.poll("Gov channel") is not None  # other sources go on


def _poll_failing(folder: Path, times: int) -> None:
    """`poll` a source that fails `times` times: a back-off far into the future (if remote)."""
    for _ in range(times):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), "poll",
             "--source", "Wire"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert "Wire: FAILED" in done.stderr


def _sources(folder: Path) -> str:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), "sources"],
        capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip


def test_a_restart_tries_a_fixed_source_at_once_not_after_its_back_off(tmp_path: Path, feed_server: FeedServer) -> None:
    folder = folder_with_sources(tmp_path)
    url = feed_server.route("/wire.xml", status=503)
    (folder / "feeds.yaml").write_text(FEEDS.replace("url: wire.xml", f"url: {url}\n    every: 5m"), encoding="utf-8")
    _poll_failing(folder, 4)
    listed = _sources(folder)
    assert "Wire (rss) failing ×4" in listed and "backing off after 4 failures in a row" in listed
    assert "in 40m" in listed  # 5m doubled three times
    feed_server.route("/wire.xml", body=RSS.format(items="").encode())  # the server is back
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), "run"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and "Wire (rss) ok" not in (listed := _sources(folder)):
            time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert "Wire (rss) ok" in listed, listed
    assert "failing sources are tried again at their first poll: Wire" in err


def test_a_missing_file_is_tried_again_at_its_interval_not_backed_off(tmp_path: Path) -> None:
    folder = folder_with_sources(tmp_path)
    (folder / "feeds.yaml").write_text(FEEDS.replace("url: wire.xml", "url: wire.xml\n    every: 5m"), encoding="utf-8")
    (folder / "wire.xml").unlink()
    _poll_failing(folder, 4)
    listed = _sources(folder)
    assert "Wire (rss) failing ×4" in listed and "in 5m (every 5m; it failed 4 times in a row)" in listed
    assert "backing off" not in listed


async def test_a_changed_url_is_a_new_start(tmp_path: Path) -> None:
    folder = folder_with_sources(tmp_path)
    (folder / "feeds.yaml").write_text(FEEDS.replace("url: wire.xml", "url: gone.xml"), encoding="utf-8")
    _poll_failing(folder, 3)
    (folder / "feeds.yaml").write_text(FEEDS, encoding="utf-8")  # the url fixed in feeds.yaml
    listed = _sources(folder)
    assert "Wire (rss) its url changed" in listed and f"was {folder / 'gone.xml'}" in listed
    assert "no such file" not in listed  # the old url's error is not this url's
    poller = make_poller(load_config(folder / "feeds.yaml"), str(folder / "cw.db"))
    report = await poller.poll("Wire")  # `run`'s scheduler: not held back by the old url's back-off
    assert report is not None and report.ok
    assert "Wire (rss) ok" in _sources(folder)


async def test_a_changed_interval_drops_the_back_off(tmp_path: Path) -> None:
    folder = folder_with_sources(tmp_path)
    (folder / "wire.xml").write_text("<html>not a feed</html>", encoding="utf-8")
    poller = make_poller(load_config(folder / "feeds.yaml"), str(folder / "cw.db"))
    assert not (await poller.poll("Wire")).ok  # type: ignore[union-attr]
    assert await poller.poll("Wire") is None  # backing off
    (folder / "feeds.yaml").write_text(
        FEEDS.replace("url: wire.xml", "url: wire.xml\n    every: 20s"), encoding="utf-8"
    )
    again = make_poller(load_config(folder / "feeds.yaml"), str(folder / "cw.db"))
    assert await again.poll("Wire") is not None  # a new interval: tried at once


async def test_one_schedule_for_console_mode_pollers_and_the_bot() -> None:
    """bot/schedule.py adds the same three jobs to any APScheduler: claim, renew, resync."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot import schedule
    from bot.poll import Poller

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)
    poller = Poller(":memory:", lambda db: None, lease=30)  # type: ignore[arg-type, return-value]
    schedule.start(scheduler, poller, NOW)
    jobs = {j.id: j.trigger.interval.total_seconds() for j in scheduler.get_jobs()}
    assert jobs == {"poller:claim": schedule.TICK, "poller:renew": 10, "poller:resync": schedule.RESYNC_EVERY}
    scheduler.shutdown(wait=False)
