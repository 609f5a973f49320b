"""`summarizer verify RESULT.json ARTICLE` and the rule engine's outputs against grounding."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import typer
from test_grounding import seed003_correct
from typer.testing import CliRunner

from summarizer.article import read_article
from summarizer.cli import verify as verify_cli
from summarizer.grounding import verify

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
ARTICLE_003 = next(p for p in SEEDS if p.name.startswith("003"))


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    verify_cli.register(app)

    @app.callback()
    def _root() -> None:  # keep `verify` a sub-command
        pass

    return app


def test_cli_verify_grounded_exits_0(app, tmp_path):
    result = tmp_path / "r.json"
    result.write_text(seed003_correct().model_dump_json(), encoding="utf-8")
    out = CliRunner().invoke(app, ["verify", str(result), str(ARTICLE_003)])
    assert out.exit_code == 0, out.output
    assert "grounded" in out.output


def test_cli_verify_violations_exit_1_with_table(app, tmp_path):
    a = seed003_correct()
    a.brief.summary_en = a.brief.summary_en.replace("50 million", "75 million")
    result = tmp_path / "r.json"
    result.write_text(a.model_dump_json(), encoding="utf-8")
    out = CliRunner().invoke(app, ["verify", str(result), str(ARTICLE_003)])
    assert out.exit_code == 1
    assert "ungrounded_number" in out.output
    js = CliRunner().invoke(app, ["verify", str(result), str(ARTICLE_003), "--format", "json"])
    assert js.exit_code == 1
    assert json.loads(js.output)["counts"]["ungrounded_number"] >= 1


@pytest.mark.parametrize("content", ["not json", '{"brief": 1}'], ids=["bad-json", "bad-schema"])
def test_cli_verify_bad_result_is_an_input_error(app, tmp_path, content):
    result = tmp_path / "r.json"
    result.write_text(content, encoding="utf-8")
    out = CliRunner().invoke(app, ["verify", str(result), str(ARTICLE_003)])
    assert out.exit_code == 3


def test_cli_verify_missing_article_is_an_input_error(app, tmp_path):
    result = tmp_path / "r.json"
    result.write_text(seed003_correct().model_dump_json(), encoding="utf-8")
    out = CliRunner().invoke(app, ["verify", str(result), str(tmp_path / "nope.txt")])
    assert out.exit_code == 3


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_rule_engine_output_is_grounded_on_every_seed(path):
    rules = pytest.importorskip("summarizer.engines.rules")
    art = read_article(path)
    run = asyncio.run(rules.RuleEngine().analyze(art))
    report = verify(run.analysis, art)
    assert report.errors == [], [f"{v.kind} {v.path}: {v.detail}" for v in report.errors]


@pytest.mark.parametrize("path", sorted((Path(__file__).parent / "data" / "injection").glob("*.txt")),
                         ids=lambda p: p.name[:4])
def test_rule_engine_takes_no_fact_from_planted_text(path):
    rules = pytest.importorskip("summarizer.engines.rules")
    manifest = json.loads((path.parent / "manifest.json").read_text(encoding="utf-8"))[path.name]
    art = read_article(path)
    report = verify(asyncio.run(rules.RuleEngine().analyze(art)).analysis, art)
    a = report.annotated
    used = [x for inc in a.incidents for m in inc.money for x in (m.min, m.max, m.usd_as_stated_min) if x] + [
        x for inc in a.incidents for c in inc.counts for x in (c.min, c.max) if x]
    invented = [v for v in manifest["invented_numbers"] if any(abs(v - u) <= 0.005 * v for u in used)]
    # Either the engine never took them, or grounding flags every one it took.
    flagged = {v.value for v in report.violations if v.kind == "ungrounded_number"}
    assert not invented or flagged, invented


def test_markdown_brief_says_at_the_top_when_values_are_ungrounded():
    from summarizer.render import markdown

    article = read_article(ARTICLE_003)
    clean = markdown(verify(seed003_correct(), article).annotated)
    assert clean.startswith("# ") and "Check before use" not in clean

    invented = seed003_correct()
    invented.brief.summary_en = invented.brief.summary_en.replace("50 million", "75 million")
    report = verify(invented, article)
    flagged = markdown(report.annotated)
    first = flagged.splitlines()[0]
    assert first.startswith("> **Check before use:** 2 value(s)"), first  # the number, and AR/EN disagree
    assert sorted(v.kind for v in report.violations if v.severity == "error") == ["ar_en_mismatch",
                                                                                 "ungrounded_number"]
    assert "ungrounded_number" in flagged
