"""Storage, one module per domain: items and revisions, statements, alerts, deliveries,
subscribers, health, leases, and what admins added from chat. Plain functions over a
`storage.db.Database` (SQLite or PostgreSQL, chosen by `--db`); `now` is always passed in."""

from storage.db import open_db

__all__ = ["open_db"]
