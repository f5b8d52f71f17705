"""What one poll reads and what it decided to write: the data between `storage` and `bot.decide`.

    storage ──StoredItem, EarlierText, PairHistory──▶ decide (pure) ──PollIntents──▶ storage.persist

A leaf like `bot.model` (standard library only), so storage and the pure core can both use it.
Ids in intents are final: they were handed out ahead (`storage.sequences.reserve`), so the
decision is made with the ids its rows will have and the write only writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.model import AlertDraft, Item, Statement


@dataclass(frozen=True)
class StoredItem:
    """What is stored of an item a page shows again."""

    item_id: int
    revision_id: int  # its current revision
    number: int  # that revision's number
    fingerprint: str  # that revision's fingerprint
    url: str | None
    published: str | None  # ISO


@dataclass(frozen=True)
class EarlierText:
    """The current text of a stored item whose text has changed, and what else it has been."""

    item_id: int
    revision_id: int
    title: str
    text: str
    prints: frozenset[str]  # fingerprints of every revision it ever had
    has_statements: bool  # a revision of it ever carried a statement on a tracked claim


@dataclass(frozen=True)
class ItemRow:
    """An item to insert (new) or to mark seen (known): last seen, views, url, date, undeleted."""

    item_id: int
    item: Item
    new: bool


@dataclass(frozen=True)
class NewRevision:
    item_id: int
    revision_id: int
    number: int
    item: Item
    fingerprint: str
    replaces: int | None  # the revision it supersedes; the write checks it is still current


@dataclass(frozen=True)
class StatementRow:
    statement: Statement  # with its id, item and revision
    series: tuple[str, ...]  # compare's series key of each of its figures


@dataclass(frozen=True)
class PairVersion:
    """The version of a (claim, side) history the decision was made on; the write bumps it."""

    claim: str
    side: str
    version: int  # 0: no history yet


@dataclass(frozen=True)
class PairHistory:
    """The part of one (claim, side) history that a poll's new statements can change.

    `stance` holds decided statements in order of publication: the run before the new ones
    (its last statement, and members that alerts point at), everything among them, and the run
    after them in the same way. `series` holds, per series key, that series' statements.
    `whole` is set when the entire history was read (an edit retired statements of it).
    """

    claim: str
    side: str
    version: int
    stance: tuple[Statement, ...] = ()
    series: dict[str, tuple[Statement, ...]] = field(default_factory=dict)
    known_flips: tuple[tuple[int | None, int | None], ...] = ()
    known_changes: tuple[tuple[int | None, int | None, str | None], ...] = ()
    whole: bool = False


@dataclass
class PollIntents:
    """Everything one poll of one source writes, in one transaction."""

    items: list[ItemRow] = field(default_factory=list)
    revisions: list[NewRevision] = field(default_factory=list)
    statements: list[StatementRow] = field(default_factory=list)
    retire: list[tuple[int, int]] = field(default_factory=list)  # (item, revision kept current)
    deleted: list[int] = field(default_factory=list)  # item ids
    drafts: list[AlertDraft] = field(default_factory=list)
    pairs: list[PairVersion] = field(default_factory=list)
    new_items: int = 0


@dataclass(frozen=True)
class HealthUpdate:
    """How one poll ends for its source: ok (maybe 304) or failed, and when to poll next."""

    now: datetime
    next_poll: datetime
    failures: int = 0
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    backfilled: bool | None = None
