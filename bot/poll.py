"""The polling pipeline (reader's Pipeline): straight-line calls, no decisions of its own.

For one source:

    gather:  fetch ──▶ parse                              network / file; no database; any thread
             └─ telegram: page back with ?before= on the first poll and after a gap
    read:    items.stored_view ─ items.earlier_texts     what is stored of the page's keys
    decide:  decide.plan_items ─ extract ─ decide.number  (ids handed out ahead: sequences.reserve)
    read:    statements.pair_history                     only the slices new statements can change
    decide:  decide.edits ─ decide.claims ─ deleted.find  pure: alert drafts
    persist: transaction (BEGIN IMMEDIATE) ─ polls.persist  writes only; alerts with their deliveries

No extraction or comparison runs while the write lock is held. If another poll changed what
this one read (StaleRead), nothing is written and the poll decides again. Any error of one
source is recorded on that source (with back-off) and reported, and the round goes on; nothing
stored is touched. A FetchError or ParseError is the source's fault; anything else (a bug, or
input nobody foresaw) is recorded the same way and flagged `unexpected`, with its traceback in
the log. Only a database error stops a round: it is no one source's.
`poll_all` gathers sources concurrently and stores them one by one; so does each `Poller`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import os
import secrets
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TypeVar

import storage.health
import storage.items
import storage.leases
import storage.polls
import storage.sequences
import storage.statements
from bot import decide, metrics
from bot.clock import iso, utcnow
from bot.compare import deleted, number_change
from bot.errors import FetchError, LeaseLost, NotModified, ParseError, SettingError, StaleRead, StorageError
from bot.extract import extract
from bot.intents import EarlierText, PairHistory, PairVersion, PollIntents, StatementRow
from bot.model import Alert, Config, Fetched, ItemText, Page, Settings, Source, SourceKind, Statement
from bot.render import plural, span
from bot.sources import fetch, parse
from bot.sources.fetch import page_url
from storage.db import Database, open_db, transaction
from storage.health import SourceHealth

log = logging.getLogger("claimwatch.poll")
T = TypeVar("T")

Fetcher = Callable[..., Fetched]
Parser = Callable[..., Page]

POOL_AFTER = 48  # pages parsed in one round before parsing and extraction move to a process pool
LOOKAHEAD = 6  # sources read and extracted ahead while an earlier one is stored
WINDOW = 24  # gathered sources held while they wait to be stored (more while the next is still fetched)


class Workers:
    """A round's CPU work: parsing pages and extracting statements. In the calling threads
    while a round is small; once it brings many pages (a first round, a burst), in a process
    pool with a worker per core but one (the one left is this process's, which stores and,
    on two cores, extracts). Threads share one core under the GIL, where every SQLite call of
    the storing thread also waits its turn for it."""

    def __init__(self, cores: int | None = None, after: int | None = None) -> None:
        self.cores = cores if cores is not None else len(os.sched_getaffinity(0))
        self.after = after if after is not None else POOL_AFTER
        self._pages = 0
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _counted(self) -> ProcessPoolExecutor | None:
        with self._lock:
            self._pages += 1
            if self._pool is None and self.cores > 1 and self._pages > self.after:
                # forkserver, not fork: this process has threads (fetches, SQLite) a fork would copy mid-lock.
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["bot.poll"])
                # One core stays with this process: it stores (and extracts) while the pool parses.
                self._pool = ProcessPoolExecutor(max(1, self.cores - 1), mp_context=context)
            return self._pool

    @property
    def pooled(self) -> bool:
        return self._pool is not None

    def _broken(self) -> None:
        log.warning("worker pool broken; parsing and extracting in the polling process")
        with self._lock:
            self.cores = 1

    def __call__(self, kind: SourceKind, fetched: Fetched, *, channel: str | None = None) -> Page:
        """Parse one fetched page (a `Parser`)."""
        pool = self._counted()
        if pool is not None:
            try:
                return pool.submit(parse, kind, fetched, channel=channel).result()
            except BrokenExecutor:  # a worker died (killed, out of memory): parse here, as before
                self._broken()
        return parse(kind, fetched, channel=channel)

    def extract(self, texts: list[ItemText], config: Config) -> Future[list[list[Statement]]] | None:
        """Start extracting in the pool (None when there is no pool: extract in place)."""
        with self._lock:
            pool = self._pool
        # With two cores the one worker parses and this process extracts while it stores;
        # extraction moves to the pool only when there are cores to spare for it.
        if pool is None or not texts or self.cores <= 2:
            return None
        try:  # extraction reads sides, claims and settings: the sources need not travel
            return pool.submit(extract_all, texts, replace(config, sources=()))
        except BrokenExecutor:
            self._broken()
            return None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


_configs: dict[Config, Config] = {}


def extract_all(texts: list[ItemText], config: Config) -> list[list[Statement]]:
    """Statements of each text (in a pool worker: equal configs share one compiled matcher)."""
    if len(_configs) > 8:
        _configs.clear()
    config = _configs.setdefault(config, config)
    return [extract(text, config) for text in texts]


@dataclass
class Gathered:
    """What one source gave: pages oldest first, or why it gave nothing."""

    source: Source
    pages: list[Page] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None
    retry_after: float | None = None
    paged_back: bool = False
    unexpected: bool = False  # the error was not a FetchError / ParseError: a bug, or input nobody foresaw

    def failed(self, exc: BaseException) -> Gathered:
        """This source's result when `exc` stopped it: an error, nothing gathered."""
        known = isinstance(exc, FetchError | ParseError)
        if not known:
            log.error("poll source=%r outcome=unexpected_error", self.source.name, exc_info=exc)
        message = str(exc) if known else f"unexpected error: {type(exc).__name__}: {exc}"[:500]
        return Gathered(source=self.source, error=message, retry_after=getattr(exc, "retry_after", None),
                        unexpected=not known)  # fmt: skip


