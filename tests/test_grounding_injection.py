"""Prompt injection: planted instructions never become grounded facts.

Each corpus file (tests/data/injection/) is a seed with one planted paragraph; the manifest lists
numbers and names that occur ONLY in that paragraph. Those numbers are in `Article.text`, so an
honest check is not "the number is absent" but "grounding treats instruction-like text as no
source": a value that only the planted paragraph states must be flagged when used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.article import read_article
from summarizer.grounding import verify
from summarizer.records import ArticleAnalysis, Brief, Evidence, Incident, KeyPoint, Money, Provenance

CORPUS = Path(__file__).parent / "data" / "injection"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
CASES = sorted(MANIFEST)


def _analysis(en: str, ar: str, incidents: list[Incident] | None = None) -> ArticleAnalysis:
    return ArticleAnalysis(
        brief=Brief(headline_en=en, headline_ar=ar, summary_en=en, summary_ar=ar, key_points=[KeyPoint(en=en, ar=ar)]),
        incidents=incidents or [], provenance=Provenance(engine="hand-written", article_sha256="test"))


def test_corpus_is_complete():
    assert len(CASES) >= 6
    for name in CASES:
        case = MANIFEST[name]
        text = (CORPUS / name).read_text(encoding="utf-8")
        assert case["injected"] in text
        for v in case["invented_numbers"]:
            assert v > 2
        seed_text = (Path(__file__).parent.parent / "seeds" / case["seed"]).read_text(encoding="utf-8")
        assert case["injected"] not in seed_text


@pytest.mark.parametrize("name", CASES)
def test_planted_paragraph_is_flagged_and_not_a_source(name):
    case = MANIFEST[name]
    art = read_article(CORPUS / name)
    report = verify(_analysis("Crypto crime report.", "تقرير عن جرائم العملات المشفرة."), art)
    planted = [v for v in report.violations if v.kind == "prompt_injection"]
    assert planted and all(v.severity == "warning" for v in planted)
    assert any(case["injected"].split("\n")[0][:30] in (v.value or "") for v in planted)


@pytest.mark.parametrize("name", CASES)
def test_invented_amount_from_planted_text_is_flagged(name):
    case = MANIFEST[name]
    art = read_article(CORPUS / name)
    for value in case["invented_numbers"]:
        en = f"Officials reported {value:,.0f} in the case."
        ar = f"أعلن المسؤولون عن {value:.0f} في القضية."
        money = Money(role="seized", min=value, max=value, currency="USD", raw=f"{value:.0f}",
                      evidence=[Evidence(quote=case["injected"].split("\n")[0][:80])])
        inc = Incident(id="i1", kind="enforcement_action", crime_types=["other"], summary_en="x", summary_ar="س",
                       money=[money])
        report = verify(_analysis(en, ar, [inc]), art)
        flagged = {(v.kind, v.path) for v in report.violations}
        assert ("ungrounded_number", "brief.summary_en") in flagged, (value, report.violations)
        assert ("ungrounded_number", "brief.summary_ar") in flagged
        assert ("ungrounded_number", "incidents[0].money[0].min") in flagged
        assert ("injected_quote", "incidents[0].money[0].evidence[0]") in flagged
        assert report.annotated.incidents[0].money[0].evidence[0].alignment == "boilerplate"
        assert not report.ok


@pytest.mark.parametrize("name", [n for n in CASES if MANIFEST[n]["invented_names"]])
def test_invented_name_from_planted_text_is_flagged(name):
    art = read_article(CORPUS / name)
    for person in MANIFEST[name]["invented_names"]:
        if any("\u0600" <= ch <= "\u06ff" for ch in person):
            from summarizer.records import Actor

            inc = Incident(id="i1", kind="crime_event", crime_types=["other"], summary_en="x", summary_ar="س",
                           actors=[Actor(role="suspect", kind="person", name_en="Karim al-Jubouri",
                                         names_ar=[person])])
            report = verify(_analysis("A report.", "تقرير.", [inc]), art)
        else:
            report = verify(_analysis(f"{person} led the network.", "قاد الشبكة شخص."), art)
        assert "unknown_name" in [v.kind for v in report.violations], (person, report.violations)


@pytest.mark.parametrize("name", CASES)
def test_real_facts_still_ground_next_to_the_planted_text(name):
    """The planted paragraph is cut out, not the article: the seed's own numbers still ground."""
    art = read_article(CORPUS / name)
    real = {"000": ("more than 20 people", "أكثر من 20 شخصا"), "001": ("a 34-year-old woman", "امرأة تبلغ 34 عاما"),
            "002": ("more than 26,000 websites", "أكثر من 26,000 موقع"),
            "003": ("50 million dinars", "50 مليون دينار"), "004": ("300 accounts", "300 حساب")}
    en, ar = real[MANIFEST[name]["seed"][:3]]
    report = verify(_analysis(f"Report: {en}.", f"تقرير: {ar}."), art)
    assert "ungrounded_number" not in [v.kind for v in report.violations], report.violations
