"""Operations: docs that match the CLI, metrics, pruning, and backups."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

import storage.alerts
import storage.items
import storage.statements
from bot import metrics
from bot.cli import cli
from bot.model import AlertDraft, AlertKind, Snapshot, Source, SourceKind, Stance, Statement
from storage.db import Database
from tests.builders import make_item, store_items, store_statements
from tests.conftest import NOW

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_and_has_help() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        assert f"claimwatch {name}" in README, f"README.md does not mention `claimwatch {name}`"
        result = runner.invoke(cli, [name, "--help"])
        first_words = " ".join((command.help or "").split()[:5])
        assert result.exit_code == 0 and first_words in " ".join(result.output.split())


def test_the_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    assert "claimwatch demo" in commands[0]
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_every_bot_command_is_in_the_readme() -> None:
    from bot.handlers import ADMIN_COMMANDS, COMMANDS

    for name, _ in COMMANDS + ADMIN_COMMANDS:
        assert f"/{name}" in README


def test_metrics_are_served(tmp_path: Path) -> None:
    db_path = tmp_path / "m.db"
    done = subprocess.run(
        [sys.executable, "-c", f"""
import socket, time, urllib.request
from bot import metrics
from storage.db import open_db
open_db({str(db_path)!r})
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
metrics.serve(port, {str(db_path)!r}, role="poller")
metrics.observe_poll("Wire", "ok", new_items=3, alert_kinds=["edited"])
print(urllib.request.urlopen(f"http://127.0.0.1:{{port}}/metrics", timeout=5).read().decode())
"""],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert 'claimwatch_polls_total{outcome="ok",source="Wire"} 1.0' in done.stdout
    assert 'claimwatch_alerts_total{kind="edited"} 1.0' in done.stdout
    assert "claimwatch_outbox_pending 0.0" in done.stdout
    # How the pollers share the sources: this process's role and leases, the pollers alive, the lag.
    assert 'claimwatch_role{role="poller"} 1.0' in done.stdout
    for gauge in ("leases_held", "sources_leased", "pollers_alive", "poll_lag_seconds"):
        assert f"claimwatch_{gauge} 0.0" in done.stdout, gauge
    assert urllib.request and metrics  # imported here too: the module must import cleanly


def test_pruning_keeps_current_text_and_alert_evidence(db: Database) -> None:
    source = Source("Ch", SourceKind.TELEGRAM, "x", side="Gov")
    old = NOW - timedelta(days=400)
    for n, text in enumerate(["first", "second", "third"]):
        store_items(db, source, [make_item("ch/1", f"{text} version", post_id=1)], old + timedelta(days=n))
    revisions = [r[0] for r in db.execute("SELECT id FROM revisions ORDER BY id")]
    statement = Statement(claim="c", side="Gov", stance=Stance.SUPPORTS, quote="q", item_id=1, revision_id=revisions[0])
    (stored,) = store_statements(db, [statement], NOW)
    storage.alerts.raise_new(db, [AlertDraft(kind=AlertKind.STANCE_FLIP, key="k", before=None,
                                             after=Snapshot(text="q", statement_id=stored.id))], NOW)  # fmt: skip
    removed = storage.items.prune_revisions(db, (NOW - timedelta(days=30)).isoformat())
    left = [r[0] for r in db.execute("SELECT id FROM revisions ORDER BY id")]
    assert removed == 1
    assert left == [revisions[0], revisions[2]]  # alert evidence and the current text stay


def test_prune_needs_a_retention(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text("sources: []\n", encoding="utf-8")
    args = ["--config", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "x.db"), "prune"]
    assert CliRunner().invoke(cli, args).exit_code == 2
    assert "pruned 0 revisions" in CliRunner().invoke(cli, [*args, "--days", "30"]).output
