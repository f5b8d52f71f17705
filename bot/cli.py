"""The `claimwatch` command line: the only place errors become messages and exit codes.

Exit codes: 0 ok; 1 the command ran and found a problem (`health`: unhealthy; `poll`: a
source failed with an unexpected error, after every other source was polled); 2 usage, config
or database error. A source that fails to fetch or parse is reported by `poll` but does not
fail it. Every argument is parsed by a click parameter type (paths, durations, times, shares),
so a wrong one is a usage error naming the option, never a traceback.

Commands that only read (`alerts`, `claims`, `sources`, `search`, `health`, `backup`,
`export-opml`) open the database read-only and refuse a missing one: a mistyped `--db` is an
error, not a new empty database.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shlex
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

import storage.alerts
import storage.db
import storage.health
import storage.items
import storage.leases
import storage.statements
import storage.tracked
from bot import opml, render
from bot.clock import iso, parse_iso, utcnow
from bot.config import load_config, parse_duration, warnings, with_chat_additions
from bot.errors import ClaimwatchError
from bot.memory import limit_arenas
from bot.model import Config
from storage.db import Database, open_db

log = logging.getLogger("claimwatch")


def _with_chat_additions(db: Database, config: Config) -> Config:
    """feeds.yaml's config plus the claims and sources admins added from chat."""
    return with_chat_additions(config, *storage.tracked.chat_additions(db))


click.ClickException.exit_code = 2


# ── parameter types ────────────────────────────────────────────────────────────────────────


