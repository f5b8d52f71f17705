"""PURE. What one poll of one source changes, decided from what the source gave and what is
stored (reader's Decider): data in, intents out; no database, no network, no clock.

    plan_items(pages, stored)                      which items are new, changed, only seen
    revisions(source, plan, earlier, texts, ids)   rows to write, with the ids handed out ahead
    asks(statements, retired)                      which slice of which (claim, side) history to read
    claims(statements, histories)                  flips and number changes against those slices
    edits(...), backoff(...), health(...)          edits worth an alert; when to poll next

Why a slice is enough (issue #11, linear cost): compare/ reports the boundaries between runs
of equal states in a history ordered by publication. A new statement can only make boundaries
next to where it lands: with the last decided statement before it (p), the first after it (q),
and what lies between the new ones. Whether such a boundary was alerted already depends on the
runs at its two ends, but only through the statements alerts point at (`compare.runs.is_known`),
so the slice carries p, q, everything between, and those run members that alerts point at. A new
statement that splits the run p and q share can make the boundaries at that run's far ends new
(the alert that covered them pointed into the other half), and such a boundary names the run's
first member (before p) or last (after q): the slice carries those two as well.
Everything else of the history is unchanged and was compared when it arrived. After an edit
retires statements, runs can merge anywhere: then the whole history is read (`whole`).
Figures are read per series key (a figure's key is compare's: `number_change.series_key`),
whole, since a series is one counted thing about one incident and stays short.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.clock import iso, parse_iso
from bot.compare import edited, number_change, stance_flip
from bot.intents import EarlierText, HealthUpdate, ItemRow, NewRevision, PairHistory, StoredItem
from bot.model import AlertDraft, Item, ItemText, Page, Qualifier, Source, Stance, Statement
from bot.text import fingerprint

MAX_BACKOFF = 6 * 3600.0  # seconds: a broken source is still tried four times a day

Pair = tuple[str, str]


# ── health ─────────────────────────────────────────────────────────────────────────────────


def ceiling(every: float) -> float:
    """The longest a source ever waits between tries."""
    return max(MAX_BACKOFF, every)


def backoff(every: float, failures_before: int, retry_after: float | None = None) -> tuple[int, float]:
    """(consecutive failures, seconds to wait): the interval doubling per failure, capped at
    `ceiling` (the exponent bounded too: months of failures must not overflow a float). A
    server's Retry-After may only lengthen the wait, and never past the cap: a Retry-After in
    the year 9999 must not park a source for good."""
    failures = failures_before + 1
    delay = min(every * 2.0 ** min(max(failures - 1, 0), 64), ceiling(every))
    if retry_after is not None and math.isfinite(retry_after):
        delay = max(delay, min(retry_after, ceiling(every)))
    return failures, float(delay)


def failed(source: Source, now: datetime, failures_before: int, error: str, retry_after: float | None) -> HealthUpdate:
    failures, delay = backoff(source.every, failures_before, retry_after)
    if is_local(source.url):
        # Back-off spares someone else's server; reading a file spares nobody, and a file that
        # is missing now is most often about to be put in place: try again at the interval.
        delay = source.every
    return HealthUpdate(now=now, next_poll=now + timedelta(seconds=delay), failures=failures, error=error)


def is_local(url: str) -> bool:
    """A source read from this machine's disk (a path or a file:// URL), not over the network."""
    return not url.startswith(("http://", "https://"))


def succeeded(source: Source, now: datetime, *, etag: str | None = None, last_modified: str | None = None,
              backfilled: bool | None = None) -> HealthUpdate:  # fmt: skip
    return HealthUpdate(now=now, next_poll=now + timedelta(seconds=source.every), etag=etag,
                        last_modified=last_modified, backfilled=backfilled)  # fmt: skip


def health_notices(before: Mapping[str, int], now: Mapping[str, int], threshold: int) -> list[tuple[str, str]]:
    """The sources that crossed into `threshold` consecutive failures ("broken") or came back
    from at least that many ("recovered") between two looks at their health. One notice per
    crossing: a source failing on and on is announced once."""
    notices: list[tuple[str, str]] = []
    for name, failures in sorted(now.items()):
        was = before.get(name, 0)
        if was < threshold <= failures:
            notices.append((name, "broken"))
        elif was >= threshold and failures == 0:
            notices.append((name, "recovered"))
    return notices


def lag(oldest_due: str | None, now: datetime) -> float:
    """How late the most overdue source is, in seconds (0 when none waits past its time)."""
    return max(0.0, (now - parse_iso(oldest_due)).total_seconds()) if oldest_due else 0.0


def alive(seen_at: str, now: datetime, lease: float) -> bool:
    """A poller renews three times a lease: one not seen for a whole lease has stopped."""
    return bool((now - parse_iso(seen_at)).total_seconds() <= lease)


