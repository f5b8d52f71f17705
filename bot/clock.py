"""The one clock, and how times are written down.

`utcnow` is the only call to `datetime.now` in claimwatch: the shell reads it once per poll
or per delivery round and passes `now` down, so the core and storage never read a clock.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO-8601 in UTC with seconds, e.g. 2023-05-12T16:40:00+00:00 (sorts as text)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    """The inverse of `iso`; a naive time is taken as UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
