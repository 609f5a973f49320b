"""Benchmark 6: local model — completion tokens per second inside the pipeline (`summarize()`
with `LocalEngine`) against raw llama-cpp-python (`Llama(...).create_chat_completion`) on the
same messages, JSON-schema grammar, max_tokens and settings.

Each side first runs once untimed (model load, and llama.cpp keeps the prompt's KV prefix, so
the timed calls measure decoding on both sides alike), then REPS timed calls, interleaved.
max_tokens is kept small so the whole suite stays within minutes on 2 cores; a cut-off output
is a `ModelOutputError` in the pipeline, whose usage still counts the tokens generated.
"""

from __future__ import annotations

import time

from _common import SEEDS, emit

MAX_TOKENS = 48
REPS = 1
ARTICLE_LINES = 3  # the lead of the shortest seed: prefill is slow on CPU-only builds
TARGET = 0.9
NAME = "6. Local model tokens/s (LocalEngine vs llama_cpp)"


def main() -> None:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        print("skipped: llama-cpp-python not installed (run scripts/install-local.sh)")
        emit(NAME, measured="skipped", raw="skipped", ratio=None, target=f"≥ {TARGET}×", met=None,
             notes="skipped: llama-cpp-python not installed (run scripts/install-local.sh)")
        return
    from summarizer import summarize
    from summarizer.article import prepare, read_article
    from summarizer.engines._llm_common import bounded_schema
    from summarizer.engines.local import LocalEngine
    from summarizer.errors import ConfigError, ModelOutputError

    try:
        engine = LocalEngine("local", max_tokens=MAX_TOKENS, max_attempts=1)
    except ConfigError as exc:
        print(f"skipped: {exc}")
        emit(NAME, measured="skipped", raw="skipped", ratio=None, target=f"≥ {TARGET}×", met=None,
             notes=f"skipped: {exc}")
        return
    seed = read_article(min(SEEDS, key=lambda p: p.stat().st_size))
    lead = "\n".join([ln for ln in seed.content.splitlines() if ln.strip()][:ARTICLE_LINES])
    article = prepare(lead, source=seed.source)
    messages = engine.prompt.messages(article.content, source=article.source,
                                      published=article.published.isoformat() if article.published else None,
                                      with_example=engine.with_example)
    raw_llama = llama_cpp.Llama(model_path=str(engine.path), n_ctx=engine.n_ctx, n_threads=engine.n_threads,
                                n_batch=512, seed=engine.seed, verbose=False)
    schema = bounded_schema()

    def pipeline_call() -> int:
        try:
            a = summarize(article, engine=engine)
            return a.provenance.usage.output_tokens
        except ModelOutputError as exc:
            return exc.usage.output_tokens if exc.usage else 0

    def raw_call() -> int:
        r = raw_llama.create_chat_completion(messages=messages, max_tokens=MAX_TOKENS, temperature=engine.temperature,
                                             seed=engine.seed,
                                             response_format={"type": "json_object", "schema": schema})
        return int(r["usage"]["completion_tokens"])

    t0 = time.perf_counter()
    pipeline_call()
    warm_pipe = time.perf_counter() - t0
    t0 = time.perf_counter()
    raw_call()
    warm_raw = time.perf_counter() - t0
    pt = ps = rt = rs = 0.0
    for _ in range(REPS):
        t0 = time.perf_counter()
        rt += raw_call()
        rs += time.perf_counter() - t0
        t0 = time.perf_counter()
        pt += pipeline_call()
        ps += time.perf_counter() - t0
    pipe_tps, raw_tps = pt / ps, rt / rs
    ratio = pipe_tps / raw_tps
    print(f"first calls (load + prompt prefill): pipeline {warm_pipe:.1f} s, raw {warm_raw:.1f} s")
    print(f"pipeline: {pt:.0f} tokens in {ps:.2f} s = {pipe_tps:.1f} tok/s; raw: {rt:.0f} tokens in {rs:.2f} s = "
          f"{raw_tps:.1f} tok/s")
    emit(NAME, measured=f"{pipe_tps:.1f} tok/s", raw=f"`Llama.create_chat_completion` {raw_tps:.1f} tok/s",
         ratio=ratio, target=f"≥ {TARGET}×", met=ratio >= TARGET,
         notes=f"Gemma 3 270M Q4_K_M, lead {ARTICLE_LINES} lines of the shortest seed, max_tokens={MAX_TOKENS}, {REPS} timed calls each after one untimed; "
               f"first calls {warm_pipe:.1f} s / {warm_raw:.1f} s",
         extra={"pipeline_tokens": pt, "pipeline_s": ps, "raw_tokens": rt, "raw_s": rs})


if __name__ == "__main__":
    main()
