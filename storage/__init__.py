"""SQLite storage, one module per domain: items and revisions, statements, alerts, deliveries,
subscribers, health, and what admins added from chat. Plain functions over a sqlite_utils
Database; `now` is always passed in."""

from storage.db import open_db

__all__ = ["open_db"]
