"""The command line as an operator meets it: each command through the real entry point
(`python -m bot`) in a subprocess, its output, its exit code, and what it leaves on disk."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.servers import FeedServer
from tests.test_poll import RSS, RSS_ITEM, channel
from tests.users import as_unprivileged

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


def claimwatch(folder: Path, *args: str, env: dict[str, str] | None = None,
               db: str = "cw.db") -> subprocess.CompletedProcess[str]:  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / db), *args],
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


def no_traceback(done: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in done.stderr and "Traceback" not in done.stdout


# ── polling ────────────────────────────────────────────────────────────────────────────────


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


def test_poll_without_once_does_one_round(folder: Path) -> None:
    done = claimwatch(folder, "poll")
    assert done.returncode == 0, done.stderr
    assert "Gov channel: 3 items, 3 new" in done.stdout and "Wire: 1 item, 1 new" in done.stdout
    assert "polled 2 sources: 0 new alerts, 0 failed" in done.stdout


def test_a_failing_source_is_reported_once_and_poll_exits_0(folder: Path) -> None:
    (folder / "wire.xml").unlink()
    done = claimwatch(folder, "poll")
    assert done.returncode == 0
    assert done.stderr.count("no such file") == 1, done.stderr  # not a log line and a report line
    assert "Wire: FAILED" in done.stderr and "`run` tries again in 5m" in done.stderr
    sources = claimwatch(folder, "sources")
    assert "Wire (rss) failing ×1" in sources.stdout and "no such file" in sources.stdout
    assert "next try" in sources.stdout and "(every 5m; it failed 1 time in a row)" in sources.stdout


def test_verbose_adds_the_http_requests_and_never_the_token(folder: Path, feed_server: FeedServer) -> None:
    url = feed_server.route("/wire.xml", body=(folder / "wire.xml").read_bytes())
    (folder / "feeds.yaml").write_text(FEEDS.replace("url: wire.xml", f"url: {url}"), encoding="utf-8")
    quiet = claimwatch(folder, "poll")
    assert quiet.stderr == "", quiet.stderr
    token = "123456789:AAH-secret-token-secret-token-xyz"
    loud = subprocess.run(
        [sys.executable, "-m", "bot", "-v", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"),
         "poll"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "TELEGRAM_BOT_TOKEN": token},
    )  # fmt: skip
    assert loud.returncode == 0, loud.stderr
    assert f'HTTP Request: GET {url} "HTTP/1.1 200 OK"' in loud.stderr
    assert "Wire: 1 item, 0 new" in loud.stdout
    assert token not in loud.stderr + loud.stdout


class _Gate(BaseHTTPRequestHandler):
    """Answers only once the test opens the gate: a source that is still being fetched."""

    gate = threading.Event()
    body = b""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.gate.wait(60)
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


@pytest.fixture
def gated() -> Iterator[tuple[str, threading.Event]]:
    handler = type("Gate", (_Gate,), {"gate": threading.Event(), "body": RSS.format(items="").encode()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/slow.xml", handler.gate
    finally:
        handler.gate.set()
        server.shutdown()
        server.server_close()


def test_poll_prints_each_source_as_it_finishes(folder: Path, gated: tuple[str, threading.Event]) -> None:
    url, gate = gated
    slow = f"url: wire.xml\n  - name: Slow\n    kind: rss\n    url: {url}"
    (folder / "feeds.yaml").write_text(FEEDS.replace("url: wire.xml", slow), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", str(folder / "cw.db"), "poll"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        second = process.stdout.readline()
        # Both quick sources are reported while the slow one is still being fetched.
        assert first.startswith("Gov channel: 3 items") and second.startswith("Wire: 1 item")
        assert process.poll() is None
        gate.set()
        rest, err = process.communicate(timeout=60)
    finally:
        gate.set()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert rest.splitlines() == [
        "Slow: 0 items, 0 new, 0 changed, 0 alerts",
        "polled 3 sources: 0 new alerts, 0 failed",
    ]


def test_poll_names_an_unknown_source_and_suggests_one(folder: Path) -> None:
    done = claimwatch(folder, "poll", "--source", "Wier")
    assert done.returncode == 2 and "no source 'Wier'; did you mean Wire?" in done.stderr
    only = claimwatch(folder, "poll", "--source", "Wire")
    assert only.returncode == 0 and "polled 1 source:" in only.stdout


# ── config ─────────────────────────────────────────────────────────────────────────────────


def test_a_broken_config_exits_2_with_every_problem_and_writes_nothing(folder: Path) -> None:
    (folder / "feeds.yaml").write_text(
        FEEDS.replace("url: wire.xml", "url: wire.xml\n    every: soon").replace("id: bridge-hit", "id: bridge hit"),
        encoding="utf-8",
    )
    done = claimwatch(folder, "poll")
    assert done.returncode == 2 and no_traceback(done)
    assert f'{folder / "feeds.yaml"}: sources[1] "Wire": every: expected a duration' in done.stderr
    assert f'{folder / "feeds.yaml"}: claims[0] "bridge hit": id: ' in done.stderr
    assert not (folder / "cw.db").exists()


def test_a_config_with_nothing_to_watch_is_a_warning(folder: Path) -> None:
    (folder / "feeds.yaml").write_text("# nothing yet\n", encoding="utf-8")
    done = claimwatch(folder, "poll")
    assert done.returncode == 0
    assert "Warning: " in done.stderr and "no sources and no claims: there is nothing to watch" in done.stderr
    assert "no sources to poll" in done.stdout


def test_config_and_db_come_from_the_environment(folder: Path) -> None:
    env = {"CLAIMWATCH_CONFIG": str(folder / "feeds.yaml"), "CLAIMWATCH_DB": str(folder / "env.db")}
    for command in ("poll", "sources"):
        done = subprocess.run([sys.executable, "-m", "bot", command], capture_output=True, text=True, cwd=folder,
                              env={**os.environ, **env})  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert "Gov channel (telegram) ok" in done.stdout
    assert (folder / "env.db").exists()


# ── reading ────────────────────────────────────────────────────────────────────────────────


def test_claims_lists_claims_and_an_unknown_id_gets_a_suggestion(folder: Path) -> None:
    claimwatch(folder, "poll")
    assert "bridge-hit: The river bridge was hit" in claimwatch(folder, "claims").stdout
    assert claimwatch(folder, "claims", "bridge-hit").returncode == 0
    wrong = claimwatch(folder, "claims", "bridge-hot")
    assert wrong.returncode == 2 and "did you mean bridge-hit" in wrong.stderr


@pytest.mark.parametrize(
    "args",
    [("alerts",), ("claims",), ("sources",), ("search", "bridge"), ("export-opml",), ("backup", "copy.db")],
)
def test_read_only_commands_refuse_a_mistyped_db_and_create_nothing(folder: Path, args: tuple[str, ...]) -> None:
    claimwatch(folder, "poll")
    args = tuple(str(folder / a) if a.endswith(".db") else a for a in args)
    done = claimwatch(folder, *args, db="typo/cw.db")
    if args[0] == "export-opml":  # it can work from feeds.yaml alone, and says what it left out
        assert done.returncode == 0 and "no database at" in done.stderr
    else:
        assert done.returncode == 2 and no_traceback(done)
        assert "typo/cw.db: no database here (check --db or CLAIMWATCH_DATABASE" in done.stderr
    assert not (folder / "typo").exists()


def test_a_read_only_database_can_be_queried() -> None:
    prefix = as_unprivileged()
    if os.geteuid() == 0 and not prefix:
        pytest.skip("root without a way to drop it: a read-only file is writable to root")
    top = Path(tempfile.mkdtemp(prefix="claimwatch-ro-"))
    try:
        folder = top / "data"
        folder.mkdir()
        (folder / "feeds.yaml").write_text(FEEDS, encoding="utf-8")
        (folder / "gov.html").write_text(channel({1: "One bridge.", 2: "Two."}), encoding="utf-8")
        (folder / "wire.xml").write_text(RSS.format(items=""), encoding="utf-8")
        assert claimwatch(folder, "poll").returncode == 0
        (folder / "cw.db").chmod(0o444)
        for path in (folder, top):
            path.chmod(0o555)  # no -shm, no -wal, no journal can be made here
        before = sorted(p.name for p in folder.iterdir())
        said = {}
        for args in (("claims",), ("alerts",), ("sources",), ("search", "bridge"), ("health",)):
            done = subprocess.run(
                [*prefix, sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db",
                 str(folder / "cw.db"), *args],
                capture_output=True, text=True, timeout=120, cwd="/", env={**os.environ, "HOME": "/tmp"},
            )  # fmt: skip
            assert done.returncode == 0, (args, done.stderr)
            said[args[0]] = done.stdout
        assert "Gov channel · One bridge." in said["search"] and said["health"].startswith("ok: ")
        assert "Gov channel (telegram) ok" in said["sources"]
        assert sorted(p.name for p in folder.iterdir()) == before
    finally:
        for path in (top, top / "data"):
            if path.exists():
                path.chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)


def test_search_shows_a_post_s_first_words_not_its_channel_name(folder: Path) -> None:
    (folder / "gov.html").write_text(channel({1: "The bridge is closed.\nMore later.", 2: "Two."}), encoding="utf-8")
    claimwatch(folder, "poll")
    found = claimwatch(folder, "search", "bridge").stdout
    assert "Gov channel · The bridge is closed." in found
    assert "Wire · Bridge" in found  # a feed item keeps its own title


def test_bad_arguments_are_usage_errors_naming_the_option(folder: Path) -> None:
    for args, named in [
        (("alerts", "--since", "yesterday"), "'--since': 'yesterday' is not an ISO date"),
        (("search", "x", "--limit", "0"), "'--limit'"),
        (("prune", "--days", "0"), "'--days'"),
        (("health", "--stalled-after", "soon"), "'--stalled-after': 'soon' is not a duration"),
        (("health", "--failing-share", "150%"), "'--failing-share'"),
        (("import-opml", "missing.opml"), "'FILE'"),
    ]:
        done = claimwatch(folder, *args)
        assert done.returncode == 2 and named in done.stderr and no_traceback(done), (args, done.stderr)


def test_a_db_in_a_folder_that_cannot_be_made_is_a_clear_error(folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "feeds.yaml"), "--db", "/proc/no/such/cw.db", "poll"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and no_traceback(done)
    assert "/proc/no/such/cw.db: cannot create its folder" in done.stderr


def test_a_database_that_is_not_one_is_a_clear_error(folder: Path) -> None:
    (folder / "cw.db").write_bytes(b"garbage" * 1000)
    done = claimwatch(folder, "alerts")
    assert done.returncode == 2 and "cannot read the database" in done.stderr and no_traceback(done)


# ── health and backups ─────────────────────────────────────────────────────────────────────


def test_health_fails_before_polling_and_when_every_source_fails(folder: Path) -> None:
    missing = claimwatch(folder, "health")
    assert missing.returncode == 1 and missing.stdout.startswith("unhealthy: ") and "no database here" in missing.stdout
    claimwatch(folder, "poll")
    ok = claimwatch(folder, "health", "--stalled-after", "15m")
    assert ok.returncode == 0 and ok.stdout.startswith("ok: last poll")
    (folder / "wire.xml").unlink()
    claimwatch(folder, "poll")
    assert claimwatch(folder, "health").returncode == 0  # one of two failing: not all
    half = claimwatch(folder, "health", "--failing-share", "50%")
    assert half.returncode == 1 and "failing: 1 of 2 sources failing (limit 50%): Wire" in half.stdout
    (folder / "gov.html").unlink()
    claimwatch(folder, "poll")
    every = claimwatch(folder, "health")
    assert every.returncode == 1 and "failing: 2 of 2 sources failing" in every.stdout
    share = claimwatch(folder, "health", env={"CLAIMWATCH_FAILING_SHARE": "100%"})
    assert share.returncode == 1


def test_health_calls_a_stall_a_stall(folder: Path) -> None:
    claimwatch(folder, "poll")
    db = sqlite3.connect(folder / "cw.db")
    db.execute("UPDATE sources SET last_poll = '2020-01-01T00:00:00+00:00'")
    db.commit()
    db.close()
    done = claimwatch(folder, "health", "--stalled-after", "1h")
    assert done.returncode == 1 and "stalled: last poll" in done.stdout and "(limit 1h)" in done.stdout


def test_a_broken_config_makes_health_fail_with_1_not_2(folder: Path) -> None:
    claimwatch(folder, "poll")
    (folder / "feeds.yaml").write_text("sources: {}\n", encoding="utf-8")
    done = claimwatch(folder, "health")
    assert done.returncode == 1 and "unhealthy: " in done.stdout  # Docker reserves exit code 2


def test_backup_writes_a_new_file_and_refuses_bad_paths(folder: Path, tmp_path: Path) -> None:
    claimwatch(folder, "poll")
    copy = tmp_path / "backup.db"
    done = claimwatch(folder, "backup", str(copy))
    assert done.returncode == 0 and copy.stat().st_size > 0
    assert sqlite3.connect(copy).execute("SELECT COUNT(*) FROM items").fetchone()[0] == 4
    for path, said in [
        (copy, "exists; choose a new file"),
        (tmp_path / "no" / "such" / "b.db", "is not a folder that exists"),
        (tmp_path, "is a directory"),
    ]:
        refused = claimwatch(folder, "backup", str(path))
        assert refused.returncode == 2 and said in refused.stderr and no_traceback(refused), refused.stderr


def test_backup_into_a_folder_the_user_may_not_write_is_refused(folder: Path) -> None:
    prefix = as_unprivileged()
    if os.geteuid() == 0 and not prefix:
        pytest.skip("root without a way to drop it")
    claimwatch(folder, "poll")
    top = Path(tempfile.mkdtemp(prefix="claimwatch-backup-"))
    try:
        shutil.copy(folder / "cw.db", top / "cw.db")
        shutil.copy(folder / "feeds.yaml", top / "feeds.yaml")
        top.chmod(0o755)  # root's: others may read, not write
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "bot", "--config", str(top / "feeds.yaml"), "--db", str(top / "cw.db"),
             "backup", str(top / "copy.db")],
            capture_output=True, text=True, timeout=120, cwd="/", env={**os.environ, "HOME": "/tmp"},
        )  # fmt: skip
        assert done.returncode == 2 and "permission denied" in done.stderr and no_traceback(done), done.stderr
    finally:
        shutil.rmtree(top, ignore_errors=True)
