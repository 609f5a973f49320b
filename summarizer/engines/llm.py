"""The LLM engine: instructor over litellm, any litellm model string.

One owner per kind of retry:

- transport errors (429 honouring Retry-After, 5xx, timeouts, connection errors): tenacity,
  around each single HTTP request; litellm's and the OpenAI SDK's own retries are off
  (`num_retries=0`, `max_retries=0`), so retries never multiply;
- invalid output (JSON or schema validation errors): instructor's re-ask, bounded by
  `max_attempts` and by a cumulative `token_budget`;
- ungrounded output: the pipeline calls `analyze(..., feedback=[...])` once more.

Every request is an `Attempt` (raw text, error, usage, latency), failed ones included; usage is
summed over all of them. Cost comes from litellm's local price table; a model it does not price
gets `cost_usd=None` ("unpriced"), never 0.

OpenAI-compatible servers (llama.cpp's `llama_cpp.server`, vLLM, Ollama…): model
`openai/<name>` plus `api_base` / `$SUMMARIZER_API_BASE` (or litellm's `$OPENAI_API_BASE`).
On a loopback server the JSON schema is also sent as `response_format.schema`, which
llama.cpp turns into a grammar (`constrain=True/False` overrides).

litellm, instructor and openai are imported on first use only (never by `summarizer --help`).
"""

from __future__ import annotations

import asyncio
import copy
import email.utils
import functools
import os
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from pydantic import ConfigDict

from ..article import Article
from ..errors import AuthenticationError, ConfigError, ModelOutputError, ProviderError
from ..prompts import Prompt, load_prompt
from ..records import SCHEMA_VERSION, ExtractionOutput, Usage
from . import Attempt, EngineRun
from ._llm_common import bounded_schema, build_analysis, params_json, short, total_usage

API_BASE_ENV = "SUMMARIZER_API_BASE"
API_KEY_ENV = "SUMMARIZER_API_KEY"
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_KEY_ENV = {
    "openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "gemini": "GEMINI_API_KEY",
    "mistral": "MISTRAL_API_KEY", "groq": "GROQ_API_KEY", "deepseek": "DEEPSEEK_API_KEY",
    "openrouter": "OPENROUTER_API_KEY", "together_ai": "TOGETHERAI_API_KEY", "azure": "AZURE_API_KEY",
    "cohere": "COHERE_API_KEY", "xai": "XAI_API_KEY", "fireworks_ai": "FIREWORKS_AI_API_KEY",
}


def _import_litellm() -> Any:
    # Before the first import: use the price table shipped in the wheel, never fetch it.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    litellm.drop_params = True  # e.g. temperature on models that refuse it
    return litellm


def _import_instructor() -> Any:
    import instructor
    from instructor.v2.validation import async_validators

    # instructor walks the whole response model looking for async validators several times per
    # request (~4 ms for ours). The answer depends on the class alone: remember it per class.
    check = async_validators.reject_async_validators
    if not hasattr(check, "cache_info"):
        async_validators.reject_async_validators = functools.cache(check)
    return instructor


def _status(exc: BaseException) -> int | None:
    code = getattr(exc, "status_code", None)
    if isinstance(code, int):
        return code
    resp = getattr(exc, "response", None)
    code = getattr(resp, "status_code", None)
    return code if isinstance(code, int) else None


def _headers(exc: BaseException) -> Any:
    for attr in ("litellm_response_headers", "headers"):
        h = getattr(exc, attr, None)
        if h:
            return h
    resp = getattr(exc, "response", None)
    return getattr(resp, "headers", None) or {}


