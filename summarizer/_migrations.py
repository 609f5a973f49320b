"""Numbered schema migrations for the ledger database (the simonw/llm style).

Each `mNNN_name(db)` function runs once, in order, inside a transaction; the names of the
ones applied are kept in the `_migrations` table. Never edit a released migration: add a new
one. Migrations see only a `sqlite3.Connection`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    _run(db, """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cached')),
            cache_key TEXT NOT NULL,
            article_sha256 TEXT NOT NULL,
            source TEXT,
            engine TEXT,
            model TEXT,
            prompt_version TEXT,
            schema_version TEXT,
            fingerprint_json TEXT NOT NULL,
            error TEXT,
            error_type TEXT,
            output_json TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            input_tokens INTEGER,
            output_tokens INTEGER,
            cost_usd REAL,
            latency_s REAL
        );
        CREATE INDEX runs_cache ON runs (cache_key, status);
        CREATE INDEX runs_created ON runs (created_at);
        CREATE INDEX runs_sha ON runs (article_sha256);
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            raw_response TEXT,
            error TEXT,
            input_tokens INTEGER,
            output_tokens INTEGER,
            cost_usd REAL,
            latency_s REAL
        );
        CREATE INDEX attempts_run ON attempts (run_id);
        """)


@migration
def m002_fts(db: sqlite3.Connection) -> None:
    """Full-text search over source, error and output, when this SQLite has FTS5."""
    try:
        db.execute(
            "CREATE VIRTUAL TABLE runs_fts USING fts5(source, error, output_json, "
            "content='runs', content_rowid='id')"
        )
    except sqlite3.OperationalError:  # no FTS5 in this build: `logs -q` falls back to LIKE
        return
    _run(db, """
        CREATE TRIGGER runs_fts_ai AFTER INSERT ON runs BEGIN
            INSERT INTO runs_fts (rowid, source, error, output_json)
            VALUES (new.id, new.source, new.error, new.output_json);
        END;
        CREATE TRIGGER runs_fts_ad AFTER DELETE ON runs BEGIN
            INSERT INTO runs_fts (runs_fts, rowid, source, error, output_json)
            VALUES ('delete', old.id, old.source, old.error, old.output_json);
        END;
        """)


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run several statements one by one (`executescript` would commit our transaction)."""
    stmt = ""
    for line in script.splitlines(keepends=True):
        stmt += line
        if sqlite3.complete_statement(stmt):
            db.execute(stmt)
            stmt = ""
    if stmt.strip():
        db.execute(stmt)


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded; return the names applied now.

    `db` must be in autocommit mode (`isolation_level=None`): all pending migrations run in
    one `BEGIN IMMEDIATE` transaction, so two processes opening a new ledger at once do not
    both migrate it.
    """
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    db.execute("BEGIN IMMEDIATE")
    try:
        done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
        applied = []
        for fn in MIGRATIONS:
            if fn.__name__ in done:
                continue
            fn(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (fn.__name__, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )
            applied.append(fn.__name__)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return applied
