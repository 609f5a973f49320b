"""Generate-or-load, then score: the one loop behind `summarizer eval`.

For each case: key = store key(article sha256, engine fingerprint). A stored output is used as
is; otherwise the engine runs through `pipeline.asummarize` (the same code path as the CLI)
and the result is stored. `rescore=True` never calls the engine: a case with no stored output
is `missing`, which makes the run incomplete (exit 2).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..engines import Engine
from ..errors import SummarizerError
from ..records import ArticleAnalysis
from .dataset import Case
from .scorers import CaseScore, score_case
from .store import Store, store_key


@dataclass
class CaseResult:
    case: Case
    key: str
    status: str  # ok / missing / error
    source: str = ""  # store / engine
    analysis: ArticleAnalysis | None = None
    score: CaseScore | None = None
    error: str | None = None
    usage: dict[str, Any] = field(default_factory=dict)
    latency_s: float | None = None


async def _generate(case: Case, engine: Engine) -> ArticleAnalysis:
    from ..pipeline import asummarize

    return await asummarize(case.article, engine=engine)


def run_cases(cases: Sequence[Case], engine: Engine, store: Store, *, rescore: bool = False,
              concurrency: int = 4) -> list[CaseResult]:
    """Run (or load) and score every case. Never raises for one case's failure."""
    fingerprint = engine.fingerprint()
    results: list[CaseResult] = []
    todo: list[CaseResult] = []
    for case in cases:
        key = store_key(case.article.input_key, fingerprint)
        stored = store.get(key)
        r = CaseResult(case=case, key=key, status="missing")
        if stored is not None:
            r.status, r.source, r.analysis = "ok", "store", stored.analysis
        elif not rescore:
            todo.append(r)
        results.append(r)
    if todo:
        asyncio.run(_run_all(todo, engine, store, fingerprint, concurrency))
    for r in results:
        if r.analysis is not None:
            u = r.analysis.provenance.usage
            r.usage = {"input_tokens": u.input_tokens, "output_tokens": u.output_tokens, "requests": u.requests,
                       "cost_usd": u.cost_usd}
            r.latency_s = r.analysis.provenance.latency_s
            try:
                r.score = score_case(r.case, r.analysis)
            except Exception as exc:  # a scorer bug must surface as an incomplete case, not a pass
                r.status, r.error = "error", f"scorer failed: {type(exc).__name__}: {exc}"
    return results


async def _run_all(todo: list[CaseResult], engine: Engine, store: Store, fingerprint: dict, concurrency: int) -> None:
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(r: CaseResult) -> None:
        async with gate:
            started = time.perf_counter()
            try:
                analysis = await _generate(r.case, engine)
            except SummarizerError as exc:
                r.status, r.error = "error", f"{type(exc).__name__}: {exc}"
                return
            except Exception as exc:  # an engine bug: incomplete, never stored
                r.status, r.error = "error", f"{type(exc).__name__}: {exc}"
                return
        if engine.name != "oracle":  # the gold answering itself is not worth storing
            store.put(r.key, analysis, {"case": r.case.id, "article_sha256": r.case.article.sha256,
                                        "fingerprint": fingerprint,
                                        "wall_s": round(time.perf_counter() - started, 3)})
        r.status, r.source, r.analysis = "ok", "engine", analysis

    await asyncio.gather(*(one(r) for r in todo))
