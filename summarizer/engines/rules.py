"""The deterministic Arabic rule engine: the zero-config default (no model, no network).

One pass over the article: sentences (boilerplate excluded) → cues from the lexicon
(crime, enforcement, policy, outcome) → numbers, money, dates, places and known names from
`summarizer.arabic` → incidents grouped sentence by sentence (a cue with its own date, place
or named victim starts an incident; a cue compatible with the last incident extends it;
plain sentences add facts to the current incident) → an English brief written from the
extracted facts by templates, and an Arabic brief made of the article's own sentences.
Every value carries an exact quote from `Article.text` with its offsets.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ..arabic.lexicon import lexicon_hash
from ..article import Article
from ..records import ArticleAnalysis, Provenance
from . import Attempt, EngineRun
from ._rules_extract import RULESET_VERSION, extract

__all__ = ["RuleEngine", "RULESET_VERSION"]


class RuleEngine:
    """Deterministic Arabic rules. Ignores grounding feedback (`accepts_feedback = False`)."""

    name = "rules"
    accepts_feedback = False

    def fingerprint(self) -> dict[str, str]:
        return {"engine": "rules", "version": f"{RULESET_VERSION}+{lexicon_hash()}"}

    def analyze_sync(self, article: Article) -> ArticleAnalysis:
        """The analysis, synchronously (the engine does no I/O)."""
        brief, incidents, warnings = extract(article)
        return ArticleAnalysis(
            brief=brief, incidents=incidents, warnings=warnings,
            provenance=Provenance(engine="rules", model=None, article_sha256=article.sha256,
                                  source=article.source, published=article.published),
        )

    async def analyze(self, article: Article, *, feedback: Sequence[str] = ()) -> EngineRun:
        started = time.perf_counter()
        analysis = self.analyze_sync(article)
        latency = time.perf_counter() - started
        analysis.provenance.latency_s = latency
        return EngineRun(analysis=analysis, attempts=[Attempt(raw_response=None, latency_s=latency)])
