"""SHELL (Telegram). Drain the outbox: send each due delivery, and record Telegram's answer.

Delivery guarantee: at least once, with the duplicate window as small as we can make it. Each
row is marked `sending`, committed, just before its message goes out, and marked with the
answer as soon as it comes. The Bot API has no idempotency key: if the process dies after
Telegram took a message and before its answer was recorded, nothing can tell that from dying
before the send. So on start (`reconcile`) the rows left `sending` (at most IN_FLIGHT, the
sends in flight at the crash) are sent again, with a line saying so: those chats may get that
alert twice. Nothing else is ever sent twice, and nothing is lost.

What each answer means (python-telegram-bot's error family):
- sent: the row is marked sent with the message id; it is never sent again;
- `Forbidden` (the bot was blocked, kicked, or the chat deleted): the chat is deactivated and
  its pending rows dropped: "at least once" ends where the user said stop;
- `RetryAfter` (flood control): the row waits the time Telegram asks (at most an hour at a
  time), and this round stops, since every further send would be refused too;
- `TimedOut` / `NetworkError` (Telegram or the network is down): retried with back-off, never
  given up, so minutes of Bot API downtime lose nothing; so is any error of our own in a send;
- `BadRequest`: "message thread not found" is retried without the topic; anything else is a
  message Telegram will never take, recorded as failed with its error.
Database work runs on one worker thread (`off_loop`), never on the event loop: a poll holding
SQLite's write lock must not freeze the bot while a delivery waits to be marked.
Pacing: sends are spaced evenly just under Telegram's 30 messages a second (`Pacer`), and
AIORateLimiter (set up in `app.py`) adds the 20-a-minute limit per group.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ParamSpec, TypeVar
from urllib.parse import urlparse

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

import storage.alerts
import storage.deliveries
import storage.subscribers
from bot import metrics, render
from bot.model import Alert
from storage.db import Database, transaction
from storage.deliveries import Delivery

log = logging.getLogger("claimwatch.outbox")

P = ParamSpec("P")
T = TypeVar("T")

# One thread for the outbox's database calls: they run in order, and off the event loop.
_DB_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimwatch-outbox-db")


async def off_loop(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a storage call on the outbox's database thread."""
    return await asyncio.get_running_loop().run_in_executor(_DB_THREAD, functools.partial(fn, *args, **kwargs))


OVERALL_RATE = 29.0  # messages a second: just under Telegram's ~30/s for a bot


class Pacer:
    """Spaces sends evenly at `rate` a second. Telegram counts messages in a sliding second;
    a token bucket's opening burst would go past that, so sends are spaced instead."""

    def __init__(self, rate: float = OVERALL_RATE) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0

    async def wait(self) -> None:
        now = time.monotonic()
        if now < self._next:
            await asyncio.sleep(self._next - now)
            now = time.monotonic()
        self._next = max(now, self._next) + self.interval


PACER = Pacer()


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    flood_wait: float | None = None


def buttons(alert: Alert) -> InlineKeyboardMarkup | None:
    """Every alert's buttons: Timeline and Mute 24h for a claim's alerts, Mute this source 24h
    for edits and deletions, and Open (the post) for all. A button whose data would pass
    Telegram's 64 bytes (a very long claim id) is left out rather than cut, which would name
    another claim; a source is named by the alert's id for the same reason."""
    d = alert.draft
    row: list[InlineKeyboardButton] = []
    if d.claim:
        for label, data in (
            ("📈 Timeline", render.callback_data("tl", d.claim)),
            ("🔕 Mute 24h", render.callback_data("mute", d.claim, "24h")),
        ):
            if data is not None:
                row.append(InlineKeyboardButton(label, callback_data=data))
    elif d.source:
        row.append(InlineKeyboardButton("🔕 Mute this source 24h", callback_data=f"msrc:{alert.id}:24h"))
    url = d.url or (d.after.url if d.after else None) or (d.before.url if d.before else None)
    if url and urlparse(url).scheme in ("http", "https") and len(url) <= 2048:
        row.append(InlineKeyboardButton("↗ Open", url=url))
    return InlineKeyboardMarkup([row]) if row else None


