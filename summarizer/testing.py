"""Test doubles: a scripted OpenAI-compatible chat server on 127.0.0.1, and a tiny engine for it.

Nothing here talks to the outside world. The server binds 127.0.0.1 only, stops itself after
`max_requests` requests or `lifetime_s` seconds, and uses only the standard library (its
default reply reads Arabic numbers with `summarizer.arabic`, so its English carries the same
figures).

Quick start::

    from summarizer.testing import ChatServer

    with ChatServer(faults={"500": 0.1, "429": 0.05, "timeout": 0.02}, seed=1,
                    retry_after=0.05, hang_s=2.0) as server:
        engine = LLMEngine("openai/test", api_base=server.base_url, timeout=0.5)
        ...
        print(server.stats)        # Counter({'ok': 296, '500': 31, '429': 14, 'timeout': 6})

Endpoints
    ``POST /v1/chat/completions``  (also ``/chat/completions``) — a chat.completion object.
        Replies in the shape the request asks for: ``tool_calls`` when the request carries
        ``tools`` (instructor's TOOLS mode; the function name is taken from ``tool_choice``
        or the first tool), otherwise ``message.content``; ``"stream": true`` gets the same
        content as server-sent events (content only, no streamed tool calls).
    ``GET /v1/models`` — one model, ``ChatServer(model=...)``.
    Any other path — 404.

What the reply holds (``reply=``)
    - default: `article_reply` — a valid `ExtractionOutput` JSON built from the article
      text found in the request (every quote is verbatim from the article, so it grounds);
    - a ``str`` (sent as-is), a ``dict`` or a pydantic model (sent as JSON);
    - a callable ``(request_json: dict) -> str | dict | BaseModel``; see `rule_engine_reply`
      for the rule engine's output on the article in the request.

Faults (one per request; names in `FAULTS`)
    ``ok``             the normal reply
    ``500``            HTTP 500 with an OpenAI-style error body
    ``429``            HTTP 429 with ``Retry-After: <retry_after>`` and ``retry-after-ms``
    ``timeout``        hold the request ``hang_s`` seconds (set it past the client timeout), then 504
    ``malformed``      HTTP 200 whose body is not JSON
    ``truncated``      HTTP 200 whose body stops halfway (Content-Length promises more; then close)
    ``401``            HTTP 401 "Incorrect API key provided"
    ``invalid_output`` HTTP 200, valid chat.completion, but the content is not the schema
    Choose them with ``script=[...]`` (played in order for the first requests), then
    ``faults={"500": 0.1, ...}`` (independent rates drawn from ``random.Random(seed)``), or
    pass ``decide=callable(index, request_json) -> fault name`` for full control (return
    None to fall through to script/rates). Every request is logged in ``server.log``
    (`RequestLog`) and counted in ``server.stats`` by fault name.

Also `MiniChatEngine`: a minimal `Engine` over httpx for this server (retries 5xx, 429 with
Retry-After, timeouts, broken bodies and invalid output). It is a test double for batch and
ledger tests, not a production engine — `summarizer.engines.llm` is the real one.

Run standalone for benchmarks (prints the base URL, serves until its limits)::

    python -m summarizer.testing --rate 500=0.1 --rate 429=0.05 --latency 0.2 --lifetime 600
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import random
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("ok", "500", "429", "timeout", "malformed", "truncated", "401", "invalid_output")

Reply = str | Mapping[str, Any] | Any | Callable[[dict[str, Any]], Any]

_ARABIC = re.compile(r"[\u0621-\u064A]")


@dataclass
class RequestLog:
    index: int
    path: str
    fault: str
    started: float
    model: str | None = None
    authorization: bool = False  # whether an Authorization header came (its value is never kept)


# --------------------------------------------------------------------------------------------
# Replies
# --------------------------------------------------------------------------------------------

def request_text(request: Mapping[str, Any]) -> str:
    """The text of the last user message of a chat request (string or content parts)."""
    for message in reversed(request.get("messages") or []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, list):
            return "\n".join(p.get("text", "") for p in content if isinstance(p, dict))
        return str(content or "")
    return ""


def article_from_request(request: Mapping[str, Any]) -> str:
    """Best guess at the article inside a prompt: an <article>…</article> block if present,
    else the user message's lines that hold Arabic letters.
    """
    text = request_text(request)
    blocks = re.findall(r"<article[^>]*>(.*?)</article>", text, re.S)
    if blocks:  # the longest: prompts may also *mention* the tags ("between <article> and </article>")
        return max(blocks, key=len).strip()
    lines = [ln for ln in text.splitlines() if _ARABIC.search(ln)]
    return "\n".join(lines) if lines else text


def extraction_for(article_text: str) -> dict[str, Any]:
    """A schema-valid `ExtractionOutput` dict for `article_text` that grounds: quotes are
    verbatim, and each English text carries the numbers of its Arabic twin (so the
    bilingual-consistency check passes and the pipeline needs no grounding re-ask)."""
    lines = [ln.strip() for ln in article_text.splitlines() if ln.strip()]
    arabic = [ln for ln in lines if _ARABIC.search(ln)] or lines or ["(empty)"]
    sentences = [x.strip() for ln in arabic for x in re.split(r"(?<=[.!؟?])\s", ln) if x.strip()]
    # Prefer sentences without figures, digits or number words ("أكثر من ألف"): nothing for the
    # hedge/number checks to trip on. Grounding's own number reader decides.
    plain = [x for x in sentences if len(x) >= 20 and not re.search(r"[\d٠-٩۰-۹]", x)
             and x in article_text and not _amounts(x)]
    picks = (plain or [x for x in sentences if x in article_text] or [arabic[0][:300]])[:2]
    quote = picks[0][:300]
    second = picks[1][:300] if len(picks) > 1 else quote
    headline_ar = quote[:120].rsplit(" ", 1)[0] if len(quote) > 120 else quote
    evidence = [{"quote": quote}]

    def en(ar: str, words: str) -> str:
        nums = _figures(ar)
        return f"{words} (figures {'; '.join(nums)})." if nums else f"{words}."

    summary_ar = f"{quote} {second}".strip() if second != quote else quote
    return {
        "brief": {
            "headline_en": en(headline_ar, "scripted test reply"),
            "headline_ar": headline_ar,
            "summary_en": en(summary_ar, "a scripted test reply restating the opening of the article"),
            "summary_ar": summary_ar,
            "key_points": [{"en": en(quote, "the opening sentence of the article"), "ar": quote,
                            "evidence": evidence}],
        },
        "incidents": [{
            "id": "i1",
            "kind": "crime_event",
            "crime_types": ["other"],
            "outcome": "unknown",
            "summary_en": en(quote, "an incident described in the opening sentence"),
            "summary_ar": quote,
            "evidence": evidence,
        }],
    }


_HEDGES = {"approx": "about ", "at_least": "more than ", "at_most": "up to "}


def _amounts(text: str) -> list[Any]:
    """The numbers grounding's reader finds in Arabic text (dates and years left out)."""
    from ._arabic_numbers import numbers

    return [n for n in numbers(text) if not n.is_year and not n.is_date]


