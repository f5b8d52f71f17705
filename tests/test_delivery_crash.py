"""`kill -9` of `claimwatch run` while it delivers, again and again: the real process, the Bot
API stand-in taking each message a moment before it answers (the window no client can close).
Nothing is lost, and every alert a chat gets twice was in flight at a kill: its row was marked
`sending` and counted in `interrupted` on the next start, and the second copy says so."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import storage.alerts
import storage.deliveries
import storage.subscribers
from bot.model import AlertDraft, AlertKind, Snapshot
from bot.outbox import IN_FLIGHT, RESENT_NOTE
from storage.db import open_db, transaction
from tests.botapi import FakeBotAPI
from tests.conftest import NOW
from tests.test_poll import RSS
from tests.test_run_bot import start, stop, wait_until

CHATS = 12
ALERTS = 10
KILLS = 3


def prepare(folder: Path) -> None:
    (folder / "wire.xml").write_text(RSS.format(items=""), encoding="utf-8")
    (folder / "feeds.yaml").write_text(
        "sources:\n  - {name: Wire, kind: rss, url: wire.xml, every: 1h}\n"
        "claims:\n  - {id: bridge-hit, text: The river bridge was hit, match: [bridge]}\n",
        encoding="utf-8",
    )
    db = open_db(folder / "cw.db")
    for chat in range(1, CHATS + 1):
        storage.subscribers.subscribe(db, chat, NOW)
    drafts = [
        AlertDraft(
            kind=AlertKind.STANCE_FLIP, key=f"k{n}", claim="bridge-hit", side="Gov", source="Wire",
            url=f"https://wire.example/{n}",
            before=Snapshot(text=f"Report {n}: the bridge is intact", stance="refutes"),
            after=Snapshot(text=f"Report {n}: the bridge was hit", stance="supports"),
        )
        for n in range(ALERTS)
    ]  # fmt: skip
    with transaction(db):
        storage.alerts.raise_new(db, drafts, NOW)
    db.close()


def report_number(text: str) -> int:
    return int(text.split("Report ", 1)[1].split(":", 1)[0])


def test_kill_9_during_delivery_loses_nothing_and_only_sends_in_flight_go_twice(tmp_path: Path) -> None:
    prepare(tmp_path)
    total = CHATS * ALERTS
    with FakeBotAPI() as api:
        api.behaviour.answer_delay = 0.2
        for kill in range(KILLS):
            process = start(tmp_path, api)
            target = total * (kill + 1) // (KILLS + 2)
            try:
                wait_until(lambda target=target: len(api.sent()) >= target, timeout=60)  # type: ignore[misc]
            finally:
                process.kill()  # SIGKILL: no clean-up of any kind
                process.communicate(timeout=30)
        process = start(tmp_path, api)
        db = open_db(tmp_path / "cw.db")
        try:
            wait_until(lambda: storage.deliveries.counts(db) == {"sent": total}, timeout=90)
        finally:
            stop(process)
        sends = [c for c in api.sent() if "Report " in str(c.params.get("text"))]
        copies = Counter((c.params["chat_id"], report_number(str(c.params["text"]))) for c in sends)
        # At least once: every chat got every alert.
        assert set(copies) == {(chat, n) for chat in range(1, CHATS + 1) for n in range(ALERTS)}
        # At most once, but for sends in flight at a kill: each extra copy is an interrupted row.
        interrupted = {
            (chat, int(key[1:])): count
            for chat, key, count in db.execute(
                "SELECT d.chat_id, a.key, d.interrupted FROM deliveries d JOIN alerts a ON a.id = d.alert_id"
            )
        }
        assert all(copies[pair] - 1 <= interrupted[pair] for pair in copies), (copies, interrupted)
        assert 1 <= sum(interrupted.values()) <= KILLS * IN_FLIGHT  # the kills did land mid-delivery
        resent = [c for c in sends if str(c.params["text"]).endswith(RESENT_NOTE)]
        assert len(resent) == sum(interrupted.values())
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.close()


def test_a_clean_stop_during_delivery_repeats_nothing(tmp_path: Path) -> None:
    prepare(tmp_path)
    total = CHATS * ALERTS
    with FakeBotAPI() as api:
        api.behaviour.answer_delay = 0.2
        process = start(tmp_path, api)
        try:
            wait_until(lambda: len(api.sent()) >= total // 4, timeout=60)
        finally:
            stop(process)  # SIGTERM: the sends in flight are answered and recorded before it exits
        db = open_db(tmp_path / "cw.db")
        assert db.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sending'").fetchone() == (0,)
        process = start(tmp_path, api)
        try:
            wait_until(lambda: storage.deliveries.counts(db) == {"sent": total}, timeout=90)
        finally:
            stop(process)
        copies = Counter((c.params["chat_id"], report_number(str(c.params["text"]))) for c in api.sent())
        assert len(copies) == total and set(copies.values()) == {1}
        assert db.execute("SELECT SUM(interrupted) FROM deliveries").fetchone() == (0,)
        db.close()
