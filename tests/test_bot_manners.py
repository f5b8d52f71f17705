"""The bot as a Telegram user meets it, through the real Application against the Bot API
stand-in: hints for what it does not understand, /subscriptions and /unmute, buttons under every
alert, a refused /track id, /status that keeps the operator's numbers to admins, /search titles
of channel posts, and /export for admins."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from telegram.ext import Application

import storage.alerts
import storage.deliveries
import storage.subscribers
import storage.tracked
from bot.app import build_application
from bot.config import load_config, with_chat_additions
from bot.model import AlertDraft, AlertKind, Fetched, Snapshot, Source, SourceKind
from bot.outbox import drain
from bot.sources.telegram import parse_channel
from tests.botapi import BOT_ID, TOKEN, FakeBotAPI, callback, command
from tests.builders import store_items
from tests.conftest import NOW
from tests.test_handlers import ADMIN, config, db_of, send
from tests.test_poll import channel

App = tuple[Application, FakeBotAPI]  # type: ignore[type-arg]
GROUP = {"chat_id": -100, "chat_type": "supergroup"}


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    with FakeBotAPI() as api:
        application = build_application(
            TOKEN, str(tmp_path / "cw.db"), config(tmp_path), base_url=api.base_url, admin_ids=frozenset({ADMIN})
        )
        async with application:
            yield application, api


def message(
    text: str, *, chat_id: int = 1001, chat_type: str = "private", reply_to_bot: bool = False
) -> dict[str, Any]:
    """A plain text message (no command entity), maybe a reply to one of the bot's messages."""
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    chat.update({"first_name": "Analyst"} if chat_type == "private" else {"title": "Desk"})
    body: dict[str, Any] = {"message_id": int(time.time() * 1000) % 1_000_000, "date": int(time.time()),
                            "chat": chat, "text": text, "from": {"id": 7, "is_bot": False, "first_name": "A"}}  # fmt: skip
    if reply_to_bot:
        body["reply_to_message"] = {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "an alert",
                                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "claimwatch"}}  # fmt: skip
    return {"message": body}


# ── what the bot does not understand ───────────────────────────────────────────────────────


async def test_an_unknown_command_in_private_gets_the_nearest_commands(app: App) -> None:
    application, api = app
    said = await send(application, api, command("/clams"))
    assert "I don't know /clams. Did you mean /claims" in said and "/help" in said
    assert "I don't know /frobnicate. /help lists what I can do." in await send(
        application, api, command("/frobnicate")
    )


async def test_plain_text_in_private_gets_a_hint(app: App) -> None:
    application, api = app
    said = await send(application, api, message("what happened at the bridge?"))
    assert "/claims" in said and "/search" in said and "/help" in said


async def test_in_a_group_the_bot_answers_only_when_addressed(app: App) -> None:
    application, api = app
    assert await send(application, api, message("morning all", chat_id=-100, chat_type="supergroup")) == ""
    assert await send(application, api, command("/frobnicate", user_id=7, **GROUP)) == ""  # type: ignore[arg-type]
    assert await send(application, api, command("/start@other_bot", user_id=7, **GROUP)) == ""  # type: ignore[arg-type]
    assert storage.subscribers.get(db_of(application), -100) is None
    addressed = await send(application, api, command("/frobnicate@claimwatch_test_bot", user_id=7, **GROUP))  # type: ignore[arg-type]
    assert "I don't know /frobnicate" in addressed
    mention = await send(application, api, message("@claimwatch_test_bot hi", chat_id=-100, chat_type="supergroup"))
    assert "I answer commands" in mention
    reply = await send(application, api, message("why?", chat_id=-100, chat_type="supergroup", reply_to_bot=True))
    assert "I answer commands" in reply


async def test_channel_posts_and_edits_get_no_hint(app: App) -> None:
    application, api = app
    post = {"channel_post": {"message_id": 5, "date": int(time.time()), "chat": {"id": -300, "type": "channel",
            "title": "C"}, "text": "news"}}  # fmt: skip
    assert await send(application, api, post) == ""
    edit = message("changed my mind")
    assert await send(application, api, {"edited_message": {**edit["message"], "edit_date": int(time.time())}}) == ""


# ── /subscriptions and /unmute ─────────────────────────────────────────────────────────────


async def test_subscriptions_say_what_a_chat_gets_and_unmute_ends_a_mute(app: App) -> None:
    application, api = app
    assert "This chat gets no alerts. /start" in await send(application, api, command("/subscriptions"))
    await send(application, api, command("/start"))
    await send(application, api, command("/mute bridge-hit 2h"))
    listed = await send(application, api, command("/subscriptions"))
    assert "This chat gets <b>every alert</b>." in listed
    assert "• <code>bridge-hit</code> until " in listed and "UTC" in listed
    assert "not muted here. Did you mean bridge-hit?" in await send(application, api, command("/unmute bridge-hot"))
    assert "<code>bridge-hit</code> is no longer muted" in await send(application, api, command("/unmute bridge-hit"))
    assert "Nothing is muted." in await send(application, api, command("/subscriptions"))
    assert "Usage: /unmute" in await send(application, api, command("/unmute"))
    assert "Nothing was muted." in await send(application, api, command("/unmute all"))