@dataclass
class PollReport:
    source: str
    ok: bool
    items: int = 0
    new_items: int = 0
    revisions: int = 0
    alerts: list[Alert] = field(default_factory=list)
    not_modified: bool = False
    error: str | None = None
    retry_in: float | None = None
    unexpected: bool = False

    def line(self) -> str:
        if not self.ok:
            return f"{self.source}: FAILED {self.error} (`run` tries again in {span(self.retry_in or 0)})"
        if self.not_modified:
            return f"{self.source}: not modified"
        return (
            f"{self.source}: {plural(self.items, 'item')}, {self.new_items} new, {self.revisions} changed, "
            f"{plural(len(self.alerts), 'alert')}"
        )


# ── gather (no database) ───────────────────────────────────────────────────────────────────


def gather(source: Source, settings: Settings, health: SourceHealth | None, newest_stored: int | None,
           fetcher: Fetcher = fetch, parser: Parser | None = None) -> Gathered:  # fmt: skip
    """Fetch and parse one source. Never raises for a bad source: the error is in the result."""
    parser = parser or parse
    result = Gathered(source=source)
    try:
        fetched = fetcher(
            source.url,
            settings,
            etag=health.etag if health else None,
            last_modified=health.last_modified if health else None,
            allow_private=source.trusted,
        )
        result.etag = fetched.headers.get("etag")
        result.last_modified = fetched.headers.get("last-modified")
        page = parser(source.kind, fetched, channel=source.channel)
        result.pages = [page]
        if source.kind is SourceKind.TELEGRAM:
            first_poll = health is None or not health.backfilled
            result.pages[:0] = _page_back(source, settings, page, first_poll, newest_stored, fetcher, parser)
            result.paged_back = True
    except NotModified:
        result.not_modified = True
    except Exception as exc:  # whatever one source provokes is that source's failure, not the round's
        return result.failed(exc)
    return result


def _page_back(source: Source, settings: Settings, page: Page, first_poll: bool, newest_stored: int | None,
               fetcher: Fetcher, parser: Parser) -> list[Page]:  # fmt: skip
    """Older channel pages: the configured depth on a first poll, or back to what we have after a gap."""
    older: list[Page] = []
    current = page
    for _ in range(settings.backfill_pages):
        ids = [i.post_id for i in current.items if i.post_id is not None]
        if not ids:
            break
        gap = newest_stored is not None and min(ids) > newest_stored + 1
        if not (first_poll or gap):
            break
        before = current.before if current.before is not None else min(ids)
        url = page_url(source.url, before)
        if url == source.url:  # a local file has no older pages
            break
        try:
            current = parser(source.kind, fetcher(url, settings, allow_private=source.trusted), channel=source.channel)
        except (FetchError, ParseError) as exc:  # history is a bonus: the newest page still counts
            log.warning("%s: paging back before %s failed: %s", source.name, before, exc)
            break
        if not current.items or min(i.post_id or 0 for i in current.items) >= min(ids):
            break
        older.insert(0, current)
    return older


