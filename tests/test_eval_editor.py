"""The editor's scorers (false claims, must-not-say, warnings, readability), authored cases, splits, leaks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.evals import claims
from summarizer.evals.dataset import EVALS_DIR, load_dataset
from summarizer.evals.leaks import check_repo, find_leaks, ngrams
from summarizer.evals.oracle import oracle_analysis
from summarizer.evals.scorers import score_case
from summarizer.records import AnalysisWarning, Money

DATA = Path(__file__).parent / "data" / "authored"
CASE = "t01-casablanca-ransom"


def _evals(tmp_path: Path) -> Path:
    """An evals folder with the seeds' gold and one authored article, in the test split."""
    d = tmp_path / "evals"
    (d / "articles").mkdir(parents=True)
    for f in ("dataset.yaml", "config.yaml"):
        shutil.copy(EVALS_DIR / f, d / f)
    for f in DATA.iterdir():
        shutil.copy(f, d / "articles" / f.name)
    return d


@pytest.fixture(scope="module")
def authored(tmp_path_factory):
    d = _evals(tmp_path_factory.mktemp("ev"))
    ds = load_dataset(d)
    return next(c for c in ds.cases if c.id == CASE)


def editor(c, a) -> dict:
    m = score_case(c, a).metrics
    return {k: m[k] for k in ("false_claims", "must_not_say", "key_fact_recall", "incident_count_ok",
                              "warn_true", "warn_false", "claims_flagged")}


def findings(c, a, metric: str) -> list:
    return [f for f in score_case(c, a).findings if f.metric == metric]


# ---- loading and validation ----------------------------------------------------------------------

def test_authored_case_loads_in_its_split(authored, tmp_path):
    assert authored.split == "test" and authored.variant == "original"
    d = _evals(tmp_path)
    ds = load_dataset(d)
    assert [c.id for c in ds.select(split="test")] == [CASE]
    assert all(c.split == "dev" for c in ds.select(split="dev"))
    assert len(ds.select(split="all")) == len(ds.cases)


@pytest.mark.parametrize("edit, message", [
    (("raw: \"600 ألف درهم\"}", "raw: \"650 ألف درهم\"}"), "is not in the article"),
    (("evidence: \"37 قضية احتيال\"", "evidence: \"38 قضية احتيال\""), "is not in the article"),
    (("allowed_numbers: [41, 3, 37, 15000000]", "allowed_numbers: [3, 37]"), "not a gold number"),
    (("(?:kidnap|abduct)\\w*[^.]*\\bin Spain", "arrested four"), "matches key fact"),
    (("en_terms: [[four, \"4\"], [arrest, detain]", "en_terms: [[five], [arrest, detain]"), "has none of"),
])
def test_gold_that_disagrees_with_its_article_is_a_load_error(tmp_path, edit, message):
    d = _evals(tmp_path)
    p = d / "articles" / f"{CASE}.yaml"
    text = p.read_text(encoding="utf-8")
    assert edit[0] in text
    p.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_dataset(d)


def test_a_gold_date_span_admits_windows_inside_it_and_either_end():
    import datetime as dt

    from summarizer.evals.dataset import GoldDate

    span = GoldDate.model_validate({"year": 2022, "month": 8, "until": {"year": 2023, "month": 3}})
    assert span.admits(dt.date(2022, 8, 1)) and span.admits(dt.date(2023, 3, 31))
    assert not span.admits(dt.date(2022, 7, 31)) and not span.admits(dt.date(2023, 4, 1))
    assert span.stated == [(2022, 8, None), (2023, 3, None)]
    with pytest.raises(ValueError, match="year at both ends"):
        GoldDate.model_validate({"month": 8, "until": {"year": 2023}})


def test_number_placeholder_matches_english_renderings():
    rx = claims.compile_pattern(r"seized {N:5000000}")
    for s in ("seized 5 million", "seized $5 million", "seized 5,000,000", "seized 5m", "seized 5.0 million"):
        assert rx.search(s), s
    for s in ("seized 15 million", "seized 5.5 million", "seized 50 million", "seized 5,000"):
        assert not rx.search(s), s


# ---- false claims and must-not-say ------------------------------------------------------------------

def test_gold_answer_makes_no_false_claim(authored):
    m = editor(authored, oracle_analysis(authored.gold, authored.article.sha256))
    assert m == {"false_claims": 0.0, "must_not_say": 0.0, "key_fact_recall": 1.0, "incident_count_ok": 1.0,
                 "warn_true": 0.0, "warn_false": 0.0, "claims_flagged": 0.0}


def test_paid_amount_reported_as_recovered_is_a_false_claim_and_a_must_not_say_hit(authored):
    a = oracle_analysis(authored.gold, authored.article.sha256)
    enforcement = next(i for i in a.incidents if i.kind == "enforcement_action")
    enforcement.money = [Money(role="seized", min=600000, max=600000, currency="MAD", raw="600 ألف درهم")]
    m = editor(authored, a)
    assert m["false_claims"] == 1 and m["must_not_say"] == 1
    (hit,) = findings(authored, a, "must_not_say")
    assert hit.detail.startswith("paid-as-recovered") and hit.path.endswith(".money[0]")


def test_swapped_role_is_false_even_though_the_number_is_in_the_article(authored):
    a = oracle_analysis(authored.gold, authored.article.sha256)
    crime = a.incidents[0]
    crime.money[1].role = "ransom_demanded"  # 600,000 was paid, not demanded
    (claim,) = findings(authored, a, "false_claims")
    assert "ransom_paid in the article" in claim.detail and claim.path == "incidents[0].money[1]"


