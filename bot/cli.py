"""The `claimwatch` command line: the only place errors become messages and exit codes.

Exit codes: 0 ok; 1 the command ran and found a problem (`health`: polling stalled; `poll
--once`: a source failed with an unexpected error, after every other source was polled); 2
usage, config or database error. A source that fails to fetch or parse is reported by `poll
--once` but does not fail it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

import storage.alerts
import storage.health
import storage.items
import storage.statements
from bot import render
from bot.clock import iso, parse_iso, utcnow
from bot.config import load_config
from bot.errors import ClaimwatchError
from bot.model import Config
from bot.text import shorten
from storage.db import Database, open_db
from storage.tracked import effective_config

log = logging.getLogger("claimwatch")


class State:
    def __init__(self, config_path: str, db_path: str) -> None:
        self.config_path = config_path
        self.db_path = db_path

    def config(self) -> Config:
        return load_config(self.config_path)

    def db(self) -> Database:
        return open_db(self.db_path)


@contextmanager
def _errors() -> Iterator[None]:
    """ClaimwatchError → one line on stderr and exit code 2."""
    try:
        yield
    except ClaimwatchError as exc:
        raise click.ClickException(str(exc)) from exc


click.ClickException.exit_code = 2


def setup_logging(verbose: bool) -> None:
    level = logging.DEBUG if verbose else getattr(logging, os.environ.get("CLAIMWATCH_LOG_LEVEL", "INFO").upper(), 20)
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "apscheduler", "telegram"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    envvar="CLAIMWATCH_CONFIG",
    default="feeds.yaml",
    show_default=True,
    help="The feeds.yaml to use (env CLAIMWATCH_CONFIG).",
)
@click.option(
    "--db",
    "db_path",
    envvar="CLAIMWATCH_DB",
    default="claimwatch.db",
    show_default=True,
    help="The SQLite database file (env CLAIMWATCH_DB).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log debug detail to stderr.")
@click.version_option(package_name="claimwatch")
@click.pass_context
def cli(ctx: click.Context, config_path: str, db_path: str, verbose: bool) -> None:
    """Watch feeds and Telegram channels; alert when a side changes its story."""
    ctx.obj = State(config_path, db_path)
    ctx.meta["verbose"] = verbose


@cli.command()
@click.pass_obj
def run(state: State) -> None:
    """Poll on schedule and run the Telegram bot (console alerts without TELEGRAM_BOT_TOKEN)."""
    setup_logging(click.get_current_context().meta["verbose"])
    from bot.runner import run as run_forever

    with _errors():
        config = state.config()
        state.db().conn.close()  # fail fast on a bad database, before anything starts
        run_forever(config, state.db_path)


@cli.command()
@click.option("--once", is_flag=True, required=True, help="Poll every source once and exit.")
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
@click.pass_obj
def poll(state: State, once: bool, names: tuple[str, ...]) -> None:
    """Poll every source once, process, and exit 0 (a failing source is reported, not fatal).

    Exits 1, after the whole round, only when a source failed with an unexpected error."""
    from bot.poll import poll_all

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
    with _errors():
        config = state.config()
        db = state.db()
        config = effective_config(db, config)
        sources = list(config.sources)
        if names:
            unknown = sorted(set(names) - {s.name for s in sources})
            if unknown:
                raise click.UsageError(f"no source named {', '.join(map(repr, unknown))}")
            sources = [s for s in sources if s.name in names]
        if sys.stderr.isatty() and len(sources) > 1:
            with click.progressbar(length=len(sources), label="polling", file=sys.stderr) as bar:
                reports = poll_all(db, config, sources, on_report=lambda _: bar.update(1))
        else:
            reports = poll_all(db, config, sources)
    for report in reports:
        click.echo(report.line(), err=not report.ok)
    raised = sum(len(r.alerts) for r in reports)
    failed = [r.source for r in reports if not r.ok]
    named = f" ({', '.join(failed)})" if failed else ""
    click.echo(f"polled {len(reports)} sources: {raised} new alerts, {len(failed)} failed{named}")
    # A source that failed to fetch or parse is reported, not fatal (exit 0). An unexpected error is
    # a bug or input nobody foresaw: the round still finished, but scripts and cron should hear of it.
    unexpected = [r.source for r in reports if r.unexpected]
    if unexpected:
        click.echo(f"unexpected errors (see the log above) in: {', '.join(unexpected)}", err=True)
        sys.exit(1)


def _since(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return iso(parse_iso(value))
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO date or time (e.g. 2024-05-01 or 2024-05-01T12:00)"
        ) from None


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line (the alert record).")
@click.option("--since", help="Only alerts raised at or after this ISO time.")
@click.option("--claim", help="Only alerts about this claim id.")
@click.pass_obj
def alerts(state: State, as_json: bool, since: str | None, claim: str | None) -> None:
    """List alerts, oldest first."""
    with _errors():
        db = state.db()
        found = storage.alerts.list_alerts(db, since=_since(since), claim=claim)
    for alert in found:
        if as_json:
            click.echo(json.dumps(alert.record(), ensure_ascii=False))
        else:
            click.echo(render.console_text(alert) + "\n")
    if not as_json and not found:
        click.echo("no alerts yet")


@cli.command()
@click.argument("claim_id", required=False)
@click.pass_obj
def claims(state: State, claim_id: str | None) -> None:
    """List claims with each side's current stance; with an ID, that claim's timeline."""
    with _errors():
        db = state.db()
        config = effective_config(db, state.config())
        if claim_id is None:
            for each in config.claims:
                click.echo(f"{each.id}: {each.text}")
                states = storage.statements.side_states(db, each.id)
                if not states:
                    click.echo("    (no statements yet)")
                for side in states:
                    figures = ", ".join(f"{_number(f['value'])} {f['counted']}" for f in side.figures)
                    when = (side.published or "")[:16].replace("T", " ")
                    extra = f"; last figures: {figures}" if figures else ""
                    click.echo(f"    {side.side}: {side.stance} (since {when}){extra}")
            if not config.claims:
                click.echo("no claims configured")
            return
        claim = config.claim(claim_id)
        if claim is None:
            raise click.UsageError(_unknown_claim(claim_id, [c.id for c in config.claims]))
        click.echo(f"{claim.id}: {claim.text}")
        timeline = storage.statements.timeline(db, claim.id, limit=500)
        if not timeline:
            click.echo("    (no statements yet)")
        for s in timeline:
            when = iso(s.published)[:16].replace("T", " ") if s.published else "undated"
            figures = ", ".join(f"{_number(f.value)} {f.counted}" for f in s.figures)
            click.echo(f"  {when}  {s.side}: {s.stance}" + (f" [{figures}]" if figures else "") + f"  ({s.source})")
            click.echo(f"      {shorten(s.quote, 200)}")
            if s.url:
                click.echo(f"      {s.url}")


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _unknown_claim(claim_id: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(claim_id, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; claims: {', '.join(known) or 'none'}"
    return f"no claim {claim_id!r}{hint}"


@cli.command()
@click.pass_obj
def sources(state: State) -> None:
    """List sources with health: last poll, last error, items."""
    with _errors():
        db = state.db()
        config = effective_config(db, state.config())
        storage.health.sync_sources(db, config.sources)
        health = storage.health.list_health(db, [s.name for s in config.sources])
    if not health:
        click.echo("no sources configured")
    for h in health:
        status = (
            "ok" if h.healthy and h.last_poll else ("never polled" if not h.last_poll else f"FAILING x{h.failures}")
        )
        click.echo(f"{h.name} [{h.kind}] {status}")
        click.echo(f"    {h.url}")
        click.echo(
            f"    last poll {_when(h.last_poll)}, last success {_when(h.last_success)}, next poll {_when(h.next_poll)},"
            f" items {h.items}"
        )
        if h.last_error:
            click.echo(f"    last error ({_when(h.last_error_at)}): {h.last_error}")


def _when(value: str | None) -> str:
    return value[:19].replace("T", " ") if value else "never"


@cli.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True)
@click.pass_obj
def search(state: State, words: tuple[str, ...], limit: int) -> None:
    """Full-text search over every stored item."""
    with _errors():
        hits = storage.items.search(state.db(), " ".join(words), limit=limit)
    if not hits:
        click.echo("nothing found")
    for hit in hits:
        click.echo(f"{_when(hit.published)}  {hit.source}: {hit.title or ''}\n    {hit.snippet}\n    {hit.url or ''}")


@cli.command()
@click.option(
    "--stalled-after",
    default=None,
    help="Seconds without a poll that count as stalled (default 3x the longest interval, at least 15m).",
)
@click.pass_obj
def health(state: State, stalled_after: str | None) -> None:
    """Exit 0 when polling is alive, 1 when it has stalled (for the container's HEALTHCHECK)."""
    with _errors():
        config = state.config()
        db = state.db()
        rows = storage.health.list_health(db, [s.name for s in config.sources])
    limit = float(stalled_after) if stalled_after else max(900.0, 3 * max((s.every for s in config.sources), default=0))
    polled = [parse_iso(h.last_poll) for h in rows if h.last_poll]
    if not config.sources:
        click.echo("ok: no sources configured")
        return
    if not polled:
        click.echo("stalled: no source has been polled yet")
        sys.exit(1)
    age = (utcnow() - max(polled)).total_seconds()
    failing = [h.name for h in rows if not h.healthy]
    if age > limit:
        click.echo(f"stalled: last poll {int(age)}s ago (limit {int(limit)}s)")
        sys.exit(1)
    click.echo(
        f"ok: last poll {int(age)}s ago; {len(failing)} failing source(s)"
        + (f": {', '.join(failing)}" if failing else "")
    )


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.pass_obj
def backup(state: State, path: str) -> None:
    """Write an online, consistent copy of the database to PATH (safe while running)."""
    import sqlite3

    target = Path(path)
    if target.exists():
        raise click.UsageError(f"{path} exists; choose a new file")
    with _errors():
        db = state.db()
        dest = sqlite3.connect(str(target))
        try:
            db.conn.backup(dest)
        finally:
            dest.close()
    click.echo(f"backed up {state.db_path} to {path} ({target.stat().st_size} bytes)")


@cli.command()
@click.option(
    "--days", type=int, default=None, help="Keep revisions newer than this (default: settings.retention_days)."
)
@click.pass_obj
def prune(state: State, days: int | None) -> None:
    """Delete old superseded revisions (never an item's current text, never alert evidence)."""
    with _errors():
        config = state.config()
        keep = days if days is not None else config.settings.retention_days
        if not keep:
            raise click.UsageError("no retention set: pass --days N or set settings.retention_days")
        db = state.db()
        cutoff = iso(utcnow() - timedelta(days=keep))
        removed = storage.items.prune_revisions(db, cutoff)
    click.echo(f"pruned {removed} revisions older than {cutoff[:10]}")


@cli.command()
@click.option(
    "--dir",
    "folder",
    default="claimwatch-demo",
    show_default=True,
    help="Where to leave the demo's config and database.",
)
def demo(folder: str) -> None:
    """Replay a bundled story offline and print the alerts it raises."""
    from bot.demo import replay

    with _errors():
        alerts_raised, config_path, db_path = replay(Path(folder), echo=click.echo)
    click.echo(f"\n{len(alerts_raised)} alerts raised. Explore what the demo stored:")
    click.echo(f"  claimwatch --config {config_path} --db {db_path} claims")
    click.echo(f"  claimwatch --config {config_path} --db {db_path} alerts --json")


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv, prog_name="claimwatch")


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["cli", "main"]
