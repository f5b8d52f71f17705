"""One bad source never stops a round: hostile dates, absurd Retry-After values, JSON nested
a hundred thousand deep and errors nobody foresaw are recorded on that source, with back-off,
and every other source is still polled. Against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import bot.poll
import storage.health
from bot.cli import cli
from bot.clock import iso, parse_iso
from bot.config import parse_config
from bot.model import Config, Fetched, Page
from bot.poll import Poller, poll_all
from storage.db import Database, open_db
from tests.conftest import NOW
from tests.servers import FeedServer
from tests.test_poll import CHANNEL_PAGE, RSS, RSS_ITEM

SIX_HOURS = 6 * 3600


def post(number: int, when: str, text: str = "A report.") -> str:
    return (
        f'<div class="tgme_widget_message" data-post="gov_channel/{number}"><div class="tgme_widget_message_text">{text}</div>'
        f'<a class="tgme_widget_message_date"><time datetime="{when}">x</time></a></div>'
    )


def make_config(tmp_path: Path, sources: list[dict[str, Any]]) -> Config:
    return parse_config({"sources": sources}, str(tmp_path / "feeds.yaml"), base_dir=tmp_path)


def good_feed() -> bytes:
    item = RSS_ITEM.format(title="Fine", guid="g1", date="Thu, 11 May 2023 18:00:00 +0000", text="All fine.")
    return RSS.format(items=item).encode()


def hostile_round(server: FeedServer, tmp_path: Path) -> Config:
    """Every hostile source the issue reproduced, then one good source last."""
    page = CHANNEL_PAGE.format(
        posts=post(1, "9999-12-31T23:59:59-05:00") + post(2, "0001-01-01T00:00:00+05:00") + post(3, "2024-05-01T08:00")
    )
    server.route("/dates", body=page.encode())
    server.route("/deep.json", body=b"[" * 100_000 + b"]" * 100_000, headers={"Content-Type": "application/json"})
    server.route("/forever", status=429, headers={"Retry-After": "999999999999"})
    server.route("/year9999", status=503, headers={"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"})
    server.route("/inf", status=429, headers={"Retry-After": "inf"})
    server.route("/good.xml", body=good_feed())
    return make_config(
        tmp_path,
        [
            {"name": "Dates", "kind": "telegram", "channel": "gov_channel", "url": server.url("/dates")},
            {"name": "Deep", "kind": "rss", "url": server.url("/deep.json")},
            {"name": "Forever", "kind": "rss", "url": server.url("/forever")},
            {"name": "Year 9999", "kind": "rss", "url": server.url("/year9999")},
            {"name": "Infinite", "kind": "rss", "url": server.url("/inf")},
            {"name": "Good", "kind": "rss", "url": server.url("/good.xml")},
        ],
    )


def waits(db: Database, now: datetime) -> dict[str, float]:
    """Seconds until each failing source's next try."""
    return {
        h.name: (parse_iso(h.next_poll) - now).total_seconds()
        for h in storage.health.list_health(db)
        if h.failures and h.next_poll
    }


def test_hostile_sources_are_recorded_with_back_off_and_the_round_goes_on(
    db: Database, tmp_path: Path, feed_server: FeedServer
) -> None:
    config = hostile_round(feed_server, tmp_path)
    reports = {r.source: r for r in poll_all(db, config, clock=lambda: NOW)}
    assert list(reports) == ["Dates", "Deep", "Forever", "Year 9999", "Infinite", "Good"]
    # Posts dated past year 9999 or before year 1 (once in UTC) are kept, undated.
    assert reports["Dates"].ok and reports["Dates"].new_items == 3
    published = db.execute("SELECT post_id, published FROM items WHERE source = 'Dates' ORDER BY post_id").fetchall()
    assert published == [(1, None), (2, None), (3, "2024-05-01T08:00:00+00:00")]
    assert not reports["Deep"].ok and "nested too deep" in (reports["Deep"].error or "")
    assert reports["Good"].ok and reports["Good"].new_items == 1
    assert not any(r.unexpected for r in reports.values())
    # Every wait is capped at six hours, whatever the server asked for.
    assert waits(db, NOW) == {"Deep": 300, "Forever": SIX_HOURS, "Year 9999": SIX_HOURS, "Infinite": 300}


def test_back_off_doubles_to_the_cap_and_months_of_failures_never_overflow(
    db: Database, tmp_path: Path, feed_server: FeedServer
) -> None:
    config = make_config(tmp_path, [{"name": "Down", "kind": "rss", "url": feed_server.route("/x", status=500)}])
    seen = []
    for n in range(12):
        now = NOW + timedelta(days=n)
        (report,) = poll_all(db, config, clock=lambda now=now: now)  # type: ignore[misc]
        seen.append(report.retry_in)
    assert seen[:7] == [300, 600, 1200, 2400, 4800, 9600, 19200]
    assert seen[7:] == [SIX_HOURS] * 5
    # Two years of failures every six hours later, the next wait is still six hours.
    db.execute("UPDATE sources SET failures = 3000 WHERE name = 'Down'")
    (report,) = poll_all(db, config, clock=lambda: NOW)
    assert report.retry_in == SIX_HOURS and storage.health.get(db, "Down").failures == 3001  # type: ignore[union-attr]