def retry_after(exc: BaseException) -> float | None:
    """Seconds from a Retry-After (or retry-after-ms) header, if the error carries one."""
    headers = _headers(exc)
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000)
        value = headers.get("retry-after")
    except AttributeError:
        return None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def is_auth_error(exc: BaseException) -> bool:
    litellm = _import_litellm()
    return isinstance(exc, litellm.AuthenticationError | litellm.PermissionDeniedError) or _status(exc) in (401, 403)


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: rate limits, server errors, timeouts, dropped connections."""
    import httpx

    litellm = _import_litellm()
    if is_auth_error(exc):
        return False
    if isinstance(exc, litellm.RateLimitError | litellm.InternalServerError | litellm.ServiceUnavailableError
                  | litellm.BadGatewayError | litellm.Timeout | litellm.APIConnectionError
                  | httpx.TransportError | asyncio.TimeoutError):
        return True
    code = _status(exc)
    return code is not None and (code in (408, 409, 429) or code >= 500)


# `ExtractionOutput` whose JSON Schema is built once: instructor asks for the schema on every
# request and pydantic rebuilds it each time (~20 ms for this nested model, a third of the
# engine's own cost per call). Same title and description, so the model sees the same schema.
class _Output(ExtractionOutput):
    __doc__ = ExtractionOutput.__doc__
    model_config = ConfigDict(title="ExtractionOutput")

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        key = (args, tuple(sorted(kwargs.items(), key=lambda kv: kv[0])))
        schema = _SCHEMAS.get(key)
        if schema is None:
            schema = _SCHEMAS[key] = super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(schema)


_SCHEMAS: dict[Any, dict[str, Any]] = {}


class LLMEngine:
    """instructor + litellm; see the module docstring."""

    name = "llm"
    accepts_feedback = True

    def __init__(self, model: str, *, prompt: str | Prompt | None = None, max_attempts: int = 3,
                 token_budget: int | None = 60_000, timeout: float = 120, api_base: str | None = None,
                 temperature: float = 0, max_tokens: int | None = 4096, transport_attempts: int = 4,
                 backoff_s: float = 1.0, max_wait_s: float = 60.0, constrain: bool | None = None,
                 api_key: str | None = None) -> None:
        if not model:
            raise ConfigError("the llm engine needs a model string, e.g. openai/gpt-4o-mini")
        if max_attempts < 1:
            raise ConfigError("max_attempts must be at least 1")
        self.model = model
        self.prompt = prompt if isinstance(prompt, Prompt) else load_prompt(prompt)
        self.max_attempts = max_attempts
        self.token_budget = token_budget
        self.timeout = timeout
        self.api_base = api_base or os.environ.get(API_BASE_ENV) or None
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.transport_attempts = max(1, transport_attempts)
        self.backoff_s = backoff_s
        self.max_wait_s = max_wait_s
        self.api_key = api_key or os.environ.get(API_KEY_ENV) or None
        base = self.api_base or os.environ.get("OPENAI_API_BASE") or ""
        self._loopback = (urlparse(base).hostname or "") in _LOOPBACK
        self.constrain = self._loopback if constrain is None else constrain
        self._sleep = asyncio.sleep  # tests swap this to observe waits
        self._client: Any = None

    # -- identity -------------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        return {"temperature": self.temperature, "max_tokens": self.max_tokens,
                "max_attempts": self.max_attempts, "token_budget": self.token_budget,
                "constrain": self.constrain, "mode": "json"}

    def fingerprint(self) -> dict[str, str]:
        return {
            "engine": self.name,
            "model": self.model,
            "api_base": self.api_base or "",
            "prompt_version": self.prompt.version,
            "schema_version": SCHEMA_VERSION,
            "temperature": str(self.temperature),
            "params": params_json(self.params()),
        }

    def key_env(self) -> str:
        if self.api_key and os.environ.get(API_KEY_ENV):
            return API_KEY_ENV
        try:
            provider = _import_litellm().get_llm_provider(self.model)[1]
        except Exception:  # noqa: BLE001 - only used for a message
            provider = self.model.split("/", 1)[0]
        return _KEY_ENV.get(provider, f"{str(provider).upper()}_API_KEY")

    # -- one request ------------------------------------------------------------------------
    def _request_kwargs(self) -> dict[str, Any]:
        kw: dict[str, Any] = {
            "model": self.model, "temperature": self.temperature, "timeout": self.timeout,
            "num_retries": 0, "max_retries": 0,
        }
        if self.max_tokens:
            kw["max_tokens"] = self.max_tokens
        if self.api_base:
            kw["api_base"] = self.api_base
        if self.api_key:
            kw["api_key"] = self.api_key
        elif self._loopback and not os.environ.get("OPENAI_API_KEY"):
            kw["api_key"] = "no-key-needed"  # a local server ignores it; the SDK insists on one
        return kw

    def _usage(self, litellm: Any, response: Any) -> Usage:
        u = getattr(response, "usage", None)
        usage = Usage(input_tokens=int(getattr(u, "prompt_tokens", 0) or 0),
                      output_tokens=int(getattr(u, "completion_tokens", 0) or 0), requests=1)
        return usage.model_copy(update={"cost_usd": self._cost(litellm, response)})

    def _cost(self, litellm: Any, response: Any) -> float | None:
        if self.api_base or self._loopback:
            return None  # a self-hosted server: litellm's price for the name would be wrong
        try:
            litellm.get_model_info(self.model)
        except Exception:  # noqa: BLE001 - not in the price table: unpriced
            return None
        try:
            return float(litellm.completion_cost(completion_response=response, model=self.model))
        except Exception:  # noqa: BLE001
            return None

    async def _send(self, litellm: Any, attempts: list[Attempt], kwargs: dict[str, Any]) -> Any:
        """One logical request, retried on transport errors only (the single transport-retry owner)."""
        kwargs = {**kwargs, **self._request_kwargs()}
        if self.constrain and isinstance(kwargs.get("response_format"), dict):
            kwargs["response_format"] = {"type": "json_object", "schema": bounded_schema()}
            kwargs["messages"] = _without_schema_text(kwargs.get("messages") or [])
        for n in range(1, self.transport_attempts + 1):
            t0 = time.perf_counter()
            try:
                response = await litellm.acompletion(**kwargs)
            except Exception as exc:
                attempts.append(Attempt(error=f"{type(exc).__name__}: {short(exc)}",
                                        usage=Usage(requests=1, cost_usd=None if self._unpriced() else 0.0),
                                        latency_s=round(time.perf_counter() - t0, 4)))
                if n >= self.transport_attempts or not is_transient(exc):
                    raise
                wait = retry_after(exc)
                if wait is None:
                    wait = self.backoff_s * 2 ** (n - 1)
                await self._sleep(min(wait, self.max_wait_s))
                continue
            choice = response.choices[0] if getattr(response, "choices", None) else None
            text = getattr(getattr(choice, "message", None), "content", None)
            if self.constrain and text:
                _repair_control_chars(choice, text)
            error = None
            if choice is not None and getattr(choice, "finish_reason", None) == "length":
                error = "truncated: finish_reason=length (max_tokens reached)"
            attempts.append(Attempt(raw_response=text, error=error, usage=self._usage(litellm, response),
                                    latency_s=round(time.perf_counter() - t0, 4)))
            return response
        raise AssertionError("unreachable")

    def _unpriced(self) -> bool:
        if self.api_base or self._loopback:
            return True
        try:
            _import_litellm().get_model_info(self.model)
        except Exception:  # noqa: BLE001
            return True
        return False

    # -- the engine -------------------------------------------------------------------------
    async def analyze(self, article: Article, *, feedback: Sequence[str] = ()) -> EngineRun:
        litellm = _import_litellm()
        self._check_provider(litellm)
        instructor = _import_instructor()
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

        attempts: list[Attempt] = []

        async def completion(**kwargs: Any) -> Any:
            return await self._send(litellm, attempts, kwargs)

        client = instructor.from_litellm(completion, mode=instructor.Mode.JSON, async_client=True)

        def on_parse_error(error: Exception, *args: Any, **kw: Any) -> None:
            if attempts and attempts[-1].error is None:
                attempts[-1].error = f"{type(error).__name__}: {short(error, 1000)}"

        client.on("parse:error", on_parse_error)
        messages = self.prompt.messages(
            article.content, source=article.source,
            published=article.published.isoformat() if article.published else None, feedback=feedback)
        try:
            output = await client.create(
                response_model=_Output, messages=messages,
                max_retries=self.max_attempts - 1, token_budget=self.token_budget,
            )
        except IncompleteOutputException as exc:
            raise self._error(ModelOutputError, "output was cut off at max_tokens (finish_reason=length); "
                              "raise max_tokens or use a model with a longer output limit", attempts) from exc
        except InstructorRetryException as exc:
            cause = exc.__cause__ or exc.__context__
            if cause is not None and not _is_output_error(cause):
                raise self._provider_error(cause, attempts) from None
            n = len([a for a in attempts if a.raw_response is not None])
            kind = {"TokenBudgetExceeded": f"token budget ({self.token_budget} tokens) exhausted",
                    "TokenUsageUnavailableError": "token budget cannot be enforced (the provider reported "
                                                  "no usage)"}.get(type(exc).__name__, "invalid output")
            raise self._error(ModelOutputError, f"{kind}: the model's output did not match the schema after "
                              f"{n} attempt(s): {short(cause or exc)}", attempts) from None
        except Exception as exc:
            if _is_output_error(exc):
                raise self._error(ModelOutputError, f"invalid output: {short(exc)}", attempts) from None
            raise self._provider_error(exc, attempts) from None
        usage = total_usage([a.usage for a in attempts])
        analysis = build_analysis(output, article, engine=self.name, model=self.model,
                                  prompt_name=self.prompt.name, prompt_version=self.prompt.version,
                                  usage=usage, attempts=len(attempts))
        return EngineRun(analysis=analysis, attempts=attempts)

    def _check_provider(self, litellm: Any) -> None:
        """A model string litellm cannot route is a usage mistake: say so before any request."""
        try:
            litellm.get_llm_provider(self.model, api_base=self.api_base)
        except Exception:  # noqa: BLE001 - litellm raises its own BadRequestError here
            raise ConfigError(f"model {self.model!r} names no provider litellm knows: use provider/model, "
                              "e.g. openai/gpt-4o-mini (or openai/<name> for an OpenAI-compatible server)") from None

    def _error(self, cls: type, message: str, attempts: list[Attempt]) -> Any:
        last = next((a.raw_response for a in reversed(attempts) if a.raw_response is not None), None)
        return cls(f"{self.model}: {message}", attempts=len(attempts),
                   usage=total_usage([a.usage for a in attempts]), last_response=last)

    def _provider_error(self, exc: BaseException, attempts: list[Attempt]) -> ProviderError:
        if is_auth_error(exc):
            key_env = self.key_env()
            err = self._error(AuthenticationError, f"authentication failed for {self.model}: check {key_env}"
                              + (f" (server {self.api_base})" if self.api_base else ""), attempts)
            err.model, err.key_env = self.model, key_env
            return err
        code = _status(exc)
        what = f"HTTP {code}" if code else type(exc).__name__
        retried = len([a for a in attempts if a.error and a.raw_response is None])
        return self._error(ProviderError, f"provider request failed after {retried} attempt(s) "
                           f"({what}): {short(getattr(exc, 'message', None) or exc, 200)}", attempts)


_SCHEMA_TEXT_MARK = "As a genius expert, your task is to understand the content"


def _without_schema_text(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """In constrained mode the server enforces the schema as a grammar: drop the ~5k-token schema
    dump instructor's JSON mode appends to the system message (small local context windows)."""
    out = []
    for m in messages:
        content = m.get("content")
        if m.get("role") == "system" and isinstance(content, str) and _SCHEMA_TEXT_MARK in content:
            head = content.split(_SCHEMA_TEXT_MARK, 1)[0].rstrip()
            m = {**m, "content": head + "\n\nThe server enforces the output JSON schema."}
        out.append(m)
    return out


def _repair_control_chars(choice: Any, text: str) -> None:
    """llama.cpp's JSON grammar lets raw newlines/tabs into strings, which strict JSON forbids.
    Re-encode such output losslessly (the Attempt keeps the raw text)."""
    import json

    try:
        json.loads(text)
        return
    except ValueError:
        pass
    try:
        fixed = json.dumps(json.loads(text, strict=False), ensure_ascii=False)
    except ValueError:
        return
    choice.message.content = fixed


def _is_output_error(exc: BaseException) -> bool:
    import json

    from pydantic import ValidationError

    return isinstance(exc, ValidationError | json.JSONDecodeError) or type(exc).__name__ in {
        "ResponseParsingError", "AsyncValidationError", "TokenBudgetExceeded", "TokenUsageUnavailableError",
        "IncompleteOutputException"}
