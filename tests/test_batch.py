"""Batch runs: one line per article, resume, torn lines, compaction, cache counts, exit codes."""

from __future__ import annotations

import asyncio
import collections
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.batch import _lock_path, compact, expand_inputs, read_results, repair, run_batch
from summarizer.cli import app
from summarizer.engines import EngineRun
from summarizer.errors import ConfigError, ProviderError
from summarizer.ledger import Ledger
from summarizer.records import ArticleAnalysis, Provenance
from summarizer.testing import extraction_for

SEED = Path(__file__).resolve().parents[1] / "seeds" / "003_d0fc6795cfc61d73.txt"
LINE = "ألقت الشرطة القبض على مشتبه به في قضية احتيال بالعملات المشفرة رقم {i}."


class FlakyEngine:
    name = "flaky"
    accepts_feedback = False

    def __init__(self, fail: set[str] = frozenset()) -> None:
        self.fail, self.calls = set(fail), collections.Counter()

    def fingerprint(self):
        return {"engine": self.name, "model": "t", "prompt_version": "p", "schema_version": "1.0"}

    async def analyze(self, article, *, feedback=()):
        self.calls[article.source] += 1
        await asyncio.sleep(0.001)
        if article.source in self.fail:
            raise ProviderError("HTTP 503 after retries")
        return EngineRun(ArticleAnalysis(**extraction_for(article.text), provenance=Provenance(
            engine=self.name, article_sha256=article.sha256)))


def corpus(tmp_path, n=10):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(n):
        (d / f"a{i:02d}.txt").write_text(LINE.format(i=i) + "\n", encoding="utf-8")
    return d


def run(d, out, eng, **kw):
    return asyncio.run(run_batch([str(d)], out, engine=eng, concurrency=4, **kw))


def sources(out):
    return [x["source"] for x in read_results(out)]


def test_one_line_per_article_and_failures_retried_then_compacted(tmp_path):
    d, out = corpus(tmp_path), tmp_path / "r.jsonl"
    bad = {str(d / "a03.txt"), str(d / "a07.txt")}
    s1 = run(d, out, FlakyEngine(fail=bad))
    assert (s1.ok, s1.failed, s1.exit_code) == (8, 2, 1)
    lines = read_results(out)
    assert sources(out) == sorted(str(p) for p in d.iterdir())
    assert {x["source"] for x in lines if not x["ok"]} == bad
    err = next(x for x in lines if not x["ok"])
    assert err["error_type"] == "ProviderError" and err["source"] in err["error"] and err["sha256"]
    eng = FlakyEngine()
    s2 = run(d, out, eng)
    assert (s2.skipped, s2.retried, s2.ok, s2.failed, s2.exit_code) == (8, 2, 2, 0, 0)
    assert set(eng.calls) == bad  # completed articles were not redone
    assert sources(out) == sorted(str(p) for p in d.iterdir())
    assert all(x["ok"] for x in read_results(out))


def test_torn_final_line_is_dropped_and_redone(tmp_path):
    d, out = corpus(tmp_path, 4), tmp_path / "r.jsonl"
    run(d, out, FlakyEngine())
    data = out.read_bytes()
    last_start = data.rstrip(b"\n").rfind(b"\n") + 1
    out.write_bytes(data[: last_start + 40])  # a crash in the middle of the last line
    lines, dropped = repair(out)
    assert dropped == 1 and len(lines) == 3 and out.read_bytes().endswith(b"\n")
    out.write_bytes(data[: last_start + 40])
    eng = FlakyEngine()
    s = run(d, out, eng)
    assert s.torn_lines == 1 and sum(eng.calls.values()) == 1 and len(read_results(out)) == 4


def test_compact_keeps_ok_over_error_and_other_sources(tmp_path):
    out = tmp_path / "r.jsonl"
    rows = [{"source": "x", "ok": False, "error": "e1", "error_type": "E"},
            {"source": "old", "ok": True, "result": {}},
            {"source": "x", "ok": True, "result": {}},
            {"source": "x", "ok": False, "error": "e2", "error_type": "E"},
            {"source": "y", "ok": False, "error": "e1", "error_type": "E"},
            {"source": "y", "ok": False, "error": "e2", "error_type": "E"}]
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert compact(out, order=["y", "x"]) == 3
    got = read_results(out)
    assert [(g["source"], g["ok"], g.get("error")) for g in got] == [("y", False, "e2"), ("x", True, None),
                                                                      ("old", True, None)]