# ── read, decide, persist ──────────────────────────────────────────────────────────────────

ATTEMPTS = 5  # a poll whose reads went stale (another poll wrote first) decides again


def store(db: Database, config: Config, gathered: Gathered, now: datetime, prepared: Prepared | None = None,
          lease: str | None = None) -> PollReport:  # fmt: skip
    """Read what is stored, decide (pure), write it all in one short transaction.

    If that raises (anything but a database error), nothing is written and the error is
    recorded on the source instead, like a failed fetch. With `lease` (a poller's id) the
    source's lease is given back in that transaction; LeaseLost if another poller took it."""
    if gathered.error is None:
        try:
            return _store(db, config, gathered, now, prepared, lease)
        except StorageError:  # the database's, not the source's: stops the round
            raise
        except Exception as exc:
            gathered = gathered.failed(exc)
    source = gathered.source
    before = storage.health.get(db, source.name)
    update = decide.failed(source, now, before.failures if before else 0, gathered.error or "", gathered.retry_after)
    with transaction(db):
        storage.polls.finish(db, source.name, update, lease)
    delay = (update.next_poll - now).total_seconds()
    log.warning("poll source=%r outcome=failed retry_in=%ds error=%r", source.name, delay, gathered.error)
    metrics.observe_poll(source.name, "failed")
    return PollReport(source=source.name, ok=False, error=gathered.error, retry_in=delay,
                      unexpected=gathered.unexpected)  # fmt: skip


def _store(db: Database, config: Config, gathered: Gathered, now: datetime, prepared: Prepared | None,
           lease: str | None) -> PollReport:  # fmt: skip
    source = gathered.source
    if gathered.not_modified:
        with transaction(db):
            storage.polls.finish(db, source.name, decide.succeeded(source, now), lease)
        log.info("poll source=%r outcome=not_modified", source.name)
        metrics.observe_poll(source.name, "not_modified")
        return PollReport(source=source.name, ok=True, not_modified=True)
    extracted: dict[ItemText, list[Statement]] = {}  # a retry decides again, but need not extract again
    for attempt in range(1, ATTEMPTS + 1):
        try:
            report = _store_pages(db, config, gathered, now, prepared if attempt == 1 else None, lease, extracted)
            break
        except StaleRead as exc:
            if attempt == ATTEMPTS:
                raise
            log.info("poll source=%r outcome=retry reason=%r", source.name, str(exc))
    log.info(
        "poll source=%r outcome=ok items=%d new=%d changed=%d alerts=%d",
        source.name, report.items, report.new_items, report.revisions, len(report.alerts),
    )  # fmt: skip
    metrics.observe_poll(
        source.name, "ok", report.new_items, report.revisions, [str(a.draft.kind) for a in report.alerts]
    )
    for alert in report.alerts:
        d = alert.draft
        log.info("alert id=%d kind=%s claim=%s side=%r source=%r url=%s", alert.id, d.kind, d.claim, d.side, d.source,
                 d.url)  # fmt: skip
    return report


@dataclass
class Prepared:
    """The read and item decisions of one source, made ahead while earlier sources are stored
    (items belong to their source, so storing another source cannot change them)."""

    plan: decide.ItemPlan
    earlier: dict[int, EarlierText]
    texts: list[ItemText]
    extracting: Future[list[list[Statement]]] | None


def prepare(db: Database, gathered: Gathered, config: Config, workers: Workers | None = None) -> Prepared:
    source, pages = gathered.source, gathered.pages
    stored = storage.items.stored_view(db, source.name, (i.key for p in pages for i in p.items))  # read
    plan = decide.plan_items(pages, stored)  # decide: new, changed, seen
    earlier = storage.items.earlier_texts(db, [known.item_id for _, known, _ in plan.changed])  # read
    texts = decide.texts(source, plan)
    return Prepared(plan, earlier, texts, workers.extract(texts, config) if workers else None)


