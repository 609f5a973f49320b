"""Grounding: each violation class caught on the seeds, with hand-written analyses."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from summarizer._english_numbers import find_english_numbers
from summarizer.article import read_article
from summarizer.grounding import verify
from summarizer.records import (
    Actor,
    ArticleAnalysis,
    Brief,
    Count,
    Evidence,
    Incident,
    KeyPoint,
    Money,
    Place,
    Provenance,
)

SEEDS = Path(__file__).parent.parent / "seeds"


def seed(n: str):
    return read_article(next(SEEDS.glob(f"{n}_*.txt")))


def ev(*quotes: str) -> list[Evidence]:
    return [Evidence(quote=q) for q in quotes]


def analysis(brief: Brief, incidents: list[Incident] | None = None) -> ArticleAnalysis:
    return ArticleAnalysis(brief=brief, incidents=incidents or [],
                           provenance=Provenance(engine="hand-written", article_sha256="test"))


def seed003_correct() -> ArticleAnalysis:
    brief = Brief(
        headline_en="Iraqi security dismantles an online extortion network in Dhi Qar",
        headline_ar="الأمن العراقي يفكك شبكة ابتزاز إلكتروني في ذي قار",
        summary_en="Iraq's National Security Service arrested three extortionists (a man and two women) in Dhi Qar "
                   "province. They had demanded 50 million Iraqi dinars (about $30,000) from a victim in exchange "
                   "for not publishing a video. The suspects were referred to the judiciary.",
        summary_ar="أطاح جهاز الأمن الوطني العراقي بثلاثة مبتزين (رجل وامرأتان) في محافظة ذي قار، ساوموا ضحيتهم "
                   "للحصول على مبلغ 50 مليون دينار عراقي (نحو 30 ألف دولار) مقابل عدم نشر مقطع فيديو. وأحيل "
                   "المتهمون إلى الجهات القضائية.",
        key_points=[
            KeyPoint(en="Three extortionists, a man and two women, were arrested in Dhi Qar.",
                     ar="الإطاحة بثلاثة مبتزين (رجل وامرأتان) في ذي قار.",
                     evidence=ev("من الإطاحة بثلاثة مبتزين (رجل وامرأتان)")),
            KeyPoint(en="They demanded 50 million Iraqi dinars (about $30,000).",
                     ar="طالبوا بمبلغ 50 مليون دينار عراقي (نحو 30 ألف دولار).",
                     evidence=ev("مبلغ 50 مليون دينار عراقي (نحو 30 ألف دولار)")),
            KeyPoint(en="The suspects were referred to the judiciary.", ar="إحالة المتهمين إلى الجهات القضائية.",
                     evidence=ev("جرت إحالة المتهمين بعد تدوين إفاداتهم إلى الجهات القضائية المختصة")),
        ],
    )
    inc = Incident(
        id="i1", kind="enforcement_action", crime_types=["cyber_extortion"], outcome="completed",
        summary_en="Iraq's National Security Service arrested three extortionists in Dhi Qar.",
        summary_ar="أطاح جهاز الأمن الوطني العراقي بثلاثة مبتزين في ذي قار.",
        place=Place(country="IQ", region="Dhi Qar", name_ar="ذي قار", precision="region",
                    evidence=ev("في محافظة ذي قار")),
        actors=[
            Actor(role="enforcer", kind="state_agency", name_en="Iraqi National Security Service",
                  names_ar=["جهاز الأمن الوطني العراقي"], evidence=ev("جهاز الأمن الوطني العراقي")),
            Actor(role="suspect", kind="group", descriptor_en="a man and two women", count=3,
                  evidence=ev("بثلاثة مبتزين (رجل وامرأتان)")),
        ],
        money=[Money(role="extortion_demanded", min=50_000_000, max=50_000_000, currency="IQD",
                     raw="50 مليون دينار عراقي", usd_as_stated_min=30_000, usd_as_stated_max=30_000,
                     evidence=ev("للحصول على مبلغ 50 مليون دينار عراقي (نحو 30 ألف دولار)"))],
        counts=[Count(what="arrests", min=3, max=3, raw="ثلاثة مبتزين", evidence=ev("بثلاثة مبتزين"))],
        evidence=ev("تفكيك شبكة ابتزاز إلكتروني تضم نساءً في محافظة ذي قار"),
    )
    return analysis(brief, [inc])


def kinds(report, severity: str | None = "error") -> list[str]:
    return [v.kind for v in report.violations if severity is None or v.severity == severity]


# ---- a fully correct analysis -------------------------------------------------------------


def test_seed003_correct_analysis_has_zero_violations():
    report = verify(seed003_correct(), seed("003"))
    assert report.violations == []
    assert report.ok
    assert report.grounding_rate == {"quotes": 1.0, "numbers": 1.0, "names": 1.0}
    art = seed("003")
    for inc in report.annotated.incidents:
        for e in inc.evidence + inc.money[0].evidence + inc.place.evidence:
            assert e.alignment == "exact"
            assert art.text[e.start:e.end] == e.quote
    assert report.annotated.warnings == []


def test_verify_is_idempotent_on_its_own_output():
    art = seed("003")
    bad = seed003_correct()
    bad.brief.key_points[0].evidence.append(Evidence(quote="هذا النص ليس في المقال على الإطلاق"))
    once = verify(bad, art)
    twice = verify(once.annotated, art)
    assert len(twice.annotated.warnings) == len(once.annotated.warnings) == 1


# ---- quotes --------------------------------------------------------------------------------


def test_quote_not_in_article_is_ungrounded():
    a = seed003_correct()
    a.incidents[0].evidence.append(Evidence(quote="اعتقلت الشرطة خمسة مبتزين في البصرة"))
    report = verify(a, seed("003"))
    assert kinds(report) == ["ungrounded_quote"]
    v = report.violations[0]
    assert v.path == "incidents[0].evidence[1]"
    assert v.value == "اعتقلت الشرطة خمسة مبتزين في البصرة"
    assert report.annotated.incidents[0].evidence[1].alignment == "unaligned"
    assert report.annotated.incidents[0].evidence[1].start is None
    assert any("اعتقلت الشرطة خمسة مبتزين" in line for line in report.feedback_lines())
    assert report.annotated.warnings[-1].code == "ungrounded_quote"
    assert not report.ok


def test_normalized_alignment_maps_back_to_original_offsets():
    art = seed("003")
    # alef/hamza and ta marbuta folded, a diacritic added, spacing changed
    quote = "اعلن الامن العراقي،  اليوم الإثنين، عن تفكيك شبكة ابتزاز إلكترونيٍ"
    a = seed003_correct()
    a.incidents[0].evidence = ev(quote)
    report = verify(a, art)
    e = report.annotated.incidents[0].evidence[0]
    assert e.alignment == "normalized"
    assert art.text[e.start:e.end] == "أعلن الأمن العراقي، اليوم الإثنين، عن تفكيك شبكة ابتزاز إلكتروني"
    assert report.ok


def test_fuzzy_alignment_accepts_a_typo_but_not_a_changed_number():
    art = seed("003")
    a = seed003_correct()
    a.incidents[0].evidence = ev("ساوموا ضحيتهم للحصول على مبلغ 50 مليون دينار عراقى (نحو 30 الف دولار) مقابل عدم نشر مقطع فدیو")
    report = verify(a, art)
    assert report.annotated.incidents[0].evidence[0].alignment in ("normalized", "fuzzy")
    a.incidents[0].evidence = ev("ساوموا ضحيتهم للحصول على مبلغ 80 مليون دينار عراقي (نحو 30 ألف دولار) مقابل عدم نشر")
    report = verify(a, art)
    assert report.annotated.incidents[0].evidence[0].alignment == "unaligned"
    assert "ungrounded_quote" in kinds(report)


@pytest.mark.parametrize(("n", "quote"), [
    ("001", "جميع المعلومات المنشورة على موقعنا الإلكتروني تم عرضها على أساس حسن النية"),
    ("001", "👈 اقرأ المزيد: الإعلانات الترويجية للعملات الرقمية في الوطن العربي"),
    ("001", "الإعلانات الترويجية للعملات الرقمية في الوطن العربي.. احذر الاحتيال"),
    ("004", "Sorry, you need to enable JavaScript to visit this website."),
    ("002", "بلغت الخسائر المالية أكثر من 15 مليون دولار أمريكي خلال عامين"),
], ids=["001-disclaimer", "001-readmore", "001-readmore-tail", "004-javascript", "002-faq"])
def test_quote_in_boilerplate_does_not_count(n, quote):
    art = seed(n)
    a = analysis(Brief(headline_en="x", headline_ar="س", summary_en="x", summary_ar="س",
                       key_points=[KeyPoint(en="x", ar="س", evidence=ev(quote))]))
    report = verify(a, art)
    e = report.annotated.brief.key_points[0].evidence[0]
    assert e.alignment == "boilerplate"
    assert art.in_boilerplate(e.start, e.end)
    assert "boilerplate_quote" in kinds(report)


def test_quote_repeated_in_content_and_boilerplate_aligns_to_content():
    art = seed("002")  # the title line is repeated later (the repeat is boilerplate)
    a = analysis(Brief(headline_en="x", headline_ar="س", summary_en="x", summary_ar="س",
                       key_points=[KeyPoint(en="x", ar="س",
                                            evidence=ev("كازاخستان تسجل 1000 قضية جنائية تتضمن العملات الرقمية"))]))
    e = verify(a, art).annotated.brief.key_points[0].evidence[0]
    assert e.alignment == "exact" and not art.in_boilerplate(e.start, e.end)


# ---- numbers -------------------------------------------------------------------------------


def test_invented_number_is_flagged_in_brief_and_records():
    a = seed003_correct()
    a.brief.summary_en = a.brief.summary_en.replace("50 million", "75 million")
    a.brief.summary_ar = a.brief.summary_ar.replace("50 مليون", "75 مليون")
    a.incidents[0].money[0].min = a.incidents[0].money[0].max = 75_000_000
    report = verify(a, seed("003"))
    bad = [(v.kind, v.path) for v in report.violations]
    assert ("ungrounded_number", "brief.summary_en") in bad
    assert ("ungrounded_number", "brief.summary_ar") in bad
    assert ("ungrounded_number", "incidents[0].money[0].min") in bad
    assert all(k == "ungrounded_number" or k == "possible_omission" for k, _ in bad)
    assert report.grounding_rate["numbers"] < 1.0
    assert any("75 million" in line for line in report.feedback_lines())


def test_wrong_currency_is_flagged():
    art = seed("000")  # 10 ملايين يورو (8.5 مليون جنيه إسترليني)
    money = Money(role="ransom_demanded", min=8_500_000, max=8_500_000, currency="EUR", raw="8.5 مليون",
                  evidence=ev("طالب المجرمون بفدية 10 ملايين يورو"))
    inc = Incident(id="i1", kind="crime_event", crime_types=["kidnapping"], summary_en="x", summary_ar="س",
                   money=[money])
    report = verify(analysis(_brief000(), [inc]), art)
    assert any(v.kind == "ungrounded_number" and "GBP" in v.detail for v in report.violations)


def test_years_dates_and_small_word_numbers_are_not_amounts():
    nums = find_english_numbers("In 2019, on 13 May and May 1; COVID-19 at 8:20 in the 11th district.")
    assert nums == []


@pytest.mark.parametrize(("text", "lo", "hi", "qual"), [
    ("24 people", 24, 24, "exact"),
    ("26,000 websites", 26_000, 26_000, "exact"),
    ("2 million", 2e6, 2e6, "exact"),
    ("$15 million", 15e6, 15e6, "exact"),
    ("€10m", 10e6, 10e6, "exact"),
    ("€5–7 million", 5e6, 7e6, "range"),
    ("8.5 million pounds", 8.5e6, 8.5e6, "exact"),
    ("more than 20 people", 20, 20, "at_least"),
    ("about 30,000 dollars", 30_000, 30_000, "approx"),
    ("nearly $2 million", 2e6, 2e6, "approx"),
    ("at least 300 accounts", 300, 300, "at_least"),
    ("between 5 and 7 million", 5e6, 7e6, "range"),
    ("over 8 billion tenge", 8e9, 8e9, "at_least"),
    ("three masked men", 3, 3, "exact"),
])
def test_english_numbers(text, lo, hi, qual):
    (n,) = find_english_numbers(text)
    assert (n.min, n.max, n.qualifier) == (lo, hi, qual)


def _brief000(en: str = "French police detained 24 people over crypto kidnapping plots.",
              ar: str = "الشرطة الفرنسية تحتجز 24 شخصا في قضايا خطف مرتبطة بالعملات المشفرة.") -> Brief:
    return Brief(headline_en=en, headline_ar=ar, summary_en=en, summary_ar=ar,
                 key_points=[KeyPoint(en=en, ar=ar)])


def test_dropped_hedge_more_than_20():
    art = seed("000")  # أكثر من 20 شخصًا
    ok = verify(analysis(_brief000("Police arrested more than 20 people.", "اعتقلت الشرطة أكثر من 20 شخصا.")), art)
    assert "dropped_hedge" not in kinds(ok)
    bad = verify(analysis(_brief000("Police arrested 20 people.", "اعتقلت الشرطة أكثر من 20 شخصا.")), art)
    assert [v.path for v in bad.violations if v.kind == "dropped_hedge"] == [
        "brief.headline_en", "brief.summary_en", "brief.key_points[0].en"]


def test_dropped_hedge_about_two_million_dollars():
    art = seed("004")  # نحو مليوني دولار
    ar = "صادرت السلطات الأميركية نحو مليوني دولار."
    ok = verify(analysis(_brief000("US authorities seized about $2 million.", ar)), art)
    assert "dropped_hedge" not in kinds(ok) and "ungrounded_number" not in kinds(ok)
    bad = verify(analysis(_brief000("US authorities seized $2 million.", ar)), art)
    assert "dropped_hedge" in kinds(bad)
    # the record keeps the hedge too
    money = Money(role="seized", min=2e6, max=2e6, qualifier="exact", currency="USD", raw="نحو مليوني دولار")
    inc = Incident(id="i1", kind="enforcement_action", crime_types=["terrorist_financing"], summary_en="x",
                   summary_ar="س", money=[money])
    rec = verify(analysis(_brief000("US authorities seized about $2 million.", ar), [inc]), art)
    assert ("dropped_hedge", "incidents[0].money[0].min") in [(v.kind, v.path) for v in rec.violations]


def test_ar_en_mismatch():
    a = seed003_correct()
    a.brief.headline_en = "Iraqi security breaks up a Dhi Qar extortion ring that demanded 50 million dinars"
    report = verify(a, seed("003"))
    assert [(v.kind, v.path) for v in report.violations] == [("ar_en_mismatch", "brief.headline")]
    assert "50,000,000" in report.violations[0].detail


# ---- names ---------------------------------------------------------------------------------


def test_retailleau_spellings_both_ground_bruno_retailleau():
    for n, spelled in (("000", "ريتاريو"), ("001", "ريتايو")):
        actor = Actor(role="official", kind="person", name_en="Bruno Retailleau", names_ar=[f"برونو {spelled}"])
        inc = Incident(id="i1", kind="policy_response", crime_types=["kidnapping"], summary_en="x",
                       summary_ar="س", actors=[actor], place=Place(country="FR"))
        brief = _brief000("Interior Minister Bruno Retailleau pledged more security.",
                          "تعهد وزير الداخلية برونو ريتايو بتعزيز الأمن.")
        report = verify(analysis(brief, [inc]), seed(n))
        assert "unknown_name" not in kinds(report), report.violations


def test_wrong_name_is_flagged():
    art = seed("000")
    brief = _brief000("Interior Minister Gérald Darmanin pledged more security.",
                      "تعهد وزير الداخلية برونو ريتاريو بتعزيز الأمن.")
    wrong_en = Actor(role="official", kind="person", name_en="Gérald Darmanin", names_ar=["برونو ريتاريو"])
    wrong_ar = Actor(role="victim", kind="person", name_en="Pierre Noizat", names_ar=["بيير نوازيه"])
    inc = Incident(id="i1", kind="policy_response", crime_types=["kidnapping"], summary_en="x", summary_ar="س",
                   actors=[wrong_en, wrong_ar])
    report = verify(analysis(brief, [inc]), art)
    bad = {(v.path, v.value) for v in report.violations if v.kind == "unknown_name"}
    assert ("brief.headline_en", "Gérald Darmanin") in bad
    assert ("incidents[0].actors[0].name_en", "Gérald Darmanin") in bad
    assert ("incidents[0].actors[1].names_ar", "بيير نوازيه") in bad


def test_latin_names_in_article_are_kept_exactly():
    art = seed("004")
    ok = verify(analysis(_brief000("IS used the site FaceMaskCenter.com to sell fake masks, the FBI said.",
                                   "استخدم داعش موقع FaceMaskCenter.com لبيع كمامات زائفة.")), art)
    assert "unknown_name" not in kinds(ok), ok.violations
    bad = verify(analysis(_brief000("IS used the site FaceMasksCentral.net to sell fake masks.",
                                    "استخدم داعش موقعا لبيع كمامات زائفة.")), art)
    assert "unknown_name" in kinds(bad)


def test_places_months_and_generic_words_are_not_names():
    art = seed("000")
    en = ("On Monday in May, French Police in Paris and Nantes detained 24 people. The Interior Minister "
          "promised more security for Crypto Executives.")
    report = verify(analysis(_brief000(en, "احتجزت الشرطة الفرنسية 24 شخصا في باريس ونانت.")), art)
    assert "unknown_name" not in kinds(report), report.violations


# ---- omissions -----------------------------------------------------------------------------


def test_omission_is_a_warning_not_an_error():
    art = seed("002")
    en = "Kazakhstan recorded more than 1,000 crypto-related criminal cases; losses exceeded $15 million."
    ar = "سجلت كازاخستان أكثر من 1000 قضية جنائية مرتبطة بالعملات المشفرة وتجاوزت الخسائر 15 مليون دولار."
    inc = Incident(id="i1", kind="aggregate_statistic", crime_types=["fraud"], summary_en=en, summary_ar=ar,
                   place=Place(country="KZ"),
                   money=[Money(role="loss", min=15e6, qualifier="at_least", currency="USD", raw="15 مليون دولار")],
                   counts=[Count(what="cases", min=1000, qualifier="at_least", raw="1000 قضية جنائية")])
    report = verify(analysis(_brief000(en, ar), [inc]), art)
    assert report.ok, report.violations
    omitted = [v for v in report.violations if v.kind == "possible_omission"]
    assert omitted and all(v.severity == "warning" for v in omitted)
    details = " ".join(v.detail for v in omitted)
    assert "15 مليار دولار" in details  # the 15 billion moved abroad is carried by no record
    assert "money_laundering" in details  # a crime cue with no incident of that type
    assert "26,000" in details  # a count
    assert all(w.code in ("possible_omission",) for w in report.annotated.warnings)


# ---- the report ----------------------------------------------------------------------------


def test_report_to_dict_and_rates():
    a = seed003_correct()
    a.incidents[0].evidence.append(Evidence(quote="نص غير موجود في المقال إطلاقا"))
    d = verify(a, seed("003")).to_dict()
    assert d["ok"] is False
    assert d["counts"] == {"ungrounded_quote": 1}
    assert d["quotes"]["total"] == d["quotes"]["aligned"] + 1
    assert 0 < d["grounding_rate"]["quotes"] < 1


def test_verify_is_fast():
    art = seed("003")
    a = seed003_correct()
    verify(a, art)  # warm: imports and the per-article context
    t = time.perf_counter()
    for _ in range(10):
        verify(a, art)
    per_call_ms = (time.perf_counter() - t) * 100
    assert per_call_ms < 100  # ~2–5 ms on a laptop; generous for slow CI
