"""The scripted chat server: every fault does what its name says, within its bounds."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from summarizer.records import ExtractionOutput
from summarizer.testing import ChatServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

ARTICLE = "ألقت الشرطة القبض على مشتبه به في قضية احتيال بالعملات المشفرة في باريس."
REQ = {"model": "test", "messages": [{"role": "user", "content": f"<article>\n{ARTICLE}\n</article>"}]}


def post(server: ChatServer, body: dict = REQ, timeout: float = 2.0) -> httpx.Response:
    return httpx.post(f"{server.base_url}/chat/completions", json=body, timeout=timeout,
                      headers={"Authorization": "Bearer sk-test-abc123"})


def test_ok_reply_is_valid_extraction_output_with_verbatim_quotes():
    with ChatServer() as s:
        r = post(s)
        assert r.status_code == 200
        body = r.json()
        out = ExtractionOutput.model_validate_json(body["choices"][0]["message"]["content"])
        assert out.brief.key_points[0].evidence[0].quote in ARTICLE
        assert body["usage"]["total_tokens"] > 0
        assert s.log[0].authorization and s.stats == {"ok": 1}


def test_scripted_faults_in_order():
    with ChatServer(script=["500", "429", "401", "malformed", "invalid_output", "ok"], retry_after=0.25) as s:
        r = post(s)
        assert r.status_code == 500 and "error" in r.json()
        r = post(s)
        assert r.status_code == 429 and r.headers["Retry-After"] == "0.25" and r.headers["retry-after-ms"] == "250"
        assert post(s).status_code == 401
        r = post(s)
        assert r.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(r.text)
        content = post(s).json()["choices"][0]["message"]["content"]
        with pytest.raises(ValueError):
            ExtractionOutput.model_validate_json(content)
        assert post(s).status_code == 200
        assert [entry.fault for entry in s.log] == ["500", "429", "401", "malformed", "invalid_output", "ok"]


def test_truncated_body_breaks_the_client():
    with ChatServer(script=["truncated"]) as s, pytest.raises(httpx.RemoteProtocolError):
        post(s)


def test_timeout_hangs_past_the_client_timeout():
    with ChatServer(script=["timeout"], hang_s=3) as s:
        t0 = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            post(s, timeout=0.3)
        assert time.monotonic() - t0 < 2


def test_rates_are_seeded_and_counted():
    def run() -> list[str]:
        with ChatServer(faults={"500": 0.3, "429": 0.2}, seed=42) as s:
            for _ in range(40):
                post(s)
            return [e.fault for e in s.log]

    a, b = run(), run()
    assert a == b and {"500", "429", "ok"} <= set(a)


def test_tools_mode_stream_models_and_callable_reply():
    with ChatServer(reply=lambda req: {"echo": req["model"]}, model="m1") as s:
        tools = {**REQ, "tools": [{"type": "function", "function": {"name": "ExtractionOutput", "parameters": {}}}]}
        msg = post(s, tools).json()["choices"][0]["message"]
        assert msg["tool_calls"][0]["function"]["name"] == "ExtractionOutput"
        assert json.loads(msg["tool_calls"][0]["function"]["arguments"]) == {"echo": "test"}
        r = post(s, {**REQ, "stream": True})
        assert r.headers["content-type"].startswith("text/event-stream") and "data: [DONE]" in r.text
        assert httpx.get(f"{s.base_url}/models").json()["data"][0]["id"] == "m1"
        assert httpx.post(f"{s.base_url}/embeddings", json={}).status_code == 404


def test_request_budget_and_lifetime_are_enforced():
    with ChatServer(max_requests=2) as s:
        assert post(s).status_code == 200 and post(s).status_code == 200
        assert post(s).status_code == 503
    s = ChatServer(lifetime_s=0.3).start()
    time.sleep(0.6)
    with pytest.raises(httpx.TransportError):
        post(s, timeout=1)


def test_rejects_unknown_faults_and_binds_loopback():
    with pytest.raises(ValueError):
        ChatServer(faults={"teapot": 0.1})
    with ChatServer() as s:
        assert s.base_url.startswith("http://127.0.0.1:")
