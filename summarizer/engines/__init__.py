"""Engines: one interface, several ways to turn an `Article` into an `ArticleAnalysis`.

- `rules`  deterministic Arabic rule-based engine (the zero-config default; no model, no network)
- `llm`    instructor over litellm: any litellm model string, or `local` / `local:/path.gguf`
           for llama.cpp in-process

`get_engine()` picks one from the user's choices; nothing heavy is imported until an engine
is built, so `summarizer --help` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..article import Article
from ..errors import ConfigError
from ..records import ArticleAnalysis, Usage

MODEL_ENV = "SUMMARIZER_MODEL"
ENGINE_NAMES = ("rules", "llm")


@dataclass
class Attempt:
    """One request to a model (or one rule-engine pass): kept whole for the ledger."""

    raw_response: str | None = None
    error: str | None = None
    usage: Usage = field(default_factory=Usage)
    latency_s: float = 0.0


@dataclass
class EngineRun:
    """What an engine returns: the analysis plus every attempt it took to get there."""

    analysis: ArticleAnalysis
    attempts: list[Attempt] = field(default_factory=list)

    def __repr__(self) -> str:
        # Cheap on purpose: asyncio.run formats its result's repr on return in Python 3.11,
        # and the full nested record repr costs more than a rule-engine analysis.
        return f"EngineRun(engine={self.analysis.provenance.engine!r}, attempts={len(self.attempts)})"


@runtime_checkable
class Engine(Protocol):
    """Turns a prepared article into an analysis.

    `feedback` lists ungrounded items from a previous try (the grounding re-ask); engines that
    cannot use it (the rule engine) ignore it and say so with `accepts_feedback = False`.
    """

    name: str
    accepts_feedback: bool

    def fingerprint(self) -> dict[str, str]:
        """Everything that changes the output for the same article: the cache key's parts."""
        ...

    async def analyze(self, article: Article, *, feedback: Sequence[str] = ()) -> EngineRun: ...


def get_engine(engine: str | None = None, model: str | None = None, *, timeout: float | None = None,
               prompt: str | None = None) -> Engine:
    """Build the engine the user asked for.

    No engine and no model (argument or `SUMMARIZER_MODEL`) means the rule engine.
    A model with no engine means the LLM engine.
    `timeout` is seconds per LLM request (None: the engine's default); the rule engine and the
    in-process local engine make no requests and ignore it. `prompt` names the prompt the LLM
    engines use (None: `$SUMMARIZER_PROMPT` or the default); the rule engine has none.
    """
    if timeout is not None and not timeout > 0:
        raise ConfigError(f"timeout must be a positive number of seconds, not {timeout!r}")
    model = model or os.environ.get(MODEL_ENV) or None
    if engine is None:
        engine = "llm" if model else "rules"
    if engine == "rules":
        from .rules import RuleEngine

        return RuleEngine()
    if engine == "llm":
        if not model:
            raise ConfigError(
                f"the llm engine needs a model: pass --model (e.g. openai/gpt-4o-mini, local) or set {MODEL_ENV}"
            )
        if model == "local" or model.startswith("local:"):
            from .local import LocalEngine

            return LocalEngine(model, prompt=prompt)
        from .llm import LLMEngine

        return LLMEngine(model, prompt=prompt) if timeout is None else LLMEngine(model, prompt=prompt, timeout=timeout)
    raise ConfigError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINE_NAMES)}")
