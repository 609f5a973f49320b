"""LLMEngine against real recorded responses (pytest-recording / vcrpy).

The cassettes in tests/cassettes/test_llm_engine_cassettes/ are real recordings from a local
llama.cpp server (`llama_cpp.server`) running the default Gemma 3 270M base model, made by
`scripts/record-cassettes.sh`. They replay with the network blocked. That model is tiny and
not instruction-tuned, so these tests assert the *honest* behaviour on its output: schema
validation, re-asks, truncation and grounding flags, not quality. Quality is the evals' job.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from summarizer.article import read_article
from summarizer.engines.llm import LLMEngine
from summarizer.errors import ModelOutputError
from summarizer.grounding import verify
from summarizer.prompts import iter_quotes, load_prompt

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"

# The first lines of seed 000 (French kidnapping plots), short to keep recordings small.
ARTICLE = read_article(
    "ألقت الشرطة الفرنسية القبض على أكثر من 20 شخصًا بعد عدد من المؤامرات الخطف التي تستهدف "
    "رواد الأعمال المشفرة وعائلاتهم.\n"
    "وقالت السلطات إن الاعتقالات كانت تتعلق بالتحقيقات في محاولة اختطاف حديثة في نانت ومحاولة "
    "اختطاف امرأة وطفل في باريس في مايو.\n",
    name="seed-000-head.txt",
)


def engine(record_api_base, record_model, **kw):
    return LLMEngine(record_model, api_base=record_api_base, timeout=300, **kw)


@pytest.mark.vcr
def test_completed_call_is_parsed_then_checked_by_grounding_cassette(record_api_base, record_model):
    """Grammar-constrained (schema in response_format): the JSON parses into the schema; what
    the base model put in it is then grounding's to judge."""
    eng = engine(record_api_base, record_model, max_tokens=900, max_attempts=1)
    run = asyncio.run(eng.analyze(ARTICLE))
    a = run.analysis
    assert len(run.attempts) == 1 and run.attempts[0].error is None
    prov = a.provenance
    assert prov.prompt_name == "brief-v1" and prov.prompt_version == eng.prompt.version
    assert prov.usage.input_tokens > 1000 and prov.usage.output_tokens > 0
    assert prov.usage.cost_usd is None  # self-hosted: unpriced
    quotes = list(iter_quotes(a.model_dump()))
    ungrounded = [q for q in quotes if q not in ARTICLE.text]
    if ungrounded:
        assert not verify(a, ARTICLE).ok, f"grounding passed quotes that are not in the article: {ungrounded[:3]}"


@pytest.fixture
def drifted_prompt(tmp_path):
    """brief-v1's instructions with a worked example in an old, flat output shape: what a prompt
    author meets when the example drifts from the schema. A base model imitates the example, so
    its answer is short, complete JSON that does not validate, whatever the machine recording it."""
    folder = tmp_path / "drifted-example"
    folder.mkdir()
    for name in ("system.md", "user.md", "feedback.md"):
        shutil.copy(PROMPTS / "brief-v1" / name, folder / name)
    (folder / "example_article.txt").write_text(
        "أعلنت الشرطة في مدينة الدار البيضاء توقيف ثلاثة أشخاص في عملية احتيال بالعملات المشفرة.\n",
        encoding="utf-8")
    (folder / "example.json").write_text(json.dumps(
        {"headline": "Casablanca police arrest three crypto fraud suspects",
         "incidents": [{"type": "fraud", "city": "Casablanca", "arrests": 3}]}), encoding="utf-8")
    return load_prompt("drifted-example", directory=tmp_path)


@pytest.mark.vcr
def test_reask_after_invalid_output_cassette(record_api_base, record_model, vcr, drifted_prompt):
    """Plain JSON mode (any JSON object): the base model's JSON does not fit the schema, so
    instructor re-asks with the validation errors; it still fails, and we say so."""
    eng = engine(record_api_base, record_model, prompt=drifted_prompt, constrain=False, max_tokens=600,
                 max_attempts=2)
    with pytest.raises(ModelOutputError) as err:
        asyncio.run(eng.analyze(ARTICLE))
    assert err.value.attempts == 2 and err.value.usage.requests == 2
    assert err.value.usage.input_tokens > 0
    requests = vcr.requests
    assert len(requests) == 2
    second = json.loads(requests[1].body)
    assert second["messages"][-1]["role"] == "user"
    assert "Correct your JSON" in second["messages"][-1]["content"]
    assert second["messages"][-2]["role"] == "assistant"


@pytest.mark.vcr
def test_truncated_response_cassette(record_api_base, record_model):
    """max_tokens too small: finish_reason=length is reported as cut off, not as bad JSON."""
    eng = engine(record_api_base, record_model, max_tokens=24, max_attempts=3)
    with pytest.raises(ModelOutputError, match="cut off at max_tokens") as err:
        asyncio.run(eng.analyze(ARTICLE))
    assert err.value.attempts == 1  # no pointless re-ask with the same limit
    assert err.value.usage.output_tokens == 24
    assert err.value.last_response