@dataclass(frozen=True)
class NewStart:
    """A source to start afresh: its back-off dropped; with `forget_url`, what belonged to its
    old url (error, validators, backfill) too."""

    forget_url: bool


def new_start(source: Source, stored: tuple[str, float | None] | None) -> NewStart | None:
    """A changed url or interval is a new start: the operator changed something, most often to
    fix the source, so the back-off the old settings earned must not hold the new ones back
    for hours. A source not stored yet, or stored before intervals were recorded, is no change."""
    if stored is None:
        return None
    url, every = stored
    if url != source.url:
        return NewStart(forget_url=True)
    if every is not None and every != source.every:
        return NewStart(forget_url=False)
    return None


# ── items ──────────────────────────────────────────────────────────────────────────────────


@dataclass
class ItemPlan:
    """A poll's items, each once (pages oldest first, the last sighting's data wins)."""

    new: list[Item] = field(default_factory=list)
    changed: list[tuple[Item, StoredItem, str]] = field(default_factory=list)  # with the new fingerprint
    seen: list[tuple[Item, StoredItem]] = field(default_factory=list)
    items: int = 0


def page_items(pages: Sequence[Page]) -> list[Item]:
    by_key: dict[str, Item] = {}
    for page in pages:
        for item in page.items:
            by_key[item.key] = item
    return list(by_key.values())


def plan_items(pages: Sequence[Page], stored: Mapping[str, StoredItem]) -> ItemPlan:
    """New keys, known keys whose text changed materially (another fingerprint), and the rest."""
    plan = ItemPlan()
    for item in page_items(pages):
        plan.items += 1
        known = stored.get(item.key)
        if known is None:
            plan.new.append(item)
            continue
        print_ = fingerprint(f"{item.title}\n{item.text}")
        if print_ == known.fingerprint:
            plan.seen.append((item, known))
        else:
            plan.changed.append((item, known, print_))
    return plan


def texts(source: Source, plan: ItemPlan) -> list[ItemText]:
    """The texts to extract statements from: new items', and changed items' new text (ids come later)."""
    found = [_text(source, item, item.url, item.published) for item in plan.new]
    for item, known, _ in plan.changed:
        url = item.url or known.url
        published = _parse(known.published) or item.published
        found.append(_text(source, item, url, published))
    return found


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _text(source: Source, item: Item, url: str | None, published: datetime | None) -> ItemText:
    # A post forwarded from another channel is that channel's word, not the forwarding side's: only
    # a speaker its text names gives it a side (the origin, when polled, speaks in its own feed).
    side = None if item.forwarded_from else source.side
    return ItemText(source=source.name, url=url, title=item.title, text=item.text, published=published,
                    source_side=side)  # fmt: skip


@dataclass(frozen=True)
class Ids:
    """First ids handed out ahead for items, revisions and statements."""

    item: int
    revision: int
    statement: int


def count_ids(plan: ItemPlan, statements: Iterable[Sequence[Statement]]) -> tuple[int, int, int]:
    return len(plan.new), len(plan.new) + len(plan.changed), sum(len(s) for s in statements)


@dataclass
class Numbered:
    rows: list[ItemRow]
    revisions: list[NewRevision]
    texts: list[ItemText]  # with ids, in the order of `texts()`
    statements: list[Statement]  # with ids, in the order extracted


def number(plan: ItemPlan, found_texts: Sequence[ItemText], extracted: Sequence[Sequence[Statement]],
           ids: Ids) -> Numbered:  # fmt: skip
    """Give the poll's new rows the ids handed out ahead."""
    rows: list[ItemRow] = []
    revisions: list[NewRevision] = []
    numbered: list[ItemText] = []
    next_revision = ids.revision
    for n, item in enumerate(plan.new):
        item_id = ids.item + n
        rows.append(ItemRow(item_id, item, new=True))
        revisions.append(NewRevision(item_id, next_revision, 1, item, fingerprint(f"{item.title}\n{item.text}"), None))
        numbered.append(replace(found_texts[n], item_id=item_id, revision_id=next_revision))
        next_revision += 1
    for n, (item, known, print_) in enumerate(plan.changed):
        rows.append(ItemRow(known.item_id, item, new=False))
        revisions.append(NewRevision(known.item_id, next_revision, known.number + 1, item, print_, known.revision_id))
        numbered.append(replace(found_texts[len(plan.new) + n], item_id=known.item_id, revision_id=next_revision))
        next_revision += 1
    rows.extend(ItemRow(known.item_id, item, new=False) for item, known in plan.seen)
    statements: list[Statement] = []
    next_statement = ids.statement
    for text, said in zip(numbered, extracted, strict=True):
        for statement in said:
            statements.append(replace(statement, item_id=text.item_id, revision_id=text.revision_id, id=next_statement))
            next_statement += 1
    return Numbered(rows, revisions, numbered, statements)