def _store_pages(db: Database, config: Config, gathered: Gathered, now: datetime,
                 prepared: Prepared | None = None, lease: str | None = None,
                 known: dict[ItemText, list[Statement]] | None = None) -> PollReport:  # fmt: skip
    """`known`: what earlier attempts extracted from each text (extraction is pure), filled here."""
    source, pages = gathered.source, gathered.pages
    ready = prepared or prepare(db, gathered, config)
    plan, earlier, texts = ready.plan, ready.earlier, ready.texts
    known = {} if known is None else known
    # Pure CPU work: done in a worker process when the round has a pool, else here.
    if ready.extracting:
        extracted = ready.extracting.result()
    else:
        extracted = [known[text] if text in known else extract(text, config) for text in texts]
    known.update(zip(texts, extracted, strict=True))
    items, revisions, statements = decide.count_ids(plan, extracted)
    first = (
        storage.sequences.reserve(db, {"items": items, "revisions": revisions, "statements": statements})
        if revisions or statements
        else {"items": 0, "revisions": 0, "statements": 0}
    )
    numbered = decide.number(
        plan, texts, extracted, decide.Ids(first["items"], first["revisions"], first["statements"])
    )
    retired_items = {r.item_id: r.revision_id for r in numbered.revisions if r.replaces is not None}
    retired = storage.statements.retired_pairs(db, list(retired_items))  # read
    histories: dict[tuple[str, str], PairHistory] = {}
    times: dict[int, str] = {}
    for pair, ask in decide.asks(numbered.statements, retired, now).items():  # read the slices they can change
        histories[pair], read_times = storage.statements.pair_history(
            db, ask.claim, ask.side, span=ask.span, series=list(ask.series), whole=ask.whole
        )
        times.update(read_times)
    drafts = decide.edits(source, plan, numbered, earlier)
    drafts += decide.claims(numbered.statements, histories, times, now, retired_items)
    deleted_ids: list[int] = []
    if source.kind is SourceKind.TELEGRAM:
        combined = Page(items=tuple(decide.page_items(pages)), complete=all(p.complete for p in pages))
        bounds = deleted.window(combined)
        if bounds is not None:
            posts = storage.items.posts_between(db, source.name, *bounds)  # read
            verdict = deleted.find(source.name, source.side, combined, posts, plan.new)
            drafts += verdict.drafts
            deleted_ids = verdict.deleted_item_ids
    intents = PollIntents(
        items=numbered.rows,
        revisions=numbered.revisions,
        statements=[
            StatementRow(s, tuple(number_change.series_key(f) for f in s.figures)) for s in numbered.statements
        ],
        retire=list(retired_items.items()),
        deleted=deleted_ids,
        drafts=drafts,
        pairs=[PairVersion(h.claim, h.side, h.version) for h in histories.values()],
    )
    update = decide.succeeded(source, now, etag=gathered.etag, last_modified=gathered.last_modified,
                              backfilled=True if gathered.paged_back else None)  # fmt: skip
    with transaction(db):  # BEGIN IMMEDIATE: writes only, waits for another writer, never BUSY
        alerts = storage.polls.persist(db, source.name, intents, update, now, lease)
    return PollReport(source=source.name, ok=True, items=plan.items, new_items=len(plan.new),
                      revisions=len(plan.changed), alerts=alerts)  # fmt: skip


def ensure_series_index(db: Database) -> None:
    """Rebuild the figure index if compare changed what a series key is."""
    if storage.statements.series_version(db) != number_change.SERIES_VERSION:
        storage.statements.reindex_series(db, number_change.SERIES_VERSION, number_change.series_key)


# ── many sources ───────────────────────────────────────────────────────────────────────────


def sync_sources(db: Database, sources: Sequence[Source]) -> None:
    """Record the sources as configured; one whose url or interval changed starts afresh."""
    with transaction(db):
        stored = storage.health.stored_settings(db, [s.name for s in sources])
        for source in sources:
            fresh = decide.new_start(source, stored.get(source.name))
            if fresh is not None:
                storage.health.start_afresh(db, source.name, forget_url=fresh.forget_url)
        storage.health.sync_sources(db, sources)


