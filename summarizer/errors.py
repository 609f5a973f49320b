"""One exception tree for the whole package.

    SummarizerError
    ├── InputError            the article could not be read (missing, empty, binary, undecodable)
    ├── ConfigError           a usage mistake: unknown engine, no model configured, bad option
    ├── EngineError           an engine failed to produce an analysis
    │   ├── ProviderError     the LLM provider failed (auth, rate limit, 5xx, timeout) after retries
    │   │   └── AuthenticationError  the provider refused the API key (401/403): never retried;
    │   │                            a batch stops at the first one
    │   └── ModelOutputError  the model's output never validated within the attempt/token budget
    └── GroundingError        an analysis could not be aligned to its article at all

The library raises; the CLI maps each class to one exit code in one place (`cli/_errors.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import Usage


class SummarizerError(Exception):
    """Base class: every error this package raises on purpose."""


class InputError(SummarizerError):
    """The article could not be read. `source` names the file (or '<stdin>')."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class ConfigError(SummarizerError):
    """A usage mistake: an unknown engine, no model configured, an invalid option."""


class EngineError(SummarizerError):
    """An engine failed. Carries what was spent so callers can log it."""

    def __init__(self, message: str, *, attempts: int = 0, usage: Usage | None = None,
                 last_response: str | None = None) -> None:
        self.attempts = attempts
        self.usage = usage
        self.last_response = last_response
        super().__init__(message)


class ProviderError(EngineError):
    """The provider failed after retries (authentication, rate limits, server errors, timeouts)."""


class AuthenticationError(ProviderError):
    """The provider refused the credentials (HTTP 401/403). Retrying cannot help until the key
    is fixed, so a batch stops scheduling articles at the first one.

    `model` and `key_env` (the environment variable to check) are set when the engine knows them.
    """

    def __init__(self, message: str, *, model: str | None = None, key_env: str | None = None,
                 **kwargs: Any) -> None:
        self.model = model
        self.key_env = key_env
        super().__init__(message, **kwargs)


class ModelOutputError(EngineError):
    """The model's output never matched the schema within the attempt and token budget."""


class GroundingError(SummarizerError):
    """An analysis could not be checked against its article (e.g. the article text is missing)."""