def edits(source: Source, plan: ItemPlan, numbered: Numbered, earlier: Mapping[int, EarlierText]) -> list[AlertDraft]:
    """`edited` drafts for the changed items whose word matters (see compare/edited.py)."""
    with_statements = {s.item_id for s in numbered.statements}
    drafts: list[AlertDraft] = []
    for n, (_, known, print_) in enumerate(plan.changed):
        new = numbered.texts[len(plan.new) + n]
        before = earlier.get(known.item_id)
        if before is None:
            continue
        old = replace(new, title=before.title, text=before.text, revision_id=before.revision_id)
        matters = source.side is not None or before.has_statements or known.item_id in with_statements
        draft = edited.find(old, new, revert=print_ in before.prints, matters=matters)
        if draft is not None:
            drafts.append(draft)
    return drafts


# ── claims ─────────────────────────────────────────────────────────────────────────────────


def said_at(statement: Statement, now: datetime) -> str:
    """The time a statement is ordered by: its publication, else when it was stored."""
    return iso(statement.published) if statement.published is not None else iso(now)


@dataclass
class Ask:
    """What to read of one (claim, side) history for a poll's new statements."""

    claim: str
    side: str
    span: tuple[str, str] | None = None  # earliest and latest time of new decided statements
    series: dict[str, tuple[str, str]] = field(default_factory=dict)  # series key → time span
    whole: bool = False


def _widen(span: tuple[str, str] | None, at: str) -> tuple[str, str]:
    return (at, at) if span is None else (min(span[0], at), max(span[1], at))


def asks(statements: Iterable[Statement], retired: Iterable[Pair], now: datetime) -> dict[Pair, Ask]:
    """Which slice of which history the new statements (and the edits' retirements) can change."""
    wanted: dict[Pair, Ask] = {}
    for pair in retired:
        wanted[pair] = Ask(*pair, whole=True)
    for s in statements:
        ask = wanted.setdefault((s.claim, s.side), Ask(s.claim, s.side))
        at = said_at(s, now)
        if s.stance is not Stance.NEUTRAL:
            ask.span = _widen(ask.span, at)
        for figure in s.figures:
            key = number_change.series_key(figure)
            ask.series[key] = _widen(ask.series.get(key), at)
    return wanted


def _in_series(statement: Statement, key: str) -> Statement:
    """The statement's figures of one series, and the parts its totals were broken into (a part
    told alone later is no revision of the total: `number_change.find`)."""
    return replace(statement, figures=tuple(f for f in statement.figures if number_change.series_key(f) == key
                                            or f.qualifier is Qualifier.SUBSET))  # fmt: skip


def claims(statements: Sequence[Statement], histories: Mapping[Pair, PairHistory], times: Mapping[int, str],
           now: datetime, retired_items: Mapping[int, int]) -> list[AlertDraft]:  # fmt: skip
    """Flips and number changes the new statements make in their sides' histories.

    `times` gives stored statements' `said_at`; `retired_items` maps an edited item to the
    revision that stays current (its older revisions' statements stop counting).
    """
    by_pair: dict[Pair, list[Statement]] = {}
    for s in statements:
        by_pair.setdefault((s.claim, s.side), []).append(s)
    at = {**times, **{s.id: said_at(s, now) for s in statements if s.id is not None}}

    def order(history: Iterable[Statement]) -> list[Statement]:
        kept = [s for s in history if s.item_id is None or retired_items.get(s.item_id, s.revision_id) == s.revision_id]
        return sorted({s.id: s for s in kept}.values(), key=lambda s: (at.get(s.id or 0, ""), s.id or 0))

    drafts: list[AlertDraft] = []
    for pair in sorted(histories):
        history = histories[pair]
        new = by_pair.get(pair, [])
        if history.whole:
            whole = order([*history.stance, *new])
            drafts += stance_flip.find(whole, history.known_flips)
            found = number_change.find(whole, history.known_changes)
            # An edit that changed a figure: compared with the revision it retired, unless the
            # history already shows the change against another post.
            retired = [s for s in history.stance if s.item_id is not None
                       and retired_items.get(s.item_id, s.revision_id) != s.revision_id]  # fmt: skip
            changed_after = {(d.after.statement_id, d.counted) for d in found if d.after is not None}
            drafts += found
            drafts += [d for d in number_change.revised_in_place(retired, new, history.known_changes)
                       if d.after is not None and (d.after.statement_id, d.counted) not in changed_after]  # fmt: skip
            continue
        decided = [s for s in new if s.stance is not Stance.NEUTRAL]
        if decided:
            drafts += stance_flip.find(order([*history.stance, *decided]), history.known_flips)
        keys = sorted({number_change.series_key(f) for s in new for f in s.figures})
        for key in keys:
            series = [_in_series(s, key) for s in [*history.series.get(key, ()), *new]]
            drafts += number_change.find(order([s for s in series if s.figures]), history.known_changes)
    return drafts
