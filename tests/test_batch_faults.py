"""Fault injection: 300 articles through the real LLM engine against a loopback server that
returns 500s, 429s with Retry-After, timeouts, malformed JSON and truncated bodies.

Invariant: after a completed run, every article is accounted for exactly once in --out
(an ok line or an error line), with no duplicates and nothing lost — also after a run that
was SIGKILLed part-way and then resumed.
"""

from __future__ import annotations

import asyncio
import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.batch import read_results, run_batch
from summarizer.ledger import Ledger
from summarizer.testing import ChatServer, request_text

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

FAULT_RATES = {"500": 0.06, "429": 0.06, "timeout": 0.02, "malformed": 0.04, "truncated": 0.04}
SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def make_corpus(root: Path, n: int) -> list[Path]:
    """n distinct small Arabic articles (seed paragraphs + a numbered line, so hashes differ)."""
    root.mkdir(parents=True, exist_ok=True)
    paras = []
    for seed in SEEDS:
        paras += [p for p in seed.read_text(encoding="utf-8").splitlines() if p.strip()][:3]
    if not paras:
        paras = ["ألقت الشرطة القبض على ثلاثة أشخاص بتهمة الاحتيال بالعملات المشفرة."]
    paths = []
    for i in range(n):
        text = "\n".join([paras[i % len(paras)], paras[(i * 7 + 1) % len(paras)],
                          f"وقالت الشرطة إن القضية رقم {i} ما زالت قيد التحقيق."])
        p = root / f"a{i:04d}.txt"
        p.write_text(text + "\n", encoding="utf-8")
        paths.append(p)
    return paths


ALWAYS_FAILING = (5, 50)  # case numbers (see make_corpus) whose every request gets a 500


def always_500_for(cases: tuple[int, ...]):
    marks = [f"القضية رقم {i} " for i in cases]

    def decide(index: int, request: dict) -> str | None:
        text = request_text(request)
        return "500" if any(m in text for m in marks) else None

    return decide


def assert_accounted(out: Path, sources: list[str]) -> collections.Counter:
    lines = read_results(out)
    counts = collections.Counter(line["source"] for line in lines)
    dup = [s for s, c in counts.items() if c > 1]
    assert not dup, f"duplicate lines for {dup[:5]}"
    assert set(counts) == set(sources), f"lost: {sorted(set(sources) - set(counts))[:5]}"
    assert out.read_bytes().endswith(b"\n")
    for line in lines:
        assert ("result" in line) if line["ok"] else ("error" in line and "error_type" in line)
    return collections.Counter("ok" if line["ok"] else line["error_type"] for line in lines)


def test_300_articles_under_faults(tmp_path):
    from summarizer.engines.llm import LLMEngine

    paths = make_corpus(tmp_path / "corpus", 300)
    out = tmp_path / "results.jsonl"
    ledger = Ledger(tmp_path / "ledger.db")
    t0 = time.perf_counter()
    with ChatServer(faults=FAULT_RATES, seed=7, retry_after=0.05, hang_s=1.5, lifetime_s=120,
                    decide=always_500_for(ALWAYS_FAILING)) as server:
        engine = LLMEngine("openai/test", api_base=server.base_url, timeout=0.5, backoff_s=0.01,
                           transport_attempts=6, max_attempts=3)
        summary = asyncio.run(run_batch([str(tmp_path / "corpus")], out, engine=engine, concurrency=16,
                                        ledger=ledger))
        stats = dict(server.stats)
    elapsed = time.perf_counter() - t0
    kinds = assert_accounted(out, [str(p) for p in paths])
    forced = [str(paths[i]) for i in ALWAYS_FAILING]
    failed_lines = [line for line in read_results(out) if not line["ok"]]
    errors = [line["error"] for line in failed_lines if line["source"] not in forced]
    print(f"\n300 articles in {elapsed:.1f}s; server saw {sum(stats.values())} requests {stats}; "
          f"outcomes {dict(kinds)}; summary: {summary.line()}; unforced errors: {errors}")
    assert summary.total == 300 and summary.ok + summary.failed == 300
    assert sum(v for k, v in stats.items() if k != "ok") > 20, "faults were injected"
    assert kinds["ok"] >= 290, kinds  # retries absorb nearly every fault
    assert kinds["ProviderError"] >= len(ALWAYS_FAILING)  # ... but not a server that always fails
    # the ledger has one row per article (ok or error), with the retried attempts in it
    assert ledger.count() == 300
    retried = [r for r in ledger.runs(limit=None) if r.attempts > 1]
    assert retried, "some runs needed more than one request"

    # A second run of the same command: everything ok is skipped; nothing is redone or doubled.
    failed = {line["source"] for line in failed_lines}
    last_id = max(r.id for r in ledger.runs(limit=1))
    with ChatServer(lifetime_s=60) as server2:
        engine2 = LLMEngine("openai/test", api_base=server2.base_url, timeout=0.5, backoff_s=0.01)
        again = asyncio.run(run_batch([str(tmp_path / "corpus")], out, engine=engine2, concurrency=16,
                                      ledger=ledger))
        # only earlier failures were retried, one request each (the scripted reply grounds)
        assert server2.requests == len(failed)
    assert {r.source for r in ledger.runs(limit=None) if r.id > last_id} == failed
    assert again.skipped == kinds["ok"]
    assert_accounted(out, [str(p) for p in paths])


def _cli(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from summarizer.cli import main; main()", *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_sigkill_then_resume_through_cli(tmp_path):
    paths = make_corpus(tmp_path / "corpus", 120)
    out = tmp_path / "results.jsonl"
    env = {**os.environ, "SUMMARIZER_LEDGER": str(tmp_path / "ledger.db"), "SUMMARIZER_MODEL": "openai/test",
           "OPENAI_API_KEY": "sk-test-not-real", "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    args = ["batch", str(tmp_path / "corpus"), "--out", str(out), "-j", "8", "--no-progress"]
    with ChatServer(faults={"429": 0.1, "malformed": 0.03}, latency=(0.02, 0.08), seed=3,
                    retry_after=0.05, lifetime_s=120) as server:
        env["SUMMARIZER_API_BASE"] = server.base_url
        proc = _cli(args, env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # kill once a good part, not all, is written
            if out.exists() and out.read_bytes().count(b"\n") >= 30:
                break
            if proc.poll() is not None:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the first run finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        first = read_results(out)
        assert 30 <= len(first) < 120
        assert len({line["source"] for line in first}) == len(first)
        requests_before = server.requests

        proc = _cli(args, env)
        _, err = proc.communicate(timeout=90)
        err = err.decode()
        assert proc.returncode in (0, 1), err
        assert "Traceback" not in err
    kinds = assert_accounted(out, [str(p) for p in paths])
    done_first = sum(1 for line in first if line["ok"])
    print(f"\nkilled after {len(first)} lines ({done_first} ok); resume sent "
          f"{server.requests - requests_before} requests; final {dict(kinds)}; stderr: {err.strip()[-200:]}")
    assert f"{done_first} already done" in err
    # completed articles were not redone: the ledger has one ok run per article, not more
    ledger = Ledger(tmp_path / "ledger.db", log=False)
    ok_runs = collections.Counter(r.source for r in ledger.runs(limit=None, status="ok"))
    assert max(ok_runs.values()) == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [line["source"] for line in lines] == sorted(str(p) for p in paths)  # compacted in input order