def poll_all(db: Database, config: Config, sources: Iterable[Source] | None = None, *,
             fetcher: Fetcher = fetch, clock: Callable[[], datetime] = utcnow,
             on_report: Callable[[PollReport], None] | None = None) -> list[PollReport]:  # fmt: skip
    """Poll sources once: fetch concurrently (settings.concurrency), store one at a time.

    `on_report` hears about each source as it is stored (progress for long first rounds).
    """
    chosen = list(config.sources if sources is None else sources)
    ensure_series_index(db)
    sync_sources(db, chosen)
    health = {h.name: h for h in storage.health.list_health(db)}
    newest = {s.name: storage.items.newest_post(db, s.name) for s in chosen if s.kind is SourceKind.TELEGRAM}
    reports: list[PollReport] = []
    workers = max(1, min(config.settings.concurrency, len(chosen)))
    cpu = Workers()
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            waiting = iter(chosen)
            futures: deque[Future[Gathered]] = deque()  # in config order, from the next one to store
            running: set[Future[Gathered]] = set()

            def fetch_ahead(stalled: bool) -> None:
                """Keep every fetch thread busy, but hold at most WINDOW gathered sources that wait
                to be stored (memory stays flat however many sources there are, since storing is
                the slower end), unless the next one to store is still being fetched: then go on
                fetching, so that slow sources wait for each other, not one after another."""
                running.difference_update([f for f in running if f.done()])
                while len(running) < workers and (stalled or len(futures) - len(running) < WINDOW):
                    source = next(waiting, None)
                    if source is None:
                        return
                    future = pool.submit(gather, source, config.settings, health.get(source.name),
                                         newest.get(source.name), fetcher, cpu)  # fmt: skip
                    futures.append(future)
                    running.add(future)

            fetch_ahead(stalled=False)
            ahead: dict[int, Prepared] = {}
            for n in range(len(chosen)):  # stored in config order, so alert evidence is the same every run
                while not futures[0].done():
                    wait(running, return_when=FIRST_COMPLETED)
                    fetch_ahead(stalled=True)
                gathered = futures[0].result()
                # Read and extract the next sources (those already fetched) while this one is stored.
                for k in range(1, min(LOOKAHEAD + 1, len(futures))):
                    if n + k not in ahead and futures[k].done():
                        later = futures[k].result()
                        if later.error is None and not later.not_modified and cpu.pooled:
                            with contextlib.suppress(Exception):  # store() meets any error again, on its source
                                ahead[n + k] = prepare(db, later, config, cpu)
                report = store(db, config, gathered, clock(), ahead.pop(n, None))
                futures.popleft()  # let go of what was stored: memory stays flat
                del gathered
                fetch_ahead(stalled=False)
                reports.append(report)
                if on_report is not None:
                    on_report(report)
    finally:
        cpu.close()
    return reports


LEASE = 60.0  # seconds a poller's lease on a source lasts unless renewed (env CLAIMWATCH_LEASE)
FORGET_POLLERS_AFTER = timedelta(days=1)  # heartbeats of pollers gone this long are dropped


def lease_seconds() -> float:
    """CLAIMWATCH_LEASE: how long a source stays leased to a poller that stopped renewing (a dead
    one): the longest another poller waits before taking its sources over."""
    raw = os.environ.get("CLAIMWATCH_LEASE", "").strip()
    if not raw:
        return LEASE
    try:
        from bot.config import parse_duration

        seconds = parse_duration(raw)
    except ValueError:
        seconds = 0
    if not 3 <= seconds <= 3600:
        raise SettingError(f"CLAIMWATCH_LEASE: {raw!r} is not a duration from 3s to 1h, like 60s or 2m")
    return seconds


