"""Shared test setup: cassette (vcrpy / pytest-recording) configuration and environment isolation.

Cassettes replay by default (`--record-mode=none --block-network` in pyproject). To re-record
them from a local llama.cpp server, run `scripts/record-cassettes.sh` (never hand-edit a
cassette). "Can't overwrite existing cassette" in a replay run means the request changed (a
prompt, schema or parameter edit): re-record.
"""

from __future__ import annotations

import os

import pytest
import yaml

# Before anything imports litellm: use the price table in the wheel, never fetch it.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

#: Where cassette tests send requests when recording (the record script's llama.cpp server).
#: Captured before the autouse fixture below clears SUMMARIZER_* variables. Host and port are
#: part of request matching, so replay uses the same default.
RECORD_API_BASE = os.environ.get("SUMMARIZER_API_BASE") or "http://127.0.0.1:8765/v1"
RECORD_MODEL = os.environ.get("SUMMARIZER_RECORD_MODEL") or "openai/gemma3-270m"

_SECRET_HEADERS = ["authorization", "x-api-key", "api-key", "openai-organization", "openai-project",
                   "anthropic-organization-id", "cookie", "set-cookie"]
_VOLATILE_RESPONSE_HEADERS = {"date", "request-id", "x-request-id", "openai-organization",
                              "openai-processing-ms", "server", "set-cookie", "cf-ray", "via"}


def _scrub_request(request):
    """Applied when recording and when matching: drop SDK telemetry headers."""
    for h in list(request.headers):
        hl = h.lower()
        if hl.startswith("x-stainless-") or hl in {"user-agent", "x-request-id"}:
            del request.headers[h]
    return request


def _scrub_response(response):
    if response["status"]["code"] >= 400:
        return None  # never persist errors; fault tests use a scripted loopback server instead
    for h in list(response["headers"]):
        hl = h.lower()
        if hl in _VOLATILE_RESPONSE_HEADERS or hl.startswith(("x-ratelimit", "anthropic-ratelimit", "cf-")):
            del response["headers"][h]
    return response


@pytest.fixture(scope="session")
def vcr_config():
    # NB: no "record_mode" here or in marks: the command line decides (default: none).
    return {
        "filter_headers": [(h, "REDACTED") for h in _SECRET_HEADERS],
        "filter_query_parameters": ["key", "api_key"],
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "decode_compressed_response": True,
        "before_record_request": _scrub_request,
        "before_record_response": _scrub_response,
        "record_on_exception": False,
        "drop_unused_requests": True,
        # Scripted fault-injection servers run on loopback; everything else stays blocked.
        "allowed_hosts": [r"^127\.0\.0\.1$", r"^localhost$"],
    }


class _CassetteSerializer:
    """YAML with readable Arabic (`allow_unicode`) and `|` blocks for multi-line strings.

    Bodies are stored exactly as sent and received: no quote or Unicode normalisation, because
    evidence offsets point into that text.
    """

    @staticmethod
    def _dumper():
        from vcr.serializers.yamlserializer import _CassetteDumper

        class Dumper(_CassetteDumper):
            pass

        def str_presenter(dumper, data):
            if "\n" in data:
                return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
            return dumper.represent_scalar("tag:yaml.org,2002:str", data)

        Dumper.add_representer(str, str_presenter)
        return Dumper

    @classmethod
    def serialize(cls, cassette_dict):
        return yaml.dump(cassette_dict, Dumper=cls._dumper(), allow_unicode=True, width=120, sort_keys=False)

    @staticmethod
    def deserialize(cassette_string):
        from vcr.serializers.yamlserializer import deserialize

        return deserialize(cassette_string)


def pytest_recording_configure(config, vcr):
    vcr.register_serializer("yaml", _CassetteSerializer)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test sees the developer's SUMMARIZER_* settings or real keys; the ledger is per-test."""
    for name in list(os.environ):
        if name.startswith("SUMMARIZER_") or name in ("OPENAI_API_BASE", "OPENAI_BASE_URL"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-replay")  # SDKs need *a* key during replay
    monkeypatch.setenv("SUMMARIZER_LEDGER", str(tmp_path / "ledger.sqlite"))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    yield


@pytest.fixture
def record_api_base() -> str:
    return RECORD_API_BASE


@pytest.fixture
def record_model() -> str:
    return RECORD_MODEL