MAX_FLOOD_WAIT = 3600.0  # seconds: a longer flood wait is capped; Telegram says again if it still holds


def _seconds(delay: object) -> float:
    """A RetryAfter's wait in seconds, within [0, MAX_FLOOD_WAIT] (an absurd value from a broken
    Bot API must not overflow a date or park the outbox for years)."""
    seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)  # type: ignore[arg-type]
    return min(max(seconds, 0.0), MAX_FLOOD_WAIT) if math.isfinite(seconds) else MAX_FLOOD_WAIT


IN_FLIGHT = 8  # sends awaiting Telegram's answer at once: pacing, not latency, sets the rate
MAX_BACKOFF = 600.0  # seconds between tries of one delivery, at most
RESENT_NOTE = "\n\n<i>Sent again after a restart: this chat may already have this alert.</i>"


def retry_delay(attempts: int) -> float:
    """Seconds before the next try after `attempts` tries: 5 s doubling, capped (the exponent
    bounded, so a Bot API down for weeks cannot overflow it)."""
    return min(MAX_BACKOFF, 5.0 * 2.0 ** min(attempts, 64))


def reconcile(db: Database) -> int:
    """On start: sends a crash cut short go out again (see the module docstring). Returns how many."""
    count = storage.deliveries.reconcile_interrupted(db)
    if count:
        log.warning("outbox: %d deliveries were in flight when the process stopped; sending them again "
                    "(each of those chats may get that alert twice)", count)  # fmt: skip
    return count


async def drain(
    bot: Bot, db: Database, clock: Callable[[], datetime], limit: int = 100, pacer: Pacer = PACER
) -> DrainReport:
    """Send what is due now (at most `limit`), paced; return what happened.

    Sends start at the pacer's rhythm without waiting for the one before to be answered (up to
    IN_FLIGHT at once), but one chat has one send in flight at a time, so a chat reads its
    alerts in the order they were raised. Flood control stops the round: nothing more starts
    once it is seen.
    """
    report = DrainReport()
    due, alerts = await off_loop(_load, db, clock(), limit)
    blocked: set[int] = set()
    slots = asyncio.Semaphore(IN_FLIGHT)
    tasks: list[asyncio.Task[None]] = []
    chats: dict[int, asyncio.Lock] = {}  # asyncio locks are fair: sends to a chat go in order

    async def deliver(delivery: Delivery, alert: Alert) -> None:
        try:
            async with chats.setdefault(delivery.chat_id, asyncio.Lock()):
                if delivery.chat_id in blocked or report.flood_wait is not None:
                    return
                outcome = await _send(bot, db, delivery, alert, clock)
        finally:
            slots.release()
        if outcome == "skipped":
            return
        metrics.DELIVERIES.labels(outcome=outcome).inc()
        if outcome == "sent":
            report.sent += 1
        elif outcome == "blocked":
            report.blocked += 1
            blocked.add(delivery.chat_id)
        elif outcome == "failed":
            report.failed += 1
        elif outcome.startswith("flood:"):
            report.flood_wait = float(outcome[6:])
            report.retried += 1
        else:
            report.retried += 1

    for delivery in due:
        if delivery.chat_id in blocked:
            continue  # dropped with the rest of that chat's rows a moment ago
        if report.flood_wait is not None:
            break
        alert = alerts.get(delivery.alert_id)
        if alert is None:
            await off_loop(storage.deliveries.mark_failed, db, delivery, "alert no longer exists")
            continue
        await slots.acquire()
        await pacer.wait()
        tasks.append(asyncio.create_task(deliver(delivery, alert)))
    if tasks:
        await asyncio.gather(*tasks)
    return report