class Duration(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5
    """`30s`, `15m`, `2h`, `1d` (or plain seconds) → seconds, more than 0."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            seconds = parse_duration(value)
        except ValueError:
            self.fail(f"{value!r} is not a duration like 30s, 15m, 2h or 1d", param, ctx)
        if seconds <= 0:
            self.fail(f"{value!r} must be longer than 0", param, ctx)
        return seconds


class IsoTime(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5
    """An ISO date or time (`2024-05-01`, `2024-05-01T12:00`; UTC unless it says otherwise)."""

    name = "time"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return iso(parse_iso(str(value)))
        except ValueError:
            self.fail(f"{value!r} is not an ISO date or time (e.g. 2024-05-01 or 2024-05-01T12:00)", param, ctx)


class Share(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5
    """A share of a whole: `50%` or `0.5`, more than 0 and at most 100%."""

    name = "share"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        text = str(value).strip()
        try:
            share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            self.fail(f"{value!r} is not a share like 50% or 0.5", param, ctx)
        if not 0 < share <= 1:
            self.fail(f"{value!r} must be more than 0% and at most 100%", param, ctx)
        return share


class DatabaseTarget(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5
    """A SQLite file (not a folder) or a postgresql:// URL."""

    name = "path|url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = os.fsdecode(value) if isinstance(value, bytes | os.PathLike) else str(value)
        if storage.db.is_url(text):
            if not urlsplit(text).path.strip("/") and "dbname=" not in text:
                self.fail(f"{storage.db.redact(text)!r} names no database (postgresql://user@host/DBNAME)", param, ctx)
            return text
        if "://" in text:
            self.fail(f"{text!r}: only SQLite files and postgresql:// URLs are supported", param, ctx)
        if Path(text).is_dir():
            self.fail(
                f"{text!r} is a folder; give a database file in it, e.g. {Path(text) / 'claimwatch.db'}", param, ctx
            )
        return text


DATABASE = DatabaseTarget()


class NewFile(click.Path):  # type: ignore[type-arg]
    """A file to be written that must not exist yet, in a folder that exists and is writable."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(os.fsdecode(super().convert(value, param, ctx)))
        if path.exists():
            self.fail(f"{str(path)!r} exists; choose a new file", param, ctx)
        folder = path.parent
        if not folder.is_dir():
            self.fail(f"{str(folder)!r} is not a folder that exists", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"cannot write in {str(folder)!r} (permission denied)", param, ctx)
        return path


DURATION = Duration()
ISO_TIME = IsoTime()
SHARE = Share()


# ── shared state, errors, logging ──────────────────────────────────────────────────────────


class State:
    def __init__(self, config_path: str, db_path: str) -> None:
        self.config_path = config_path
        self.db_path = db_path
        self._warned = False

    def config(self) -> Config:
        config = load_config(self.config_path)
        if not self._warned:
            self._warned = True
            for warning in warnings(config):
                click.echo(f"Warning: {warning}", err=True)
        return config

    def db(self) -> Database:
        """The database for commands that write (created, and migrated, if need be)."""
        return open_db(self.db_path)

    def read_db(self) -> Database:
        """The database for commands that only read: it must exist; it is never written."""
        return open_db(self.db_path, readonly=True)


@contextmanager
def _errors() -> Iterator[None]:
    """ClaimwatchError → its message on stderr and exit code 2."""
    try:
        yield
    except ClaimwatchError as exc:
        raise click.ClickException(str(exc)) from exc


_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


class RedactingFormatter(logging.Formatter):
    """Never let a bot token reach a log: it is in every Bot API URL and in some errors."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
        if token:
            text = text.replace(token, "<TELEGRAM_BOT_TOKEN>")
        return _TOKEN.sub("<TELEGRAM_BOT_TOKEN>", text)


class _Reported(logging.Filter):
    """`poll` prints one line per source itself; the pipeline's own per-source lines would say
    the same thing (a failure twice). An unexpected error's traceback (logged as an error) stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.name == "claimwatch.poll"
            and record.levelno < logging.ERROR
            and str(record.msg).startswith("poll source=")
        )


class _NetworkErrorsInOneLine(logging.Filter):
    """python-telegram-bot logs each failed call to an unreachable Bot API with its traceback,
    again at every retry; a network error needs one line, not forty (the cause is in it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and any(c.__name__ in ("NetworkError", "TimedOut") for c in type(exc).__mro__):
            record.msg = f"{record.getMessage()} {type(exc).__name__}: {exc}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def setup_logging(verbose: bool, default: int = logging.INFO) -> logging.Handler:
    """Log to stderr, tokens redacted. -v: debug detail, HTTP requests included."""
    configured = os.environ.get("CLAIMWATCH_LOG_LEVEL", "").strip().upper()
    level = logging.DEBUG if verbose else getattr(logging, configured, default) if configured else default
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(_NetworkErrorsInOneLine())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "apscheduler", "telegram"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else max(level, logging.WARNING))
    logging.getLogger("httpcore").setLevel(logging.WARNING)  # connection events, even with -v
    return handler


def invocation() -> str:
    """How to start this claimwatch again from a fresh shell in the current folder.

    `CLAIMWATCH_PROG` wins (the image sets it to its `docker run` line). A `claimwatch` on the
    PATH of a fresh shell is called by name; one in a virtualenv is called by its path, since a
    fresh shell has not activated it; `python -m bot` is called that way.
    """
    prog = os.environ.get("CLAIMWATCH_PROG", "").strip()
    if prog:
        return prog
    argv0 = Path(sys.argv[0])
    if argv0.name == "__main__.py":
        return f"{shlex.quote(_short(Path(sys.executable)))} -m bot"
    found = shutil.which("claimwatch")
    venv = os.environ.get("VIRTUAL_ENV")
    in_venv = venv is not None and argv0.resolve().is_relative_to(Path(venv).resolve())
    if found and argv0.exists() and Path(found).resolve() == argv0.resolve() and not in_venv:
        return "claimwatch"
    return shlex.quote(_short(argv0)) if argv0.exists() else "claimwatch"


def _short(path: Path) -> str:
    """A path relative to the current folder when it is inside it, else absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


# ── the commands ───────────────────────────────────────────────────────────────────────────


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    envvar="CLAIMWATCH_CONFIG",
    default="feeds.yaml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The feeds.yaml to use (env CLAIMWATCH_CONFIG).",
)
@click.option(
    "--db",
    "db_path",
    envvar=["CLAIMWATCH_DATABASE", "CLAIMWATCH_DB"],
    default="claimwatch.db",
    show_default=True,
    type=DATABASE,
    help="The database: a SQLite file, or a postgresql:// URL to share one across machines"
    " (env CLAIMWATCH_DATABASE; CLAIMWATCH_DB works too).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log detail to stderr (HTTP requests, alerts, debug).")
@click.version_option(package_name="claimwatch")
@click.pass_context
def cli(ctx: click.Context, config_path: str, db_path: str, verbose: bool) -> None:
    """Watch feeds and Telegram channels; alert when a side changes its story."""
    ctx.obj = State(config_path, db_path)
    ctx.meta["verbose"] = verbose


def _verbose() -> bool:
    return bool(click.get_current_context().meta.get("verbose"))


ROLE = click.option(
    "--role",
    type=click.Choice(["all", "poller", "bot"]),
    envvar="CLAIMWATCH_ROLE",
    default="all",
    show_default=True,
    help="all: poll and run the bot in one process; poller: poll only (run any number, on any machines,"
    " sharing a PostgreSQL database); bot: the bot and the outbox only, one process (env CLAIMWATCH_ROLE).",
)


@cli.command()
@ROLE
@click.pass_obj
def run(state: State, role: str) -> None:
    """Poll on schedule and run the Telegram bot (console alerts without TELEGRAM_BOT_TOKEN)."""
    setup_logging(_verbose())
    from bot.runner import run as run_forever

    with _errors():
        config = state.config()
        state.db().close()  # fail fast on a bad database, before anything starts
        run_forever(config, state.db_path, role)


@cli.command()
@click.option("--once", is_flag=True, help="Poll once and exit (what `poll` does; `run` polls on schedule).")
@click.option("--source", "names", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@click.pass_obj
def poll(state: State, once: bool, names: tuple[str, ...]) -> None:
    """Poll every source once, process, and exit 0 (a failing source is reported, not fatal).

    Exits 1, after the whole round, only when a source failed with an unexpected error."""
    from bot.poll import PollReport, poll_all

    setup_logging(_verbose(), logging.WARNING).addFilter(_Reported())
    with _errors():
        config = state.config()
        db = state.db()
        config = _with_chat_additions(db, config)
        sources = list(config.sources)
        if names:
            unknown = [n for n in names if config.source(n) is None]
            if unknown:
                raise click.BadParameter(
                    _unknown("source", unknown[0], [s.name for s in sources]), param_hint="'--source'"
                )
            sources = [s for s in sources if s.name in names]
        if not sources:
            click.echo(f"no sources to poll: {state.config_path} has none")
            return

        def report_line(report: PollReport) -> None:
            click.echo(report.line(), err=not report.ok)

        if sys.stderr.isatty() and len(sources) > 1:
            # A bar in a terminal, the lines when it is done; elsewhere, a line as each source is done.
            bar: Any
            with click.progressbar(
                length=len(sources), label="polling", file=sys.stderr,
                item_show_func=lambda r: r.source if isinstance(r, PollReport) else None,
            ) as bar:  # fmt: skip
                reports = poll_all(db, config, sources, on_report=lambda r: bar.update(1, r))
            for report in reports:
                report_line(report)
        else:
            reports = poll_all(db, config, sources, on_report=report_line)
    raised = sum(len(r.alerts) for r in reports)
    failed = [r.source for r in reports if not r.ok]
    named = f" ({', '.join(failed)})" if failed else ""
    click.echo(
        f"polled {_count(len(reports), 'source')}: {_count(raised, 'new alert')}, {len(failed)} failed{named}"
        + ("; `claimwatch alerts` lists them" if raised else "")
    )
    # A source that failed to fetch or parse is reported, not fatal (exit 0). An unexpected error is
    # a bug or input nobody foresaw: the round still finished, but scripts and cron should hear of it.
    unexpected = [r.source for r in reports if r.unexpected]
    if unexpected:
        click.echo(f"unexpected errors (see the log above) in: {', '.join(unexpected)}", err=True)
        sys.exit(1)


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _unknown(what: str, name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; {what}s: {', '.join(known) or 'none'}"
    return f"no {what} {name!r}{hint}"


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line (the alert record).")
@click.option("--since", type=ISO_TIME, help="Only alerts raised at or after this ISO time (UTC).")
@click.option("--claim", metavar="ID", help="Only alerts about this claim id.")
@click.pass_obj
def alerts(state: State, as_json: bool, since: str | None, claim: str | None) -> None:
    """List alerts, oldest first."""
    with _errors():
        db = state.read_db()
        found = storage.alerts.list_alerts(db, since=since, claim=claim)
    for alert in found:
        if as_json:
            click.echo(json.dumps(alert.record(), ensure_ascii=False))
        else:
            click.echo(render.console_text(alert) + "\n")
    if not as_json and not found:
        click.echo("no alerts yet")


@cli.command()
@click.argument("claim_id", required=False, metavar="[ID]")
@click.pass_obj
def claims(state: State, claim_id: str | None) -> None:
    """List claims with each side's current stance; with an ID, that claim's timeline."""
    with _errors():
        db = state.read_db()
        config = _with_chat_additions(db, state.config())
        if claim_id is None:
            states = {c.id: storage.statements.side_states(db, c.id) for c in config.claims}
            click.echo(render.claims_overview(config.claims, states, style=render.PLAIN))
            return
        claim = config.claim(claim_id)
        if claim is None:
            raise click.BadParameter(_unknown("claim", claim_id, [c.id for c in config.claims]), param_hint="ID")
        timeline = storage.statements.timeline(db, claim.id, limit=500)
    click.echo(render.claim_timeline(claim, timeline, style=render.PLAIN))


@cli.command()
@click.pass_obj
def sources(state: State) -> None:
    """List sources with health: last poll, last error, items, and when the next poll is due."""
    with _errors():
        db = state.read_db()
        config = _with_chat_additions(db, state.config())
        health = {h.name: h for h in storage.health.list_health(db, [s.name for s in config.sources])}
    click.echo(render.sources_health(config.sources, health, utcnow(), style=render.PLAIN))


@cli.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="At most this many hits.")
@click.pass_obj
def search(state: State, words: tuple[str, ...], limit: int) -> None:
    """Full-text search over every stored item."""
    with _errors():
        hits = storage.items.search(state.read_db(), " ".join(words), limit=limit)
    click.echo(render.search_hits(" ".join(words), hits, style=render.PLAIN))


@cli.command()
@click.option(
    "--stalled-after",
    type=DURATION,
    envvar="CLAIMWATCH_STALLED_AFTER",
    default=None,
    help="No poll for this long is a stall, e.g. 15m (default 3x the longest interval, at least 15m;"
    " env CLAIMWATCH_STALLED_AFTER).",
)
@click.option(
    "--failing-share",
    type=SHARE,
    envvar="CLAIMWATCH_FAILING_SHARE",
    default="100%",
    show_default=True,
    help="Unhealthy when at least this share of the sources is failing (env CLAIMWATCH_FAILING_SHARE).",
)
@ROLE
@click.pass_obj
def health(state: State, stalled_after: float | None, failing_share: float, role: str) -> None:
    """Exit 0 when polling is alive, 1 when it has stalled, lags or too many sources fail (HEALTHCHECK).

    With --role (env CLAIMWATCH_ROLE, as `run`), it judges that role: a poller is alive when
    its heartbeat is recent; the bot does not answer for the polls. The line also says how the
    pollers share the sources: pollers alive, leases held, lag. Any problem, a missing database
    or a broken config included, exits 1: Docker reserves 2.
    """
    from bot import decide
    from bot.poll import lease_seconds

    try:
        config = load_config(state.config_path)
        db = state.read_db()
        config = _with_chat_additions(db, config)
        rows = storage.health.list_health(db, [s.name for s in config.sources])
        now = utcnow()
        sharing = storage.leases.status(db, iso(now))
        lease = lease_seconds()
    except ClaimwatchError as exc:
        click.echo(f"unhealthy: {exc}")
        sys.exit(1)
    verdict, healthy = judge_health(config, rows, now, stalled_after, failing_share)
    alive = [p for p in sharing.pollers if decide.alive(p.seen_at, now, lease)]
    lag = decide.lag(sharing.oldest_due, now)
    limit = stalled_after or max(900.0, 3 * max((s.every for s in config.sources), default=0))
    if role == "bot":
        healthy = True  # the polls are the pollers' to answer for
    elif healthy and lag > limit:
        verdict, healthy = (
            f"lagging: the most overdue source is {render.span(lag)} late (limit {render.span(limit)})",
            False,
        )
    if healthy and role == "poller" and not any(p.host == socket.gethostname() for p in alive):
        verdict, healthy = (
            f"stalled: no poller on {socket.gethostname()} has renewed its leases within {render.span(lease)}",
            False,
        )
    click.echo(
        f"{verdict}; role {role}; {_count(len(alive), 'poller')} alive, {_count(sharing.leased, 'lease')} held,"
        f" lag {render.span(lag)}" + (f", {sharing.never_polled} never polled" if sharing.never_polled else "")
    )
    if not healthy:
        sys.exit(1)


def judge_health(
    config: Config,
    rows: list[storage.health.SourceHealth],
    now: datetime,
    stalled_after: float | None,
    failing_share: float,
) -> tuple[str, bool]:
    """The health verdict, one line, and whether it is healthy."""
    if not config.sources:
        return "ok: no sources configured", True
    limit = stalled_after or max(900.0, 3 * max(s.every for s in config.sources))
    polled = [parse_iso(h.last_poll) for h in rows if h.last_poll]
    if not polled:
        return "stalled: no source has been polled yet", False
    age = (now - max(polled)).total_seconds()
    if age > limit:
        return f"stalled: last poll {render.span(age)} ago (limit {render.span(limit)})", False
    failing = [h.name for h in rows if not h.healthy]
    names = f": {', '.join(failing)}" if failing else ""
    if failing and len(failing) >= failing_share * len(config.sources):
        share = f"{failing_share:.0%}"
        return (
            f"failing: {len(failing)} of {_count(len(config.sources), 'source')} failing"
            f" (limit {share}){names}; `claimwatch sources` shows why",
            False,
        )
    return f"ok: last poll {render.span(age)} ago; {len(failing)} failing{names}", True


@cli.command()
@click.argument("path", type=NewFile())
@click.pass_obj
def backup(state: State, path: Path) -> None:
    """Write an online, consistent copy of the database to PATH (safe while running)."""
    with _errors():
        storage.db.backup(state.read_db(), path)
    click.echo(f"backed up {state.db_path} to {path} ({path.stat().st_size:,} bytes)")


@cli.command()
@click.option("--from", "source", required=True, type=DATABASE, help="The database to copy: a SQLite file or a URL.")
@click.option("--to", "target", required=True, type=DATABASE, help="Where to copy it: a postgresql:// URL or a file.")
def migrate(source: str, target: str) -> None:
    """Copy a whole database into another, e.g. SQLite to PostgreSQL, and verify the row counts.

    Items, revisions, statements, alerts, subscribers, deliveries and everything else are copied
    with their ids, in one transaction: a copy that fails leaves the target as it was. Run it
    again and it writes nothing, or only what changed in the source meanwhile. Stop `run` on the
    source first, so nothing is written there during the copy. Exits 1 when a count differs.
    """
    import storage.transfer

    if os.path.abspath(source) == os.path.abspath(target) or source == target:
        raise click.BadParameter("--from and --to name the same database", param_hint="'--to'")
    with _errors():
        source_db = open_db(source, readonly=True)
        target_db = open_db(target)  # created and migrated if need be
        click.echo(f"copying {source_db.target} to {target_db.target} ...")
        try:
            copied = storage.transfer.copy_all(source_db, target_db)
        except storage.db.IntegrityError as exc:
            raise click.ClickException(
                f"{target_db.target} holds other data under the same keys ({exc}); nothing was copied:"
                " migrate into a new, empty database"
            ) from exc
    width = max(len(c.table) for c in copied)
    for c in copied:
        mark = "" if c.verified else f"  MISMATCH: {c.target:,} in the target"
        click.echo(f"  {c.table:<{width}}  {c.source:>10,} rows  {c.written:>10,} written{mark}")
    total, written = sum(c.source for c in copied), sum(c.written for c in copied)
    wrong = [c.table for c in copied if not c.verified]
    if wrong:
        click.echo(f"counts differ in {', '.join(wrong)}: the target holds rows the source does not", err=True)
        sys.exit(1)
    what = f"{written:,} rows written" if written else "nothing written: the target already held all of it"
    click.echo(f"verified: every table holds as many rows as the source ({total:,} rows); {what}")


@cli.command()
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Keep revisions newer than this many days (default: settings.retention_days).",
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
    click.echo(f"pruned {_count(removed, 'revision')} older than {cutoff[:10]}")


@cli.command(name="import-opml")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--side", help="The side every imported source speaks for (default: a folder named like a side).")
@click.option("--every", type=DURATION, default="5m", show_default=True, help="Poll interval of imported sources.")
@click.pass_obj
def import_opml(state: State, file: str, side: str | None, every: float) -> None:
    """Add the feeds of an OPML file (a feed reader's export) as sources.

    They are stored in the database beside feeds.yaml, like sources admins add from chat, and
    `run` polls them; feeds.yaml keeps the last word on any name it defines.
    """
    with _errors():
        config = state.config()
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        outlines = opml.parse(raw, label="<stdin>" if file == "-" else file)
        db = state.db()
        current = _with_chat_additions(db, config)
        if side is not None and side not in current.side_names():
            raise click.BadParameter(_unknown("side", side, sorted(current.side_names())), param_hint="'--side'")
        plan = opml.plan_import(outlines, current, side=side, every=every)
        for source in plan.added:
            storage.tracked.add_source(db, source, None, utcnow())
    for source in plan.added:
        click.echo(
            f"added {source.name} [{source.kind}] {source.url}" + (f" (side {source.side})" if source.side else "")
        )
    for line in plan.skipped:
        click.echo(f"skipped {line}", err=True)
    click.echo(f"imported {_count(len(plan.added), 'source')}, skipped {len(plan.skipped)}")


@cli.command(name="export-opml")
@click.option("-o", "--output", type=NewFile(), default=None, help="Write to this new file (default: standard output).")
@click.pass_obj
def export_opml(state: State, output: Path | None) -> None:
    """Write every source as OPML, for a feed reader (sources with a side in a folder named after it)."""
    with _errors():
        config = state.config()
        if Path(state.db_path).exists():
            config = _with_chat_additions(state.read_db(), config)
        else:
            click.echo(f"note: no database at {state.db_path}: sources added from chat are not included", err=True)
        text = opml.dump(config.sources, title=f"claimwatch sources ({Path(state.config_path).name})")
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {_count(len(config.sources), 'source')} to {output}")


@cli.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default="claimwatch-demo",
    show_default=True,
    help="Where to leave the demo's config and database.",
)
def demo(folder: Path) -> None:
    """Replay a bundled story offline and print the alerts it raises."""
    from bot.demo import replay

    with _errors():
        alerts_raised, config_path, db_path = replay(folder, echo=click.echo)
    prog = invocation()
    where = f"--config {shlex.quote(_short(config_path))} --db {shlex.quote(_short(db_path))}"
    click.echo(f"\n{len(alerts_raised)} alerts raised. Explore what the demo stored:")
    if os.environ.get("CLAIMWATCH_PROG", "").strip():
        # In the image: the folder outlives the container only in a volume.
        click.echo(f"  (these read the demo's folder in a volume: run the demo as `{prog} demo` to keep it)")
    click.echo(f"  {prog} {where} claims")
    click.echo(f"  {prog} {where} alerts --json")
    click.echo(f"  {prog} {where} search bridge")


def main(argv: list[str] | None = None) -> Any:
    limit_arenas()  # before any thread starts (bot/memory.py says why)
    return cli.main(args=argv, prog_name="claimwatch")


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["cli", "main"]
