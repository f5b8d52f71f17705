"""Bot commands through the real Application, pointed (base_url) at FakeBotAPI on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

import storage.alerts
import storage.items
import storage.statements
import storage.subscribers
import storage.tracked
from bot.app import build_application
from bot.config import parse_config, with_chat_additions
from bot.model import Config, Source, SourceKind, Stance, Statement
from storage.db import open_db
from tests.botapi import TOKEN, FakeBotAPI, callback, command
from tests.builders import day, make_item, revision_of, store_items, store_statements
from tests.conftest import NOW

os.environ.setdefault("PTB_TIMEDELTA", "true")
ADMIN = 4242


def config(tmp_path: Path) -> Config:
    return parse_config(
        {
            "sides": [{"name": "Gov", "aliases": ["the governor"]}],
            "sources": [{"name": "Wire", "kind": "rss", "url": "wire.xml"}],
            "claims": [{"id": "bridge-hit", "text": "The river bridge was hit", "match": ["bridge"]}],
        },
        str(tmp_path / "feeds.yaml"),
        tmp_path,
    )


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[tuple[Application, FakeBotAPI]]:  # type: ignore[type-arg]
    with FakeBotAPI() as api:
        application = build_application(
            TOKEN, str(tmp_path / "cw.db"), config(tmp_path), base_url=api.base_url, admin_ids=frozenset({ADMIN})
        )
        async with application:
            yield application, api


async def send(app: Application, api: FakeBotAPI, update: dict[str, Any]) -> str:  # type: ignore[type-arg]
    """Process one update and return the text of the bot's reply."""
    before = len(api.sent())
    await app.process_update(Update.de_json({"update_id": 1, **update}, app.bot))
    replies = api.sent()[before:]
    return "\n".join(str(c.params.get("text", "")) for c in replies)


def db_of(app: Application) -> Any:  # type: ignore[type-arg]
    return open_db(app.bot_data.state.db_path)  # the test's own connection: the bot's live on its threads


