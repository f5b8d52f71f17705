"""One error family for claimwatch.

    ClaimwatchError            anything claimwatch raises on purpose
    ├── ConfigError            feeds.yaml is wrong: every problem, each naming file, entry and field
    ├── FetchError             a source could not be fetched (network, HTTP status, size, redirects)
    │   └── NotModified        the server answered 304: nothing to do (not a failure)
    ├── ParseError             fetched bytes are not a feed / channel page we can read
    ├── StorageError           the database cannot be used, failed a statement, or is of a newer schema
    │   ├── StaleRead          what a poll read changed before it wrote: decide again
    │   └── LeaseLost          another poller took the source over: write nothing
    └── SettingError           an environment setting is wrong (a refused TELEGRAM_BOT_TOKEN, …)

Only `bot.cli` turns these into messages and exit codes; everything else raises them with the
cause chained (`raise FetchError(...) from exc`).
"""

from __future__ import annotations

from collections.abc import Sequence


class ClaimwatchError(Exception):
    """Base of every error claimwatch raises on purpose."""


class ConfigError(ClaimwatchError):
    """A wrong config. `str()` has one line per problem, each like
    `feeds.yaml: sources[2] "MoD": every: expected ...`; `problems` holds (entry, message) pairs."""

    def __init__(
        self, path: str, entry: str | None, message: str, *, more: Sequence[tuple[str | None, str]] = ()
    ) -> None:
        self.path = path
        self.entry = entry
        self.message = message
        self.problems: list[tuple[str | None, str]] = [(entry, message), *more]
        super().__init__("\n".join(f"{path}: {e}: {m}" if e else f"{path}: {m}" for e, m in self.problems))


class FetchError(ClaimwatchError):
    """A source could not be fetched. `retry_after` (seconds) is the server's hint, if any."""

    def __init__(self, url: str, message: str, *, retry_after: float | None = None) -> None:
        self.url = url
        self.message = message
        self.retry_after = retry_after
        super().__init__(f"{url}: {message}")


class NotModified(FetchError):
    """HTTP 304: the source has not changed since the last poll."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "not modified")


class ParseError(ClaimwatchError):
    """Fetched bytes could not be read as the source's kind."""

    def __init__(self, url: str, message: str) -> None:
        self.url = url
        self.message = message
        super().__init__(f"{url}: {message}")

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str]]:
        return (type(self), (self.url, self.message))  # back whole from a parsing process


class StorageError(ClaimwatchError):
    """The database cannot be used (unreadable, locked, or written by a newer claimwatch)."""


class StaleRead(StorageError):
    """What a poll decided on changed before it could write (another poll of the same source,
    or of the same side's history, committed first). Nothing was written; decide again."""


class LeaseLost(StorageError):
    """A poller's lease on a source lapsed and another poller took the source over before this
    poll could write: nothing was written; the other poller's poll counts."""


class SettingError(ClaimwatchError):
    """An environment setting cannot work: names the variable, never prints a secret's value."""
