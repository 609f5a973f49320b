"""The public surface is small and pinned: a change here is a deliberate API change."""

import summarizer


def test_exported_members():
    assert sorted(summarizer.__all__) == sorted(
        name for name in vars(summarizer)
        if not name.startswith("_") and name not in {"article", "engines", "errors", "grounding", "pipeline",
                                                     "records", "render", "schemas", "cli", "arabic",
                                                     "ledger", "prompts", "evals", "batch", "testing"}
        or name == "__version__"
    )
    for name in ("summarize", "asummarize", "summarize_many", "ArticleAnalysis", "SummarizerError"):
        assert name in summarizer.__all__
