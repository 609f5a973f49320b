"""The ledger: one SQLite database that logs every run and answers repeats from cache.

Where it lives, first match wins: the `path` argument (`--ledger PATH`), the
`SUMMARIZER_LEDGER` environment variable, `platformdirs.user_data_dir("summarizer")/ledger.db`.

One row in `runs` per analysis: article hash and source, engine / model / prompt version /
schema version, the full engine fingerprint, status (`ok`, `error`, or `cached` for an answer
served from the ledger), the parsed output JSON, tokens, cost, latency and created_at. Every
attempt's raw response and validation error goes to `attempts`. API keys and bearer tokens
are scrubbed from everything stored. Schema changes are numbered migrations
(`summarizer/_migrations.py`), recorded in `_migrations`.

The cache: `cache_key(article.input_key, fingerprint)` → `cached(key)` returns the newest `ok`
analysis for that key, or None. Errors are never served from cache.

The pipeline calls, in order::

    key = ledger.cache_key(article.input_key, engine.fingerprint())
    hit = ledger.cached(key)                 # unless use_cache=False
    ledger.record(key=key, article=..., fingerprint=..., attempts=[...],
                  analysis=... or None, error=None or "Type: message", latency_s=...)

`Ledger(path, log=False)` (the `--no-log` flag) still answers from an existing cache but
writes nothing and never creates the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    from .article import Article
    from .engines import Attempt
    from .records import ArticleAnalysis

LEDGER_ENV = "SUMMARIZER_LEDGER"
STATUSES = ("ok", "error", "cached")

# Secrets never reach the database, whatever an engine or provider echoes back.
_SECRET_PATTERNS = [
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=\-]{6,}"), r"\1 [REDACTED]"),
    (re.compile(r"\bsk-[A-Za-z0-9_\-]{6,}"), "sk-[REDACTED]"),
    (re.compile(r"(?i)(\"?(?:authorization|x-api-key|api[_-]?key)\"?\s*[:=]\s*\"?)[^\s\",}]+"), r"\1[REDACTED]"),
]


def scrub(text: str | None) -> str | None:
    """Remove API keys and Authorization header values from `text`."""
    if not text:
        return text
    for pattern, repl in _SECRET_PATTERNS:
        text = pattern.sub(repl, text)
    return text


def default_path() -> Path:
    """The ledger path from `SUMMARIZER_LEDGER`, else the user data directory."""
    env = os.environ.get(LEDGER_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("summarizer")) / "ledger.db"


def cache_key(article_sha256: str, fingerprint: Mapping[str, Any]) -> str:
    """A stable key for (article, engine fingerprint): sha256 over canonical JSON."""
    payload = json.dumps({"article": article_sha256, "fingerprint": dict(fingerprint)},
                         sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class RunRow:
    """One row of `runs`, as `Ledger.runs()` returns it."""

    id: int
    created_at: str
    status: str
    article_sha256: str
    source: str | None
    engine: str | None
    model: str | None
    prompt_version: str | None
    schema_version: str | None
    error: str | None
    error_type: str | None
    attempts: int
    input_tokens: int | None
    output_tokens: int | None
    cost_usd: float | None
    latency_s: float | None
    cache_key: str
    fingerprint: dict[str, Any]
    output: dict[str, Any] | None

    def to_dict(self, *, with_attempts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        d = dict(self.__dict__)
        if with_attempts is not None:
            d["attempt_log"] = with_attempts
        return d


class Ledger:
    """The run log and cache. Safe to share between coroutines and threads of one process;
    several processes may use one file at once (WAL, busy timeout)."""

    def __init__(self, path: str | Path | None = None, *, log: bool = True) -> None:
        self.path = Path(path).expanduser() if path else default_path()
        self.log = log
        #: how many answers this object served from cache
        self.hits = 0
        #: when True, `was_served(analysis)` can tell a cached answer from a fresh one (batch)
        self.track_hits = False
        self._served: dict[int, ArticleAnalysis] = {}
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._has_fts = False

    # -- connection -----------------------------------------------------------------------
    def _conn(self, *, create: bool) -> sqlite3.Connection | None:
        with self._lock:
            if self._db is not None:
                return self._db
            if not create and not self.path.exists():
                return None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA busy_timeout = 30000")
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                db.execute("PRAGMA foreign_keys = ON")
                from ._migrations import migrate

                migrate(db)
            except (sqlite3.Error, OSError) as exc:
                raise ConfigError(f"cannot open the ledger at {self.path}: {exc}") from exc
            self._has_fts = db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'runs_fts'").fetchone() is not None
            self._db = db
            return db

    def open(self) -> None:
        """Connect now (creating the file when logging), so a bad path is a usage error before
        any article is run rather than a failure on every article."""
        self._conn(create=self.log)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the pipeline's API ---------------------------------------------------------------
    @staticmethod
    def cache_key(article_sha256: str, fingerprint: Mapping[str, Any]) -> str:
        return cache_key(article_sha256, fingerprint)

    def cached(self, key: str) -> ArticleAnalysis | None:
        """The newest successful analysis stored under `key`, or None. Never an error."""
        from pydantic import ValidationError

        from .records import ArticleAnalysis

        db = self._conn(create=self.log)
        if db is None:
            return None
        with self._lock:
            rows = db.execute(
                "SELECT output_json FROM runs WHERE cache_key = ? AND status = 'ok' "
                "AND output_json IS NOT NULL ORDER BY id DESC LIMIT 3", (key,)).fetchall()
        for (output_json,) in rows:
            try:
                analysis = ArticleAnalysis.model_validate_json(output_json)
            except ValidationError:  # stored under an older schema: a miss, not a crash
                continue
            self.hits += 1
            if self.track_hits:
                with self._lock:
                    self._served[id(analysis)] = analysis
            return analysis
        return None

    def was_served(self, analysis: ArticleAnalysis) -> bool:
        """True (once) when `analysis` is an object this ledger returned from `cached()`.
        Needs `track_hits = True`; the batch runner uses it to count and log cache hits."""
        with self._lock:
            return self._served.pop(id(analysis), None) is analysis

    def record(
        self,
        *,
        key: str,
        article: Article,
        fingerprint: Mapping[str, Any],
        attempts: Sequence[Attempt] = (),
        analysis: ArticleAnalysis | None = None,
        error: str | None = None,
        latency_s: float | None = None,
        status: str | None = None,
        source: str | None = None,
    ) -> int | None:
        """Log one run; return its row id (None when logging is off).

        `status` defaults to 'ok' with an analysis and 'error' without one; pass 'cached' to
        log an answer served from the cache. `error` is "Type: message" as the pipeline
        writes it; the part before the first colon is kept as `error_type` when it looks
        like an exception name.
        """
        if not self.log:
            return None
        status = status or ("ok" if analysis is not None and error is None else "error")
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        fp = dict(fingerprint)
        error = scrub(error)
        error_type = None
        if error:
            head, sep, _ = error.partition(":")
            if sep and re.fullmatch(r"[A-Za-z_][\w.]*", head):
                error_type = head
        usage_in = usage_out = None
        cost: float | None = None
        if attempts:
            usage_in = sum(a.usage.input_tokens for a in attempts)
            usage_out = sum(a.usage.output_tokens for a in attempts)
            costs = [a.usage.cost_usd for a in attempts if a.usage.requests]
            cost = None if not costs or any(c is None for c in costs) else float(sum(costs))  # type: ignore[arg-type]
        elif analysis is not None and status != "cached":
            u = analysis.provenance.usage
            usage_in, usage_out, cost = u.input_tokens, u.output_tokens, u.cost_usd
        output_json = scrub(analysis.model_dump_json()) if analysis is not None else None
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        db = self._conn(create=True)
        assert db is not None
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                cur = db.execute(
                    "INSERT INTO runs (created_at, status, cache_key, article_sha256, source, engine, model, "
                    "prompt_version, schema_version, fingerprint_json, error, error_type, output_json, "
                    "attempts, input_tokens, output_tokens, cost_usd, latency_s) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (now, status, key, article.sha256, source or article.source,
                     str(fp.get("engine")) if fp.get("engine") is not None else None,
                     _str_or_none(fp.get("model")),
                     _str_or_none(fp.get("prompt_version", fp.get("prompt"))),
                     _str_or_none(fp.get("schema_version")),
                     scrub(json.dumps(fp, sort_keys=True, ensure_ascii=False, default=str)),
                     error, error_type, output_json, len(attempts), usage_in, usage_out, cost,
                     None if latency_s is None else round(float(latency_s), 4)),
                )
                run_id = cur.lastrowid
                db.executemany(
                    "INSERT INTO attempts (run_id, n, raw_response, error, input_tokens, output_tokens, "
                    "cost_usd, latency_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(run_id, i, scrub(a.raw_response), scrub(a.error), a.usage.input_tokens,
                      a.usage.output_tokens, a.usage.cost_usd, round(a.latency_s, 4))
                     for i, a in enumerate(attempts, 1)],
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return run_id

    # -- reading --------------------------------------------------------------------------
    def runs(
        self,
        *,
        limit: int | None = 20,
        model: str | None = None,
        prompt: str | None = None,
        status: str | None = None,
        engine: str | None = None,
        query: str | None = None,
        sha256: str | None = None,
    ) -> list[RunRow]:
        """Newest first. `query` is full-text (FTS5 syntax when available, else a substring)."""
        db = self._conn(create=False)
        if db is None:
            return []
        where, args = [], []
        for column, value in (("model", model), ("engine", engine), ("status", status)):
            if value is not None:
                where.append(f"runs.{column} = ?")
                args.append(value)
        if prompt is not None:
            where.append("(runs.prompt_version = ? OR runs.prompt_version LIKE ?)")
            args += [prompt, f"{prompt}%"]
        if sha256 is not None:
            where.append("runs.article_sha256 LIKE ?")
            args.append(f"{sha256}%")
        if query:
            if self._has_fts:
                where.append("(runs.id IN (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ?) "
                             "OR runs.source LIKE ?)")
                args += [_fts_query(query), f"%{query}%"]
            else:
                where.append("(runs.source LIKE ? OR runs.error LIKE ? OR runs.output_json LIKE ?)")
                args += [f"%{query}%"] * 3
        sql = "SELECT * FROM runs" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id DESC"
        if limit is not None and limit >= 0:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            cur = db.execute(sql, args)
            names = [c[0] for c in cur.description]
            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        return [_row(r) for r in rows]

    def get(self, run_id: int) -> RunRow | None:
        """One run by id, or None."""
        db = self._conn(create=False)
        if db is None:
            return None
        with self._lock:
            cur = db.execute("SELECT * FROM runs WHERE id = ?", (run_id,))
            names = [c[0] for c in cur.description]
            row = cur.fetchone()
        return _row(dict(zip(names, row, strict=True))) if row else None

    def attempts(self, run_id: int) -> list[dict[str, Any]]:
        db = self._conn(create=False)
        if db is None:
            return []
        with self._lock:
            cur = db.execute("SELECT n, raw_response, error, input_tokens, output_tokens, cost_usd, latency_s "
                             "FROM attempts WHERE run_id = ? ORDER BY n", (run_id,))
            names = [c[0] for c in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def iter_all(self) -> Iterator[RunRow]:
        yield from reversed(self.runs(limit=None))

    def count(self, status: str | None = None) -> int:
        db = self._conn(create=False)
        if db is None:
            return 0
        with self._lock:
            if status:
                return db.execute("SELECT count(*) FROM runs WHERE status = ?", (status,)).fetchone()[0]
            return db.execute("SELECT count(*) FROM runs").fetchone()[0]

    def migrations(self) -> list[str]:
        db = self._conn(create=False)
        if db is None:
            return []
        with self._lock:
            return [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY rowid")]


def _str_or_none(v: Any) -> str | None:
    return None if v is None else str(v)


def _fts_query(q: str) -> str:
    """Plain words become an AND of quoted prefix terms (so 'a-b' or ':' never break FTS syntax)."""
    terms = [t for t in re.split(r"\s+", q.strip()) if t]
    return " ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def _row(r: dict[str, Any]) -> RunRow:
    return RunRow(
        id=r["id"], created_at=r["created_at"], status=r["status"], article_sha256=r["article_sha256"],
        source=r["source"], engine=r["engine"], model=r["model"], prompt_version=r["prompt_version"],
        schema_version=r["schema_version"], error=r["error"], error_type=r["error_type"],
        attempts=r["attempts"], input_tokens=r["input_tokens"], output_tokens=r["output_tokens"],
        cost_usd=r["cost_usd"], latency_s=r["latency_s"], cache_key=r["cache_key"],
        fingerprint=json.loads(r["fingerprint_json"] or "{}"),
        output=json.loads(r["output_json"]) if r["output_json"] else None,
    )
