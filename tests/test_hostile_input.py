"""Hostile arguments to every bot command, through the real Application and FakeBotAPI: each
gets an answer (a usage line, a refusal, a result), never the generic error reply, and nothing
is logged as a handler failure. Text shown to users carries no bidirectional controls."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram.ext import Application

import storage.alerts
import storage.subscribers
from bot.handlers import ADMIN_COMMANDS, COMMANDS
from bot.model import AlertDraft, AlertKind, Fetched, Snapshot, SourceKind
from bot.render import console_text, telegram_html
from bot.sources import parse
from tests.botapi import FakeBotAPI, command
from tests.conftest import NOW
from tests.test_handlers import ADMIN, app, db_of, send  # noqa: F401  (app is a fixture)

HOSTILE = [
    "\x00",
    "bridge-hit \x00",
    "a\x00b c",
    "bridge-hit 99999999999999d",
    "all 99999999999999999999999999999999999999999999999999999999999999999999999999999999d",
    "bridge-hit 0.0000001s",
    "x" * 4000,
    "\u202eevil\u202c bridge",
    "<b>bold</b> &amp; </code>",
    "http://[::1",
    "http://a\x00b/feed",
    "https://" + "a" * 300 + ".example/feed",
    "@" + "c" * 200,
    "bridge-hit | , , ,",
]
EVERY_COMMAND = [name for name, _ in COMMANDS + ADMIN_COMMANDS]


@pytest.mark.parametrize("name", EVERY_COMMAND)
async def test_hostile_arguments_get_an_answer_not_an_error(
    app: tuple[Application, FakeBotAPI],  # type: ignore[type-arg]  # noqa: F811
    name: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    application, api = app
    await send(application, api, command("/start", user_id=ADMIN, chat_id=ADMIN))
    for argument in HOSTILE:
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            reply = await send(application, api, command(f"/{name} {argument}", user_id=ADMIN, chat_id=ADMIN))
        assert reply, f"/{name} {argument!r}: no reply"
        assert "something went wrong" not in reply, f"/{name} {argument!r}"
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], f"/{name} {argument!r}"
        assert "\u202e" not in reply


@pytest.mark.parametrize(
    ("text", "usage"),
    [("/search a\x00b", "Usage: /search"), ("/search " + "w" * 201, "Usage: /search"),
     ("/mute bridge-hit 99999999999999d", "Usage: /mute"), ("/mute all 367d", "Usage: /mute")],
)  # fmt: skip
async def test_a_nul_or_an_endless_mute_gets_the_usage_line(
    app: tuple[Application, FakeBotAPI],  # type: ignore[type-arg]  # noqa: F811
    text: str,
    usage: str,
) -> None:
    application, api = app
    await send(application, api, command("/start"))
    assert usage in await send(application, api, command(text))
    assert "Muted" in await send(application, api, command("/mute bridge-hit 366d"))


async def test_a_forged_mute_button_with_an_endless_duration_is_refused(
    app: tuple[Application, FakeBotAPI],  # type: ignore[type-arg]  # noqa: F811
) -> None:
    from telegram import Update

    from tests.botapi import callback

    application, api = app
    await send(application, api, command("/start"))
    before = len(api.sent("answerCallbackQuery"))
    await application.process_update(Update.de_json({"update_id": 9, **callback("mute:bridge-hit:99999999999999d")},
                                                    application.bot))  # fmt: skip
    answers = api.sent("answerCallbackQuery")[before:]
    assert [a.params.get("text") for a in answers] == ["Unknown button"]


def bidi_alert(**overrides: Any) -> AlertDraft:
    evil = "Troops \u202eretreated\u202c \u2066near\u2069 the bridge"
    fields: dict[str, Any] = {
        "kind": AlertKind.STANCE_FLIP, "key": "bidi", "claim": "bridge-hit", "side": "Gov\u202e",
        "source": "Wire\u202d", "url": "https://example.org/\u202ea",
        "before": Snapshot(text=evil, stance="refutes", url="https://example.org/\u2067b"),
        "after": Snapshot(text=evil, stance="supports"),
    }  # fmt: skip
    fields.update(overrides)
    return AlertDraft(**fields)


@pytest.mark.parametrize("kind", list(AlertKind))
def test_bidirectional_controls_never_reach_an_alert(db: Any, kind: AlertKind) -> None:
    storage.subscribers.subscribe(db, 1, NOW)
    extra = {"diff": "[-\u202eold-] {+\u2068new+}"} if kind is AlertKind.EDITED else {}
    (alert,) = storage.alerts.raise_new(db, [bidi_alert(kind=kind, key=str(kind), **extra)], NOW)
    for shown in (telegram_html(alert), console_text(alert)):
        assert not set(shown) & BIDI, shown
    if kind is not AlertKind.EDITED:  # the words stay; only the controls go
        assert "Troops retreated near the bridge" in console_text(alert)


BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_bidirectional_controls_are_stripped_from_what_sources_give() -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire\u202e</title><item>'
        "<title>Bridge \u202eintact\u202c</title><link>https://wire.example/\u2066a</link><guid>g\u202e1</guid>"
        "<author>Gov \u2067spokesman</author><description>The bridge is \u202eintact\u202c.</description>"
        "</item></channel></rss>"
    )
    page = parse(SourceKind.RSS, Fetched(url="https://wire.example/rss", body=rss.encode()))
    (item,) = page.items
    shown = [page.title, item.title, item.text, item.url, item.author]
    assert shown == ["Wire", "Bridge intact", "The bridge is intact.", "https://wire.example/a", "Gov spokesman"]
    assert item.key == "g\u202e1"  # identity is left as the source gave it: it is never shown
    channel = (
        '<section class="tgme_channel_history"><div class="tgme_widget_message" data-post="gov_channel/1">'
        '<div class="tgme_widget_message_text">Troops \u202eretreated\u202c</div></div></section>'
    )
    (post,) = parse(SourceKind.TELEGRAM, Fetched(url="https://t.me/s/gov_channel", body=channel.encode())).items
    assert not set(post.text) & BIDI and post.text == "Troops retreated"