def _figures(ar: str) -> list[str]:
    """The Arabic text's numbers written the way the English reader reads them back, hedges kept,
    so the AR/EN agreement and hedge checks pass."""
    from .arabic import format_number

    out = []
    for n in _amounts(ar):
        value = format_number(n.min) if n.min == n.max else f"{format_number(n.min)}-{format_number(n.max)}"
        out.append(_HEDGES.get(n.qualifier, "") + value)
    return out


def article_reply(request: Mapping[str, Any]) -> dict[str, Any]:
    """Default reply: `extraction_for` the article found in the request."""
    return extraction_for(article_from_request(request))


def rule_engine_reply(request: Mapping[str, Any]) -> dict[str, Any]:
    """The rule engine's brief + incidents for the article in the request (as the LLM would
    answer). Falls back to `article_reply` when the rule engine is not available."""
    try:
        from .article import read_article
        from .engines.rules import RuleEngine
    except ImportError:
        return article_reply(request)
    art = read_article(article_from_request(request), name="<request>")
    run = asyncio.run(RuleEngine().analyze(art))
    return {"brief": run.analysis.brief.model_dump(mode="json"),
            "incidents": [i.model_dump(mode="json") for i in run.analysis.incidents]}


def _content(reply: Reply, request: dict[str, Any]) -> str:
    value = reply(request) if callable(reply) else reply
    if isinstance(value, str):
        return value
    dump_json = getattr(value, "model_dump_json", None)  # a pydantic model, or anything shaped like one
    if dump_json is not None:
        return dump_json()
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------

