"""`claimwatch migrate --from FILE --to postgresql://...`: a deployment moves from its SQLite
file to a PostgreSQL server with everything it had, verified by counting; a second run writes
nothing; polling goes on there as it would have here."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import storage.alerts
import storage.deliveries
import storage.items
import storage.subscribers
import storage.tracked
from bot.model import Claim, Source, SourceKind
from bot.poll import poll_all
from storage.db import Database, open_db
from storage.transfer import MARK, TABLES, count
from tests.conftest import NOW
from tests.test_poll import RSS, channel, config, write


def claimwatch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120)


def filled(folder: Path) -> Path:
    """A SQLite database with some of everything: items with revisions, a deletion, a stance
    flip, subscribers with a mute and deliveries, what an admin added from chat."""
    path = folder / "cw.db"
    db = open_db(path)
    storage.subscribers.subscribe(db, 501, NOW, title="Desk")
    storage.subscribers.subscribe(db, -100, NOW, thread_id=7, kind="supergroup", claim="bridge-hit")
    storage.subscribers.mute_source(db, 501, "Wire", NOW + timedelta(days=1))
    storage.tracked.add_claim(db, Claim("port-hit", "The port was hit", ("port",)), 7, NOW)
    storage.tracked.add_source(db, Source("@chan", SourceKind.TELEGRAM, "https://t.me/s/chan", channel="chan"), 7, NOW)
    write(folder, "wire.xml", RSS.format(items=""))
    write(folder, "gov.html", channel({1: "The river bridge is intact and open to traffic.", 2: "Two.", 3: "Three."}))
    cfg = config(folder)
    poll_all(db, cfg, clock=lambda: NOW)
    write(folder, "gov.html", channel({1: "The river bridge is intact and open to traffic.", 3: "Three.",
                                       4: "The river bridge was hit by a missile overnight."}))  # fmt: skip
    poll_all(db, cfg, clock=lambda: NOW + timedelta(minutes=5))
    db.close()
    return path


def counts(db: Database) -> dict[str, int]:
    return {table: count(db, table) for table, _ in TABLES}


def test_a_sqlite_database_moves_to_postgresql_whole_and_a_second_run_writes_nothing(
    tmp_path: Path, postgres_url: str
) -> None:
    path = filled(tmp_path)
    done = claimwatch("migrate", "--from", str(path), "--to", postgres_url)
    assert done.returncode == 0, done.stderr
    assert "verified: every table holds as many rows as the source" in done.stdout
    source, target = open_db(path, readonly=True), open_db(postgres_url)
    assert counts(source) == counts(target) and counts(source)["deliveries"] >= 2 and counts(source)["alerts"] >= 2
    for table, key in TABLES:  # the same rows, to the value
        rows = f"SELECT {', '.join(source.columns(table))} FROM {table}" + (f" WHERE key != '{MARK}'" if table == "meta"
                                                                          else "") + f" ORDER BY {', '.join(key)}"  # fmt: skip
        assert source.execute(rows).fetchall() == target.execute(rows).fetchall(), table
    # What users see is the same on both: alerts, search (on PostgreSQL's own index).
    listed = [claimwatch("--config", str(tmp_path / "feeds.yaml"), "--db", db, "alerts", "--json").stdout
              for db in (str(path), postgres_url)]  # fmt: skip
    assert listed[0] == listed[1] and len(listed[0].splitlines()) >= 2
    assert [h.url for h in storage.items.search(source, "bridge")] == [
        h.url for h in storage.items.search(target, "bridge")
    ]

    again = claimwatch("migrate", "--from", str(path), "--to", postgres_url)
    assert again.returncode == 0 and "nothing written: the target already held all of it" in again.stdout

    # Polling goes on on the server: new alerts get new ids, deliveries reach the same chats.
    write(tmp_path, "gov.html", channel({1: "The river bridge is intact and open to traffic.",
                                         4: "The river bridge was hit by a missile overnight."}))  # fmt: skip
    poll_all(target, config(tmp_path), clock=lambda: NOW + timedelta(minutes=10))
    new = storage.alerts.list_alerts(target)[-1]
    assert str(new.draft.kind) == "deleted" and new.id > max(a.id for a in storage.alerts.list_alerts(source))
    assert [d.chat_id for d in storage.deliveries.due(target, NOW + timedelta(minutes=10)) if d.alert_id == new.id] == [
        501
    ]


def test_a_target_holding_other_data_is_refused_and_left_as_it_was(tmp_path: Path, postgres_url: str) -> None:
    path = filled(tmp_path)
    target = open_db(postgres_url)
    (tmp_path / "other").mkdir()
    write(tmp_path / "other", "wire.xml", RSS.format(items=""))
    write(tmp_path / "other", "gov.html", channel({9: "Another deployment's post."}))
    poll_all(target, config(tmp_path / "other"), clock=lambda: NOW)
    before = counts(target)
    done = claimwatch("migrate", "--from", str(path), "--to", postgres_url)
    assert done.returncode == 2 and "holds other data, not a copy of" in done.stderr and "Traceback" not in done.stderr
    assert counts(target) == before


def test_postgresql_copies_back_into_a_new_sqlite_file(tmp_path: Path, postgres_url: str) -> None:
    path = filled(tmp_path)
    assert claimwatch("migrate", "--from", str(path), "--to", postgres_url).returncode == 0
    back = tmp_path / "back.db"
    done = claimwatch("migrate", "--from", postgres_url, "--to", str(back))
    assert done.returncode == 0, done.stderr
    assert counts(open_db(back)) == counts(open_db(path))
    assert [json.dumps(a.record()) for a in storage.alerts.list_alerts(open_db(back))] == [
        json.dumps(a.record()) for a in storage.alerts.list_alerts(open_db(path))
    ]
    same = claimwatch("migrate", "--from", str(path), "--to", str(path))
    assert same.returncode == 2 and "name the same database" in same.stderr
