"""The ledger: migrations, logging, secret scrubbing, cache rules, search, and `summarizer logs`."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from summarizer.article import read_article
from summarizer.engines import Attempt, EngineRun
from summarizer.errors import ProviderError
from summarizer.ledger import Ledger, scrub
from summarizer.pipeline import asummarize
from summarizer.records import ArticleAnalysis, Provenance, Usage
from summarizer.testing import extraction_for

TEXT = "ألقت الشرطة الفرنسية القبض على مشتبه به في قضية احتيال بالعملات المشفرة في مدينة نانت."


class CountingEngine:
    """Counts engine calls; fails while `fail` is set."""

    name = "counting"
    accepts_feedback = False

    def __init__(self, model: str = "m1", fail: bool = False) -> None:
        self.model, self.fail, self.calls = model, fail, 0

    def fingerprint(self) -> dict[str, str]:
        return {"engine": self.name, "model": self.model, "prompt_version": "p1", "schema_version": "1.0"}

    async def analyze(self, article, *, feedback=()):
        self.calls += 1
        if self.fail:
            raise ProviderError("HTTP 500 Authorization: Bearer sk-secretsecret123", attempts=1,
                                usage=Usage(requests=1), last_response="boom sk-abcdefghijklmnop")
        analysis = ArticleAnalysis(**extraction_for(article.text), provenance=Provenance(
            engine=self.name, model=self.model, article_sha256=article.sha256))
        return EngineRun(analysis, [Attempt(raw_response='{"key": "sk-live-0123456789"}',
                                            usage=Usage(input_tokens=10, output_tokens=5, requests=1, cost_usd=0.01),
                                            latency_s=0.1)])


def test_migrations_recorded_once_and_wal(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as led:
        assert led.runs() == []  # reading does not create it
        assert not path.exists()
        led.record(key="k", article=read_article(TEXT), fingerprint={"engine": "x"}, error="E: x")
        assert led.migrations() == ["m001_initial", "m002_fts"]
    with Ledger(path) as led:
        assert led.migrations() == ["m001_initial", "m002_fts"]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cache_hit_skips_engine_errors_never_cached(tmp_path):
    led = Ledger(tmp_path / "l.db")
    art = read_article(TEXT, name="a.txt")
    bad = CountingEngine(fail=True)
    for _ in range(2):
        with pytest.raises(ProviderError):
            asyncio.run(asummarize(art, engine=bad, ledger=led))
    assert bad.calls == 2  # an error is never answered from cache
    eng = CountingEngine()
    first = asyncio.run(asummarize(art, engine=eng, ledger=led))
    second = asyncio.run(asummarize(art, engine=eng, ledger=led))
    assert eng.calls == 1 and second.brief == first.brief
    asyncio.run(asummarize(art, engine=eng, ledger=led, use_cache=False))
    assert eng.calls == 2
    asyncio.run(asummarize(art, engine=CountingEngine(model="m2"), ledger=led))  # other fingerprint: a miss
    assert [r.status for r in led.runs(limit=None)] == ["ok", "ok", "ok", "error", "error"]
    ok = led.runs(status="ok", model="m1")[0]
    assert (ok.input_tokens, ok.output_tokens, ok.cost_usd, ok.attempts) == (10, 5, 0.01, 1)
    assert ok.output["brief"]["headline_ar"] and ok.prompt_version == "p1" and ok.source == "a.txt"
    err = led.runs(status="error")[0]
    assert err.error_type == "ProviderError"


def test_secrets_are_scrubbed_everywhere(tmp_path):
    led = Ledger(tmp_path / "l.db")
    art = read_article(TEXT)
    asyncio.run(asummarize(art, engine=CountingEngine(), ledger=led))
    with pytest.raises(ProviderError):
        asyncio.run(asummarize(art, engine=CountingEngine("bad", fail=True), ledger=led))
    dump = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    dump += json.dumps([r.to_dict(with_attempts=led.attempts(r.id)) for r in led.runs()]).encode()
    for secret in (b"sk-secretsecret123", b"sk-abcdefghijklmnop", b"sk-live-0123456789"):
        assert secret not in dump
    assert "abc.def-123456" not in scrub("Authorization: Bearer abc.def-123456")
    assert "sk-proj" not in scrub('{"api_key": "sk-proj-1234567890"}')


def test_no_log_reads_cache_but_writes_nothing(tmp_path):
    path = tmp_path / "l.db"
    art = read_article(TEXT)
    eng = CountingEngine()
    asyncio.run(asummarize(art, engine=eng, ledger=Ledger(path, log=False)))
    assert not path.exists()
    asyncio.run(asummarize(art, engine=eng, ledger=Ledger(path)))
    quiet = Ledger(path, log=False)
    asyncio.run(asummarize(art, engine=eng, ledger=quiet))
    assert eng.calls == 2 and quiet.hits == 1 and quiet.count() == 1


def test_search_and_filters(tmp_path):
    led = Ledger(tmp_path / "l.db")
    asyncio.run(asummarize(read_article(TEXT, name="nantes.txt"), engine=CountingEngine(), ledger=led))
    asyncio.run(asummarize(read_article(TEXT + "\nوفي باريس اعتقلت الشرطة شخصين آخرين بتهمة الاحتيال.", name="paris.txt"), engine=CountingEngine("m2"), ledger=led))
    assert [r.source for r in led.runs(query="nantes")] == ["nantes.txt"]
    assert {r.source for r in led.runs(query="نانت")} == {"nantes.txt", "paris.txt"}
    assert [r.source for r in led.runs(query="باريس")] == ["paris.txt"]
    assert [r.source for r in led.runs(model="m2")] == ["paris.txt"]
    assert led.runs(query='weird "quote: -x') == []
    assert len(led.runs(limit=1)) == 1


def _app():
    import typer

    from summarizer.cli import logs

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        pass

    logs.register(app)
    return app


def test_logs_cli(tmp_path, monkeypatch):
    path = tmp_path / "l.db"
    monkeypatch.setenv("SUMMARIZER_LEDGER", str(path))
    led = Ledger()
    asyncio.run(asummarize(read_article(TEXT, name="nantes.txt"), engine=CountingEngine(), ledger=led))
    with pytest.raises(ProviderError):
        asyncio.run(asummarize(read_article(TEXT + "!", name="b.txt"), engine=CountingEngine(fail=True), ledger=led))
    runner = CliRunner()
    r = runner.invoke(_app(), ["logs", "path"])
    assert r.exit_code == 0 and r.stdout.strip() == str(path)
    r = runner.invoke(_app(), ["logs"])
    assert r.exit_code == 0 and "nantes.txt" in r.stdout and "b.txt" in r.stdout
    r = runner.invoke(_app(), ["logs", "--status", "error", "--jsonl", "--attempts"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["source"] for x in rows] == ["b.txt"] and rows[0]["attempt_log"]
    r = runner.invoke(_app(), ["logs", "--json", "-q", "nantes", "-n", "5"])
    assert [x["source"] for x in json.loads(r.stdout)] == ["nantes.txt"]
    r = runner.invoke(_app(), ["logs", "--status", "nope"])
    assert r.exit_code == 2
    r = runner.invoke(_app(), ["logs", "show", "1"])
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == 1