async def test_a_chat_subscribed_to_one_claim_sees_just_that(app: App) -> None:
    application, api = app
    await send(application, api, command("/subscribe bridge-hit", chat_id=9, user_id=9))
    listed = await send(application, api, command("/subscriptions", chat_id=9, user_id=9))
    assert "This chat gets alerts about <code>bridge-hit</code>." in listed


async def test_in_a_group_only_admins_unmute(app: App) -> None:
    application, api = app
    api.behaviour.admins[-100] = {8}
    await send(application, api, command("/start", user_id=8, **GROUP))  # type: ignore[arg-type]
    await send(application, api, command("/mute all 1d", user_id=8, **GROUP))  # type: ignore[arg-type]
    assert "Only this group's admins" in await send(application, api, command("/unmute all", user_id=7, **GROUP))  # type: ignore[arg-type]
    assert "• every alert until" in await send(application, api, command("/subscriptions", user_id=7, **GROUP))  # type: ignore[arg-type]
    assert "Every mute ended" in await send(application, api, command("/unmute all", user_id=8, **GROUP))  # type: ignore[arg-type]


# ── buttons under every alert ──────────────────────────────────────────────────────────────


def _drafts() -> list[AlertDraft]:
    before = Snapshot(text="The bridge is intact", stance="refutes", value=6, url="https://t.me/gov/1",
                      published="2024-05-01T10:00:00+00:00")  # fmt: skip
    after = Snapshot(text="The bridge was hit", stance="supports", value=9, url="https://t.me/gov/2",
                     published="2024-05-02T10:00:00+00:00")  # fmt: skip
    return [
        AlertDraft(AlertKind.STANCE_FLIP, "k1", before, after, "bridge-hit", "Gov", "Gov channel", after.url),
        AlertDraft(
            AlertKind.NUMBER_CHANGE,
            "k2",
            before,
            after,
            "bridge-hit",
            "Gov",
            "Gov channel",
            after.url,
            counted="people|injured",
        ),
        AlertDraft(
            AlertKind.EDITED,
            "k3",
            before,
            after,
            None,
            "Gov",
            "Gov channel",
            "https://t.me/gov/1",
            diff="The bridge [-is intact-] {+was hit+}",
        ),
        AlertDraft(AlertKind.DELETED, "k4", before, None, None, "Gov", "Gov channel", "https://t.me/gov/1"),
    ]


def _buttons(call: Any) -> list[tuple[str, str]]:
    rows = call.params["reply_markup"]["inline_keyboard"]
    return [(b["text"], b.get("callback_data") or b["url"]) for row in rows for b in row]


async def test_every_alert_has_its_buttons_and_mute_this_source_works(app: App) -> None:
    application, api = app
    db = db_of(application)
    await send(application, api, command("/start"))
    alerts = storage.alerts.raise_new(db, _drafts(), NOW)
    await drain(application.bot, db, lambda: NOW)
    sent = [c for c in api.sent() if "reply_markup" in c.params]
    assert [_buttons(c) for c in sent] == [
        [("📈 Timeline", "tl:bridge-hit"), ("🔕 Mute 24h", "mute:bridge-hit:24h"), ("↗ Open", "https://t.me/gov/2")],
        [("📈 Timeline", "tl:bridge-hit"), ("🔕 Mute 24h", "mute:bridge-hit:24h"), ("↗ Open", "https://t.me/gov/2")],
        [("🔕 Mute this source 24h", f"msrc:{alerts[2].id}:24h"), ("↗ Open", "https://t.me/gov/1")],
        [("🔕 Mute this source 24h", f"msrc:{alerts[3].id}:24h"), ("↗ Open", "https://t.me/gov/1")],
    ]
    said = await send(application, api, callback(f"msrc:{alerts[3].id}:24h"))
    assert "Muted alerts from Gov channel until" in said and "/unmute Gov channel" in said
    assert "alerts from Gov channel until" in await send(application, api, command("/subscriptions"))
    await send(application, api, command("/start", chat_id=2, user_id=2))
    (again,) = storage.alerts.raise_new(db, [AlertDraft(AlertKind.EDITED, "k5", None, None, None, "Gov",
                                                        "Gov channel", "https://t.me/gov/3", diff="x")], NOW)  # fmt: skip
    waiting = db.execute("SELECT chat_id FROM deliveries WHERE alert_id = ?", [again.id]).fetchall()
    assert [r[0] for r in waiting] == [2]  # the muting chat does not get it; the other does
    assert "Alerts from Gov channel are no longer muted" in await send(application, api, command("/unmute Gov channel"))