def test_english_sentence_must_not_say_and_stray_numbers(authored):
    a = oracle_analysis(authored.gold, authored.article.sha256)
    a.brief.key_points[0].en = "The trader was kidnapped in Spain and held for 3 days."
    a.brief.key_points[1].en = "The statement ran to 12 pages; bitcoin fell to $80,000."
    details = [f.detail for f in findings(authored, a, "false_claims")]
    assert any("must not say: The kidnapping took place in Spain" in d for d in details)
    assert sum("no such figure" in d for d in details) == 2  # 12 pages, the read-also headline's 80,000
    assert editor(authored, a)["must_not_say"] == 1


def test_place_of_a_later_arrest_is_not_the_crimes_place(authored):
    a = oracle_analysis(authored.gold, authored.article.sha256)
    a.incidents[0].place.country = "ES"
    fc = findings(authored, a, "false_claims")
    assert [f.path for f in fc] == ["incidents[0].place"]


def test_explainer_with_an_incident_is_a_false_claim(authored):
    gold = authored.gold.model_copy(update={"incidents": [], "must_not_say": []})
    c = type(authored)(id="x", variant="original", gold=gold, article=authored.article)
    a = oracle_analysis(authored.gold, authored.article.sha256)
    m = editor(c, a)
    assert m["false_claims"] >= 1 and m["incident_count_ok"] == 0.0


# ---- warnings -------------------------------------------------------------------------------------------

def test_warning_on_a_correct_value_is_a_false_alarm_and_on_a_false_one_a_catch(authored):
    a = oracle_analysis(authored.gold, authored.article.sha256)
    a.incidents[0].money[1].role = "seized"
    a.warnings = [AnalysisWarning(code="ungrounded_number", message="x", path="incidents[0].money[1]"),
                  AnalysisWarning(code="ungrounded_number", message="y", path="incidents[0].money[0]"),
                  AnalysisWarning(code="boilerplate", message="article-level notes do not count")]
    m = editor(authored, a)
    assert (m["warn_true"], m["warn_false"], m["claims_flagged"], m["false_claims"]) == (1, 1, 1, 1)


# ---- readability --------------------------------------------------------------------------------------

def test_readability_checks(authored):
    a = oracle_analysis(authored.gold, authored.article.sha256)
    a.brief.headline_en = "Moroccan police arrest four over kidnapping of crypto trader in Tangier"
    a.brief.summary_en = ("Moroccan police arrested four people in Tangier over the kidnapping of a crypto trader. "
                          "The kidnappers demanded 2 million dirhams; the family paid 600,000 dirhams in USDT "
                          "through FlexPay. Police recovered 250,000 dirhams.")
    a.brief.key_points = a.brief.key_points[:1]
    a.brief.key_points[0].en = "A fifth suspect fled to Spain."
    m = score_case(authored, a).metrics
    assert m["readable"] == 1.0, [f.detail for f in score_case(authored, a).findings if f.metric.startswith("read")]
    a.brief.headline_en = "Fraud in Morocco; 4 people"
    a.brief.key_points[0].en = "Police recovered 250,000 dirhams."
    a.brief.summary_en = a.brief.summary_en.replace("crypto ", "").replace(" in USDT through FlexPay", "")
    m = score_case(authored, a).metrics
    assert (m["read_headline"], m["read_no_repeat"], m["read_crypto"], m["read_latin_names"], m["readable"]) == \
        (0.0, 0.0, 0.0, None, 0.0)  # FlexPay is a platform, not a named actor, so it is not required


def test_long_sentence_fails_read_short(authored):
    a = oracle_analysis(authored.gold, authored.article.sha256)
    a.brief.key_points[0].en = " ".join(["word"] * 36) + "."
    assert score_case(authored, a).metrics["read_short"] == 0.0


# ---- the test split stays unseen ------------------------------------------------------------------------

def test_ngrams_fold_and_break_on_non_arabic():
    assert ngrams("أعلنت الشرطة في المغرب أمس توقيف") == {("اعلنت", "الشرطه", "في", "المغرب", "امس"),
                                                        ("الشرطه", "في", "المغرب", "امس", "توقيف")}
    assert ngrams("أعلنت الشرطة 12 في المغرب أمس") == set()


def test_a_leaked_test_phrase_is_found(tmp_path, authored):
    pkg = tmp_path / "summarizer" / "lexicons"
    pkg.mkdir(parents=True)
    (pkg / "clean.py").write_text('CUES = ("طالب الخاطفون", "فدية")\n', encoding="utf-8")
    test_text = {CASE: authored.article.text}
    assert find_leaks(test_text, [tmp_path / "summarizer"]) == []
    # five words lifted from the test article (with its hamza spelling changed: folding still finds it)
    (pkg / "cues.yaml").write_text("- للاشتباه في تورطهم في اختطاف\n", encoding="utf-8")
    leaks = find_leaks(test_text, [tmp_path / "summarizer"], base=tmp_path)
    assert [(lk.article, lk.path) for lk in leaks] == [(CASE, "summarizer/lexicons/cues.yaml")]


def test_no_test_article_phrase_is_in_the_package_or_prompts():
    ds = load_dataset()
    leaks = check_repo(ds, EVALS_DIR.parent)
    assert leaks == [], leaks[:5]


def test_eval_check_command_fails_on_a_leak(tmp_path):
    from summarizer.cli import app

    d = _evals(tmp_path)
    (tmp_path / "summarizer").mkdir()
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", "check", "--evals-dir", str(d)])
    assert ok.exit_code == 0, ok.output
    assert "1 test" in ok.output
    (tmp_path / "summarizer" / "rules.py").write_text('X = "تاجر عملات رقمية يبلغ من العمر"\n', encoding="utf-8")
    bad = runner.invoke(app, ["eval", "check", "--evals-dir", str(d)])
    assert bad.exit_code == 1
    assert "phrase of test article t01-casablanca-ransom" in bad.output
