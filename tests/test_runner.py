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
from bot.runner import admin_ids, make_poller, run_console
from storage.db import open_db
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
            if (folder / "cw.db").exists():
                db = open_db(folder / "cw.db")
                done = db.execute("SELECT COUNT(*) FROM sources WHERE last_success IS NOT NULL").fetchone()[0]
                db.conn.close()
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