class ChatServer:
    """A scripted OpenAI-compatible server in a background thread. Use as a context manager
    (or `start()` / `stop()`); `base_url` ends in `/v1`, ready for an OpenAI client's
    `base_url` or litellm's `api_base`."""

    def __init__(
        self,
        *,
        reply: Reply = article_reply,
        latency: float | tuple[float, float] = 0.0,
        faults: Mapping[str, float] | None = None,
        script: Sequence[str] = (),
        decide: Callable[[int, dict[str, Any]], str | None] | None = None,
        seed: int | None = 0,
        retry_after: float = 0.05,
        hang_s: float = 5.0,
        max_requests: int = 10_000,
        lifetime_s: float = 300.0,
        model: str = "test",
        port: int = 0,
    ) -> None:
        unknown = [f for f in [*(faults or {}), *script] if f not in FAULTS]
        if unknown:
            raise ValueError(f"unknown fault(s) {unknown}; choose from {FAULTS}")
        if sum((faults or {}).values()) > 1:
            raise ValueError("fault rates add up to more than 1")
        self.reply = reply
        self.latency = latency
        self.faults = dict(faults or {})
        self.script = list(script)
        self.decide = decide
        self.retry_after = retry_after
        self.hang_s = hang_s
        self.max_requests = max_requests
        self.lifetime_s = lifetime_s
        self.model = model
        self.stats: collections.Counter[str] = collections.Counter()
        self.log: list[RequestLog] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def requests(self) -> int:
        return len(self.log)

    def start(self) -> ChatServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="summarizer-chat-server", daemon=True)
        self._thread.start()
        self._timer = threading.Timer(self.lifetime_s, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        if self._stopping.is_set():
            return
        self._stopping.set()  # wakes requests held by the `timeout` fault
        if self._timer is not None and threading.current_thread() is not self._timer:
            self._timer.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> ChatServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # Called by the handler, under the lock: which fault this request gets.
    def _choose(self, request: dict[str, Any], path: str, authorization: bool) -> tuple[int, str]:
        with self._lock:
            index = len(self.log)
            fault = None
            if self.decide is not None:
                fault = self.decide(index, request)
            if fault is None and index < len(self.script):
                fault = self.script[index]
            if fault is None:
                draw, acc, fault = self._rng.random(), 0.0, "ok"
                for name, rate in self.faults.items():
                    acc += rate
                    if draw < acc:
                        fault = name
                        break
            if fault not in FAULTS:
                raise ValueError(f"decide() returned unknown fault {fault!r}")
            self.log.append(RequestLog(index, path, fault, time.monotonic(), request.get("model"), authorization))
            self.stats[fault] += 1
            return index, fault

    def _delay(self) -> None:
        lat = self.latency
        seconds = self._rng.uniform(*lat) if isinstance(lat, tuple) else lat
        if seconds > 0:
            self._stopping.wait(seconds)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return  # the client gave up (its timeout, a test's SIGKILL): expected here
        super().handle_error(request, client_address)


def _chat_completion(server: ChatServer, request: dict[str, Any], content: str) -> dict[str, Any]:
    tools = request.get("tools") or []
    message: dict[str, Any] = {"role": "assistant", "content": content}
    finish = "stop"
    if tools:
        choice = request.get("tool_choice")
        name = (choice.get("function", {}).get("name") if isinstance(choice, dict) else None) or \
            tools[0].get("function", {}).get("name", "tool")
        message = {"role": "assistant", "content": None, "tool_calls": [{
            "id": "call_test_1", "type": "function", "function": {"name": name, "arguments": content}}]}
        finish = "tool_calls"
    prompt_tokens = max(1, len(json.dumps(request.get("messages", []), ensure_ascii=False)) // 4)
    completion_tokens = max(1, len(content) // 4)
    return {
        "id": f"chatcmpl-test-{int(time.time() * 1000)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model") or server.model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def _handler_for(server: ChatServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "summarizer-test/1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
            return

        def _send(self, status: int, body: bytes | str, *, ctype: str = "application/json",
                  headers: Mapping[str, str] | None = None) -> None:
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

        def _error(self, status: int, message: str, etype: str, code: str | None = None,
                   headers: Mapping[str, str] | None = None) -> None:
            body = {"error": {"message": message, "type": etype, "param": None, "code": code}}
            self._send(status, json.dumps(body), headers=headers)

        def _budget_left(self) -> bool:
            if server.requests >= server.max_requests or server._stopping.is_set():
                self.close_connection = True
                self._error(503, "test server request budget exhausted", "server_error")
                return False
            return True

        def do_GET(self) -> None:  # noqa: N802
            if self.path.rstrip("/") in ("/v1/models", "/models"):
                self._send(200, json.dumps({"object": "list", "data": [
                    {"id": server.model, "object": "model", "created": 0, "owned_by": "summarizer-test"}]}))
            else:
                self._error(404, f"no route {self.path}", "invalid_request_error")

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
                self._error(404, f"no route {self.path}", "invalid_request_error")
                return
            if not self._budget_left():
                return
            try:
                request = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._error(400, "request body is not JSON", "invalid_request_error")
                return
            _, fault = server._choose(request, self.path, "Authorization" in self.headers)
            server._delay()
            if fault == "500":
                self._error(500, "The server had an error while processing your request.", "server_error")
            elif fault == "429":
                ra = server.retry_after
                self._error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded",
                            headers={"Retry-After": f"{ra:g}", "retry-after-ms": str(int(ra * 1000))})
            elif fault == "401":
                self._error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
            elif fault == "timeout":
                server._stopping.wait(server.hang_s)
                self.close_connection = True
                try:
                    self._error(504, "test server: deliberate timeout", "timeout")
                except OSError:
                    pass
            elif fault == "malformed":
                self._send(200, '{"id": "chatcmpl-broken", "choices": [{"message": {"content": ')
            else:
                try:
                    content = _content(server.reply, request)
                except Exception as exc:  # a reply function's bug must not hang the client
                    self._error(500, f"test server reply function failed: {exc!r}", "server_error")
                    return
                if fault == "invalid_output":
                    content = json.dumps({"headline": "not the schema", "items": [1, 2, 3]})
                if request.get("stream"):
                    self._stream(request, content)
                    return
                body = json.dumps(_chat_completion(server, request, content), ensure_ascii=False).encode()
                if fault == "truncated":
                    self.close_connection = True
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    return
                self._send(200, body)

        def _stream(self, request: dict[str, Any], content: str) -> None:
            base = {"id": "chatcmpl-test-stream", "object": "chat.completion.chunk", "created": int(time.time()),
                    "model": request.get("model") or server.model}
            chunks = [
                {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": content},
                                      "finish_reason": None}]},
                {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
            ]
            body = "".join(f"data: {json.dumps(c, ensure_ascii=False)}\n\n" for c in chunks) + "data: [DONE]\n\n"
            self._send(200, body, ctype="text/event-stream")

    return Handler


# --------------------------------------------------------------------------------------------
# A minimal engine for the server (test double)
# --------------------------------------------------------------------------------------------

class MiniChatEngine:
    """A small `Engine` that asks a chat-completions endpoint for `ExtractionOutput` JSON.

    Retries up to `max_attempts` requests: 5xx, 429 (sleeping Retry-After, capped at
    `max_retry_after`), timeouts, connection errors, bodies that are not JSON and content
    that does not validate. A 401/403 fails at once. Raises `ProviderError` (or
    `ModelOutputError` when the last failure was invalid output) when it gives up.
    """

    name = "mini-chat"
    accepts_feedback = False

    def __init__(self, base_url: str, *, model: str = "test", timeout: float = 1.0, max_attempts: int = 6,
                 backoff: float = 0.01, max_retry_after: float = 2.0, api_key: str = "sk-test-not-a-real-key") -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self._api_key = api_key
        self.retries = collections.Counter[str]()

    def fingerprint(self) -> dict[str, str]:
        from .records import SCHEMA_VERSION

        return {"engine": self.name, "model": self.model, "prompt_version": "mini-1",
                "schema_version": SCHEMA_VERSION}

    async def analyze(self, article: Any, *, feedback: Sequence[str] = ()) -> Any:
        import httpx
        from pydantic import ValidationError

        from .engines import Attempt, EngineRun
        from .errors import ModelOutputError, ProviderError
        from .records import ArticleAnalysis, ExtractionOutput, Provenance, Usage

        payload = {"model": self.model, "temperature": 0, "messages": [
            {"role": "system", "content": "Return ExtractionOutput JSON."},
            {"role": "user", "content": f"<article>\n{article.text}\n</article>"}]}
        headers = {"Authorization": f"Bearer {self._api_key}"}
        attempts: list[Attempt] = []
        last_kind = "none"
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            for n in range(self.max_attempts):
                started = time.perf_counter()
                wait = self.backoff * (2 ** n)
                try:
                    resp = await client.post(f"{self.base_url}/chat/completions", json=payload, headers=headers)
                    raw = resp.text
                except httpx.TimeoutException as exc:
                    last_kind = "timeout"
                    attempts.append(Attempt(error=f"timeout: {exc!r}", latency_s=time.perf_counter() - started))
                    self.retries[last_kind] += 1
                    await asyncio.sleep(wait)
                    continue
                except httpx.HTTPError as exc:  # connection reset, truncated body
                    last_kind = "transport"
                    attempts.append(Attempt(error=f"transport: {exc!r}", latency_s=time.perf_counter() - started))
                    self.retries[last_kind] += 1
                    await asyncio.sleep(wait)
                    continue
                latency = time.perf_counter() - started
                if resp.status_code in (401, 403):
                    attempts.append(Attempt(raw_response=raw, error=f"HTTP {resp.status_code}", latency_s=latency))
                    raise ProviderError(f"authentication failed (HTTP {resp.status_code})",
                                        attempts=len(attempts), usage=Usage(), last_response=raw)
                if resp.status_code == 429 or resp.status_code >= 500:
                    last_kind = str(resp.status_code)
                    attempts.append(Attempt(raw_response=raw, error=f"HTTP {resp.status_code}", latency_s=latency))
                    self.retries[last_kind] += 1
                    if resp.status_code == 429:
                        try:
                            wait = min(float(resp.headers.get("Retry-After", wait)), self.max_retry_after)
                        except ValueError:
                            pass
                    await asyncio.sleep(wait)
                    continue
                try:
                    body = resp.json()
                    message = body["choices"][0]["message"]
                    content = message.get("content") or message["tool_calls"][0]["function"]["arguments"]
                    usage = Usage(input_tokens=body.get("usage", {}).get("prompt_tokens", 0),
                                  output_tokens=body.get("usage", {}).get("completion_tokens", 0), requests=1)
                except (ValueError, KeyError, IndexError, TypeError) as exc:
                    last_kind = "malformed"
                    attempts.append(Attempt(raw_response=raw, error=f"malformed response: {exc!r}", latency_s=latency))
                    self.retries[last_kind] += 1
                    await asyncio.sleep(wait)
                    continue
                try:
                    out = ExtractionOutput.model_validate_json(content)
                except ValidationError as exc:
                    last_kind = "invalid_output"
                    attempts.append(Attempt(raw_response=raw, error=str(exc), usage=usage, latency_s=latency))
                    self.retries[last_kind] += 1
                    continue
                attempts.append(Attempt(raw_response=raw, usage=usage, latency_s=latency))
                analysis = ArticleAnalysis(brief=out.brief, incidents=out.incidents, provenance=Provenance(
                    engine=self.name, model=self.model, prompt_version="mini-1", article_sha256=article.sha256))
                return EngineRun(analysis=analysis, attempts=attempts)
        total = Usage()
        for a in attempts:
            total = total + a.usage
        cls = ModelOutputError if last_kind == "invalid_output" else ProviderError
        raise cls(f"gave up after {len(attempts)} attempts (last: {last_kind})", attempts=len(attempts),
                  usage=total, last_response=attempts[-1].raw_response if attempts else None)


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m summarizer.testing`: serve until the lifetime or request budget is spent."""
    p = argparse.ArgumentParser(prog="python -m summarizer.testing", description=(__doc__ or "").split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--latency", type=float, default=0.0)
    p.add_argument("--rate", action="append", default=[], metavar="FAULT=P", help=f"faults: {', '.join(FAULTS)}")
    p.add_argument("--script", default="", help="comma-separated faults for the first requests")
    p.add_argument("--retry-after", type=float, default=0.05)
    p.add_argument("--hang", type=float, default=5.0)
    p.add_argument("--max-requests", type=int, default=10_000)
    p.add_argument("--lifetime", type=float, default=300.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--rules", action="store_true", help="reply with the rule engine's output")
    args = p.parse_args(argv)
    rates = {k: float(v) for k, v in (r.split("=", 1) for r in args.rate)}
    server = ChatServer(reply=rule_engine_reply if args.rules else article_reply, latency=args.latency,
                        faults=rates, script=[s for s in args.script.split(",") if s], seed=args.seed,
                        retry_after=args.retry_after, hang_s=args.hang, max_requests=args.max_requests,
                        lifetime_s=args.lifetime, port=args.port)
    server.start()
    print(server.base_url, flush=True)
    try:
        while not server._stopping.is_set() and server.requests < server.max_requests:
            server._stopping.wait(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print(json.dumps(dict(server.stats)), flush=True)


if __name__ == "__main__":
    main()
