"""summarizer: bilingual Arabic/English briefs and grounded incident records from Arabic news
about crypto-related crime.

    from summarizer import summarize
    analysis = summarize("seeds/000_d003e6070548525d.txt")
    print(analysis.brief.headline_en)

Only re-exports live here. They resolve on first use, so `summarizer --help` pays for none of
them (the Pydantic models alone take ~0.2 s to build); litellm, instructor and openai load only
when an LLM engine runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name → the module that defines it
_EXPORTS = {
    "Article": ".article",
    "read_article": ".article",
    "Engine": ".engines",
    "get_engine": ".engines",
    "AuthenticationError": ".errors",
    "ConfigError": ".errors",
    "EngineError": ".errors",
    "GroundingError": ".errors",
    "InputError": ".errors",
    "ModelOutputError": ".errors",
    "ProviderError": ".errors",
    "SummarizerError": ".errors",
    "GroundingReport": ".grounding",
    "verify": ".grounding",
    "BatchItem": ".pipeline",
    "asummarize": ".pipeline",
    "asummarize_many": ".pipeline",
    "summarize": ".pipeline",
    "summarize_many": ".pipeline",
    "SCHEMA_VERSION": ".records",
    "ArticleAnalysis": ".records",
    "Brief": ".records",
    "Incident": ".records",
}

__all__ = [
    "Article",
    "ArticleAnalysis",
    "AuthenticationError",
    "BatchItem",
    "Brief",
    "ConfigError",
    "Engine",
    "EngineError",
    "GroundingError",
    "GroundingReport",
    "Incident",
    "InputError",
    "ModelOutputError",
    "ProviderError",
    "SCHEMA_VERSION",
    "SummarizerError",
    "__version__",
    "asummarize",
    "asummarize_many",
    "get_engine",
    "read_article",
    "summarize",
    "summarize_many",
    "verify",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from .article import Article, read_article
    from .engines import Engine, get_engine
    from .errors import (
        AuthenticationError,
        ConfigError,
        EngineError,
        GroundingError,
        InputError,
        ModelOutputError,
        ProviderError,
        SummarizerError,
    )
    from .grounding import GroundingReport, verify
    from .pipeline import BatchItem, asummarize, asummarize_many, summarize, summarize_many
    from .records import SCHEMA_VERSION, ArticleAnalysis, Brief, Incident
