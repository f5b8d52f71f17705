"""SHELL. When sources are polled: one schedule for console mode, the bot and `--role poller`.

Each source's next poll is stored with it (one interval after its last poll, later while it
backs off), so the schedule is the database's, shared by every poller on it, on one machine or
many. Each process runs three jobs on APScheduler: console mode and `--role poller` on their own
AsyncIOScheduler, the bot on the one under python-telegram-bot's JobQueue
(`application.job_queue.scheduler`):

- claim, every second: lease the sources that are due, up to the free slots, and poll them
  (a finished poll claims again at once, so a first round of thousands is not paced by the tick);
- renew, three times a lease: keep the leases of polls under way, record the heartbeat;
- resync, every minute: pick up sources added or removed from chat.

A poller that dies stops renewing: its leases lapse within one lease period and the claims of
the others take its sources over. A job never overlaps itself (`max_instances=1`) and missed
runs collapse into one (`coalesce`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.poll import Poller

TICK = 1.0  # seconds between claims
RESYNC_EVERY = 60.0  # seconds: pick up sources added or removed from chat
JOBS = ("claim", "renew", "resync")


def start(scheduler: Any, poller: Poller, now: datetime) -> None:
    """Add the poller's three jobs to a scheduler (call `await poller.resync()` first, so every
    configured source is in the table when the first claim runs)."""
    every = {"claim": TICK, "renew": poller.lease / 3, "resync": RESYNC_EVERY}
    for job in JOBS:
        scheduler.add_job(
            getattr(poller, job),
            "interval",
            seconds=every[job],
            id=f"poller:{job}",
            name=f"poller:{job}",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=now,
        )
