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

import functools
import hashlib
import time
from collections.abc import Sequence
from pathlib import Path

from ..arabic.lexicon import lexicon_hash
from ..article import Article
from ..records import ArticleAnalysis, Provenance
from . import Attempt, EngineRun
from ._rules_extract import RULESET_VERSION, extract

__all__ = ["RuleEngine", "RULESET_VERSION"]


# Package code that cannot change what this engine writes (the CLI, evals, storage, rendering,
# the LLM engines and test doubles). Everything else is hashed: a module that does not appear
# here counts, so a new one errs on the side of a fresh cache key, never a stale hit.
_NOT_OUTPUT = {"cli", "evals", "testing.py", "ledger.py", "batch.py", "_migrations.py", "render.py",
               "prompts.py", "schemas.py", "__main__.py", ("engines", "llm.py"), ("engines", "local.py"),
               ("engines", "_llm_common.py")}


def _shapes_output(parts: tuple[str, ...]) -> bool:
    return parts[0] not in _NOT_OUTPUT and parts not in _NOT_OUTPUT


@functools.cache
def _code_hash() -> str:
    """sha256 over the package's source that shapes this engine's output (the rule engine, the
    Arabic toolkit, article preparation, grounding, the records…) and the lexicon: for this engine
    the code is the model."""
    package = Path(__file__).resolve().parents[1]
    files = sorted(f for f in package.rglob("*.py") if _shapes_output(f.relative_to(package).parts))
    digest = hashlib.sha256(lexicon_hash().encode())
    for f in files:
        digest.update(str(f.relative_to(package)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:12]


class RuleEngine:
    """Deterministic Arabic rules. Ignores grounding feedback (`accepts_feedback = False`)."""

    name = "rules"
    accepts_feedback = False

    def fingerprint(self) -> dict[str, str]:
        # The code is the model here: any edit that can change the output changes cache keys,
        # so stored eval outputs and ledger hits never outlive the code that made them.
        return {"engine": "rules", "version": f"{RULESET_VERSION}+{_code_hash()}"}

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
