"""`claimwatch run`: the long-running process.

With TELEGRAM_BOT_TOKEN: the python-telegram-bot Application runs the bot, and its JobQueue
(APScheduler underneath) polls every source and drains the outbox. Without a token: an
APScheduler AsyncIOScheduler polls every source and alerts are printed to the console.

Either way one poll per source runs at a time, polls start staggered (jitter) so sources never
fire in the same second, and SIGTERM/SIGINT stop the process after the polls under way have
committed: each poll is one transaction, so nothing is ever half-stored.
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
from bot.model import Alert, Config
from bot.poll import Poller
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


def make_poller(config: Config, db_path: str, on_alerts: Callable[[list[Alert]], None] | None = None) -> Poller:
    """A poller over feeds.yaml's config plus what admins added from chat."""

    def current(db: Database) -> Config:
        return with_chat_additions(config, *storage.tracked.chat_additions(db))

    return Poller(db_path, current, on_alerts=on_alerts)


def start_metrics(db_path: str) -> None:
    raw = os.environ.get("CLAIMWATCH_METRICS_PORT", "").strip()
    if not raw:
        return
    from bot import metrics

    try:
        metrics.serve(int(raw), db_path)
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


def run(config: Config, db_path: str) -> None:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    start_metrics(db_path)
    failing = retry_failing_on_start(db_path)
    if failing:
        log.info("failing sources are tried again at their first poll: %s", ", ".join(failing))
    if token:
        from bot.app import build_application, wait_for_bot_api

        base_url = os.environ.get("TELEGRAM_API_URL") or None
        # A wrong token or URL is one line and exit 2; an unreachable Bot API is waited for.
        bot_name = asyncio.run(wait_for_bot_api(token, base_url))
        if bot_name is None:
            log.info("stopped before the Bot API answered")
            return
        log.info("the Bot API answers as %s", bot_name)
        poller = make_poller(config, db_path)
        application = build_application(
            token,
            db_path,
            config,
            base_url=base_url,
            admin_ids=admin_ids(os.environ.get("TELEGRAM_ADMIN_IDS")),
            poller=poller,
        )
        log.info("claimwatch: bot mode, %d sources, %d claims", len(config.sources), len(config.claims))
        application.run_polling(allowed_updates=["message", "callback_query", "my_chat_member", "channel_post"])
        return
    log.info("claimwatch: console mode (no TELEGRAM_BOT_TOKEN): alerts are printed here")
    asyncio.run(run_console(make_poller(config, db_path, on_alerts=print_alerts)))


def print_alerts(alerts: list[Alert]) -> None:
    for alert in alerts:
        print(render.console_text(alert) + "\n", flush=True)


async def run_console(poller: Poller, stop: asyncio.Event | None = None) -> None:
    """Poll on schedule until SIGTERM/SIGINT (or `stop` is set)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or not a Unix loop
            pass
    scheduler = AsyncIOScheduler(timezone="UTC")
    schedule_sources(scheduler, poller)
    scheduler.add_job(
        schedule_sources, "interval", seconds=schedule.RESYNC_EVERY, args=[scheduler, poller], id="resync"
    )
    scheduler.start()
    try:
        await stop.wait()
    finally:
        log.info("stopping: waiting for polls under way to commit")
        scheduler.shutdown(wait=False)
        await poller.wait_idle(SHUTDOWN_GRACE)


def schedule_sources(scheduler: AsyncIOScheduler, poller: Poller) -> None:
    """One interval job per source (bot/schedule.py, the same function the bot uses)."""
    schedule.sync(scheduler, poller.sources(), poller.poll, utcnow())
