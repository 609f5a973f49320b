"""The public surface is small and pinned: a change here is a deliberate API change."""

import subprocess
import sys

import summarizer

EXPECTED = {
    "Article", "ArticleAnalysis", "AuthenticationError", "BatchItem", "Brief", "ConfigError", "Engine", "EngineError",
    "GroundingError", "GroundingReport", "Incident", "InputError", "ModelOutputError", "ProviderError",
    "SCHEMA_VERSION", "SummarizerError", "__version__", "asummarize", "asummarize_many", "get_engine",
    "read_article", "summarize", "summarize_many", "verify",
}


def test_exported_members_are_pinned_and_resolve():
    assert set(summarizer.__all__) == EXPECTED
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None
    assert summarizer.summarize.__module__ == "summarizer.pipeline"
    assert set(summarizer.__all__) <= set(dir(summarizer))


def test_unknown_attribute_is_an_attribute_error():
    try:
        summarizer.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_builds_no_models():
    code = "import sys, summarizer; print('summarizer.records' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_all_lists_exactly_the_lazy_exports():
    assert set(summarizer.__all__) == set(summarizer._EXPORTS) | {"__version__"}
