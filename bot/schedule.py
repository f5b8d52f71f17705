"""SHELL. When each source is polled: one scheduling function for console mode and the bot.

Both run on APScheduler: console mode on its own AsyncIOScheduler, the bot on the one under
python-telegram-bot's JobQueue (`application.job_queue.scheduler`). One interval job per
source; polls start staggered so a thousand sources never fire in the same second; a job never
overlaps itself (`max_instances=1`) and missed runs collapse into one (`coalesce`). Sources
added or removed from chat, or whose interval changed, are picked up at the next `sync`.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from bot.model import Source

RESYNC_EVERY = 60.0  # seconds: pick up sources added or removed from chat
PREFIX = "poll:"


def sync(scheduler: Any, sources: Iterable[Source], poll: Callable[[str], Awaitable[object]], now: datetime) -> None:
    """Make the scheduler hold exactly one poll job per source, at the source's interval.

    New sources start within a few seconds (spread out); a changed interval reschedules its
    source; the jobs of removed sources are dropped.
    """
    wanted = {s.name: s for s in sources}
    for job in scheduler.get_jobs():
        if job.id.startswith(PREFIX) and job.id[len(PREFIX) :] not in wanted:
            job.remove()
    spread = min(30.0, max(1.0, len(wanted) * 0.2))
    for name, source in wanted.items():
        job_id = PREFIX + name
        existing = scheduler.get_job(job_id)
        if existing is not None and existing.trigger.interval == timedelta(seconds=source.every):
            continue
        scheduler.add_job(
            poll,
            "interval",
            seconds=source.every,
            jitter=min(30.0, source.every * 0.1),
            args=[name],
            id=job_id,
            name=job_id,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(source.every),
            next_run_time=now + timedelta(seconds=random.uniform(0.5, spread)),
        )