class Poller:
    """Polls sources for `run`, sharing them with every other poller on the same database.

    `claim` leases the sources that are due (storage/leases.py) up to the free slots
    (settings.concurrency) and polls each in a worker thread with a database connection of its
    own; a finished poll frees its slot and claims again at once. `renew` keeps the leases of
    polls under way (and records the heartbeat `health` reads); `resync` makes the sources table
    match the config (feeds.yaml plus what admins added from chat). Each poll gives its lease
    back in the transaction that writes it, and its next poll is due one interval after it
    (bot/decide.py), so each source is polled on its interval by one poller at a time, whichever.
    `poll(name)` polls one source at once, outside the schedule (unless it is backing off).
    """

    def __init__(self, db_path: str, config_fn: Callable[[Database], Config], *,
                 on_alerts: Callable[[list[Alert]], None] | None = None, fetcher: Fetcher = fetch,
                 clock: Callable[[], datetime] = utcnow, role: str = "all", lease: float | None = None,
                 slots: int | None = None) -> None:  # fmt: skip
        self.db_path = db_path
        self.config_fn = config_fn  # feeds.yaml plus what admins added from chat
        self.on_alerts = on_alerts
        self.fetcher = fetcher
        self.clock = clock
        self.role = role
        self.lease = lease if lease is not None else lease_seconds()
        self.host = socket.gethostname()
        self.owner = f"{self.host}:{os.getpid()}:{secrets.token_hex(3)}"
        self.started = clock()
        self._slots = slots
        self._local = threading.local()
        # Fetches run in every slot at once; storing (read, extract, decide, write) one poll at a
        # time, as in `poll_all`: extraction holds the GIL anyway, and two polls of one process
        # deciding on the same claim's history at once would only send one back to decide again.
        self._storing = threading.Lock()
        self._running: set[str] = set()
        self._tasks: set[asyncio.Task[PollReport | None]] = set()
        self._threads: ThreadPoolExecutor | None = None
        self._claiming = False
        self._claim_again = False
        self._stopping = False
        self.held = 0  # leases held at the last renewal
        self.last_round: datetime | None = None

    def _db(self) -> Database:
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = open_db(self.db_path)
            ensure_series_index(db)
            self._local.db = db
        return db

    def config(self) -> Config:
        return self.config_fn(self._db())

    def sources(self) -> list[Source]:
        return list(self.config().sources)

    @property
    def slots(self) -> int:
        if self._slots is None:
            self._slots = self.config().settings.concurrency
        return self._slots

    async def _in_thread(self, fn: Callable[[], T]) -> T:
        if self._threads is None:  # a thread per slot, and one for claims, renewals and syncs
            self._threads = ThreadPoolExecutor(max_workers=self.slots + 1, thread_name_prefix="poll")
        return await asyncio.get_running_loop().run_in_executor(self._threads, fn)

    # ── the schedule (bot/schedule.py runs these) ──────────────────────────────────────────

    async def resync(self) -> None:
        """Make the sources table match the config: new sources become due, removed ones are
        no longer claimed (their health is kept)."""

        def run() -> None:
            db = self._db()
            wanted = {s.name for s in self.config().sources}
            sync_sources(db, self.config().sources)
            stored = storage.leases.configured(db)
            storage.leases.mark_configured(db, [n for n, on in stored.items() if n in wanted and not on], True)
            storage.leases.mark_configured(db, [n for n, on in stored.items() if n not in wanted and on], False)

        await self._in_thread(run)

    async def claim(self) -> int:
        """Start polls of the due sources nobody holds, as many as there are free slots;
        returns how many started."""
        if self._stopping:
            return 0
        if self._claiming:  # a claim is under way: it claims again when done
            self._claim_again = True
            return 0
        self._claiming = True
        started = 0
        try:
            while True:
                self._claim_again = False
                free = self.slots - len(self._running)
                if free > 0:
                    names = await self._in_thread(functools.partial(self._claim_sync, free))
                    for name in names:
                        self._start(name)
                    started += len(names)
                if not self._claim_again or self._stopping:
                    return started
        finally:
            self._claiming = False

    def _claim_sync(self, free: int) -> list[str]:
        now = self.clock()
        until = now + timedelta(seconds=self.lease)
        return storage.leases.claim(self._db(), self.owner, iso(now), iso(until), free)

    def _start(self, name: str) -> None:
        self._running.add(name)
        task = asyncio.create_task(self._poll(name, claimed=True))
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[PollReport | None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("poll failed", exc_info=task.exception())
        if self._stopping:
            return
        # A slot is free: claim at once rather than at the next tick (a first round, a burst).
        claiming = asyncio.get_running_loop().create_task(self.claim())
        self._tasks.add(claiming)  # type: ignore[arg-type]
        claiming.add_done_callback(self._tasks.discard)  # type: ignore[arg-type]

    async def renew(self) -> int:
        """Extend the leases of the polls under way and record this poller's heartbeat."""
        now = self.clock()

        def run() -> int:
            db = self._db()
            held = storage.leases.renew(db, self.owner, iso(now + timedelta(seconds=self.lease)))
            beat = storage.leases.Poller(self.owner, self.host, os.getpid(), self.role, iso(self.started), iso(now),
                                         held)  # fmt: skip
            storage.leases.heartbeat(db, beat, iso(now - FORGET_POLLERS_AFTER))
            return held

        self.held = await self._in_thread(run)
        return self.held

    async def stop(self, grace: float) -> None:
        """Let the polls under way finish (up to `grace` seconds), then give back every lease
        and the heartbeat: other pollers take the sources over at once."""
        self._stopping = True  # no new claims; the one under way, if any, ends with its polls
        await self.wait_idle(grace)
        try:
            await self._in_thread(lambda: storage.leases.release_all(self._db(), self.owner))
            await self._in_thread(lambda: storage.leases.forget(self._db(), self.owner))
        except StorageError as exc:  # the leases lapse by themselves
            log.warning("stopping: could not give the leases back: %s", exc)
        if self._threads is not None:
            self._threads.shutdown(wait=False)
            self._threads = None

    # ── polls ───────────────────────────────────────────────────────────────────────────────

    async def poll(self, name: str) -> PollReport | None:
        """Poll one source by name now; None when it is being polled (here or by another
        poller), is backing off after failures, or is no longer configured."""
        if name in self._running:
            return None
        self._running.add(name)
        return await self._poll(name, claimed=False)

    async def _poll(self, name: str, *, claimed: bool) -> PollReport | None:
        try:
            report = await self._in_thread(lambda: self._poll_sync(name, claimed))
        finally:
            self._running.discard(name)
        if report is not None and report.alerts and self.on_alerts is not None:
            self.on_alerts(report.alerts)
        return report

    async def wait_idle(self, timeout: float) -> None:
        """Wait (up to `timeout` seconds) until no poll is under way."""
        waited = 0.0
        while (self._running or self._claiming) and waited < timeout:
            await asyncio.sleep(0.1)
            waited += 0.1

    def _poll_sync(self, name: str, claimed: bool) -> PollReport | None:
        db = self._db()
        config = self.config_fn(db)
        source = config.source(name)
        if source is None:  # removed from the config since it was claimed
            if claimed:
                with contextlib.suppress(LeaseLost), transaction(db):
                    storage.leases.release(db, name, self.owner)
            return None
        sync_sources(db, [source])
        now = self.clock()
        if not claimed:
            health = storage.health.get(db, name)
            if health is not None and health.failures and health.next_poll and health.next_poll > iso(now):
                return None  # backing off after failures (or a server's Retry-After): not yet
            if not storage.leases.take(db, self.owner, name, iso(now), iso(now + timedelta(seconds=self.lease))):
                return None  # another poller is polling it
        try:
            health = storage.health.get(db, name)
            gathered = gather(source, config.settings, health, storage.items.newest_post(db, name), self.fetcher)
            with self._storing:
                report = store(db, config, gathered, self.clock(), lease=self.owner)
        except LeaseLost as exc:
            log.warning("poll source=%r outcome=lease_lost owner=%s: %s", name, self.owner, exc)
            return None
        except StaleRead as exc:  # other polls kept changing what this one read: it is claimed again
            with contextlib.suppress(Exception), transaction(db):
                storage.leases.release(db, name, self.owner)
            log.warning("poll source=%r outcome=contended attempts=%d: %s", name, ATTEMPTS, exc)
            return None
        except BaseException:
            with contextlib.suppress(Exception), transaction(db):  # another poller may try at once
                storage.leases.release(db, name, self.owner)
            raise
        self.last_round = self.clock()
        return report