def _load(db: Database, now: datetime, limit: int) -> tuple[list[Delivery], dict[int, Alert]]:
    """What is due now, with the alerts it carries (nothing while flood control holds)."""
    if storage.deliveries.paused(db, now):
        return [], {}
    due = storage.deliveries.due(db, now, limit)
    alerts = {}
    for alert_id in {d.alert_id for d in due}:
        alert = storage.alerts.get_alert(db, alert_id)
        if alert is not None:
            alerts[alert_id] = alert
    return due, alerts


def _blocked(db: Database, chat_id: int, error: str, now: datetime) -> None:
    with transaction(db):
        storage.subscribers.mark_blocked(db, chat_id, now)
        storage.deliveries.drop_chat(db, chat_id, error)


def _flood(db: Database, delivery: Delivery, error: str, now: datetime, wait: float) -> None:
    with transaction(db):
        storage.deliveries.mark_retry(db, delivery, error, now, wait)
        storage.deliveries.pause(db, now + timedelta(seconds=wait))


def message_text(alert: Alert, delivery: Delivery) -> str:
    """The alert as Telegram HTML; a resend after a crash says so, in the same 4096 characters."""
    if not delivery.interrupted:
        return render.telegram_html(alert)
    return render.telegram_html(alert, render.MESSAGE_LIMIT - render.tg_len(RESENT_NOTE)) + RESENT_NOTE


async def _send(bot: Bot, db: Database, delivery: Delivery, alert: Alert, clock: Callable[[], datetime]) -> str:
    if not await off_loop(storage.deliveries.mark_sending, db, delivery, clock()):
        return "skipped"  # dropped (its chat blocked the bot) since it was loaded
    try:
        return await _send_marked(bot, db, delivery, alert, clock)
    except Exception as exc:  # a bug of ours must not leave the row 'sending' until the next start
        log.error("delivery alert=%d chat=%d outcome=retry error=unexpected", alert.id, delivery.chat_id, exc_info=exc)
        await off_loop(storage.deliveries.mark_retry, db, delivery, f"unexpected: {exc!r}", clock(),
                       retry_delay(delivery.attempts))  # fmt: skip
        return "retry"


async def _send_marked(bot: Bot, db: Database, delivery: Delivery, alert: Alert,
                       clock: Callable[[], datetime]) -> str:  # fmt: skip
    thread = delivery.thread_id or None
    try:
        message = await bot.send_message(
            chat_id=delivery.chat_id,
            text=message_text(alert, delivery),
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            message_thread_id=thread,
            disable_notification=delivery.silent,
            reply_markup=buttons(alert),
        )
    except Forbidden as exc:
        log.warning("delivery alert=%d chat=%d outcome=blocked error=%r", alert.id, delivery.chat_id, exc.message)
        await off_loop(_blocked, db, delivery.chat_id, f"blocked: {exc.message}", clock())
        return "blocked"
    except RetryAfter as exc:
        wait = _seconds(exc.retry_after)
        log.warning("delivery alert=%d chat=%d outcome=flood_control wait=%ss", alert.id, delivery.chat_id, wait)
        await off_loop(_flood, db, delivery, str(exc), clock(), wait)
        return f"flood:{wait}"
    except BadRequest as exc:
        if thread and "thread not found" in exc.message.lower():
            log.warning("chat %s: topic %s is gone; delivering to the chat itself", delivery.chat_id, thread)
            await off_loop(storage.deliveries.move_to_chat, db, delivery, clock())
            return "retry"
        log.error("delivery alert=%d chat=%d outcome=failed error=%r", alert.id, delivery.chat_id, exc.message)
        await off_loop(storage.deliveries.mark_failed, db, delivery, exc.message)
        return "failed"
    except (NetworkError, TelegramError) as exc:  # timed out, connection refused, 5xx
        delay = retry_delay(delivery.attempts)
        await off_loop(storage.deliveries.mark_retry, db, delivery, str(exc), clock(), delay)
        log.warning("delivery alert=%d chat=%d outcome=retry retry_in=%ss error=%r", alert.id, delivery.chat_id,
                    delay, str(exc))  # fmt: skip
        return "retry"
    await off_loop(storage.deliveries.mark_sent, db, delivery, message.message_id, clock())
    return "sent"
