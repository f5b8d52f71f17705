"""Storage on a real SQLite file: items keep every revision, and recording is idempotent."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

import storage.health
import storage.items
import storage.statements
from bot.errors import StorageError
from bot.model import Source, SourceKind, Stance
from storage.db import open_db, schema_version
from storage.migrations import SCHEMA_VERSION
from tests.builders import day, make_item, make_statement
from tests.conftest import NOW

CHANNEL = Source(name="Ch", kind=SourceKind.TELEGRAM, url="https://t.me/s/ch", side="Gov")


def test_a_new_file_gets_the_whole_schema_and_reopening_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    db = open_db(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert {"items", "revisions", "statements", "alerts", "deliveries", "items_fts"} <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.conn.close()
    assert schema_version(open_db(path)) == SCHEMA_VERSION


def test_a_database_from_a_newer_claimwatch_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    db = open_db(path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('claimwatch', 'm999', 'x')")
    db.conn.close()
    with pytest.raises(StorageError, match="newer than this claimwatch"):
        open_db(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="cannot use the database"):
        open_db(path)


def test_new_items_get_a_first_revision(db: Database) -> None:
    recorded = storage.items.record(db, CHANNEL, [make_item("ch/1", "Hello", post_id=1)], NOW)
    assert recorded.new_items == 1 and recorded.changes == []
    (revision,) = recorded.revisions
    assert revision.text == "Hello" and revision.source_side == "Gov"
    assert db.execute("SELECT items FROM sources").fetchall() == []  # health rows come from sync_sources


def test_recording_the_same_page_again_stores_nothing_new(db: Database) -> None:
    page = [make_item("ch/1", "Hello", post_id=1, views=10), make_item("ch/2", "World", post_id=2)]
    storage.items.record(db, CHANNEL, page, NOW)
    again = storage.items.record(db, CHANNEL, [make_item("ch/1", "Hello ", post_id=1, views=99)], NOW)
    assert again.revisions == [] and again.changes == [] and again.new_items == 0
    assert db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 2
    assert db.execute("SELECT views FROM items WHERE key = 'ch/1'").fetchone()[0] == 99


def test_a_material_change_adds_a_revision_and_keeps_the_old_one(db: Database) -> None:
    storage.items.record(db, CHANNEL, [make_item("ch/1", "Hit a residential building", post_id=1)], NOW)
    later = NOW + timedelta(minutes=5)
    recorded = storage.items.record(db, CHANNEL, [make_item("ch/1", "Hit open ground", post_id=1)], later)
    (change,) = recorded.changes
    assert change.old.text == "Hit a residential building" and change.new.text == "Hit open ground"
    assert not change.revert
    texts = [r[0] for r in db.execute("SELECT text FROM revisions ORDER BY number")]
    assert texts == ["Hit a residential building", "Hit open ground"]


def test_going_back_to_an_earlier_text_is_a_revert(db: Database) -> None:
    for text in ("A", "B"):
        storage.items.record(db, CHANNEL, [make_item("ch/1", text, post_id=1)], NOW)
    (change,) = storage.items.record(db, CHANNEL, [make_item("ch/1", "A", post_id=1)], NOW).changes
    assert change.revert


def test_deletion_is_soft_and_a_returning_post_is_restored(db: Database) -> None:
    storage.items.record(db, CHANNEL, [make_item(f"ch/{n}", f"post {n}", post_id=n) for n in (1, 2, 3)], NOW)
    (middle,) = storage.items.posts_between(db, "Ch", 1, 3)
    storage.items.mark_deleted(db, [middle.item_id], NOW)
    assert storage.items.posts_between(db, "Ch", 1, 3) == []
    assert db.execute(
        "SELECT text FROM revisions r JOIN items i ON i.revision_id = r.id WHERE i.post_id = 2"
    ).fetchone()
    storage.items.record(db, CHANNEL, [make_item("ch/2", "post 2", post_id=2)], NOW)
    assert [p.post_id for p in storage.items.posts_between(db, "Ch", 1, 3)] == [2]


def test_full_text_search_finds_stored_words_and_treats_syntax_as_text(db: Database) -> None:
    storage.items.record(db, CHANNEL, [make_item("ch/1", "Войска отошли от Бахмута", post_id=1)], NOW)
    (hit,) = storage.items.search(db, "бахмут")
    assert hit.url == "https://example.org/ch/1" and "«" in hit.snippet
    assert storage.items.search(db, 'NEAR( OR "') == []


def _stored(db: Database, *statements):  # type: ignore[no-untyped-def]
    for s in statements:
        storage.items.record(db, CHANNEL, [make_item(f"k{s.item_id}", s.quote, post_id=s.item_id)], NOW)
    rows = {r[0]: (r[1], r[2]) for r in db.execute("SELECT key, id, revision_id FROM items")}
    fixed = []
    for s in statements:
        item_id, revision_id = rows[f"k{s.item_id}"]
        fixed.append(s.__class__(**{**s.__dict__, "item_id": item_id, "revision_id": revision_id, "id": None}))
    return storage.statements.add(db, fixed, NOW)


def test_history_is_in_order_of_publication_not_arrival(db: Database) -> None:
    late = make_statement(Stance.REFUTES, at=day(1), side="Gov")
    first = make_statement(Stance.SUPPORTS, at=day(3), side="Gov")
    _stored(db, first, late)
    assert [s.stance for s in storage.statements.history(db, "c", "Gov")] == [Stance.REFUTES, Stance.SUPPORTS]


def test_adding_the_same_statement_twice_keeps_one(db: Database) -> None:
    (s,) = _stored(db, make_statement(Stance.SUPPORTS, side="Gov"))
    again = storage.statements.add(db, [s], NOW)
    assert again[0].id == s.id
    assert db.execute("SELECT COUNT(*) FROM statements").fetchone()[0] == 1


def test_side_states_give_the_latest_decided_stance_and_figures(db: Database) -> None:
    _stored(
        db,
        make_statement(Stance.REFUTES, at=day(1), side="Gov", figures={"people|injured": 6}),
        make_statement(Stance.NEUTRAL, at=day(2), side="Gov", figures={"people|injured": 9}),
    )
    (state,) = storage.statements.side_states(db, "c")
    assert state.stance == "refutes" and state.figures[0]["value"] == 9


def test_failures_back_off_and_success_resets(db: Database) -> None:
    source = Source(name="W", kind=SourceKind.RSS, url="https://example.org/x", every=60)
    storage.health.sync_sources(db, [source])
    delays = [storage.health.record_error(db, source, NOW, "HTTP 500") for _ in range(4)]
    assert delays == [60, 120, 240, 480]
    assert storage.health.record_error(db, source, NOW, "HTTP 429", retry_after=5000) == 5000
    for _ in range(20):
        assert storage.health.record_error(db, source, NOW, "HTTP 500") <= storage.health.MAX_BACKOFF
    h = storage.health.get(db, "W")
    assert h is not None and h.failures == 25 and h.last_error == "HTTP 500"
    storage.health.record_ok(db, source, NOW, etag='"v1"')
    h = storage.health.get(db, "W")
    assert h is not None and h.failures == 0 and h.etag == '"v1"' and h.last_error == "HTTP 500"
    storage.health.record_ok(db, source, NOW, not_modified=True)
    assert storage.health.get(db, "W").etag == '"v1"'  # type: ignore[union-attr]


def test_connections_from_two_threads_do_not_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    a, b = open_db(path), open_db(path)
    with a.atomic():
        storage.items.record(a, CHANNEL, [make_item("ch/1", "x", post_id=1)], NOW)
    assert b.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 1
    assert isinstance(a.conn, sqlite3.Connection)
