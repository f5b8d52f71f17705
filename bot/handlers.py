"""SHELL (Telegram). Command handlers: parse arguments, ask storage, render, reply.

Everyone: /start /stop /subscribe /unsubscribe /mute /unmute /subscriptions /claims /claim
/timeline /search /sources /status /help. Admins (TELEGRAM_ADMIN_IDS): /track /untrack
/addsource /removesource /export. In groups only the group's admins change its subscriptions;
in a forum the topic a command is sent from is the topic alerts go to. Bad arguments get a
usage line; an unknown claim id gets the nearest ids; an unknown command or plain text gets a
short hint in a private chat, and in a group only when it is addressed to the bot.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import re
import threading
import unicodedata
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import NetworkError, RetryAfter
from telegram.ext import CallbackContext, ContextTypes, ExtBot

import storage.alerts
import storage.deliveries
import storage.health
import storage.items
import storage.statements
import storage.subscribers
import storage.tracked
from bot import render
from bot.clock import iso, utcnow
from bot.config import CLAIM_ID, CLAIM_ID_RULE, claim_words_problem, dump_config, parse_duration, with_chat_additions
from bot.errors import FetchError
from bot.model import Claim, Config, Source, SourceKind
from bot.render import escape  # html.escape that also drops bidirectional controls
from bot.text import shorten
from storage.db import Database, open_db

log = logging.getLogger("claimwatch.bot")

P = ParamSpec("P")
T = TypeVar("T")

COMMANDS = [
    ("start", "subscribe this chat to every alert"),
    ("stop", "unsubscribe this chat"),
    ("subscribe", "<claim>|all: get alerts about a claim"),
    ("unsubscribe", "<claim>|all: stop alerts about a claim"),
    ("mute", "<claim>|all <duration>: silence a claim for a while (2h, 1d)"),
    ("unmute", "<claim>|<source>|all: end a mute"),
    ("subscriptions", "what this chat gets, and what is muted until when"),
    ("claims", "each claim and each side's current stance"),
    ("claim", "<id>: who said what when"),
    ("timeline", "<id>: a chart of the sides' stances and figures"),
    ("search", "<words>: search stored items"),
    ("sources", "sources and their health"),
    ("status", "polling, failing sources, pending deliveries"),
    ("help", "what this bot does"),
]
ADMIN_COMMANDS = [
    ("track", "<id> <text> [| term, term]: track a claim"),
    ("untrack", "<id>: stop tracking a claim added from chat"),
    ("addsource", "<url or @channel> [side]: poll a feed or public channel"),
    ("removesource", "<name>: stop polling a source added from chat"),
    ("export", "the current feeds.yaml, with what was added from chat, as a file"),
]
# A character no claim text starts a word with, but a mistyped id does ("/track bad id! text").
_NOT_TEXT = re.compile(r"[!?@#$%^&*=+<>~\\/|;{}\[\]]")
_CHANNEL = re.compile(r"^(?:@|https?://t\.me/(?:s/)?)([A-Za-z][A-Za-z0-9_]{3,63})/?$")


DB_THREADS = 4  # handlers' database calls run on these, never on the event loop


@dataclass
class BotState:
    """What every handler shares: `context.bot_data.state` (typed through ContextTypes).

    Every database call goes through `run`, on a few worker threads with a connection each: a
    long /search, or a poll holding SQLite's write lock, never stalls the event loop, so the
    bot keeps answering everyone else.
    """

    db_path: str
    config: Config
    admin_ids: frozenset[int] = frozenset()
    clock: Callable[[], datetime] = utcnow
    _threads: ThreadPoolExecutor | None = field(default=None, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _outbox_db: Database | None = field(default=None, repr=False)

    def _db(self) -> Database:
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = open_db(self.db_path)  # migrated once, safe to race (storage.db)
        return db

    async def run(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(db, *args, **kwargs)` on a database thread, awaited."""
        if self._threads is None:
            self._threads = ThreadPoolExecutor(max_workers=DB_THREADS, thread_name_prefix="claimwatch-db")

        def call() -> T:
            return fn(self._db(), *args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self._threads, call)

    @property
    def outbox_db(self) -> Database:
        """The outbox's own connection, used only from its database thread (`outbox.off_loop`)."""
        if self._outbox_db is None:
            self._outbox_db = open_db(self.db_path, migrate=False)
        return self._outbox_db

    async def current_config(self) -> Config:
        """feeds.yaml's config plus what admins added from chat (the same object while unchanged)."""
        claims, sources = await self.run(storage.tracked.chat_additions)
        return with_chat_additions(self.config, claims, sources)


