"""LLMEngine plumbing without any real provider.

- `*_mock_response`: litellm's own `mock_response` (no HTTP at all);
- `*_scripted_server`: `summarizer.testing.ChatServer`, an OpenAI-compatible server on 127.0.0.1
  that plays 429 / 500 / 401 / timeouts on cue, so the real HTTP stack (litellm → openai SDK →
  httpx) and our single retry owner are exercised.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from summarizer.article import read_article
from summarizer.engines.llm import LLMEngine
from summarizer.errors import ModelOutputError, ProviderError
from summarizer.prompts import load_prompt
from summarizer.records import ArticleAnalysis
from summarizer.testing import ChatServer

PROMPT = load_prompt()
VALID = json.dumps(PROMPT.example, ensure_ascii=False)
ARTICLE = read_article(PROMPT.example_article, name="example.txt")


@pytest.fixture
def mock_replies(monkeypatch):
    """Make every litellm.acompletion call answer the next scripted text via `mock_response`."""
    import litellm

    replies: list[str] = []
    calls: list[dict] = []
    real = litellm.acompletion

    async def fake(**kwargs):
        calls.append(kwargs)
        reply = replies[min(len(calls), len(replies)) - 1]
        return await real(**{**kwargs, "mock_response": reply})

    monkeypatch.setattr(litellm, "acompletion", fake)
    return replies, calls


def run(engine, feedback=()):
    return asyncio.run(engine.analyze(ARTICLE, feedback=feedback))


def test_reask_sums_usage_and_unknown_model_is_unpriced_mock_response(mock_replies):
    replies, calls = mock_replies
    replies += ['{"brief": "not an object"}', VALID]
    result = run(LLMEngine("openai/no-such-model-priced"))
    assert isinstance(result.analysis, ArticleAnalysis)
    assert result.analysis.brief.headline_en.startswith("Casablanca")
    assert len(result.attempts) == 2 and len(calls) == 2
    assert "ValidationError" in result.attempts[0].error and result.attempts[1].error is None
    prov = result.analysis.provenance
    assert prov.prompt_name == "brief-v1" and prov.prompt_version == PROMPT.version
    assert prov.model == "openai/no-such-model-priced" and prov.attempts == 2
    # litellm's mock usage is 10 in / 20 out per call: both attempts count, the failed one too.
    assert (prov.usage.input_tokens, prov.usage.output_tokens, prov.usage.requests) == (20, 40, 2)
    assert prov.usage.cost_usd is None  # unpriced, never a fake 0
    # The re-ask carries the validation error back to the model.
    assert "Correct your JSON" in calls[1]["messages"][-1]["content"]
    # One retry owner: SDK and litellm retries are off underneath.
    assert calls[0]["num_retries"] == 0 and calls[0]["max_retries"] == 0


def test_priced_model_gets_a_cost_mock_response(mock_replies):
    replies, _ = mock_replies
    replies.append(VALID)
    usage = run(LLMEngine("gpt-4o-mini")).analysis.provenance.usage
    assert usage.cost_usd is not None and usage.cost_usd > 0


def test_exhausted_reasks_raise_model_output_error_mock_response(mock_replies):
    replies, calls = mock_replies
    replies.append("this is not json")
    with pytest.raises(ModelOutputError, match="did not match the schema after 3 attempt") as err:
        run(LLMEngine("openai/x", max_attempts=3))
    assert len(calls) == 3
    assert err.value.attempts == 3 and err.value.usage.requests == 3
    assert err.value.last_response == "this is not json"


def test_token_budget_bounds_reasks_mock_response(mock_replies):
    replies, calls = mock_replies
    replies.append("[]")
    with pytest.raises(ModelOutputError, match="token budget"):
        run(LLMEngine("openai/x", max_attempts=5, token_budget=25))  # 30 tokens per mock call
    assert len(calls) == 1


def test_grounding_feedback_appends_the_exact_items_mock_response(mock_replies):
    replies, calls = mock_replies
    replies.append(VALID)
    items = ["incidents[0].money[0]: amount 9000 not in the article"]
    run(LLMEngine("openai/x"), feedback=items)
    users = [m["content"] for m in calls[0]["messages"] if m["role"] == "user"]
    assert "- incidents[0].money[0]: amount 9000 not in the article" in users[-1]
    assert "<article>" in users[0]


def test_fingerprint_names_everything_that_changes_output():
    a = LLMEngine("openai/x").fingerprint()
    assert {"engine", "model", "prompt_version", "schema_version", "temperature", "params"} <= a.keys()
    assert a["prompt_version"] == PROMPT.version
    assert LLMEngine("openai/x", temperature=0.5).fingerprint() != a
    assert LLMEngine("openai/y").fingerprint() != a
    assert LLMEngine("openai/x", max_tokens=100).fingerprint() != a


def test_engine_import_and_construction_do_not_import_litellm():
    code = ("import sys, summarizer, summarizer.cli\n"
            "from summarizer.engines.llm import LLMEngine\n"
            "LLMEngine('openai/x').fingerprint()\n"
            "bad = [m for m in ('litellm', 'instructor', 'openai') if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# -- scripted loopback server: transport faults --------------------------------------------------

def scripted_engine(server, **kw):
    eng = LLMEngine("openai/test", api_base=server.base_url, timeout=kw.pop("timeout", 5), backoff_s=0.01, **kw)
    waits: list[float] = []

    async def sleep(s):
        waits.append(s)

    eng._sleep = sleep
    return eng, waits


def test_retry_after_429_scripted_server():
    with ChatServer(script=["429", "ok"], retry_after=7) as server:
        eng, waits = scripted_engine(server)
        result = run(eng)
    assert server.requests == 2
    assert waits == [7.0]  # Retry-After honoured, not our own backoff
    assert [bool(a.error) for a in result.attempts] == [True, False]
    assert "RateLimitError" in result.attempts[0].error
    assert result.analysis.provenance.usage.requests == 2


def test_retry_after_500_scripted_server():
    with ChatServer(script=["500", "500", "ok"]) as server:
        eng, waits = scripted_engine(server)
        result = run(eng)
    assert server.requests == 3  # exactly ours: no hidden SDK retries multiplying them
    assert waits == [0.01, 0.02]
    assert result.analysis.incidents


def test_500_exhausted_is_provider_error_scripted_server():
    with ChatServer(script=["500"] * 5) as server:
        eng, _ = scripted_engine(server, transport_attempts=3)
        with pytest.raises(ProviderError, match=r"after 3 attempt\(s\) \(HTTP 500\)") as err:
            run(eng)
    assert server.requests == 3 and err.value.attempts == 3


def test_timeout_is_retried_scripted_server():
    with ChatServer(script=["timeout", "ok"], hang_s=3) as server:
        eng, waits = scripted_engine(server, timeout=0.5)
        result = run(eng)
    assert server.requests == 2 and len(waits) == 1
    assert "Timeout" in result.attempts[0].error


def test_auth_401_is_a_clear_message_scripted_server():
    with ChatServer(script=["401"] * 3) as server:
        eng, waits = scripted_engine(server)
        with pytest.raises(ProviderError) as err:
            run(eng)
    assert server.requests == 1 and waits == []  # never retried
    assert str(err.value) == (f"openai/test: authentication failed for openai/test: check OPENAI_API_KEY "
                              f"(server {server.base_url})")
    assert err.value.__cause__ is None and err.value.__suppress_context__  # no chained traceback


def test_invalid_output_then_valid_scripted_server():
    with ChatServer(script=["invalid_output", "ok"]) as server:
        eng, waits = scripted_engine(server)
        result = run(eng)
    assert server.requests == 2 and waits == []  # a re-ask, not a transport retry
    assert "ValidationError" in result.attempts[0].error
