"""Storage on both engines (a real SQLite file, a real PostgreSQL server): items keep every
revision, and recording is idempotent."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

import storage.health
import storage.items
import storage.sequences
import storage.statements
from bot import decide
from bot.errors import StaleRead, StorageError
from bot.model import Source, SourceKind, Stance
from storage.db import Database, open_db, schema_version, transaction
from storage.migrations import MIGRATIONS, SCHEMA_VERSION, TABLE, applied
from tests.builders import day, make_item, make_statement, revision_of, store_items, store_statements
from tests.conftest import NOW


@pytest.fixture
def db(engine_db: Database) -> Database:
    """Every test here runs on SQLite and on PostgreSQL."""
    return engine_db


CHANNEL = Source(name="Ch", kind=SourceKind.TELEGRAM, url="https://t.me/s/ch", side="Gov")


def test_a_new_database_gets_the_whole_schema_and_reopening_changes_nothing(db: Database) -> None:
    assert schema_version(db) == SCHEMA_VERSION
    assert {"items", "revisions", "statements", "alerts", "deliveries", "sequences"} <= set(db.table_names())
    again = open_db(db.target)
    assert applied(again) == [m.name for m in MIGRATIONS]
    again.close()


def test_a_new_file_is_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    db = open_db(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert {"items", "revisions", "statements", "alerts", "deliveries", "items_fts"} <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()
    assert schema_version(open_db(path)) == SCHEMA_VERSION


def test_a_database_from_a_newer_claimwatch_is_refused(db: Database) -> None:
    db.execute(f"INSERT INTO {TABLE[db.engine]} (migration_set, name, applied_at) VALUES ('claimwatch', 'm999', 'x')")
    with pytest.raises(StorageError, match="newer than this claimwatch"):
        open_db(db.target)
    with pytest.raises(StorageError, match="newer than this claimwatch"):
        open_db(db.target, readonly=True)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="cannot use the database"):
        open_db(path)


def test_new_items_get_a_first_revision(db: Database) -> None:
    report = store_items(db, CHANNEL, [make_item("ch/1", "Hello", post_id=1)], NOW)
    assert report.new_items == 1 and report.revisions == 0
    assert db.execute("SELECT number, text FROM revisions").fetchall() == [(1, "Hello")]
    assert db.execute("SELECT items FROM sources").fetchall() == []  # health rows come from sync_sources


def test_recording_the_same_page_again_stores_nothing_new(db: Database) -> None:
    page = [make_item("ch/1", "Hello", post_id=1, views=10), make_item("ch/2", "World", post_id=2)]
    store_items(db, CHANNEL, page, NOW)
    again = store_items(db, CHANNEL, [make_item("ch/1", "Hello ", post_id=1, views=99)], NOW)
    assert again.new_items == 0 and again.revisions == 0
    assert db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 2
    assert db.execute("SELECT views FROM items WHERE key = 'ch/1'").fetchone()[0] == 99


def test_a_material_change_adds_a_revision_and_keeps_the_old_one(db: Database) -> None:
    store_items(db, CHANNEL, [make_item("ch/1", "Hit a residential building", post_id=1)], NOW)
    later = NOW + timedelta(minutes=5)
    report = store_items(db, CHANNEL, [make_item("ch/1", "Hit open ground", post_id=1)], later)
    assert report.revisions == 1
    (alert,) = report.alerts  # a sided channel's word matters
    assert alert.draft.before.text == "Hit a residential building"  # type: ignore[union-attr]
    assert alert.draft.after.text == "Hit open ground"  # type: ignore[union-attr]
    texts = [r[0] for r in db.execute("SELECT text FROM revisions ORDER BY number")]
    assert texts == ["Hit a residential building", "Hit open ground"]


def test_going_back_to_an_earlier_text_is_a_revert_and_raises_nothing(db: Database) -> None:
    for text in ("A", "B"):
        store_items(db, CHANNEL, [make_item("ch/1", text, post_id=1)], NOW)
    report = store_items(db, CHANNEL, [make_item("ch/1", "A", post_id=1)], NOW)
    assert report.revisions == 1 and report.alerts == []
    assert db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 3


def test_deletion_is_soft_and_a_returning_post_is_restored(db: Database) -> None:
    store_items(db, CHANNEL, [make_item(f"ch/{n}", f"post {n}", post_id=n) for n in (1, 2, 3)], NOW)
    (middle,) = storage.items.posts_between(db, "Ch", 1, 3)
    storage.items.mark_deleted(db, [middle.item_id], NOW)
    assert storage.items.posts_between(db, "Ch", 1, 3) == []
    assert db.execute(
        "SELECT text FROM revisions r JOIN items i ON i.revision_id = r.id WHERE i.post_id = 2"
    ).fetchone()
    store_items(db, CHANNEL, [make_item("ch/2", "post 2", post_id=2)], NOW)
    assert [p.post_id for p in storage.items.posts_between(db, "Ch", 1, 3)] == [2]


def test_full_text_search_finds_stored_words_and_treats_syntax_as_text(db: Database) -> None:
    store_items(db, CHANNEL, [make_item("ch/1", "Войска отошли от Бахмута", post_id=1)], NOW)
    (hit,) = storage.items.search(db, "бахмут")
    assert hit.url == "https://example.org/ch/1" and "«" in hit.snippet
    assert storage.items.search(db, 'NEAR( OR "') == []
    for hostile in ("a & b | !c", "it's", "back\\slash", ":*", "(", "''", "*", "ёлка", "бахмут:*"):
        storage.items.search(db, hostile)  # query syntax of either engine is only text: no error
    assert [h.url for h in storage.items.search(db, "Войска отошли")] == ["https://example.org/ch/1"]


def _stored(db: Database, *statements):  # type: ignore[no-untyped-def]
    for s in statements:
        store_items(db, CHANNEL, [make_item(f"k{s.item_id}", s.quote, post_id=s.item_id)], NOW)
    fixed = []
    for s in statements:
        item_id, revision_id = revision_of(db, f"k{s.item_id}")
        fixed.append(replace(s, item_id=item_id, revision_id=revision_id, id=None))
    return store_statements(db, fixed, NOW)


def test_history_is_in_order_of_publication_not_arrival(db: Database) -> None:
    late = make_statement(Stance.REFUTES, at=day(1), side="Gov")
    first = make_statement(Stance.SUPPORTS, at=day(3), side="Gov")
    _stored(db, first, late)
    assert [s.stance for s in storage.statements.history(db, "c", "Gov")] == [Stance.REFUTES, Stance.SUPPORTS]


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
    failures = 0
    delays = []
    for _ in range(4):
        update = decide.failed(source, NOW, failures, "HTTP 500", None)
        storage.health.record(db, "W", update)
        failures = update.failures
        delays.append((update.next_poll - NOW).total_seconds())
    assert delays == [60, 120, 240, 480]
    assert decide.backoff(60, 4, retry_after=5000) == (5, 5000)
    assert all(decide.backoff(60, n)[1] <= decide.MAX_BACKOFF for n in range(40))
    h = storage.health.get(db, "W")
    assert h is not None and h.failures == 4 and h.last_error == "HTTP 500"
    storage.health.record(db, "W", decide.succeeded(source, NOW, etag='"v1"'))
    h = storage.health.get(db, "W")
    assert h is not None and h.failures == 0 and h.etag == '"v1"' and h.last_error == "HTTP 500"
    storage.health.record(db, "W", decide.succeeded(source, NOW))
    assert storage.health.get(db, "W").etag == '"v1"'  # type: ignore[union-attr]


def test_ids_handed_out_ahead_never_clash_with_rows_written_without_them(db: Database) -> None:
    store_items(db, CHANNEL, [make_item("ch/1", "x", post_id=1)], NOW)
    db.execute("INSERT INTO items (id, source, key, first_seen, last_seen) VALUES (50, 'Ch', 'bulk', 'x', 'x')")
    first = storage.sequences.reserve(db, {"items": 3})["items"]
    again = storage.sequences.reserve(db, {"items": 1})["items"]
    assert first == 51 and again == 54
    with pytest.raises(ValueError):
        storage.sequences.reserve(db, {"alerts": 1})


def test_a_second_connection_sees_what_the_first_committed(db: Database) -> None:
    other = open_db(db.target)
    store_items(db, CHANNEL, [make_item("ch/1", "x", post_id=1)], NOW)
    assert other.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 1
    other.close()


def test_a_deadlock_on_postgresql_sends_the_writer_back_to_decide_again(postgres_url: str) -> None:
    """Two writers locking two rows in opposite orders: the server undoes one of them, and that
    one must be told to decide again (StaleRead), as a poll that read a stale history is, not
    fail as a database error that stops the poller's round."""
    setup = open_db(postgres_url)
    setup.execute("INSERT INTO meta (key, value) VALUES ('a', ''), ('b', '')")
    locked = {"a": threading.Event(), "b": threading.Event()}
    outcomes: dict[str, str] = {}

    def writer(mine: str, theirs: str) -> None:
        own = open_db(postgres_url)
        try:
            with transaction(own):
                own.execute("UPDATE meta SET value = ? WHERE key = ?", [mine, mine])
                locked[mine].set()
                locked[theirs].wait(30)
                own.execute("UPDATE meta SET value = ? WHERE key = ?", [mine, theirs])
            outcomes[mine] = "committed"
        except StaleRead:
            outcomes[mine] = "decide again"
        except Exception as exc:
            outcomes[mine] = repr(exc)

    threads = [threading.Thread(target=writer, args=pair) for pair in (("a", "b"), ("b", "a"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes.values()) == ["committed", "decide again"], outcomes
    setup.close()


def test_search_is_newest_first_and_never_sorts_every_match(db: Database) -> None:
    store_items(db, CHANNEL, [make_item(f"ch/{n}", f"bridge report {n}", post_id=n) for n in range(1, 30)], NOW)
    hits = storage.items.search(db, "bridge", limit=3)
    assert [h.url for h in hits] == [f"https://example.org/ch/{n}" for n in (29, 28, 27)]
    if db.engine != "sqlite":
        return
    plan = " ".join(
        str(row[-1])
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM items_fts WHERE items_fts MATCH 'bridge' ORDER BY rowid DESC LIMIT 3"
        )
    )
    assert "TEMP B-TREE" not in plan  # FTS5 walks its index in rowid order and stops at the limit


def test_a_figures_incident_cues_survive_storage() -> None:
    from bot.model import Figure, Qualifier

    figure = Figure(294, "person|injured|", "294 человека", Qualifier.TOTAL, "2023-02-20", ("hat",), True, True)
    assert storage.statements.figure_from_record(storage.statements.figure_record(figure)) == figure
    plain = Figure(3, "person|killed|")
    assert storage.statements.figure_record(plain) == {"value": 3, "counted": "person|killed|", "text": ""}


def test_a_running_total_survives_storage() -> None:
    from bot.model import Figure

    figure = Figure(46, "person|killed|", running=True)
    assert storage.statements.figure_from_record(storage.statements.figure_record(figure)) == figure


def test_a_held_back_stance_is_stored_with_its_confidence_and_shown_marked(db: Database) -> None:
    from bot import render
    from bot.model import Claim

    held = replace(make_statement(Stance.NEUTRAL, at=day(1), side="Gov", quote="She said she was resigning."),
                   confidence=0.45, held=Stance.REFUTES)  # fmt: skip
    sure = replace(make_statement(Stance.SUPPORTS, at=day(2), side="Gov", quote="I will stay."), confidence=0.9)
    _stored(db, held, sure)
    stored = storage.statements.timeline(db, "c")
    assert [(s.stance, s.held, s.confidence) for s in stored] == [
        (Stance.NEUTRAL, Stance.REFUTES, 0.45),
        (Stance.SUPPORTS, None, 0.9),
    ]
    text = render.claim_timeline(Claim("c", "The claim"), stored, style=render.PLAIN)
    assert "refutes? held back, confidence 0.45" in text and "supports" in text