async def test_a_group_member_may_not_mute_a_source_for_the_group(app: App) -> None:
    application, api = app
    db = db_of(application)
    api.behaviour.admins[-100] = {8}
    await send(application, api, command("/start", user_id=8, **GROUP))  # type: ignore[arg-type]
    (alert,) = storage.alerts.raise_new(db, _drafts()[3:], NOW)
    await send(application, api, callback(f"msrc:{alert.id}:24h", chat_id=-100, user_id=7, chat_type="supergroup"))
    (answer,) = api.sent("answerCallbackQuery")
    assert answer.params["text"] == "Only this group's admins can mute its alerts"
    assert storage.subscribers.get(db, -100).muted_sources == {}  # type: ignore[union-attr]


# ── /track, /status, /search ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("/track bad id! text", "<code>bad id!</code> is not a valid id"),
        ("/track bad! text here", "<code>bad!</code> is not a valid id"),
        ("/track -x text here", "<code>-x</code> is not a valid id"),
        ("/track lonely", "Usage: /track"),
        ("/track ok-id it was in the | the, of", "Not tracked: match: every term is a common word"),
        ("/track ok-id It was in the", "has only common words"),
    ],
)
async def test_track_refuses_an_invalid_id_with_the_rule(app: App, text: str, said: str) -> None:
    application, api = app
    reply = await send(application, api, command(text, user_id=ADMIN))
    assert said in reply and "one word of at most 64 letters, digits" in reply
    state = application.bot_data.state
    assert len(with_chat_additions(state.config, *storage.tracked.chat_additions(db_of(application))).claims) == 1


async def test_track_says_what_it_tracks_and_how_to_stop(app: App) -> None:
    application, api = app
    said = await send(application, api, command("/track port-hit Odesa port was struck | Odesa, Одеса", user_id=ADMIN))
    assert "Tracking <code>port-hit</code>: Odesa port was struck (terms: Odesa, Одеса)" in said
    assert "/untrack port-hit stops it" in said


async def test_status_shows_the_subscriber_count_to_admins_only(app: App) -> None:
    application, api = app
    await send(application, api, command("/start"))
    assert "Subscribed chats" not in await send(application, api, command("/status"))
    assert "Subscribed chats: 1" in await send(application, api, command("/status", user_id=ADMIN))


async def test_search_shows_a_channel_post_s_first_words(app: App) -> None:
    application, api = app
    db = db_of(application)
    source = Source("Gov channel", SourceKind.TELEGRAM, "x", channel="gov_channel")
    html = channel({1: "The bridge is closed to traffic.\nFerries run.", 2: "Other."})
    page = parse_channel(Fetched("https://t.me/s/gov_channel", html.encode()), "gov_channel")
    store_items(db, source, list(page.items), NOW)
    said = await send(application, api, command("/search bridge"))
    assert ">The bridge is closed to traffic.</a>" in said and "· Gov channel ·" in said
    assert ">Gov channel</a>" not in said


# ── /export ────────────────────────────────────────────────────────────────────────────────


async def test_export_gives_admins_the_current_feeds_yaml(app: App, tmp_path: Path) -> None:
    application, api = app
    assert "only claimwatch's admins" in await send(application, api, command("/export"))
    assert "Usage: /export" in await send(application, api, command("/export all", user_id=ADMIN))
    assert api.sent("sendDocument") == []
    await send(application, api, command("/track port-hit Odesa port was struck | Odesa", user_id=ADMIN))
    await send(application, api, command("/addsource @ukr_channel Gov", user_id=ADMIN))
    await send(application, api, command("/export", user_id=ADMIN))
    (document,) = api.sent("sendDocument")
    assert document.params["document"]["file"] == "feeds.yaml"
    assert "1 and 1 added from chat" in document.params["caption"]
    text = document.params["document"]["content"].decode("utf-8")
    assert text.startswith("# Exported by claimwatch on ")
    (tmp_path / "exported.yaml").write_text(text, encoding="utf-8")
    exported = load_config(tmp_path / "exported.yaml")  # what an operator does with it: use it
    assert [c.id for c in exported.claims] == ["bridge-hit", "port-hit"]
    assert exported.claim("port-hit").match == ("Odesa",)  # type: ignore[union-attr]
    chan = exported.source("@ukr_channel")
    assert chan is not None and chan.channel == "ukr_channel" and chan.side == "Gov" and chan.trusted
    assert "url" not in yaml.safe_load(text)["sources"][1]  # a channel's url is its default


async def test_timeline_sends_a_phone_sized_chart_with_the_claim_s_alerts(app: App, tmp_path: Path) -> None:
    from bot.clock import iso
    from tests.builders import day
    from tests.test_handlers import _store_history

    application, api = app
    db = db_of(application)
    _store_history(db)
    flip = AlertDraft(AlertKind.STANCE_FLIP, "flip", Snapshot("a", "refutes", published=iso(day(1))),
                      Snapshot("b", "supports", published=iso(day(2))), "bridge-hit", "Gov", "Wire")  # fmt: skip
    storage.alerts.raise_new(db, [flip], NOW)
    await send(application, api, command("/timeline bridge-hit"))
    (photo,) = api.sent("sendPhoto")
    png = photo.params["photo"]["content"]
    (tmp_path / "timeline.png").write_bytes(png)  # what the user gets, to look at
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 900
