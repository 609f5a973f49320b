"""Benchmark 3: concurrency — 200 articles through `asummarize_many(concurrency=16)` with the
LLM engine against a ChatServer that answers after 250 ms; wall time against the ideal
200 / 16 × 0.25 s. A raw `openai.AsyncOpenAI` loop with the same semaphore is timed too, for
reference (it shows what the client side alone costs at this concurrency).
"""

from __future__ import annotations

import asyncio
import time

from _common import SEEDS, chat_server, emit, quiet_litellm

ARTICLES = 200
CONCURRENCY = 16
LATENCY = 0.25
TARGET = 1.2


def main() -> None:
    quiet_litellm()
    import openai

    from summarizer import summarize_many
    from summarizer.article import read_article
    from summarizer.engines.llm import LLMEngine

    paths = [SEEDS[i % len(SEEDS)] for i in range(ARTICLES)]
    ideal = ARTICLES / CONCURRENCY * LATENCY
    with chat_server(latency=LATENCY, max_requests=4 * ARTICLES + 50, lifetime_s=200) as srv:
        base = srv["base_url"]
        engine = LLMEngine("openai/bench", api_base=base, timeout=30)
        summarize_many(paths[:2], engine=engine, concurrency=2)  # imports litellm/instructor: not timed
        t0 = time.perf_counter()
        items = summarize_many(paths, engine=engine, concurrency=CONCURRENCY)
        wall = time.perf_counter() - t0
        failed = [i for i in items if not i.ok]
        calls = sum(i.result.provenance.attempts for i in items if i.result is not None)

        articles = [read_article(p) for p in paths]
        msgs = [engine.prompt.messages(a.content, source=a.source) for a in articles]

        async def raw() -> float:
            client = openai.AsyncOpenAI(base_url=base, api_key="x", max_retries=0, timeout=30)
            gate = asyncio.Semaphore(CONCURRENCY)

            async def one(m: list) -> None:
                async with gate:
                    await client.chat.completions.create(model="bench", messages=m, temperature=0,
                                                         response_format={"type": "json_object"})

            t = time.perf_counter()
            await asyncio.gather(*(one(m) for m in msgs))
            t = time.perf_counter() - t
            await client.close()
            return t

        raw_wall = asyncio.run(raw())
    ratio = wall / ideal
    print(f"asummarize_many: {wall:.2f} s for {ARTICLES} ({len(failed)} failed); ideal {ideal:.3f} s; "
          f"raw AsyncOpenAI + semaphore: {raw_wall:.2f} s ({raw_wall / ideal:.2f}× ideal); pipeline LLM calls: {calls}")
    print(f"server requests: {srv['stats']}")
    emit(f"3. Concurrency ({ARTICLES} articles, c={CONCURRENCY}, 250 ms server)",
         measured=f"{wall:.2f} s wall" + (f" ({len(failed)} failed)" if failed else ""),
         raw=f"ideal {ideal:.3f} s (raw AsyncOpenAI: {raw_wall:.2f} s)",
         ratio=ratio, target=f"≤ {TARGET}× ideal", met=ratio <= TARGET and not failed,
         notes=f"raw AsyncOpenAI with the same semaphore: {raw_wall / ideal:.2f}× ideal; "
               f"pipeline made {calls} LLM calls for {ARTICLES} articles"
               + (f" ({calls - ARTICLES} grounding re-asks)" if calls > ARTICLES else ""),
         extra={"wall_s": wall, "ideal_s": ideal, "raw_s": raw_wall, "failed": len(failed), "calls": calls})


if __name__ == "__main__":
    main()