def broken_parse(message: str) -> Callable[..., Page]:
    """A parser with a bug for one source: stands in for an error nobody foresaw."""
    real = bot.poll.parse

    def parse(kind: Any, fetched: Fetched, *, channel: str | None = None) -> Page:
        if fetched.url.endswith("/buggy.xml"):
            raise RuntimeError(message)
        return real(kind, fetched, channel=channel)

    return parse


def test_an_unexpected_error_is_recorded_on_its_source_and_logged(
    db: Database, tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    monkeypatch.setattr(bot.poll, "parse", broken_parse("boom"))
    config = make_config(
        tmp_path,
        [
            {"name": "Buggy", "kind": "rss", "url": feed_server.route("/buggy.xml", body=good_feed())},
            {"name": "Good", "kind": "rss", "url": feed_server.route("/good.xml", body=good_feed())},
        ],
    )
    buggy, good = poll_all(db, config, clock=lambda: NOW)
    assert not buggy.ok and buggy.unexpected and buggy.error == "unexpected error: RuntimeError: boom"
    assert good.ok and good.new_items == 1
    health = storage.health.get(db, "Buggy")
    assert health is not None and health.failures == 1 and health.last_error == buggy.error
    assert health.next_poll == iso(NOW + timedelta(seconds=300))
    logged = [r for r in caplog.records if r.exc_info and "outcome=unexpected_error" in r.getMessage()]
    assert len(logged) == 1 and repr(logged[0].exc_info[1]) == "RuntimeError('boom')"  # the traceback is logged


def test_an_error_while_storing_rolls_back_and_is_recorded(
    db: Database, tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(tmp_path, [{"name": "Wire", "kind": "rss", "url": feed_server.route("/w", body=good_feed())}])

    def failing_extract(*args: Any) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(bot.poll, "extract", failing_extract)
    (report,) = poll_all(db, config, clock=lambda: NOW)
    assert not report.ok and report.unexpected and "RecursionError" in (report.error or "")
    # Nothing of the half-done poll was kept: the items come in whole on the next poll.
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 0
    monkeypatch.undo()
    (report,) = poll_all(db, config, clock=lambda: NOW + timedelta(hours=1))
    assert report.ok and report.new_items == 1


def test_in_run_a_failing_source_is_recorded_and_waits_out_its_back_off(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.route("/forever", status=429, headers={"Retry-After": "999999999999"})
    config = make_config(tmp_path, [{"name": "Forever", "kind": "rss", "url": feed_server.url("/forever")}])
    clock = [NOW]
    poller = Poller(str(tmp_path / "cw.db"), lambda db: config, clock=lambda: clock[0])

    async def poll() -> object:
        return await poller.poll("Forever")

    first = asyncio.run(poll())
    assert first is not None and not first.ok  # type: ignore[attr-defined]
    db = open_db(tmp_path / "cw.db")
    health = storage.health.get(db, "Forever")
    assert health is not None and health.last_poll == iso(NOW) and health.failures == 1
    clock[0] = NOW + timedelta(hours=5)
    assert asyncio.run(poll()) is None  # still backing off: not fetched again
    clock[0] = NOW + timedelta(hours=6, seconds=1)
    assert asyncio.run(poll()) is not None
    assert len(feed_server.requests) == 2


def test_poll_once_exits_1_after_the_round_naming_sources_with_unexpected_errors(
    tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.poll, "parse", broken_parse("a bug"))
    (tmp_path / "feeds.yaml").write_text(
        "sources:\n"
        f"  - {{name: Buggy, kind: rss, url: '{feed_server.route('/buggy.xml', body=good_feed())}'}}\n"
        f"  - {{name: Missing, kind: rss, url: '{feed_server.url('/missing.xml')}'}}\n"
        f"  - {{name: Good, kind: rss, url: '{feed_server.route('/good.xml', body=good_feed())}'}}\n",
        encoding="utf-8",
    )
    args = ["--config", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "cw.db"), "poll", "--once"]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 1, done.output
    assert "polled 3 sources: 0 new alerts, 2 failed (Buggy, Missing)" in done.stdout
    assert "unexpected errors (see the log above) in: Buggy" in done.stderr
    assert "Missing: FAILED" in done.stderr and "HTTP 404" in done.stderr
    db = open_db(tmp_path / "cw.db")
    assert db.execute("SELECT COUNT(*) FROM items WHERE source = 'Good'").fetchone()[0] == 1


def test_poll_once_exits_0_when_sources_only_fail_to_fetch_or_parse(tmp_path: Path, feed_server: FeedServer) -> None:
    config = hostile_round(feed_server, tmp_path)
    lines = "".join(f"  - {{name: '{s.name}', kind: {s.kind}, url: '{s.url}'}}\n" for s in config.sources)
    (tmp_path / "feeds.yaml").write_text("sources:\n" + lines, encoding="utf-8")
    args = ["--config", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "cw.db"), "poll", "--once"]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    assert "4 failed (Deep, Forever, Year 9999, Infinite)" in done.stdout


def test_a_parse_error_message_is_kept_whole(db: Database, tmp_path: Path, feed_server: FeedServer) -> None:
    """Known errors keep their own message; only unexpected ones are labelled as such."""
    config = make_config(tmp_path, [{"name": "Html", "kind": "rss", "url": feed_server.route("/h", body=b"<html>")}])
    (report,) = poll_all(db, config, clock=lambda: NOW)
    assert not report.unexpected and report.error == f"{feed_server.url('/h')}: not a feed: got an HTML page"
