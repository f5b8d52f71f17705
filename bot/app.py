"""SHELL (Telegram). Build the python-telegram-bot Application: token, Bot API URL, rate
limiter, handlers, one error handler, the command menu, the outbox job, the admins' notices of
sources that break or recover, and (role `all`) the poller's jobs (bot/schedule.py).

`base_url` (TELEGRAM_API_URL) points the real Application at another Bot API server: a
self-hosted one, or the stand-in the tests run on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
from urllib.parse import urlparse

# Opt in to python-telegram-bot's timedelta durations (RetryAfter.retry_after) now, rather
# than reading the deprecated integers and their warnings.
os.environ.setdefault("PTB_TIMEDELTA", "true")


from telegram import Bot
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

import storage.health
from bot import decide, handlers, outbox, schedule
from bot.clock import utcnow
from bot.errors import SettingError
from bot.model import Config
from bot.poll import Poller
from bot.text import strip_bidi

log = logging.getLogger("claimwatch.bot")

DEFAULT_API = "https://api.telegram.org/bot"
OUTBOX_EVERY = 3.0  # seconds between outbox rounds


_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
CONNECT_BACKOFF = (1.0, 300.0)  # seconds: first wait after a failed connection, and the longest


def check_settings(token: str, base_url: str | None) -> str:
    """The Bot API URL to use, or SettingError for a token or URL that cannot work (no network).

    Messages name the variable, never the token's value: it is a secret that ends up in logs.
    """
    if not _TOKEN_SHAPE.match(token):
        raise SettingError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, digits, - and _;"
            " @BotFather gives it)"
        )
    api = (base_url or DEFAULT_API).strip().rstrip("/")
    parsed = urlparse(api)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingError(f"TELEGRAM_API_URL: {api!r} is not an http(s) URL like {DEFAULT_API}")
    return api


async def wait_for_bot_api(token: str, base_url: str | None, stop: asyncio.Event | None = None) -> str | None:
    """Ask the Bot API who we are (getMe) until it answers: the bot's @username.

    A refused token is a SettingError at once. An unreachable Bot API is retried with back-off
    (one warning line per try, no traceback) until it answers or `stop` is set (SIGTERM/SIGINT
    set it when none is given); then None.
    """
    api = check_settings(token, base_url)
    where = api.removesuffix("/bot")
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or not a Unix loop
            pass
    wait = CONNECT_BACKOFF[0]
    try:
        while not stop.is_set():
            bot = Bot(token, base_url=api, base_file_url=where + "/file/bot")
            try:
                async with bot:
                    return f"@{bot.username}"
            except InvalidToken:
                raise SettingError(
                    f"TELEGRAM_BOT_TOKEN was refused by the Bot API at {where}: check it with @BotFather"
                    + (" (and that TELEGRAM_API_URL ends in /bot)" if base_url else "")
                ) from None
            except RetryAfter as exc:
                delay = (
                    exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds") else exc.retry_after
                )
                wait = max(wait, float(delay))
                log.warning("the Bot API at %s asks to wait; trying again in %ds", where, wait)
            except NetworkError as exc:  # TimedOut too
                log.warning("cannot reach the Bot API at %s (%s); trying again in %ds", where, exc, wait)
            except TelegramError as exc:
                raise SettingError(f"the Bot API at {where} refused getMe: {exc}") from None
            try:
                await asyncio.wait_for(stop.wait(), wait)
            except TimeoutError:
                pass
            wait = min(wait * 2, CONNECT_BACKOFF[1])
        return None
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.remove_signal_handler(signum)
            except (NotImplementedError, RuntimeError):
                pass


def build_application(
    token: str,
    db_path: str,
    config: Config,
    *,
    base_url: str | None = None,
    admin_ids: frozenset[int] = frozenset(),
    poller: Poller | None = None,
) -> Application:  # type: ignore[type-arg]
    """The Application, ready for run_polling() (or initialize/start in tests)."""
    api = (base_url or DEFAULT_API).rstrip("/")
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(api)
        .base_file_url(api.removesuffix("/bot") + "/file/bot")
        .connection_pool_size(outbox.IN_FLIGHT + 4)  # the outbox's sends in flight, and handlers' replies
        # RetryAfter goes back to the outbox, durably, rather than being retried in memory.
        .rate_limiter(AIORateLimiter(overall_max_rate=outbox.OVERALL_RATE, max_retries=0))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .context_types(handlers.CONTEXT_TYPES)
        .build()
    )
    application.bot_data.state = handlers.BotState(db_path=db_path, config=config, admin_ids=admin_ids)
    everywhere = filters.UpdateType.MESSAGES | filters.UpdateType.CHANNEL_POSTS
    for name, callback in (
        ("start", handlers.start), ("stop", handlers.stop), ("subscribe", handlers.subscribe),
        ("unsubscribe", handlers.unsubscribe), ("mute", handlers.mute), ("claims", handlers.claims),
        ("claim", handlers.claim), ("timeline", handlers.timeline), ("search", handlers.search),
        ("sources", handlers.sources), ("status", handlers.status), ("help", handlers.help_command),
        ("track", handlers.track), ("untrack", handlers.untrack), ("addsource", handlers.addsource),
        ("removesource", handlers.removesource), ("unmute", handlers.unmute),
        ("subscriptions", handlers.subscriptions), ("export", handlers.export),
    ):  # fmt: skip
        application.add_handler(CommandHandler(name, callback, filters=everywhere))
    # After every command: what none of them took (new messages only, never edits or channel posts).
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND,
                                           handlers.plain_text))  # fmt: skip
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_error_handler(handlers.error_handler)

    queue = application.job_queue
    assert queue is not None, "python-telegram-bot[job-queue] is required"
    queue.run_repeating(_drain, interval=OUTBOX_EVERY, first=1.0, name="outbox",
                        job_kwargs={"max_instances": 1, "coalesce": True})  # fmt: skip
    queue.run_repeating(watch_health, interval=WATCH_EVERY, first=WATCH_EVERY, name="health",
                        job_kwargs={"max_instances": 1, "coalesce": True})  # fmt: skip
    if poller is not None:
        application.bot_data.poller = poller

        def deliver_now(alerts: object) -> None:
            """New alerts go out at once rather than at the next outbox tick."""
            queue.run_once(_drain, 0, name="outbox-now")

        poller.on_alerts = deliver_now
    return application


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    state = application.bot_data.state
    assert state is not None
    await state.run(lambda db: None)  # a handler connection applies migrations; the outbox's own does not
    await outbox.off_loop(outbox.reconcile, state.outbox_db)  # before the first drain: sends a crash cut short
    await application.bot.set_my_commands(handlers.bot_commands())
    poller = application.bot_data.poller
    if poller is not None:  # role all: this process polls too, on the JobQueue's scheduler
        await poller.resync()
        assert application.job_queue is not None
        schedule.start(application.job_queue.scheduler, poller, utcnow())


async def _post_stop(application: Application) -> None:  # type: ignore[type-arg]
    poller = application.bot_data.poller
    if poller is not None:
        await poller.stop(SHUTDOWN_GRACE)


async def _drain(context: handlers.Context) -> None:
    state = handlers.state_of(context)
    async with context.bot_data.drain_lock:  # two drains would read the same rows
        report = await outbox.drain(context.bot, state.outbox_db, state.clock)
    if report.sent or report.failed or report.blocked or report.retried:
        log.info("outbox: %s", report)


UNHEALTHY_AFTER = 3  # consecutive failures before the admins hear of a source
WATCH_EVERY = 30.0  # seconds between looks at the sources' health
SHUTDOWN_GRACE = 30.0  # seconds to let polls under way commit


async def watch_health(context: handlers.Context | Application) -> None:  # type: ignore[type-arg]
    """Tell the admins (never the subscribers) when a source turns unhealthy or recovers.

    Read from the database, so it works wherever the polls run (this process, or pollers on
    other machines): each look compares the failures now with those of the look before; the
    first look after a start only takes note."""
    application = context if isinstance(context, Application) else context.application
    state = application.bot_data.state
    assert state is not None
    rows = await state.run(storage.health.list_health)
    now = {h.name: h.failures for h in rows}
    before, application.bot_data.failures = application.bot_data.failures, now
    if before is None or not state.admin_ids:
        return
    errors = {h.name: h.last_error for h in rows}
    for name, change in decide.health_notices(before, now, UNHEALTHY_AFTER):
        if change == "broken":
            text = f"⚠️ Source {name} has failed {now[name]} times in a row: {errors[name]}"
        else:
            text = f"✅ Source {name} works again after {before[name]} failures."
        text = strip_bidi(text)  # the error may quote what a hostile server sent
        for admin in sorted(state.admin_ids):
            try:
                await application.bot.send_message(admin, text)
            except TelegramError as exc:  # an admin who never started the bot cannot be told
                log.warning("admin notice chat=%d outcome=failed error=%r", admin, str(exc))


__all__ = ["build_application", "check_settings", "wait_for_bot_api"]