class BotData:
    """`application.bot_data`, typed: the shared state, the poller, the outbox's drain lock."""

    def __init__(self) -> None:
        self.state: BotState | None = None
        self.poller: Any = None  # a bot.poll.Poller in role all (app.py runs it; handlers never poll)
        self.failures: dict[str, int] | None = None  # each source's failures at the last health look (app.py)
        self.drain_lock = asyncio.Lock()  # two drains would read the same rows


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
CONTEXT_TYPES = ContextTypes(bot_data=BotData)


def state_of(context: Context) -> BotState:
    state = context.bot_data.state
    assert state is not None, "build_application sets the state"
    return state


REPLY_MAX_WAIT = 5.0  # seconds a command reply may wait out flood control; updates queue behind it


async def reply(update: Update, text: str, *, html: bool = True) -> None:
    """Answer in the chat (and topic) the command came from, split to Telegram's limit.

    Under flood control a reply waits a few seconds once; a longer wait drops it (logged):
    unlike an alert, the user can simply ask again, and holding every other update is worse.
    """
    message = update.effective_message
    if message is None:
        return
    for chunk in render.fit(text, html=html):
        for attempt in range(2):
            try:
                await message.reply_text(
                    chunk,
                    parse_mode=ParseMode.HTML if html else None,
                    do_quote=False,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                break
            except RetryAfter as exc:
                wait = exc.retry_after.total_seconds() if isinstance(exc.retry_after, timedelta) else exc.retry_after
                if attempt or wait > REPLY_MAX_WAIT:
                    log.warning("reply chat=%s outcome=dropped flood_wait=%ss", message.chat_id, wait)
                    return
                await asyncio.sleep(wait)


def _where(update: Update) -> tuple[int, int, str, str | None]:
    chat = update.effective_chat
    message = update.effective_message
    assert chat is not None
    thread = message.message_thread_id if message is not None and message.is_topic_message else None
    return chat.id, thread or 0, str(chat.type), chat.title or chat.username


async def may_manage(update: Update, context: Context, *, tell: bool = True) -> bool:
    """Private chats and channels manage themselves; in groups only the group's admins (and
    claimwatch's) may. `tell` says so in the chat when refused."""
    chat = update.effective_chat
    user = update.effective_user
    message = update.effective_message
    if chat is None:
        return False
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        # An anonymous admin writes as the group itself; a linked channel writes as itself.
        allowed = message.sender_chat.id == chat.id
    elif user is None:
        allowed = False
    elif user.id in state_of(context).admin_ids:
        allowed = True
    else:
        member = await context.bot.get_chat_member(chat.id, user.id)
        allowed = member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
    if not allowed and tell:
        await reply(update, "Only this group's admins can change its subscriptions.")
    return allowed


def _is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in state_of(context).admin_ids


def _unknown_claim(claim_id: str, config: Config) -> str:
    ids = [c.id for c in config.claims]
    close = difflib.get_close_matches(claim_id, ids, n=3, cutoff=0.5)
    if close:
        return (
            f"No claim <code>{escape(claim_id)}</code>. Did you mean "
            + ", ".join(f"<code>{escape(c)}</code>" for c in close)
            + "?"
        )
    return f"No claim <code>{escape(claim_id)}</code>. /claims lists them."


# ── subscriptions ─────────────────────────────────────────────────────────────────────────


async def start(update: Update, context: Context) -> None:
    """Subscribe this chat (or topic) to every alert and say what it will get."""
    if not await may_manage(update, context):
        return
    state = state_of(context)
    chat_id, thread, kind, title = _where(update)
    await state.run(storage.subscribers.subscribe, chat_id, state.clock(), thread_id=thread, kind=kind, title=title)
    config = await state.current_config()
    await reply(
        update,
        "✅ Subscribed. You will get an alert the moment a side changes its story on a tracked claim: "
        "a stance flip, a changed figure, or an edited or deleted post.\n\n"
        f"Tracking {len(config.claims)} claims from {len(config.sources)} sources. "
        "/claims shows where each side stands; /help lists every command; /stop ends alerts.",
    )


async def stop(update: Update, context: Context) -> None:
    """Unsubscribe this chat (or topic) from everything."""
    if not await may_manage(update, context):
        return
    state = state_of(context)
    chat_id, thread, _, _ = _where(update)
    await state.run(storage.subscribers.unsubscribe, chat_id, thread_id=thread)
    await reply(update, "🔕 Unsubscribed. /start subscribes again.")


async def subscribe(update: Update, context: Context) -> None:
    """/subscribe <claim>|all"""
    args = context.args or []
    if len(args) != 1:
        await reply(update, "Usage: /subscribe &lt;claim id&gt; or /subscribe all")
        return
    if not await may_manage(update, context):
        return
    state = state_of(context)
    claim = "*" if args[0].lower() == "all" else args[0]
    config = await state.current_config()
    if claim != "*" and config.claim(claim) is None:
        await reply(update, _unknown_claim(claim, config))
        return
    chat_id, thread, kind, title = _where(update)
    new = await state.run(storage.subscribers.subscribe, chat_id, state.clock(), thread_id=thread, kind=kind, title=title,
                                        claim=claim)  # fmt: skip
    what = "every alert" if claim == "*" else f"alerts about <code>{escape(claim)}</code>"
    await reply(update, f"✅ Subscribed to {what}." if new else f"Already subscribed to {what}.")


async def unsubscribe(update: Update, context: Context) -> None:
    """/unsubscribe <claim>|all"""
    args = context.args or []
    if len(args) != 1:
        await reply(update, "Usage: /unsubscribe &lt;claim id&gt; or /unsubscribe all")
        return
    if not await may_manage(update, context):
        return
    state = state_of(context)
    chat_id, thread, _, _ = _where(update)
    claim = "*" if args[0].lower() == "all" else args[0]
    removed = await state.run(storage.subscribers.unsubscribe, chat_id, thread_id=thread, claim=claim)
    subscriber = await state.run(storage.subscribers.get, chat_id, thread)
    if subscriber is not None and subscriber.active and "*" in subscriber.claims:
        # A row for one claim may go, but '*' still brings it: say so rather than pretend.
        await reply(update, f"This chat gets every alert, <code>{escape(claim)}</code> included. "
                            f"/mute {escape(claim)} 30d silences it; /stop ends all alerts.")  # fmt: skip
    elif removed:
        await reply(update, "🔕 Unsubscribed" + ("." if claim == "*" else f" from <code>{escape(claim)}</code>."))
    else:
        await reply(update, f"This chat is not subscribed to <code>{escape(args[0])}</code>.")


MAX_MUTE = 366 * 86400.0  # seconds: a year (a longer mute is an unsubscribe, and overflows dates)


def mute_seconds(text: str) -> float:
    """A mute's duration in seconds, more than nothing and at most MAX_MUTE; ValueError otherwise."""
    seconds = parse_duration(text)
    if not 0 < seconds <= MAX_MUTE:
        raise ValueError(text)
    return seconds


async def mute(update: Update, context: Context) -> None:
    """/mute <claim>|all <duration>"""
    args = context.args or []
    try:
        if len(args) != 2:
            raise ValueError(args)
        seconds = mute_seconds(args[1])
    except ValueError:
        await reply(update, "Usage: /mute &lt;claim id&gt;|all &lt;duration up to 366d, e.g. 2h or 1d&gt;")
        return
    if not await may_manage(update, context):
        return
    await _mute(update, context, args[0], seconds)


async def _mute(update: Update, context: Context, claim_arg: str, seconds: float) -> None:
    state = state_of(context)
    claim = "*" if claim_arg.lower() in ("all", "*") else claim_arg
    config = await state.current_config()
    if claim != "*" and config.claim(claim) is None:
        await reply(update, _unknown_claim(claim, config))
        return
    chat_id, thread, _, _ = _where(update)
    until = state.clock() + timedelta(seconds=seconds)
    if await state.run(storage.subscribers.mute, chat_id, claim, until, state.clock(), thread_id=thread):
        what = "every alert" if claim == "*" else f"<code>{escape(claim)}</code>"
        await reply(update, f"🔕 Muted {what} until {escape(render.when(iso(until)))}.")
    else:
        await reply(update, "This chat is not subscribed to that. /subscribe first.")


async def unmute(update: Update, context: Context) -> None:
    """/unmute <claim>|<source>|all"""
    what = " ".join(context.args or []).strip()
    if not what or len(what) > 200:
        await reply(update, "Usage: /unmute &lt;claim id&gt;|&lt;source name&gt;|all (see /subscriptions)")
        return
    if not await may_manage(update, context):
        return
    state = state_of(context)
    chat_id, thread, _, _ = _where(update)
    subscriber = await state.run(storage.subscribers.get, chat_id, thread)
    muted = subscriber.muted if subscriber else {}
    muted_sources = subscriber.muted_sources if subscriber else {}
    if what.lower() in ("all", "*"):
        ended = await state.run(storage.subscribers.unmute, chat_id, thread_id=thread)
        said = "🔔 Every mute ended." if ended else "Nothing was muted."
    elif what in muted:
        await state.run(storage.subscribers.unmute, chat_id, thread_id=thread, claim=what)
        said = f"🔔 <code>{escape(what)}</code> is no longer muted."
    elif what in muted_sources:
        await state.run(storage.subscribers.unmute, chat_id, thread_id=thread, source=what)
        said = f"🔔 Alerts from {escape(what)} are no longer muted."
    else:
        names = [*muted, *muted_sources]
        close = difflib.get_close_matches(what, names, n=1, cutoff=0.5)
        hint = f" Did you mean {escape(close[0])}?" if close else " /subscriptions shows what is."
        said = f"{escape(what)} is not muted here.{hint}"
    await reply(update, said)


async def subscriptions(update: Update, context: Context) -> None:
    """What this chat (or topic) gets, and what is muted until when."""
    state = state_of(context)
    chat_id, thread, _, _ = _where(update)
    subscriber = await state.run(storage.subscribers.get, chat_id, thread)
    await reply(update, render.subscriptions_text(subscriber, iso(state.clock())))


# ── queries ───────────────────────────────────────────────────────────────────────────────


async def claims(update: Update, context: Context) -> None:
    """Each claim, each side's current stance and last figures."""
    state = state_of(context)
    config = await state.current_config()
    states = {c.id: await state.run(storage.statements.side_states, c.id) for c in config.claims}
    await reply(update, render.claims_overview(config.claims, states))


async def claim(update: Update, context: Context) -> None:
    """/claim <id>: who said what when, with links."""
    args = context.args or []
    if len(args) != 1:
        await reply(update, "Usage: /claim &lt;claim id&gt; (see /claims)")
        return
    state = state_of(context)
    config = await state.current_config()
    found = config.claim(args[0])
    if found is None:
        await reply(update, _unknown_claim(args[0], config))
        return
    statements = await state.run(storage.statements.timeline, found.id, limit=30)
    await reply(update, render.claim_timeline(found, statements))


async def timeline(update: Update, context: Context) -> None:
    """/timeline <id>: a chart of the sides' stances and figures, as a photo."""
    args = context.args or []
    if len(args) != 1:
        await reply(update, "Usage: /timeline &lt;claim id&gt;")
        return
    await _send_timeline(update, context, args[0])


async def _send_timeline(update: Update, context: Context, claim_id: str) -> None:
    state = state_of(context)
    config = await state.current_config()
    found = config.claim(claim_id)
    if found is None:
        await reply(update, _unknown_claim(claim_id, config))
        return
    statements = await state.run(storage.statements.timeline, found.id, limit=500)
    if not statements:
        await reply(update, f"No statements on <code>{escape(found.id)}</code> yet.")
        return
    alerts = await state.run(storage.alerts.list_alerts, claim=found.id, limit=50)
    from bot.chart import timeline_png  # matplotlib (and numpy) load on the first chart, not at start: flat memory

    png = await asyncio.to_thread(timeline_png, found.id, found.text, statements, alerts)
    chat_id, thread, _, _ = _where(update)
    await context.bot.send_photo(
        chat_id=chat_id,
        photo=png,
        caption=shorten(f"{found.id}: {found.text}", render.CAPTION_LIMIT // 2),  # plain text: no parse mode
        message_thread_id=thread or None,
    )


SEARCH_MAX = 200  # characters of a /search query


async def search(update: Update, context: Context) -> None:
    """/search <words>: full-text search over stored items."""
    words = " ".join(context.args or []).strip()
    if not words or len(words) > SEARCH_MAX or any(unicodedata.category(c) in ("Cc", "Cs") for c in words):
        await reply(update, f"Usage: /search &lt;words&gt; (plain words, at most {SEARCH_MAX} characters)")
        return
    hits = await state_of(context).run(storage.items.search, words, limit=10)
    await reply(update, render.search_hits(words, hits))


async def sources(update: Update, context: Context) -> None:
    """Sources and their health."""
    state = state_of(context)
    config = await state.current_config()
    health = {h.name: h for h in await state.run(storage.health.list_health)}
    await reply(update, render.sources_health(config.sources, health, state.clock()))


async def status(update: Update, context: Context) -> None:
    """Last poll, failing sources, pending deliveries."""
    state = state_of(context)
    config = await state.current_config()
    health = await state.run(storage.health.list_health, [s.name for s in config.sources])
    polls = [h.last_poll for h in health if h.last_poll]
    text = render.status_text(
        last_poll=max(polls) if polls else None,
        sources=len(config.sources),
        failing=[h.name for h in health if not h.healthy],
        claims=len(config.claims),
        pending=await state.run(storage.deliveries.pending_count),
        # How many chats use this bot is the operator's business, not every user's.
        subscribers=await state.run(storage.subscribers.active_count) if _is_admin(update, context) else None,
    )
    await reply(update, text)


async def help_command(update: Update, context: Context) -> None:
    """What this bot does, and its commands."""
    await reply(update, render.help_text(COMMANDS, ADMIN_COMMANDS if _is_admin(update, context) else ()))


# ── admin ─────────────────────────────────────────────────────────────────────────────────


def admin_only(handler: Callable[[Update, Context], Awaitable[None]]) -> Callable[..., Any]:
    async def guarded(update: Update, context: Context) -> None:
        if not _is_admin(update, context):
            await reply(update, "Sorry, only claimwatch's admins can change what is tracked.")
            return
        await handler(update, context)

    guarded.__doc__ = handler.__doc__
    guarded.__name__ = handler.__name__
    return guarded


@admin_only
async def track(update: Update, context: Context) -> None:
    """/track <id> <text> [| term, term]"""
    raw = (update.effective_message.text or "") if update.effective_message else ""
    body = raw.split(maxsplit=1)[1] if len(raw.split(maxsplit=1)) == 2 else ""
    head, _, terms = body.partition("|")
    parts = head.split(maxsplit=1)
    usage = f"Usage: /track &lt;id&gt; &lt;text&gt; [| term, term]\nThe id is {escape(CLAIM_ID_RULE)}."
    if len(parts) != 2:
        await reply(update, usage)
        return
    claim_id, text = parts[0], parts[1].strip()
    spilled = text.split()[0]
    if not CLAIM_ID.match(claim_id) or _NOT_TEXT.search(spilled):
        # The id is one word: "bad id! text" would otherwise track "bad" with the text "id! text".
        shown = claim_id if not CLAIM_ID.match(claim_id) else f"{claim_id} {spilled}"
        await reply(update, f"<code>{escape(shown)}</code> is not a valid id.\n{usage}")
        return
    state = state_of(context)
    if state.config.claim(claim_id) is not None:
        await reply(update, f"<code>{escape(claim_id)}</code> is defined in feeds.yaml; change it there.")
        return
    match = tuple(t.strip() for t in terms.split(",") if t.strip())
    claim = Claim(claim_id, text, match)
    problem = claim_words_problem(claim)
    if problem:
        await reply(update, f"Not tracked: {escape(problem)}.\n{usage}")
        return
    await state.run(storage.tracked.add_claim, claim, _user_id(update), state.clock())
    terms_said = f" (terms: {escape(', '.join(match))})" if match else ""
    await reply(
        update,
        f"✅ Tracking <code>{escape(claim_id)}</code>: {escape(text)}{terms_said}\n"
        f"/untrack {escape(claim_id)} stops it.",
    )


@admin_only
async def untrack(update: Update, context: Context) -> None:
    """/untrack <id>"""
    args = context.args or []
    if len(args) != 1:
        await reply(update, "Usage: /untrack &lt;id&gt;")
        return
    state = state_of(context)
    if await state.run(storage.tracked.remove_claim, args[0], state.clock()):
        await reply(update, f"Stopped tracking <code>{escape(args[0])}</code>.")
    elif state.config.claim(args[0]) is not None:
        await reply(update, f"<code>{escape(args[0])}</code> is defined in feeds.yaml; remove it there.")
    else:
        await reply(update, _unknown_claim(args[0], await state.current_config()))


@admin_only
async def addsource(update: Update, context: Context) -> None:
    """/addsource <url or @channel> [side]"""
    args = context.args or []
    if not args:
        await reply(update, "Usage: /addsource &lt;feed URL or @channel&gt; [side]")
        return
    state = state_of(context)
    config = await state.current_config()
    side = " ".join(args[1:]) or None
    if side is not None and side not in {s.name for s in config.sides}:
        names = ", ".join(s.name for s in config.sides) or "none"
        await reply(update, f"No side named {escape(side)}. Sides: {escape(names)}")
        return
    channel = _CHANNEL.match(args[0])
    if channel:
        name = f"@{channel.group(1)}"
        source = Source(name, SourceKind.TELEGRAM, f"https://t.me/s/{channel.group(1)}", side=side,
                        channel=channel.group(1), origin="chat")  # fmt: skip
    else:
        from bot.sources.fetch import check_public_url

        try:
            await asyncio.to_thread(check_public_url, args[0])
        except FetchError as exc:
            await reply(update, f"Cannot add that source: {escape(exc.message)}")
            return
        name = args[0]
        source = Source(name, SourceKind.RSS, args[0], side=side, origin="chat")
    if config.source(name) is not None:
        await reply(update, f"{escape(name)} is already a source.")
        return
    await state.run(storage.tracked.add_source, source, _user_id(update), state.clock())
    await reply(update, f"✅ Added {escape(name)}; it is polled every {int(source.every // 60)} minutes.")


@admin_only
async def removesource(update: Update, context: Context) -> None:
    """/removesource <name>"""
    name = " ".join(context.args or []).strip()
    if not name:
        await reply(update, "Usage: /removesource &lt;name&gt; (see /sources)")
        return
    state = state_of(context)
    if await state.run(storage.tracked.remove_source, name, state.clock()):
        await reply(update, f"Removed {escape(name)}.")
    elif state.config.source(name) is not None:
        await reply(update, f"{escape(name)} is defined in feeds.yaml; remove it there.")
    else:
        await reply(update, f"No source added from chat is named {escape(name)}.")


@admin_only
async def export(update: Update, context: Context) -> None:
    """/export: feeds.yaml with the claims and sources added from chat, as a file."""
    if context.args:
        await reply(update, "Usage: /export (no arguments): sends the current feeds.yaml as a file")
        return
    state = state_of(context)
    config = await state.current_config()
    added_claims = len(config.claims) - len(state.config.claims)
    added_sources = len(config.sources) - len(state.config.sources)
    header = (
        f"# Exported by claimwatch on {render.when(iso(state.clock()))}: {state.config.path} with "
        f"{render.plural(added_claims, 'claim')} and {render.plural(added_sources, 'source')} added from chat.\n"
    )
    chat_id, thread, _, _ = _where(update)
    await context.bot.send_document(
        chat_id=chat_id,
        document=(header + dump_config(config)).encode("utf-8"),
        filename="feeds.yaml",
        caption=(
            f"feeds.yaml: {render.plural(len(config.sources), 'source')}, {render.plural(len(config.claims), 'claim')}"
            f" ({added_sources} and {added_claims} added from chat). Replace the server's feeds.yaml with it"
            " to keep them in the file."
        ),
        message_thread_id=thread or None,
    )


def _user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None


# ── buttons and errors ────────────────────────────────────────────────────────────────────


async def button(update: Update, context: Context) -> None:
    """Inline buttons under alerts: "tl:<claim>" sends the timeline, "mute:<claim>:<duration>"
    mutes a claim, "msrc:<alert id>:<duration>" mutes the source of that alert."""
    query = update.callback_query
    if query is None or not query.data:
        return
    kind, _, rest = query.data.partition(":")
    if kind == "tl":
        await query.answer()
        await _send_timeline(update, context, rest)
    elif kind in ("mute", "msrc"):
        target, _, duration = rest.rpartition(":")
        try:
            seconds = mute_seconds(duration)
        except ValueError:
            await query.answer("Unknown button")
            return
        if not await may_manage(update, context, tell=False):
            await query.answer("Only this group's admins can mute its alerts", show_alert=True)
            return
        if kind == "mute":
            await query.answer(f"Muted {target} for {duration}")
            await _mute(update, context, target, seconds)
        else:
            await _mute_source(update, context, target, seconds)
    else:
        await query.answer("Unknown button")


async def _mute_source(update: Update, context: Context, alert_id: str, seconds: float) -> None:
    """Mute the source an alert came from (the button carries the alert's id: a source's name
    may be longer than a button's 64 bytes)."""
    query = update.callback_query
    assert query is not None
    state = state_of(context)
    alert = await state.run(storage.alerts.get_alert, int(alert_id)) if alert_id.isdigit() else None
    source = alert.draft.source if alert is not None else None
    if source is None:
        await query.answer("That alert is gone", show_alert=True)
        return
    chat_id, thread, _, _ = _where(update)
    until = state.clock() + timedelta(seconds=seconds)
    if not await state.run(storage.subscribers.mute_source, chat_id, source, until, thread_id=thread):
        await query.answer("This chat gets no alerts", show_alert=True)
        return
    await query.answer(f"Muted {source[:150]}")
    await reply(
        update,
        f"🔕 Muted alerts from {escape(source)} until {escape(render.when(iso(until)))}."
        f" /unmute {escape(source)} ends it.",
    )


def _addressed(update: Update, context: Context) -> bool:
    """Whether a message is for this bot: any message in a private chat; in a group, a command
    with this bot's @name, a mention of it, or a reply to one of its messages."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or chat.type == ChatType.CHANNEL:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    me = (context.bot.username or "").lower()
    text = (message.text or "").lower()
    word = text.split()[0] if text.split() else ""
    if me and (word.endswith(f"@{me}") or f"@{me}" in text.split()):
        return True
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == context.bot.id)


async def unknown_command(update: Update, context: Context) -> None:
    """A command this bot does not have: the nearest ones, and /help (quiet in groups unless
    addressed: the command may be another bot's)."""
    if not _addressed(update, context) or update.effective_message is None:
        return
    word = (update.effective_message.text or "/").split()[0]
    name = word[1:].split("@")[0].lower()
    known = [n for n, _ in COMMANDS] + ([n for n, _ in ADMIN_COMMANDS] if _is_admin(update, context) else [])
    close = difflib.get_close_matches(name, known, n=2, cutoff=0.6)
    hint = f"Did you mean {' or '.join('/' + c for c in close)}? " if close else ""
    await reply(update, f"I don't know /{escape(name[:64])}. {hint}/help lists what I can do.")


async def plain_text(update: Update, context: Context) -> None:
    """Plain text: say what the bot understands (in private chats, or when addressed in a group)."""
    if not _addressed(update, context):
        return
    await reply(
        update,
        "I answer commands: /claims shows where each side stands, /search &lt;words&gt; searches what I have"
        " read, /help lists the rest.",
    )


async def error_handler(update: object, context: Context) -> None:
    """Log every error a handler raised; tell the user something went wrong."""
    if update is None and isinstance(context.error, NetworkError):
        # Polling for updates failed: python-telegram-bot tries again with back-off by itself.
        log.warning("cannot reach the Bot API (%s); python-telegram-bot tries again", context.error)
        return
    log.error("handler failed for update %s", getattr(update, "update_id", None), exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text("Sorry, something went wrong; it has been logged.")
        except Exception:  # the error may be that we cannot reply at all
            pass


def bot_commands() -> list[BotCommand]:
    return [BotCommand(name, about[:256]) for name, about in COMMANDS]
