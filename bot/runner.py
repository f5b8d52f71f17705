"""`claimwatch run`: the long-running process, in one of three roles.

- `all` (the default): everything in one process. With TELEGRAM_BOT_TOKEN the
  python-telegram-bot Application runs the bot, and its JobQueue (APScheduler underneath) polls
  the sources and drains the outbox; without a token an APScheduler AsyncIOScheduler polls the
  sources and alerts are printed to the console.
- `poller`: polls only; any number of them, on any machines sharing one PostgreSQL database
  (or one SQLite file on one machine). Alerts go to the outbox for the bot.
- `bot`: the bot and the outbox only, one process: Telegram allows a bot token 30 messages a
  second wherever it runs, so one process paces them all.

Sources are shared by leases (bot/schedule.py, storage/leases.py): one poll per source at a
time across every poller, each on its interval. SIGTERM/SIGINT stop the process after the polls
under way have committed (each poll is one transaction, so nothing is ever half-stored) and
give its leases back, so the other pollers take its sources over at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

import storage.health
import storage.tracked
from bot import render, schedule
from bot.clock import utcnow
from bot.config import with_chat_additions
from bot.errors import SettingError
from bot.model import Alert, Config
from bot.poll import Poller, lease_seconds
from storage.db import Database, open_db

log = logging.getLogger("claimwatch.run")

SHUTDOWN_GRACE = 30.0  # seconds to let polls under way commit


def admin_ids(raw: str | None) -> frozenset[int]:
    """TELEGRAM_ADMIN_IDS: comma- or space-separated Telegram user ids."""
    ids: set[int] = set()
    for part in (raw or "").replace(",", " ").split():
        try:
            ids.add(int(part))
        except ValueError:
            log.warning("TELEGRAM_ADMIN_IDS: %r is not a numeric user id; ignored", part)
    return frozenset(ids)


ROLES = ("all", "poller", "bot")


def make_poller(config: Config, db_path: str, on_alerts: Callable[[list[Alert]], None] | None = None, *,
                role: str = "all") -> Poller:  # fmt: skip
    """A poller over feeds.yaml's config plus what admins added from chat."""

    def current(db: Database) -> Config:
        return with_chat_additions(config, *storage.tracked.chat_additions(db))

    return Poller(db_path, current, on_alerts=on_alerts, role=role)


def start_metrics(db_path: str, role: str, poller: Poller | None) -> None:
    raw = os.environ.get("CLAIMWATCH_METRICS_PORT", "").strip()
    if not raw:
        return
    from bot import metrics

    try:
        metrics.serve(int(raw), db_path, role=role, poller=poller)
    except (ValueError, OSError) as exc:
        log.error("CLAIMWATCH_METRICS_PORT=%s: cannot serve metrics: %s", raw, exc)


def retry_failing_on_start(db_path: str) -> list[str]:
    """A restart is often the operator's fix (a file put in place, a network back): every failing
    source is tried at its first scheduled poll, which comes soon and staggered, rather than
    after the rest of its back-off. Returns the names."""
    db = open_db(db_path)
    try:
        failing = [h.name for h in storage.health.list_health(db) if not h.healthy]
        storage.health.retry_soon(db, failing)
    finally:
        db.close()
    return failing


def run(config: Config, db_path: str, role: str = "all") -> None:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip() if role != "poller" else ""
    if role == "bot" and not token:
        raise SettingError("--role bot runs the Telegram bot: set TELEGRAM_BOT_TOKEN (pollers need none)")
    if role != "bot":
        lease_seconds()  # a wrong CLAIMWATCH_LEASE is one line, before anything starts
        failing = retry_failing_on_start(db_path)
        if failing:
            log.info("failing sources are tried again at their first poll: %s", ", ".join(failing))
    if role == "poller":
        poller = make_poller(config, db_path, role=role)
        start_metrics(db_path, role, poller)
        log.info("claimwatch: poller %s, %d sources in the config, lease %gs", poller.owner, len(config.sources),
                 poller.lease)  # fmt: skip
        asyncio.run(run_console(poller))
        return
    if token:
        from bot.app import build_application, wait_for_bot_api

        base_url = os.environ.get("TELEGRAM_API_URL") or None
        # A wrong token or URL is one line and exit 2; an unreachable Bot API is waited for.
        bot_name = asyncio.run(wait_for_bot_api(token, base_url))
        if bot_name is None:
            log.info("stopped before the Bot API answered")
            return
        log.info("the Bot API answers as %s", bot_name)
        shared = make_poller(config, db_path) if role == "all" else None
        start_metrics(db_path, role, shared)
        application = build_application(
            token,
            db_path,
            config,
            base_url=base_url,
            admin_ids=admin_ids(os.environ.get("TELEGRAM_ADMIN_IDS")),
            poller=shared,
        )
        log.info("claimwatch: bot mode (role %s), %d sources, %d claims", role, len(config.sources), len(config.claims))
        application.run_polling(allowed_updates=["message", "callback_query", "my_chat_member", "channel_post"])
        return
    log.info("claimwatch: console mode (no TELEGRAM_BOT_TOKEN): alerts are printed here")
    poller = make_poller(config, db_path, on_alerts=print_alerts)
    start_metrics(db_path, role, poller)
    asyncio.run(run_console(poller))


def print_alerts(alerts: list[Alert]) -> None:
    for alert in alerts:
        print(render.console_text(alert) + "\n", flush=True)


async def run_console(poller: Poller, stop: asyncio.Event | None = None) -> None:
    """Poll on schedule until SIGTERM/SIGINT (or `stop` is set): console mode and `--role poller`."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or not a Unix loop
            pass
    await poller.resync()
    scheduler = AsyncIOScheduler(timezone="UTC")
    schedule.start(scheduler, poller, utcnow())
    scheduler.start()
    try:
        await stop.wait()
    finally:
        log.info("stopping: waiting for polls under way to commit")
        scheduler.shutdown(wait=False)
        await poller.stop(SHUTDOWN_GRACE)
