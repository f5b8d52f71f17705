"""Each DESIGN.md command through the real entry point (`python -m bot`), in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_poll import RSS, RSS_ITEM, channel

FEEDS = """
sides:
  - name: Gov
    aliases: [the governor]
sources:
  - name: Gov channel
    kind: telegram
    channel: gov_channel
    side: Gov
    url: gov.html
  - name: Wire
    kind: rss
    url: wire.xml
claims:
  - id: bridge-hit
    text: The river bridge was hit
    match: [bridge]
"""


def claimwatch(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "feeds.yaml").write_text(FEEDS, encoding="utf-8")
    (tmp_path / "gov.html").write_text(channel({1: "One.", 2: "Two.", 3: "Three."}), encoding="utf-8")
    item = RSS_ITEM.format(title="Bridge", guid="g1", date="Thu, 11 May 2023 18:00:00 +0000", text="About the bridge.")
    (tmp_path / "wire.xml").write_text(RSS.format(items=item), encoding="utf-8")
    return tmp_path


def test_poll_once_then_alerts_json_gives_one_record_a_line(folder: Path) -> None:
    first = claimwatch(folder, "poll", "--once")
    assert first.returncode == 0, first.stderr
    assert "polled 2 sources" in first.stdout
    (folder / "gov.html").write_text(channel({1: "One.", 3: "Three."}), encoding="utf-8")
    assert claimwatch(folder, "poll", "--once").returncode == 0
    listed = claimwatch(folder, "alerts", "--json")
    assert listed.returncode == 0
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["kind"], r["source"], r["url"]) for r in records] == [
        ("deleted", "Gov channel", "https://t.me/gov_channel/2")
    ]
    assert set(records[0]) >= {"id", "kind", "claim", "side", "source", "url", "before", "after", "created_at"}
    assert claimwatch(folder, "alerts", "--json", "--since", "2999-01-01").stdout == ""
    assert "Deleted on Gov channel" in claimwatch(folder, "alerts").stdout


def test_a_failing_source_is_reported_but_poll_once_exits_0(folder: Path) -> None:
    (folder / "wire.xml").unlink()
    done = claimwatch(folder, "poll", "--once")
    assert done.returncode == 0
    assert "Wire: FAILED" in done.stderr and "no such file" in done.stderr
    sources = claimwatch(folder, "sources")
    assert "FAILING x1" in sources.stdout and "no such file" in sources.stdout


def test_a_broken_config_exits_2_naming_file_entry_and_field(folder: Path) -> None:
    (folder / "feeds.yaml").write_text(
        FEEDS.replace("url: wire.xml", "url: wire.xml\n    every: soon"), encoding="utf-8"
    )
    done = claimwatch(folder, "poll", "--once")
    assert done.returncode == 2
    assert f'{folder / "feeds.yaml"}: sources[1] "Wire": every:' in done.stderr
    assert not (folder / "cw.db").exists() or "items" not in (folder / "cw.db").read_bytes().decode("latin-1")


def test_config_and_db_come_from_the_environment(folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sources"],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "CLAIMWATCH_CONFIG": str(folder / "feeds.yaml"), "CLAIMWATCH_DB": str(folder / "env.db")},
    )
    assert done.returncode == 0, done.stderr
    assert "Gov channel [telegram] never polled" in done.stdout
    assert (folder / "env.db").exists()


def test_claims_lists_claims_and_an_unknown_id_gets_a_suggestion(folder: Path) -> None:
    assert "bridge-hit: The river bridge was hit" in claimwatch(folder, "claims").stdout
    assert claimwatch(folder, "claims", "bridge-hit").returncode == 0
    wrong = claimwatch(folder, "claims", "bridge-hot")
    assert wrong.returncode == 2 and "did you mean bridge-hit" in wrong.stderr


def test_bad_arguments_are_usage_errors(folder: Path) -> None:
    assert claimwatch(folder, "alerts", "--since", "yesterday").returncode == 2
    assert claimwatch(folder, "poll").returncode == 2  # --once is required
    assert claimwatch(folder, "poll", "--once", "--source", "Nope").returncode == 2


def test_health_backup_and_search(folder: Path, tmp_path: Path) -> None:
    stalled = claimwatch(folder, "health")
    assert stalled.returncode == 1 and "no source has been polled" in stalled.stdout
    claimwatch(folder, "poll", "--once")
    assert claimwatch(folder, "health").returncode == 0
    assert "About the" in claimwatch(folder, "search", "bridge").stdout
    copy = tmp_path / "backup.db"
    assert claimwatch(folder, "backup", str(copy)).returncode == 0
    assert copy.stat().st_size > 0
    assert claimwatch(folder, "backup", str(copy)).returncode == 2  # never overwrites


def test_a_database_that_is_not_one_is_a_clear_error(folder: Path) -> None:
    (folder / "cw.db").write_bytes(b"garbage" * 1000)
    done = claimwatch(folder, "alerts")
    assert done.returncode == 2 and "cannot use the database" in done.stderr
