"""Benchmark 4: rule engine throughput on one core — the five seeds repeated (300 analyses):
the engine alone (`RuleEngine.analyze_sync` on prepared articles) and the full pipeline
(`summarize(path)`: read, engine, grounding verify, finish). The process is pinned to one CPU.
"""

from __future__ import annotations

import os
import time

from _common import SEEDS, emit

N = 300
TARGET = 100.0


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from summarizer import summarize
    from summarizer.article import read_article
    from summarizer.engines.rules import RuleEngine

    engine = RuleEngine()
    articles = [read_article(p) for p in SEEDS]
    paths = [SEEDS[i % len(SEEDS)] for i in range(N)]
    for a in articles:  # warm caches (lexicon, regexes)
        engine.analyze_sync(a)
        summarize(a.source if os.path.exists(a.source) else a, engine=engine)

    t0 = time.perf_counter()
    for i in range(N):
        engine.analyze_sync(articles[i % len(articles)])
    alone = N / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    for p in paths:
        summarize(p, engine=engine)
    full = N / (time.perf_counter() - t0)
    print(f"rule engine alone: {alone:.0f} articles/s; full pipeline: {full:.0f} articles/s "
          f"({N} analyses each, one core)")
    emit("4. Rule engine throughput (1 core)",
         measured=f"pipeline {full:.0f} articles/s",
         raw=f"engine alone {alone:.0f} articles/s",
         ratio=full / alone, ratio_text=f"{full / alone:.2f} (pipeline / engine)",
         target=f"≥ {TARGET:.0f}/s (pipeline)", met=full >= TARGET and alone >= TARGET,
         notes=f"{N} analyses of the 5 seeds each way",
         extra={"engine_per_s": alone, "pipeline_per_s": full})


if __name__ == "__main__":
    main()
