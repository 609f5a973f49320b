"""Every cassette is safe to commit: no secrets, bounded size, loadable, readable Arabic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CASSETTES = sorted((Path(__file__).parent / "cassettes").rglob("*.yaml"))
MAX_BYTES = 256 * 1024
SECRET_PATTERNS = [
    re.compile(r"sk-[A-Za-z0-9_\-]{20,}"),                  # OpenAI-style keys
    re.compile(r"sk-ant-[A-Za-z0-9_\-]{10,}"),              # Anthropic keys
    re.compile(r"Bearer\s+(?!REDACTED)[A-Za-z0-9._\-]{8,}"),  # bearer tokens
    re.compile(r"AIza[0-9A-Za-z_\-]{30,}"),                 # Google API keys
    re.compile(r"(?i)(api[-_]?key|x-api-key|authorization)['\"]?\s*[:=]\s*['\"]?(?!REDACTED)[A-Za-z0-9._\-]{16,}"),
    re.compile(r"gh[pousr]_[A-Za-z0-9]{30,}"),              # GitHub tokens
    re.compile(r"hf_[A-Za-z0-9]{30,}"),                     # Hugging Face tokens
]


def test_there_are_cassettes():
    assert CASSETTES, "no cassettes found under tests/cassettes"


@pytest.mark.parametrize("path", CASSETTES, ids=[p.name for p in CASSETTES])
def test_cassette_has_no_secrets_and_is_small(path: Path):
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes (max {MAX_BYTES})"
    for pattern in SECRET_PATTERNS:
        m = pattern.search(text)
        assert m is None, f"{path.name} holds something key-like: {m.group()[:12]}…"
    assert "\\u06" not in text, "Arabic stored as \\u escapes: record with the allow_unicode serializer"
    data = yaml.safe_load(text)
    for interaction in data["interactions"]:
        headers = {k.lower(): v for k, v in interaction["request"]["headers"].items()}
        assert headers.get("authorization", ["REDACTED"]) == ["REDACTED"]
        assert not any(h.startswith("x-stainless-") for h in headers)
        assert interaction["response"]["status"]["code"] < 400
