"""A bad API key stops a batch early, leaves unattempted articles without a line, and a re-run
with a good key finishes them; `--timeout` reaches the LLM engine (and the rules engine ignores it)."""

from __future__ import annotations

import asyncio
import collections

import pytest
from typer.testing import CliRunner

from summarizer.batch import read_results, run_batch
from summarizer.engines import get_engine
from summarizer.errors import AuthenticationError, ConfigError, ProviderError
from summarizer.testing import ChatServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

LINE = "ألقت الشرطة القبض على مشتبه به في قضية احتيال بالعملات المشفرة رقم {i}."


def corpus(tmp_path, n=20):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(n):
        (d / f"a{i:02d}.txt").write_text(LINE.format(i=i) + "\n", encoding="utf-8")
    return d


def _app():
    from summarizer.cli import app

    return app


def _env(monkeypatch, tmp_path, base_url):
    monkeypatch.setenv("SUMMARIZER_MODEL", "openai/test")
    monkeypatch.setenv("SUMMARIZER_API_BASE", base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    monkeypatch.setenv("SUMMARIZER_LEDGER", str(tmp_path / "ledger.db"))
    monkeypatch.delenv("SUMMARIZER_API_KEY", raising=False)


def test_auth_failure_stops_batch_then_rerun_finishes_scripted_server(tmp_path, monkeypatch):
    d, out = corpus(tmp_path, 20), tmp_path / "r.jsonl"
    sources = sorted(str(p) for p in d.iterdir())
    args = ["batch", str(d), "--out", str(out), "-j", "3", "--no-progress", "--timeout", "5"]
    runner = CliRunner()
    with ChatServer(script=["401"] * 100, lifetime_s=60) as bad:
        _env(monkeypatch, tmp_path, bad.base_url)
        r = runner.invoke(_app(), args)
        seen = bad.requests
    assert r.exit_code == 4, r.output
    lines = read_results(out)
    attempted = [x["source"] for x in lines]
    assert 1 <= len(attempted) <= 3 + 1 and seen == len(attempted)  # one request each, never retried
    assert len(set(attempted)) == len(attempted) and set(attempted) <= set(sources)
    assert all(not x["ok"] and x["error_type"] == "AuthenticationError" for x in lines)
    err_lines = [x for x in r.stderr.splitlines() if x.startswith("error:")]
    assert err_lines == [f"error: authentication failed for openai/test: check OPENAI_API_KEY — stopped after "
                         f"{len(attempted)} article(s); fix the key and re-run the same command to finish"]
    assert f"{20 - len(attempted)} not attempted" in r.stderr and "Traceback" not in r.output

    with ChatServer(lifetime_s=60) as good:
        _env(monkeypatch, tmp_path, good.base_url)
        r = runner.invoke(_app(), args)
        assert good.requests == 20  # the failed ones retried, the rest done for the first time
    assert r.exit_code == 0, r.output
    lines = read_results(out)
    assert [x["source"] for x in lines] == sources  # exactly one line each, in input order
    assert all(x["ok"] for x in lines)


def test_auth_failure_stops_run_batch_scripted_server(tmp_path, monkeypatch):
    from summarizer.engines.llm import LLMEngine

    monkeypatch.delenv("SUMMARIZER_API_KEY", raising=False)

    d, out = corpus(tmp_path, 20), tmp_path / "r.jsonl"
    with ChatServer(script=["401"] * 100, lifetime_s=60) as server:
        eng = LLMEngine("openai/test", api_base=server.base_url, api_key="sk-bad")
        s = asyncio.run(run_batch([str(d)], out, engine=eng, concurrency=4))
    assert s.stopped_by is not None and isinstance(s.stopped_by, ProviderError)
    assert s.exit_code == 4 and s.ok == 0 and 1 <= s.failed <= 5 and s.failed + s.not_attempted == 20
    assert server.requests == s.failed and len(read_results(out)) == s.failed
    assert s.stop_line() == (f"authentication failed for openai/test: check OPENAI_API_KEY — stopped after "
                             f"{s.failed} article(s); fix the key and re-run the same command to finish")


class _AuthAfter:
    """Succeeds on the first `good` articles, then the key is 'revoked'."""

    name = "auth-after"
    accepts_feedback = False

    def __init__(self, good: int) -> None:
        self.good, self.calls = good, collections.Counter()

    def fingerprint(self):
        return {"engine": self.name, "model": "t", "prompt_version": "p", "schema_version": "1.0"}

    async def analyze(self, article, *, feedback=()):
        from summarizer.engines import EngineRun
        from summarizer.records import ArticleAnalysis, Provenance
        from summarizer.testing import extraction_for

        self.calls[article.source] += 1
        await asyncio.sleep(0.001)
        if sum(self.calls.values()) > self.good:
            raise AuthenticationError("t: authentication failed for t: check T_KEY", model="t", key_env="T_KEY")
        return EngineRun(ArticleAnalysis(**extraction_for(article.text), provenance=Provenance(
            engine=self.name, article_sha256=article.sha256)))


def test_key_revoked_mid_run_keeps_ok_lines_and_exits_4(tmp_path):
    d, out = corpus(tmp_path, 12), tmp_path / "r.jsonl"
    s = asyncio.run(run_batch([str(d)], out, engine=_AuthAfter(good=5), concurrency=1))
    assert (s.ok, s.failed, s.not_attempted, s.exit_code) == (5, 1, 6, 4)
    assert s.stop_line() == ("authentication failed for t: check T_KEY — stopped after 6 article(s); "
                             "fix the key and re-run the same command to finish")
    assert len(read_results(out)) == 6
    eng = _AuthAfter(good=100)
    s = asyncio.run(run_batch([str(d)], out, engine=eng, concurrency=1))
    assert (s.skipped, s.retried, s.ok, s.failed, s.exit_code) == (5, 1, 7, 0, 0)
    assert sum(eng.calls.values()) == 7
    assert [x["source"] for x in read_results(out)] == sorted(str(p) for p in d.iterdir())


def test_get_engine_timeout(monkeypatch):
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)
    assert get_engine("llm", "openai/test", timeout=7.5).timeout == 7.5
    assert get_engine("llm", "openai/test").timeout == 120  # the engine's default, unchanged
    assert get_engine(None, None, timeout=3).name == "rules"  # ignored, no error
    assert get_engine("rules", timeout=3).name == "rules"
    with pytest.raises(ConfigError, match="timeout"):
        get_engine("llm", "openai/test", timeout=0)


def test_cli_timeout_reaches_llm_engine_and_rules_ignores_it(tmp_path, monkeypatch):
    from summarizer.engines import llm

    made = []

    class Spy(llm.LLMEngine):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            made.append(self)

    monkeypatch.setattr(llm, "LLMEngine", Spy)
    d = corpus(tmp_path, 2)
    runner = CliRunner()
    with ChatServer(lifetime_s=60) as server:
        _env(monkeypatch, tmp_path, server.base_url)
        r = runner.invoke(_app(), ["batch", str(d), "--out", str(tmp_path / "a.jsonl"), "--no-progress",
                                   "--timeout", "2.5"])
    assert r.exit_code == 0, r.output
    assert [e.timeout for e in made] == [2.5]
    monkeypatch.delenv("SUMMARIZER_MODEL")
    r = runner.invoke(_app(), ["batch", str(d), "--out", str(tmp_path / "b.jsonl"), "--no-progress",
                               "--engine", "rules", "--timeout", "2.5"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(_app(), ["batch", str(d), "--out", str(tmp_path / "c.jsonl"), "--timeout", "0"])
    assert r.exit_code == 2
