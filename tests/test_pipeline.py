"""The pipeline's own decisions: the grounding re-ask, and what survives when it fails.

Uses a scripted engine (`ScriptedEngine`, defined here): it returns canned analyses or raises,
in order, so the pipeline's behaviour is tested without any model.
"""

import asyncio
import json
from pathlib import Path

from summarizer.article import read_article
from summarizer.engines import Attempt, EngineRun
from summarizer.errors import ModelOutputError
from summarizer.pipeline import asummarize
from summarizer.records import ArticleAnalysis, Usage

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = read_article(ROOT / "seeds" / "003_d0fc6795cfc61d73.txt")


def hand_written(**brief_changes: str) -> ArticleAnalysis:
    data = json.loads((ROOT / "tests/data/seed003_analysis.json").read_text("utf-8"))
    data["brief"].update(brief_changes)
    data["provenance"]["article_sha256"] = ARTICLE.sha256
    return ArticleAnalysis.model_validate(data)


class ScriptedEngine:
    name = "scripted"
    accepts_feedback = True

    def __init__(self, *script):
        self.script = list(script)
        self.feedback = []

    def fingerprint(self):
        return {"engine": self.name}

    async def analyze(self, article, *, feedback=()):
        self.feedback.append(list(feedback))
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return EngineRun(analysis=step, attempts=[Attempt(usage=Usage(input_tokens=10, output_tokens=5, requests=1))])


INVENTED = "Iraqi security arrested three extortionists who demanded 70 million Iraqi dinars in Dhi Qar."


def test_ungrounded_answer_is_reasked_with_the_exact_items_then_accepted():
    eng = ScriptedEngine(hand_written(headline_en=INVENTED), hand_written())
    result = asyncio.run(asummarize(ARTICLE, engine=eng))
    assert eng.feedback[0] == [] and any("70" in line for line in eng.feedback[1])
    assert not [w for w in result.warnings if w.code == "ungrounded_number"]
    assert result.provenance.usage.requests == 2 and result.provenance.usage.input_tokens == 20


def test_failed_reask_keeps_the_first_answer_with_every_item_flagged():
    spent = Usage(input_tokens=7, output_tokens=3, requests=1)
    eng = ScriptedEngine(hand_written(headline_en=INVENTED),
                         ModelOutputError("scripted: invalid output", attempts=1, usage=spent))
    result = asyncio.run(asummarize(ARTICLE, engine=eng))
    codes = [w.code for w in result.warnings]
    assert "ungrounded_number" in codes and "reask_failed" in codes
    assert result.brief.headline_en == INVENTED  # kept, and flagged: never dropped silently
    assert result.provenance.usage.requests == 2 and result.provenance.usage.input_tokens == 17
