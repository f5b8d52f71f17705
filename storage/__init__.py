"""SQLite storage, one module per domain: items and revisions, statements, alerts, deliveries,
subscribers, health, and what admins added from chat. Plain functions over a sqlite_utils
Database; `now` is always passed in."""

import sys


def _import_sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy and pandas when installed (matplotlib brings numpy) only to
    map their types to columns, which claimwatch never stores: 20 MB of memory in every
    process for nothing. Import it with them hidden; a later `import numpy` works as usual."""
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_without_numpy()

from storage.db import open_db  # noqa: E402

__all__ = ["open_db"]