async def test_start_subscribes_and_stop_unsubscribes(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    text = await send(application, api, command("/start", chat_id=5))
    assert "Subscribed" in text and "/help" in text
    sub = storage.subscribers.get(db_of(application), 5)
    assert sub is not None and sub.active and sub.claims == ("*",)
    assert "Unsubscribed" in await send(application, api, command("/stop", chat_id=5))
    assert storage.subscribers.get(db_of(application), 5).active is False  # type: ignore[union-attr]


async def test_subscribe_validates_its_argument_and_suggests_claims(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    assert "Usage: /subscribe" in await send(application, api, command("/subscribe"))
    assert "Did you mean <code>bridge-hit</code>" in await send(application, api, command("/subscribe bridge-hot"))
    assert "Subscribed to alerts about" in await send(application, api, command("/subscribe bridge-hit"))
    assert "Already subscribed" in await send(application, api, command("/subscribe bridge-hit"))
    assert "Unsubscribed from" in await send(application, api, command("/unsubscribe bridge-hit"))


async def test_mute_needs_a_duration(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    assert "Usage: /mute" in await send(application, api, command("/mute bridge-hit soon"))
    await send(application, api, command("/start"))
    assert "Muted <code>bridge-hit</code> until" in await send(application, api, command("/mute bridge-hit 2h"))


async def test_in_groups_only_admins_change_subscriptions(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    group = {"chat_id": -100, "chat_type": "supergroup"}
    text = await send(application, api, command("/start", user_id=7, **group))  # type: ignore[arg-type]
    assert "Only this group's admins" in text
    assert storage.subscribers.get(db_of(application), -100) is None
    api.behaviour.admins[-100] = {8}
    assert "Subscribed" in await send(application, api, command("/start", user_id=8, **group))  # type: ignore[arg-type]
    assert "bridge-hit" in await send(application, api, command("/claims", user_id=7, **group))  # type: ignore[arg-type]


async def test_a_forum_topic_gets_its_own_subscription(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    api.behaviour.admins[-200] = {9}
    await send(application, api, command("/start", chat_id=-200, user_id=9, chat_type="supergroup", thread_id=33))
    assert storage.subscribers.get(db_of(application), -200, 33) is not None
    assert api.sent()[-1].params["message_thread_id"] == 33  # the reply went to the topic


async def test_a_channel_can_be_an_alert_target(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    await send(application, api, command("/start", chat_id=-300, chat_type="channel"))
    assert storage.subscribers.get(db_of(application), -300).kind == "channel"  # type: ignore[union-attr]


def _store_history(db: Any) -> None:
    source = Source("Wire", SourceKind.RSS, "x")
    for n, (stance, figure) in enumerate([(Stance.REFUTES, 6.0), (Stance.SUPPORTS, 9.0)], 1):
        store_items(db, source, [make_item(f"k{n}", f"bridge {n}", at=day(n))], NOW)
        item_id, revision_id = revision_of(db, f"k{n}")
        statement = Statement(claim="bridge-hit", side="Gov", stance=stance, quote=f"<i>quote</i> {n}",
                              figures=(storage.statements.Figure(figure, "people|injured"),), source="Wire",
                              url=f"https://example.org/{n}", published=day(n), item_id=item_id,
                              revision_id=revision_id)  # fmt: skip
        store_statements(db, [statement], NOW)


async def test_claims_claim_and_timeline_show_the_history(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    _store_history(db_of(application))
    overview = await send(application, api, command("/claims"))
    assert "Gov: <b>supports</b>" in overview and "9 people injured" in overview
    story = await send(application, api, command("/claim bridge-hit"))
    assert story.index("refutes") < story.index("supports")
    assert "&lt;i&gt;quote&lt;/i&gt;" in story  # item text is escaped
    assert "Usage: /claim" in await send(application, api, command("/claim"))
    await send(application, api, command("/timeline bridge-hit"))
    (photo,) = api.sent("sendPhoto")
    assert photo.params["photo"]["bytes"] > 1000 and "bridge-hit" in photo.params["caption"]


async def test_search_sources_status_and_help(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    _store_history(db_of(application))
    assert "bridge" in await send(application, api, command("/search bridge"))
    assert "Nothing found" in await send(application, api, command("/search zeppelin"))
    assert "Wire" in await send(application, api, command("/sources"))
    assert "Pending deliveries: 0" in await send(application, api, command("/status"))
    text = await send(application, api, command("/help"))
    assert "/timeline" in text and "/track" not in text
    assert "/track" in await send(application, api, command("/help", user_id=ADMIN))


async def test_admin_commands_are_refused_to_others(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    for text in ("/track x y", "/untrack x", "/addsource @abcdef", "/removesource x"):
        assert "only claimwatch's admins" in await send(application, api, command(text))


async def test_admins_track_claims_and_add_sources_that_survive_restarts(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    reply = await send(application, api, command("/track port-hit Odesa port was struck | Odesa, Одес", user_id=ADMIN))
    assert "Tracking <code>port-hit</code>" in reply
    assert "Added @ukr_channel" in await send(application, api, command("/addsource @ukr_channel Gov", user_id=ADMIN))
    state = application.bot_data.state
    fresh = with_chat_additions(state.config, *storage.tracked.chat_additions(open_db(state.db_path)))
    assert fresh.claim("port-hit").match == ("Odesa", "Одес")  # type: ignore[union-attr]
    added = fresh.source("@ukr_channel")
    assert added is not None and added.kind is SourceKind.TELEGRAM and added.side == "Gov" and not added.trusted
    assert "Stopped tracking" in await send(application, api, command("/untrack port-hit", user_id=ADMIN))
    assert "defined in feeds.yaml" in await send(application, api, command("/untrack bridge-hit", user_id=ADMIN))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost/feed",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
        "http://10.0.0.5/rss",
        "file:///etc/passwd",
    ],
)
async def test_sources_added_from_chat_may_not_reach_the_servers_network(
    app: tuple[Application, FakeBotAPI],  # type: ignore[type-arg]
    url: str,
) -> None:
    application, api = app
    reply = await send(application, api, command(f"/addsource {url}", user_id=ADMIN))
    assert "Cannot add that source" in reply


async def test_buttons_under_alerts(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    _store_history(db_of(application))
    await send(application, api, command("/start"))
    await send(application, api, callback("mute:bridge-hit:24h"))
    assert any("Muted bridge-hit" in str(c.params.get("text")) for c in api.sent("answerCallbackQuery"))
    await send(application, api, callback("tl:bridge-hit"))
    assert len(api.sent("sendPhoto")) == 1


async def test_updates_arrive_by_long_polling_and_the_menu_is_set(tmp_path: Path) -> None:
    with FakeBotAPI() as api:
        application = build_application(TOKEN, str(tmp_path / "cw.db"), config(tmp_path), base_url=api.base_url)
        async with application:
            await application.post_init(application)  # type: ignore[misc]
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0, timeout=1)
            api.push(command("/start", chat_id=77))
            await asyncio.to_thread(api.wait_for, "sendMessage")
            await application.updater.stop()
            await application.stop()
    assert api.sent("setMyCommands")
    assert storage.subscribers.get(open_db(tmp_path / "cw.db"), 77) is not None


async def test_admins_hear_when_a_source_breaks_and_when_it_recovers(tmp_path: Path) -> None:
    from datetime import timedelta

    from bot.app import UNHEALTHY_AFTER, watch_health
    from bot.poll import Poller

    cfg = config(tmp_path)
    ticks = iter(range(1000))
    poller = Poller(str(tmp_path / "cw.db"), lambda db: cfg, clock=lambda: NOW + timedelta(hours=next(ticks)))
    with FakeBotAPI() as api:
        application = build_application(TOKEN, str(tmp_path / "cw.db"), cfg, base_url=api.base_url,
                                        admin_ids=frozenset({ADMIN}), poller=poller)  # fmt: skip
        async with application:
            await watch_health(application)  # the first look only takes note
            for _ in range(UNHEALTHY_AFTER + 1):  # wire.xml does not exist
                await poller.poll("Wire")
                await watch_health(application)  # the bot looks at the health the pollers record
            broken = [c for c in api.sent(chat_id=ADMIN) if "failed 3 times" in str(c.params.get("text"))]
            assert len(broken) == 1  # once, when it crossed the line
            (tmp_path / "wire.xml").write_text("<rss version='2.0'><channel><title>W</title></channel></rss>")
            await poller.poll("Wire")
            await watch_health(application)
            assert any("works again" in str(c.params.get("text")) for c in api.sent(chat_id=ADMIN))


GROUP: dict[str, Any] = {"chat_id": -100, "chat_type": "supergroup"}


async def test_every_subscription_change_in_a_group_needs_an_admin(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    api.behaviour.admins[-100] = {8}
    await send(application, api, command("/start", user_id=8, **GROUP))
    for text in ("/stop", "/subscribe bridge-hit", "/unsubscribe all", "/mute bridge-hit 2h", "/start"):
        assert "Only this group's admins" in await send(application, api, command(text, user_id=7, **GROUP))
    sub = storage.subscribers.get(db_of(application), -100)
    assert sub is not None and sub.active and sub.claims == ("*",) and sub.muted == {}
    await send(application, api, callback("mute:bridge-hit:24h", user_id=7, **GROUP))
    (answer,) = api.sent("answerCallbackQuery")
    assert "Only this group's admins" in answer.params["text"] and answer.params["show_alert"] is True
    assert storage.subscribers.get(db_of(application), -100).muted == {}  # type: ignore[union-attr]


async def test_an_anonymous_group_admin_may_subscribe_the_group(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    assert "Subscribed" in await send(application, api, command("/start", anonymous=True, **GROUP))
    assert storage.subscribers.get(db_of(application), -100) is not None
    assert not api.sent("getChatMember")  # no need to ask: only admins can write as the group


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("/subscribe a b", "Usage: /subscribe"),
        ("/unsubscribe", "Usage: /unsubscribe"),
        ("/mute", "Usage: /mute"),
        ("/mute bridge-hit -2h", "Usage: /mute"),
        ("/claim a b", "Usage: /claim"),
        ("/timeline", "Usage: /timeline"),
        ("/search", "Usage: /search"),
    ],
)
async def test_bad_arguments_get_a_usage_line(app: tuple[Application, FakeBotAPI], text: str, usage: str) -> None:  # type: ignore[type-arg]
    application, api = app
    assert usage in await send(application, api, command(text))


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("/track", "Usage: /track"),
        ("/track bad/id some text", "Usage: /track"),
        ("/track only-an-id", "Usage: /track"),
        ("/untrack", "Usage: /untrack"),
        ("/addsource", "Usage: /addsource"),
        ("/removesource", "Usage: /removesource"),
    ],
)
async def test_admin_commands_with_bad_arguments_get_a_usage_line(
    app: tuple[Application, FakeBotAPI],  # type: ignore[type-arg]
    text: str,
    usage: str,
) -> None:
    application, api = app
    assert usage in await send(application, api, command(text, user_id=ADMIN))


@pytest.mark.parametrize("text", ["/claim brige-hit", "/timeline bridge_hit", "/mute bridgehit 1d"])
async def test_an_unknown_claim_gets_a_suggestion(app: tuple[Application, FakeBotAPI], text: str) -> None:  # type: ignore[type-arg]
    application, api = app
    await send(application, api, command("/start"))
    assert "Did you mean <code>bridge-hit</code>" in await send(application, api, command(text))
    assert "/claims lists them" in await send(application, api, command("/claim zzzzzzz"))


async def test_unsubscribing_one_claim_while_getting_everything_says_so(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    await send(application, api, command("/start"))
    assert "gets every alert" in await send(application, api, command("/unsubscribe bridge-hit"))
    assert "Unsubscribed." in await send(application, api, command("/unsubscribe all"))


async def test_a_timeline_asked_in_a_forum_topic_goes_to_that_topic(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    _store_history(db_of(application))
    await send(application, api, command("/timeline bridge-hit", thread_id=44, **GROUP))
    (photo,) = api.sent("sendPhoto")
    assert photo.params["message_thread_id"] == 44 and photo.params["chat_id"] == -100
    assert "-100" not in str(api.sent("sendMessage"))  # a photo, not a text reply


async def test_sources_added_from_chat_can_be_removed_and_sides_are_checked(
    app: tuple[Application, FakeBotAPI],
) -> None:  # type: ignore[type-arg]
    application, api = app
    assert "No side named Nobody" in await send(application, api, command("/addsource @chan_one Nobody", user_id=ADMIN))
    assert "Added @chan_one" in await send(
        application, api, command("/addsource https://t.me/s/chan_one", user_id=ADMIN)
    )
    assert "already a source" in await send(application, api, command("/addsource @chan_one", user_id=ADMIN))
    assert "@chan_one" in await send(application, api, command("/sources"))
    assert "Removed @chan_one" in await send(application, api, command("/removesource @chan_one", user_id=ADMIN))
    assert "defined in feeds.yaml" in await send(application, api, command("/removesource Wire", user_id=ADMIN))
    assert "No source added from chat" in await send(application, api, command("/removesource nope", user_id=ADMIN))


async def test_a_long_reply_is_split_into_valid_messages(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    db = db_of(application)
    for n in range(60):
        await send(application, api, command(f"/track claim-{n} {'a long claim text ' * 12}", user_id=ADMIN))
    before = len(api.sent())
    await application.process_update(Update.de_json({"update_id": 1, **command("/claims")}, application.bot))
    replies = api.sent()[before:]
    assert len(replies) > 1
    assert all(len(str(r.params["text"])) <= 4096 for r in replies)
    merged = with_chat_additions(application.bot_data.state.config, *storage.tracked.chat_additions(db))
    assert merged.claim("claim-59") is not None


async def test_a_reply_waits_out_a_short_flood_wait_and_drops_a_long_one(app: tuple[Application, FakeBotAPI]) -> None:  # type: ignore[type-arg]
    application, api = app
    api.behaviour.flood, api.behaviour.retry_after = 1, 1
    assert "Subscribed" in await send(application, api, command("/start"))  # after one second
    api.behaviour.flood, api.behaviour.retry_after = 5, 3600
    assert await send(application, api, command("/status")) == ""  # dropped, not retried for an hour
    assert not [c for c in api.calls if "something went wrong" in str(c.params.get("text"))]


async def test_another_user_is_answered_while_a_long_search_runs(
    app: tuple[Application, FakeBotAPI],
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[type-arg]
) -> None:
    """Every database call of a handler runs on a database thread, never on the event loop."""
    import threading

    application, api = app
    release = threading.Event()
    real = storage.items.search

    def slow_search(db: Any, words: str, limit: int = 10) -> Any:
        release.wait(30)  # a search over a huge database, holding its thread
        return real(db, words, limit)

    monkeypatch.setattr(storage.items, "search", slow_search)
    searching = asyncio.create_task(send(application, api, command("/search bridge", chat_id=1)))
    await asyncio.sleep(0.1)
    overview = await send(application, api, command("/claims", chat_id=2))  # reads the database too
    assert "bridge-hit" in overview and not searching.done()
    release.set()
    assert "bridge" in await searching
