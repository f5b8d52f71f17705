"""`claimwatch run` with a token, end to end: the real process, the Bot API stand-in on
127.0.0.1, a channel page on disk. A chat subscribes with /start, a post disappears, the alert
reaches the chat exactly once, and SIGTERM stops the process cleanly; restarting it sends
nothing again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.errors import StorageError
from storage.db import open_db
from tests.botapi import TOKEN, FakeBotAPI, command
from tests.test_cli import FEEDS
from tests.test_poll import RSS, channel


def start(folder: Path, api: FakeBotAPI, role: str = "all") -> subprocess.Popen[str]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.base_url}
    command = [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"),
               "run", "--role", role]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    return err


def polled(db_path: Path, source: str) -> bool:
    try:  # read-only: never race the process over creating or migrating the file
        db = open_db(db_path, readonly=True)
    except StorageError:
        return False
    try:
        row = db.execute("SELECT last_success FROM sources WHERE name = ?", [source]).fetchone()
        return bool(row and row[0])
    finally:
        db.close()


def wait_until(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_run_with_a_token_delivers_an_alert_once_across_a_restart(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text(
        FEEDS.replace("url: gov.html", "url: gov.html\n    every: 10s"), encoding="utf-8"
    )
    (tmp_path / "gov.html").write_text(channel({1: "One.", 2: "Two.", 3: "Three."}), encoding="utf-8")
    (tmp_path / "wire.xml").write_text(RSS.format(items=""), encoding="utf-8")
    with FakeBotAPI() as api:
        process = start(tmp_path, api)
        try:
            wait_until(lambda: api.sent("setMyCommands"))
            api.push(command("/start", chat_id=501))
            wait_until(lambda: any("Subscribed" in str(c.params.get("text")) for c in api.sent()))
            wait_until(lambda: polled(tmp_path / "cw.db", "Gov channel"))
            # The post disappears between older and newer ones: the next poll raises `deleted`.
            (tmp_path / "gov.html").write_text(channel({1: "One.", 3: "Three."}), encoding="utf-8")
            wait_until(lambda: any("Deleted" in str(c.params.get("text")) for c in api.sent()), timeout=40)
        finally:
            err = stop(process)
        assert "bot mode" in err
        again = start(tmp_path, api)
        try:
            wait_until(lambda: len(api.sent("setMyCommands")) == 2)
            time.sleep(12)  # at least one more poll and several outbox rounds
        finally:
            stop(again)
        alerts = [c for c in api.sent() if "Deleted" in str(c.params.get("text"))]
        assert len(alerts) == 1 and alerts[0].params["chat_id"] == 501


def run_briefly(folder: Path, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), "run"],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=timeout,
    )  # fmt: skip


def test_a_refused_token_is_one_line_exit_2_and_never_printed(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text(FEEDS, encoding="utf-8")
    wrong = "987654:this-is-not-the-token-you-are-looking-for"
    with FakeBotAPI() as api:
        api.behaviour.token = TOKEN
        done = run_briefly(tmp_path, {"TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_API_URL": api.base_url})
    assert done.returncode == 2
    assert "Error: TELEGRAM_BOT_TOKEN was refused by the Bot API at http://127.0.0.1:" in done.stderr
    assert "Traceback" not in done.stderr and wrong not in done.stderr + done.stdout
    assert len([line for line in done.stderr.splitlines() if "ERROR" in line or "Error" in line]) == 1


def test_a_token_of_the_wrong_shape_or_a_bad_api_url_is_refused_before_any_network(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text(FEEDS, encoding="utf-8")
    shape = run_briefly(tmp_path, {"TELEGRAM_BOT_TOKEN": "my secret token"})
    assert shape.returncode == 2 and "TELEGRAM_BOT_TOKEN does not look like a bot token" in shape.stderr
    assert "my secret token" not in shape.stderr
    url = run_briefly(tmp_path, {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": "localhost:8081/bot"})
    assert url.returncode == 2 and "TELEGRAM_API_URL: 'localhost:8081/bot' is not an http(s) URL" in url.stderr
    assert "Traceback" not in shape.stderr + url.stderr


def test_an_unreachable_bot_api_is_retried_with_back_off_in_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text(FEEDS, encoding="utf-8")
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "cw.db"), "run"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": f"http://127.0.0.1:{port}/bot"},
    )  # fmt: skip
    try:
        assert process.stderr is not None
        lines = [process.stderr.readline() for _ in range(2)]
    finally:
        err = stop(process)  # SIGTERM while waiting: a clean exit 0
    assert all(f"cannot reach the Bot API at http://127.0.0.1:{port}" in line for line in lines), lines
    assert "trying again in 1s" in lines[0] and "trying again in 2s" in lines[1]
    assert "Traceback" not in err and TOKEN not in "".join(lines) + err


def test_a_poller_and_the_bot_in_processes_of_their_own_deliver_an_alert_once(tmp_path: Path) -> None:
    """`run --role poller` polls and raises; `run --role bot` (the one with the token) only
    answers chats and sends what is in the outbox, wherever the alert was raised."""
    (tmp_path / "feeds.yaml").write_text(
        FEEDS.replace("url: gov.html", "url: gov.html\n    every: 10s"), encoding="utf-8"
    )
    (tmp_path / "gov.html").write_text(channel({1: "One.", 2: "Two.", 3: "Three."}), encoding="utf-8")
    (tmp_path / "wire.xml").write_text(RSS.format(items=""), encoding="utf-8")
    no_token = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    refused = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "cw.db"),
         "run", "--role", "bot"],
        capture_output=True, text=True, env=no_token, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 2 and "--role bot runs the Telegram bot: set TELEGRAM_BOT_TOKEN" in refused.stderr
    with FakeBotAPI() as api:
        bot = start(tmp_path, api, "bot")
        poller = subprocess.Popen(
            [sys.executable, "-m", "bot", "--config", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "cw.db"),
             "run", "--role", "poller"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=no_token,
        )  # fmt: skip
        try:
            wait_until(lambda: api.sent("setMyCommands"))
            api.push(command("/start", chat_id=501))
            wait_until(lambda: any("Subscribed" in str(c.params.get("text")) for c in api.sent()))
            wait_until(lambda: polled(tmp_path / "cw.db", "Gov channel"))
            (tmp_path / "gov.html").write_text(channel({1: "One.", 3: "Three."}), encoding="utf-8")
            wait_until(lambda: any("Deleted" in str(c.params.get("text")) for c in api.sent()), timeout=40)
        finally:
            said = {"poller": stop(poller), "bot": stop(bot)}
    assert "claimwatch: poller" in said["poller"] and "bot mode (role bot)" in said["bot"]
    alerts = [c for c in api.sent() if "Deleted" in str(c.params.get("text"))]
    assert len(alerts) == 1 and alerts[0].params["chat_id"] == 501
    db = open_db(tmp_path / "cw.db", readonly=True)
    assert db.execute("SELECT COUNT(*) FROM pollers").fetchone()[0] == 0  # the poller said goodbye
    db.close()