def test_inputs_dirs_globs_missing_and_duplicates(tmp_path):
    d = corpus(tmp_path, 3)
    (d / ".hidden.txt").write_text("x")
    items = expand_inputs([str(d), str(d / "a00.txt"), str(d / "*.txt"), str(tmp_path / "nope.txt"),
                           str(tmp_path / "zz*.txt")])
    assert [i.source for i in items][:3] == [str(d / f"a0{i}.txt") for i in range(3)]
    assert len(items) == 5
    assert [str(i.error) for i in items[3:]] == [f"{tmp_path / 'nope.txt'}: no such file",
                                                 f"{tmp_path / 'zz*.txt'}: no files match this pattern"]


def test_cache_hits_are_counted_and_logged(tmp_path):
    d = corpus(tmp_path, 5)
    led = Ledger(tmp_path / "l.db")
    run(d, tmp_path / "one.jsonl", FlakyEngine(), ledger=led)
    eng = FlakyEngine()
    s = run(d, tmp_path / "two.jsonl", eng, ledger=led)
    assert (s.ok, s.cached, sum(eng.calls.values())) == (5, 5, 0)
    assert all(x["cached"] for x in read_results(tmp_path / "two.jsonl"))
    assert led.count("cached") == 5 and led.count("ok") == 5
    s = run(d, tmp_path / "three.jsonl", eng, ledger=led, use_cache=False)
    assert (s.cached, sum(eng.calls.values())) == (0, 5)


def test_a_second_writer_is_refused(tmp_path):
    import fcntl

    d, out = corpus(tmp_path, 2), tmp_path / "r.jsonl"
    fd = os.open(_lock_path(out), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(ConfigError, match="another batch run"):
            run(d, out, FlakyEngine())
    finally:
        os.close(fd)
    assert run(d, out, FlakyEngine()).ok == 2


def _app():
    import typer

    from summarizer.cli import batch

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        pass

    batch.register(app)
    return app


def test_cli_exit_codes(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_MODEL", "openai/test")  # never called: every input fails before
    monkeypatch.setenv("SUMMARIZER_API_BASE", "http://127.0.0.1:9/v1")
    runner = CliRunner()
    d = corpus(tmp_path, 2)
    (tmp_path / "empty.txt").write_text("")
    r = runner.invoke(_app(), ["batch", str(tmp_path / "empty.txt"), str(tmp_path / "nope.txt"),
                               "--out", str(tmp_path / "r.jsonl"), "--no-progress"])
    assert r.exit_code == 3, r.output  # nothing ok, every failure an input error
    assert "empty.txt" in r.stderr and "nope.txt: no such file" in r.stderr
    assert len(read_results(tmp_path / "r.jsonl")) == 2
    r = runner.invoke(_app(), ["batch", str(d), "--out", str(tmp_path / "x.jsonl"), "--engine", "nope"])
    assert r.exit_code == 2 and "unknown engine" in r.stderr
    assert not (tmp_path / "x.jsonl").exists()
    r = runner.invoke(_app(), ["batch", str(tmp_path / "emptydir*"), "--out", str(tmp_path / "y.jsonl")])
    assert r.exit_code == 3


@pytest.mark.parametrize("content", ["1\n2\n3\nline one\n", '{"a": 1}\n', "my notes without a newline"])
def test_out_file_that_is_not_batch_output_is_refused_and_kept(tmp_path, content):
    out = tmp_path / "notes.txt"
    out.write_text(content, encoding="utf-8")
    r = CliRunner().invoke(app, ["batch", str(SEED), "--out", str(out), "--no-log"])
    assert r.exit_code == 2
    assert "is not a summarizer batch file" in r.stderr and "Traceback" not in r.output
    assert out.read_text(encoding="utf-8") == content  # not a byte changed


def test_out_directory_is_a_one_line_error(tmp_path):
    r = CliRunner().invoke(app, ["batch", str(SEED), "--out", str(tmp_path), "--no-log"])
    assert r.exit_code == 2 and "is a directory" in r.stderr and "Traceback" not in r.output


def test_unopenable_ledger_is_a_usage_error_before_any_article(tmp_path):
    out = tmp_path / "r.jsonl"
    r = CliRunner().invoke(app, ["batch", str(SEED), "--out", str(out), "--ledger", "/proc/summarizer-test.db"])
    assert r.exit_code == 2 and "cannot open the ledger" in r.stderr
    assert not out.exists()
