"""Benchmark 2: pipeline overhead — `summarize()` with the LLM engine against a raw `openai`
chat completion, both on the same zero-latency ChatServer (its own process, 127.0.0.1).

Same article, same prompt messages (rendered with `summarizer.prompts`), no ledger (so no
cache hits), N calls each, interleaved in blocks. The first `summarize()` call (litellm and
instructor imports) is timed separately and left out of the ratio. When the target is missed,
a cProfile of the pipeline calls shows where the time goes (`--profile` forces it).
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time

from _common import SEEDS, chat_server, emit, quiet_litellm

CALLS = 200
BLOCKS = 4
TARGET = 1.25

# (label, how to find it in a cProfile: substring of "file:function")
BREAKDOWN = [
    ("read_article (decode, boilerplate)", "summarizer/article.py:read_article"),
    ("event loop (one per thread, reused)", "asyncio/runners.py:run"),
    ("LLMEngine.analyze", "summarizer/engines/llm.py:analyze"),
    ("instructor client.create", "instructor/core/client.py:create"),
    ("instructor.from_litellm (per call)", "instructor/core/client.py:from_litellm"),
    ("LLMEngine._send", "summarizer/engines/llm.py:_send"),
    ("litellm.acompletion", "litellm/utils.py:wrapper_async"),
    ("  of it: openai SDK request", "openai/_base_client.py:request"),
    ("  of it: litellm logging / callbacks", "litellm/litellm_core_utils/litellm_logging.py:"),
    ("instructor parse (process_response)", "instructor/processing/response.py:process_response_async"),
    ("pydantic ExtractionOutput validation", "pydantic/main.py:model_validate_json"),
    ("LLMEngine._usage / _cost", "summarizer/engines/llm.py:_usage"),
    ("grounding verify", "summarizer/grounding.py:verify"),
    ("pipeline _finish", "summarizer/pipeline.py:_finish"),
]


def profile_pipeline(call, n: int) -> list[tuple[str, float]]:
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for _ in range(n):
        call()
    prof.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    rows = []
    for label, pattern in BREAKDOWN:
        path, _, func = pattern.partition(":")
        best = 0.0
        for (filename, _line, fname), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            if filename.replace("\\", "/").endswith(path) and (not func or fname == func):
                best = max(best, ct)
        rows.append((label, best / n * 1000))
    print(f"\nprofile of {n} summarize() calls (cProfile inflates Python-heavy code; {wall / n * 1000:.1f} ms/call "
          "under the profiler). Cumulative ms per call:")
    for label, ms in rows:
        print(f"  {label:45s} {ms:7.2f} ms")
    stats.sort_stats("tottime")
    print("\n top functions by own time:")
    stats.print_stats(15)
    return rows


def main() -> None:
    quiet_litellm()
    import openai

    from summarizer import summarize
    from summarizer.article import read_article
    from summarizer.engines.llm import LLMEngine

    seed = SEEDS[0]
    article = read_article(seed)
    with chat_server(latency=0.0, max_requests=2 * CALLS + 200, lifetime_s=240) as srv:
        base = srv["base_url"]
        engine = LLMEngine("openai/bench", api_base=base, timeout=30)
        messages = engine.prompt.messages(
            article.content, source=article.source,
            published=article.published.isoformat() if article.published else None)
        client = openai.OpenAI(base_url=base, api_key="x", max_retries=0, timeout=30)

        def pipeline_call() -> None:
            summarize(seed, engine=engine)

        def raw_call() -> None:
            r = client.chat.completions.create(model="bench", messages=messages, temperature=0, max_tokens=4096,
                                               response_format={"type": "json_object"})
            assert r.choices[0].message.content

        t0 = time.perf_counter()
        first = summarize(seed, engine=engine)
        first_s = time.perf_counter() - t0
        assert first.provenance.attempts == 1, "the test server's reply should ground on the first try"
        for _ in range(5):
            pipeline_call()
            raw_call()
        pipe_t = raw_t = pipe_cpu = raw_cpu = 0.0
        per = CALLS // BLOCKS
        for _ in range(BLOCKS):
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(per):
                pipeline_call()
            pipe_t += time.perf_counter() - t0
            pipe_cpu += time.process_time() - c0
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(per):
                raw_call()
            raw_t += time.perf_counter() - t0
            raw_cpu += time.process_time() - c0
        ratio = pipe_t / raw_t
        print(f"first summarize() (imports litellm/instructor): {first_s:.2f} s")
        print(f"summarize(): {pipe_t / CALLS * 1000:.2f} ms/call; raw openai: {raw_t / CALLS * 1000:.2f} ms/call; "
              f"ratio {ratio:.2f}×")
        notes = f"first call {first_s:.1f} s (imports); per call: pipeline {pipe_t / CALLS * 1000:.1f} ms, " \
                f"raw {raw_t / CALLS * 1000:.1f} ms; client CPU per call (server is another process): " \
                f"pipeline {pipe_cpu / CALLS * 1000:.1f} ms, raw {raw_cpu / CALLS * 1000:.1f} ms " \
                f"({pipe_cpu / raw_cpu:.1f}×)"
        extra: dict = {"pipeline_cpu_ms": pipe_cpu / CALLS * 1000, "raw_cpu_ms": raw_cpu / CALLS * 1000,
                       "pipeline_ms": pipe_t / CALLS * 1000, "raw_ms": raw_t / CALLS * 1000, "first_s": first_s}
        if ratio > TARGET or "--profile" in sys.argv:
            rows = profile_pipeline(pipeline_call, 50)
            extra["profile_ms_per_call"] = dict(rows)
            notes += "; profile (ms/call, cProfile): " + ", ".join(
                f"{lbl.strip()} {ms:.1f}" for lbl, ms in rows if ms >= 0.5)
    print(f"server requests: {srv['stats']}")
    emit("2. Pipeline overhead (LLM engine, 0-latency server)",
         measured=f"`summarize()` {pipe_t / CALLS * 1000:.1f} ms/call ×{CALLS}",
         raw=f"raw `openai` chat completion {raw_t / CALLS * 1000:.1f} ms/call ×{CALLS}",
         ratio=ratio, target=f"≤ {TARGET}×", met=ratio <= TARGET, notes=notes, extra=extra)


if __name__ == "__main__":
    main()
