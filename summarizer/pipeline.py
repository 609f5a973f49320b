"""The one-way flow: read → prepare → engine → verify → store → render.

`asummarize()` is the single code path behind the Python API, the CLI, batch runs and evals.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import threading
import time
from collections.abc import Coroutine, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .article import Article, read_article
from .engines import Attempt, Engine, get_engine
from .errors import EngineError, SummarizerError
from .grounding import verify
from .records import AnalysisWarning, ArticleAnalysis

if TYPE_CHECKING:
    from .ledger import Ledger

ArticleInput = str | Path | bytes | Article
T = TypeVar("T")

#: Re-asks after a grounding failure (LLM engines only). One, as the grounding contract says.
GROUNDING_REASKS = 1


def _as_article(article: ArticleInput, published: dt.date | None) -> Article:
    if isinstance(article, Article):
        return article
    return read_article(article, published=published)


def _as_engine(engine: str | Engine | None, model: str | None) -> Engine:
    if engine is None or isinstance(engine, str):
        return get_engine(engine, model)
    return engine


async def asummarize(
    article: ArticleInput,
    *,
    engine: str | Engine | None = None,
    model: str | None = None,
    published: dt.date | None = None,
    ledger: Ledger | None = None,
    use_cache: bool = True,
) -> ArticleAnalysis:
    """Analyse one article: a path, raw bytes, article text, or a prepared `Article`.

    Returns an `ArticleAnalysis` whose every quote has been aligned to the article and whose
    ungrounded values are flagged in `warnings`. Raises a `SummarizerError` subclass on failure.
    """
    art = _as_article(article, published)
    eng = _as_engine(engine, model)
    fingerprint = eng.fingerprint()
    key = None
    if ledger is not None:
        key = ledger.cache_key(art.input_key, fingerprint)
        if use_cache:
            cached = ledger.cached(key)
            if cached is not None:
                return cached
    started = time.perf_counter()
    attempts: list[Attempt] = []
    try:
        run = await eng.analyze(art)
        attempts += run.attempts
        report = verify(run.analysis, art)
        reasks = GROUNDING_REASKS if eng.accepts_feedback else 0
        note = None
        while reasks and not report.ok:
            reasks -= 1
            try:
                retry = await eng.analyze(art, feedback=report.feedback_lines())
            except EngineError as exc:
                # The first answer stays, with every ungrounded item flagged: a failed re-ask
                # must not cost the user the analysis they already paid for.
                attempts += _spent(exc)
                note = AnalysisWarning(code="reask_failed", message=f"grounding re-ask failed: {exc}")
                break
            attempts += retry.attempts
            report = verify(retry.analysis, art)
        analysis = report.annotated
        if note is not None:
            analysis = analysis.model_copy(update={"warnings": [*analysis.warnings, note]})
    except SummarizerError as exc:
        if ledger is not None and key is not None:
            ledger.record(key=key, article=art, fingerprint=fingerprint, attempts=attempts + _spent(exc),
                          analysis=None, error=f"{type(exc).__name__}: {exc}",
                          latency_s=time.perf_counter() - started)
        raise
    analysis = _finish(analysis, art, attempts, time.perf_counter() - started)
    if ledger is not None and key is not None:
        ledger.record(key=key, article=art, fingerprint=fingerprint, attempts=attempts,
                      analysis=analysis, error=None, latency_s=analysis.provenance.latency_s or 0.0)
    return analysis


def _spent(exc: SummarizerError) -> list[Attempt]:
    if isinstance(exc, EngineError) and exc.usage is not None:
        return [Attempt(raw_response=exc.last_response, error=str(exc), usage=exc.usage)]
    return []


def _finish(analysis: ArticleAnalysis, article: Article, attempts: list[Attempt], latency: float) -> ArticleAnalysis:
    """Fill what only the pipeline knows: total usage over every attempt, latency, input warnings."""
    usage = analysis.provenance.usage
    if attempts:
        usage = attempts[0].usage
        for a in attempts[1:]:
            usage = usage + a.usage
    provenance = analysis.provenance.model_copy(update={
        "usage": usage,
        "attempts": max(len(attempts), 1),
        "latency_s": round(latency, 4),
        "source": article.source,
        "published": article.published,
        "article_sha256": article.sha256,
        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0),
    })
    input_warnings = [w for w in article.warnings if w not in analysis.warnings]
    return analysis.model_copy(update={"provenance": provenance,
                                       "warnings": input_warnings + list(analysis.warnings)})


_local = threading.local()


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine for the sync API on one event loop per thread, kept between calls.

    A fresh loop per call (asyncio.run) would strand the HTTP client sessions litellm keeps
    per loop: one unclosed session per call, and per-call loop start-up.

    The result comes back through a box, not as the task's result: on its way out the runner
    puts its SIGINT handler back, and Python 3.11's `signal` formats the old handler (which
    holds the finished task) with repr() — a repr of the whole `ArticleAnalysis`, about 1 ms.
    """
    runner = getattr(_local, "runner", None)
    if runner is None:
        runner = _local.runner = asyncio.Runner()
        atexit.register(runner.close)
    box: list[T] = []
    runner.run(_into(coro, box))
    return box[0]


async def _into(coro: Coroutine[Any, Any, T], box: list[T]) -> None:
    box.append(await coro)


def summarize(article: ArticleInput, **kwargs: object) -> ArticleAnalysis:
    """Synchronous `asummarize()`; takes the same arguments."""
    return _run(asummarize(article, **kwargs))  # type: ignore[arg-type]


@dataclass
class BatchItem:
    """One article's outcome in `summarize_many`: a result or an error, never both."""

    source: str
    result: ArticleAnalysis | None = None
    error: SummarizerError | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


async def asummarize_many(
    articles: Iterable[ArticleInput],
    *,
    concurrency: int = 4,
    engine: str | Engine | None = None,
    model: str | None = None,
    ledger: Ledger | None = None,
    use_cache: bool = True,
) -> list[BatchItem]:
    """Analyse many articles with bounded concurrency; one bad article never fails the batch."""
    eng = _as_engine(engine, model)
    gate = asyncio.Semaphore(max(1, concurrency))
    items = list(articles)

    async def one(item: ArticleInput) -> BatchItem:
        label = item.source if isinstance(item, Article) else ("<bytes>" if isinstance(item, bytes) else str(item))
        async with gate:
            try:
                result = await asummarize(item, engine=eng, ledger=ledger, use_cache=use_cache)
            except SummarizerError as exc:
                return BatchItem(source=label, error=exc)
        return BatchItem(source=result.provenance.source or label, result=result)

    return list(await asyncio.gather(*(one(i) for i in items)))


def summarize_many(articles: Sequence[ArticleInput], **kwargs: object) -> list[BatchItem]:
    """Synchronous `asummarize_many()`; takes the same arguments."""
    return _run(asummarize_many(articles, **kwargs))  # type: ignore[arg-type]
