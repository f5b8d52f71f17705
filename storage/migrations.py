"""The schema, as append-only migrations, one history for both engines. Never edit a migration
once it has shipped: add one, with its statements for SQLite and for PostgreSQL.

Times are ISO-8601 UTC strings on both engines (TEXT), so they compare and sort alike.
Idempotency lives in keys here, not in Python checks: items are unique per (source, key),
alerts per key, deliveries per (alert, chat, thread). SQLite's INTEGER is PostgreSQL's BIGINT
(Telegram chat ids need 64 bits); its REAL is DOUBLE PRECISION.

Applied migrations are recorded by name: in `_sqlite_migrations` on SQLite (the table
sqlite-utils kept, so databases of earlier versions carry on) and in `claimwatch_migrations` on
PostgreSQL, with the same columns. A database's schema version is how many are applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.db import Database

SET = "claimwatch"  # the migration set's name, as recorded
TABLE = {"sqlite": "_sqlite_migrations", "postgresql": "claimwatch_migrations"}
_LOCK = 0x636C61696D  # PostgreSQL advisory lock: one process migrates at a time ("claim")


@dataclass(frozen=True)
class Migration:
    name: str
    sqlite: str
    postgresql: str


MIGRATIONS: list[Migration] = []


def migration(name: str, *, sqlite: str, postgresql: str) -> None:
    MIGRATIONS.append(Migration(name, sqlite, postgresql))


# ── the history ────────────────────────────────────────────────────────────────────────────

migration(
    "m001_initial",
    sqlite="""
        CREATE TABLE sources (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            side TEXT,
            origin TEXT NOT NULL DEFAULT 'config',      -- config | chat (added by an admin)
            added_by INTEGER,
            last_poll TEXT,
            last_success TEXT,
            last_error TEXT,
            last_error_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,        -- consecutive
            etag TEXT,
            last_modified TEXT,
            next_poll TEXT,
            backfilled INTEGER NOT NULL DEFAULT 0,      -- telegram: history paged back once
            items INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            key TEXT NOT NULL,
            url TEXT,
            title TEXT NOT NULL DEFAULT '',
            published TEXT,
            author TEXT,
            post_id INTEGER,
            forwarded_from TEXT,
            media TEXT,
            views INTEGER,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            deleted_at TEXT,                            -- soft delete; text is never dropped
            revision_id INTEGER,                        -- the current revision
            UNIQUE (source, key)
        );
        CREATE INDEX items_source_post ON items (source, post_id);
        CREATE INDEX items_published ON items (published);

        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items (id),
            number INTEGER NOT NULL,                    -- 1 for the first text seen
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            UNIQUE (item_id, number)
        );

        CREATE VIRTUAL TABLE items_fts USING fts5 (
            title, text, content='revisions', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER revisions_fts_insert AFTER INSERT ON revisions BEGIN
            INSERT INTO items_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER revisions_fts_delete AFTER DELETE ON revisions BEGIN
            INSERT INTO items_fts (items_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END;

        CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            revision_id INTEGER NOT NULL REFERENCES revisions (id),
            item_id INTEGER NOT NULL REFERENCES items (id),
            source TEXT NOT NULL,
            claim TEXT NOT NULL,
            side TEXT NOT NULL,
            stance TEXT NOT NULL,                       -- supports | refutes | neutral
            quote TEXT NOT NULL,
            figures TEXT NOT NULL DEFAULT '[]',         -- JSON [{value, counted, text}]
            url TEXT,
            published TEXT,
            current INTEGER NOT NULL DEFAULT 1,         -- 0 once a newer revision of the item replaced it
            created_at TEXT NOT NULL,
            UNIQUE (revision_id, claim, side)
        );
        CREATE INDEX statements_history ON statements (claim, side, current, published);

        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            claim TEXT,
            side TEXT,
            source TEXT,
            url TEXT,
            counted TEXT,
            before TEXT,                                -- JSON snapshot
            after TEXT,                                 -- JSON snapshot
            before_statement INTEGER,
            after_statement INTEGER,
            diff TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX alerts_created ON alerts (created_at);
        CREATE INDEX alerts_pair ON alerts (claim, side, kind);

        CREATE TABLE subscribers (
            chat_id INTEGER NOT NULL,
            thread_id INTEGER NOT NULL DEFAULT 0,       -- forum topic; 0 for none
            kind TEXT NOT NULL DEFAULT 'private',       -- private | group | supergroup | channel
            title TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            silent INTEGER NOT NULL DEFAULT 0,
            blocked_at TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, thread_id)
        );

        CREATE TABLE subscriptions (
            chat_id INTEGER NOT NULL,
            thread_id INTEGER NOT NULL DEFAULT 0,
            claim TEXT NOT NULL,                        -- a claim id, or '*' for all alerts
            muted_until TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, thread_id, claim),
            FOREIGN KEY (chat_id, thread_id) REFERENCES subscribers (chat_id, thread_id) ON DELETE CASCADE
        );

        CREATE TABLE deliveries (
            alert_id INTEGER NOT NULL REFERENCES alerts (id),
            chat_id INTEGER NOT NULL,
            thread_id INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'pending',     -- pending | sent | failed | dropped
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT NOT NULL,
            last_error TEXT,
            message_id INTEGER,
            sent_at TEXT,
            PRIMARY KEY (alert_id, chat_id, thread_id)
        );
        CREATE INDEX deliveries_due ON deliveries (status, next_attempt);

        CREATE TABLE tracked_claims (                   -- claims added from chat by an admin
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            match TEXT NOT NULL DEFAULT '[]',
            supports TEXT NOT NULL DEFAULT '[]',
            refutes TEXT NOT NULL DEFAULT '[]',
            added_by INTEGER,
            created_at TEXT NOT NULL,
            removed_at TEXT
        );

        CREATE TABLE chat_sources (                     -- sources added from chat by an admin
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            channel TEXT,
            side TEXT,
            every REAL NOT NULL DEFAULT 300,
            added_by INTEGER,
            created_at TEXT NOT NULL,
            removed_at TEXT
        );

        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """,
    postgresql="""
        CREATE TABLE sources (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            side TEXT,
            origin TEXT NOT NULL DEFAULT 'config',
            added_by BIGINT,
            last_poll TEXT,
            last_success TEXT,
            last_error TEXT,
            last_error_at TEXT,
            failures BIGINT NOT NULL DEFAULT 0,
            etag TEXT,
            last_modified TEXT,
            next_poll TEXT,
            backfilled BIGINT NOT NULL DEFAULT 0,
            items BIGINT NOT NULL DEFAULT 0
        );

        CREATE TABLE items (
            id BIGINT PRIMARY KEY,                      -- handed out ahead (storage/sequences.py)
            source TEXT NOT NULL,
            key TEXT NOT NULL,
            url TEXT,
            title TEXT NOT NULL DEFAULT '',
            published TEXT,
            author TEXT,
            post_id BIGINT,
            forwarded_from TEXT,
            media TEXT,
            views BIGINT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            deleted_at TEXT,
            revision_id BIGINT,
            UNIQUE (source, key)
        );
        CREATE INDEX items_source_post ON items (source, post_id);
        CREATE INDEX items_published ON items (published);

        -- The search index is the row's own tsvector (SQLite: the items_fts FTS5 table). The
        -- 'simple' configuration lower-cases and keeps every word as written, like FTS5's
        -- unicode61: no stemming, so English, Russian and Ukrainian (often in one post) are
        -- treated alike and a search's last word matches as a prefix on both engines; ё is
        -- folded to е, as FTS5's remove_diacritics does. A text past 256 KiB is indexed by its
        -- start: a tsvector has a size limit, and a poll must never fail on a long post.
        CREATE TABLE revisions (
            id BIGINT PRIMARY KEY,
            item_id BIGINT NOT NULL REFERENCES items (id),
            number BIGINT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            search tsvector GENERATED ALWAYS AS (
                to_tsvector('simple'::regconfig, translate(left(title || ' ' || text, 262144), 'ёЁ', 'еЕ'))
            ) STORED,
            UNIQUE (item_id, number)
        );
        CREATE INDEX revisions_search ON revisions USING GIN (search);

        CREATE TABLE statements (
            id BIGINT PRIMARY KEY,
            revision_id BIGINT NOT NULL REFERENCES revisions (id),
            item_id BIGINT NOT NULL REFERENCES items (id),
            source TEXT NOT NULL,
            claim TEXT NOT NULL,
            side TEXT NOT NULL,
            stance TEXT NOT NULL,
            quote TEXT NOT NULL,
            figures TEXT NOT NULL DEFAULT '[]',
            url TEXT,
            published TEXT,
            current BIGINT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            UNIQUE (revision_id, claim, side)
        );
        CREATE INDEX statements_history ON statements (claim, side, current, published);

        CREATE TABLE alerts (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            claim TEXT,
            side TEXT,
            source TEXT,
            url TEXT,
            counted TEXT,
            before TEXT,
            after TEXT,
            before_statement BIGINT,
            after_statement BIGINT,
            diff TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX alerts_created ON alerts (created_at);
        CREATE INDEX alerts_pair ON alerts (claim, side, kind);

        CREATE TABLE subscribers (
            chat_id BIGINT NOT NULL,
            thread_id BIGINT NOT NULL DEFAULT 0,
            kind TEXT NOT NULL DEFAULT 'private',
            title TEXT,
            active BIGINT NOT NULL DEFAULT 1,
            silent BIGINT NOT NULL DEFAULT 0,
            blocked_at TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, thread_id)
        );

        CREATE TABLE subscriptions (
            chat_id BIGINT NOT NULL,
            thread_id BIGINT NOT NULL DEFAULT 0,
            claim TEXT NOT NULL,
            muted_until TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, thread_id, claim),
            FOREIGN KEY (chat_id, thread_id) REFERENCES subscribers (chat_id, thread_id) ON DELETE CASCADE
        );

        CREATE TABLE deliveries (
            alert_id BIGINT NOT NULL REFERENCES alerts (id),
            chat_id BIGINT NOT NULL,
            thread_id BIGINT NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt TEXT NOT NULL,
            last_error TEXT,
            message_id BIGINT,
            sent_at TEXT,
            PRIMARY KEY (alert_id, chat_id, thread_id)
        );
        CREATE INDEX deliveries_due ON deliveries (status, next_attempt);

        CREATE TABLE tracked_claims (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            match TEXT NOT NULL DEFAULT '[]',
            supports TEXT NOT NULL DEFAULT '[]',
            refutes TEXT NOT NULL DEFAULT '[]',
            added_by BIGINT,
            created_at TEXT NOT NULL,
            removed_at TEXT
        );

        CREATE TABLE chat_sources (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            channel TEXT,
            side TEXT,
            every DOUBLE PRECISION NOT NULL DEFAULT 300,
            added_by BIGINT,
            created_at TEXT NOT NULL,
            removed_at TEXT
        );

        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """,
)

# Issue #11: what a poll reads to decide in O(1) reads, and what it needs to write at once.
# - `statements.said_at`: the time a statement orders by (published, else stored), indexed so
#   the neighbours of a new statement in its side's history are index seeks, not a reload;
# - `figure_series`: one row per (statement, series key) of a figure, so the last figures of a
#   series are a seek too (the key is compare's, written by the poll: see `storage.statements`);
# - `claim_pairs`: a version per (claim, side), bumped by every write that changes the history,
#   so a poll that decided on a stale read retries instead of alerting twice;
# - `sequences`: ids handed out before the write transaction, so a poll decides with the ids
#   its rows will have;
# - alerts found by the statements they point at.
migration(
    "m002_decide_then_persist",
    sqlite="""
        ALTER TABLE statements ADD COLUMN said_at TEXT NOT NULL DEFAULT '';
        UPDATE statements SET said_at = COALESCE(published, created_at);
        CREATE INDEX statements_decided ON statements (claim, side, said_at, id)
            WHERE current = 1 AND stance != 'neutral';
        CREATE INDEX statements_stance ON statements (claim, side, stance, said_at, id)
            WHERE current = 1 AND stance != 'neutral';
        CREATE INDEX statements_item ON statements (item_id, current);

        CREATE TABLE figure_series (
            statement_id INTEGER NOT NULL REFERENCES statements (id),
            claim TEXT NOT NULL,
            side TEXT NOT NULL,
            series TEXT NOT NULL,                       -- compare's series key of one figure
            said_at TEXT NOT NULL,
            PRIMARY KEY (statement_id, series)
        );
        CREATE INDEX figure_series_history ON figure_series (claim, side, series, said_at, statement_id);
        INSERT OR IGNORE INTO figure_series (statement_id, claim, side, series, said_at)
            SELECT s.id, s.claim, s.side, json_extract(f.value, '$.counted'), s.said_at
            FROM statements s, json_each(s.figures) f WHERE s.current = 1;

        CREATE TABLE claim_pairs (
            claim TEXT NOT NULL,
            side TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (claim, side)
        );
        INSERT INTO claim_pairs (claim, side, version) SELECT DISTINCT claim, side, 1 FROM statements;

        CREATE TABLE sequences (
            name TEXT PRIMARY KEY,                      -- a table whose ids are handed out ahead
            next INTEGER NOT NULL
        );

        CREATE INDEX alerts_before ON alerts (before_statement);
        CREATE INDEX alerts_after ON alerts (after_statement);
        INSERT OR REPLACE INTO meta (key, value) VALUES ('series_version', '1');
        """,
    postgresql="""
        ALTER TABLE statements ADD COLUMN said_at TEXT NOT NULL DEFAULT '';
        UPDATE statements SET said_at = COALESCE(published, created_at);
        CREATE INDEX statements_decided ON statements (claim, side, said_at, id)
            WHERE current = 1 AND stance != 'neutral';
        CREATE INDEX statements_stance ON statements (claim, side, stance, said_at, id)
            WHERE current = 1 AND stance != 'neutral';
        CREATE INDEX statements_item ON statements (item_id, current);

        CREATE TABLE figure_series (
            statement_id BIGINT NOT NULL REFERENCES statements (id),
            claim TEXT NOT NULL,
            side TEXT NOT NULL,
            series TEXT NOT NULL,
            said_at TEXT NOT NULL,
            PRIMARY KEY (statement_id, series)
        );
        CREATE INDEX figure_series_history ON figure_series (claim, side, series, said_at, statement_id);
        INSERT INTO figure_series (statement_id, claim, side, series, said_at)
            SELECT s.id, s.claim, s.side, f.value ->> 'counted', s.said_at
            FROM statements s, jsonb_array_elements(s.figures::jsonb) f WHERE s.current = 1
            ON CONFLICT DO NOTHING;

        CREATE TABLE claim_pairs (
            claim TEXT NOT NULL,
            side TEXT NOT NULL,
            version BIGINT NOT NULL,
            PRIMARY KEY (claim, side)
        );
        INSERT INTO claim_pairs (claim, side, version) SELECT DISTINCT claim, side, 1 FROM statements;

        CREATE TABLE sequences (
            name TEXT PRIMARY KEY,
            next BIGINT NOT NULL
        );

        CREATE INDEX alerts_before ON alerts (before_statement);
        CREATE INDEX alerts_after ON alerts (after_statement);
        INSERT INTO meta (key, value) VALUES ('series_version', '1')
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
        """,
)

# The interval a source was last polled with: a changed interval (or url) is a new start, so its
# back-off from earlier failures is dropped (#14).
migration(
    "m003_source_interval",
    sqlite="ALTER TABLE sources ADD COLUMN every REAL;",
    postgresql="ALTER TABLE sources ADD COLUMN every DOUBLE PRECISION;",
)

# Issue #13: a delivery is marked 'sending' (committed) before its send goes out, so after a
# crash the rows whose fate is unknown are exactly those in flight; `interrupted` counts how
# often a row was sent again for that reason (its chat may have it twice).
migration(
    "m004_deliveries_in_flight",
    sqlite="""
        ALTER TABLE deliveries ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN sending_since TEXT;
        """,
    postgresql="""
        ALTER TABLE deliveries ADD COLUMN interrupted BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN sending_since TEXT;
        """,
)

# A chat can mute a source (the "Mute this source" button under edits and deletions) (#14).
migration(
    "m005_source_mutes",
    sqlite="""
        CREATE TABLE source_mutes (
            chat_id INTEGER NOT NULL,
            thread_id INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL,
            muted_until TEXT NOT NULL,
            PRIMARY KEY (chat_id, thread_id, source),
            FOREIGN KEY (chat_id, thread_id) REFERENCES subscribers (chat_id, thread_id) ON DELETE CASCADE
        );
        """,
    postgresql="""
        CREATE TABLE source_mutes (
            chat_id BIGINT NOT NULL,
            thread_id BIGINT NOT NULL DEFAULT 0,
            source TEXT NOT NULL,
            muted_until TEXT NOT NULL,
            PRIMARY KEY (chat_id, thread_id, source),
            FOREIGN KEY (chat_id, thread_id) REFERENCES subscribers (chat_id, thread_id) ON DELETE CASCADE
        );
        """,
)

# Issue #12: pollers share the sources. A poller leases a due source while it polls it
# (`lease_owner` until `lease_until`), so one poller at a time polls each; a lease not renewed
# lapses and another poller takes the source over. `configured` is 0 for a source no longer in
# the config (its health is kept); `pollers` is each live poller's heartbeat, for `health`.
migration(
    "m006_source_leases",
    sqlite="""
        ALTER TABLE sources ADD COLUMN lease_owner TEXT;
        ALTER TABLE sources ADD COLUMN lease_until TEXT;
        ALTER TABLE sources ADD COLUMN configured INTEGER NOT NULL DEFAULT 1;
        CREATE INDEX sources_due ON sources (configured, next_poll);
        CREATE TABLE pollers (
            owner TEXT PRIMARY KEY,                     -- host:pid:random, one per process
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            role TEXT NOT NULL,                         -- poller | all
            started_at TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            leases INTEGER NOT NULL DEFAULT 0           -- held at the last heartbeat
        );
        """,
    postgresql="""
        ALTER TABLE sources ADD COLUMN lease_owner TEXT;
        ALTER TABLE sources ADD COLUMN lease_until TEXT;
        ALTER TABLE sources ADD COLUMN configured BIGINT NOT NULL DEFAULT 1;
        CREATE INDEX sources_due ON sources (configured, next_poll);
        CREATE TABLE pollers (
            owner TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid BIGINT NOT NULL,
            role TEXT NOT NULL,
            started_at TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            leases BIGINT NOT NULL DEFAULT 0
        );
        """,
)

# Issue #10: how sure each statement's stance is, and a stance read below the threshold
# (`settings: confidence`), held back from alerts but shown. Statements stored before keep
# confidence 1 and no held stance.
migration(
    "m007_statement_confidence",
    sqlite="""
        ALTER TABLE statements ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0;
        ALTER TABLE statements ADD COLUMN held TEXT;
        """,
    postgresql="""
        ALTER TABLE statements ADD COLUMN confidence DOUBLE PRECISION NOT NULL DEFAULT 1.0;
        ALTER TABLE statements ADD COLUMN held TEXT;
        """,
)

SCHEMA_VERSION = len(MIGRATIONS)  # a database with more is from a newer claimwatch


# ── applying them ──────────────────────────────────────────────────────────────────────────


def applied(db: Database) -> list[str]:
    """The names of the migrations applied, in the order they were (none for a new database)."""
    table = TABLE[db.engine]
    if table not in db.table_names():
        return []
    return [str(r[0]) for r in db.execute(f"SELECT name FROM {table} WHERE migration_set = ? ORDER BY id", [SET])]


def identity(db: Database) -> str:
    """What tells one database from another: when its schema was first created (to the
    microsecond), on which engine. A copy of it (`claimwatch migrate`) keeps its own."""
    table = TABLE[db.engine]
    row = db.execute(f"SELECT applied_at FROM {table} WHERE migration_set = ? ORDER BY id LIMIT 1", [SET]).fetchone()
    return f"{db.engine}:{row[0] if row else ''}"


def pending(db: Database) -> list[Migration]:
    done = set(applied(db))
    return [m for m in MIGRATIONS if m.name not in done]


def serialize(db: Database) -> None:
    """Inside the migrating transaction: wait for any other process migrating the same database
    (SQLite's BEGIN IMMEDIATE already holds the write lock)."""
    if db.engine == "postgresql":
        db.execute("SELECT pg_advisory_xact_lock(?)", [_LOCK])


def apply(db: Database) -> list[str]:
    """Apply pending migrations, each with its record, inside the caller's transaction."""
    table = TABLE[db.engine]
    if table not in db.table_names():
        key = "INTEGER PRIMARY KEY" if db.engine == "sqlite" else "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        db.script(
            f"""CREATE TABLE {table} (id {key}, migration_set TEXT, name TEXT, applied_at TEXT);
                CREATE UNIQUE INDEX idx_{table.strip("_")}_set_name ON {table} (migration_set, name);"""
        )
    names = []
    for m in pending(db):
        db.script(m.sqlite if db.engine == "sqlite" else m.postgresql)
        db.execute(
            f"INSERT INTO {table} (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [SET, m.name, str(datetime.now(UTC))],
        )
        names.append(m.name)
    return names
