"""The Arabic toolkit: normalisation offsets, sentences, numbers, money, dates, places."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.arabic import (
    find_dates,
    find_money,
    find_numbers,
    find_places,
    fold,
    normalize,
    parse_number,
    sentences,
    transliterate,
)


def test_normalize_folds_and_maps_back():
    src = "أَلْقَتْ  الشرطةُ\n\n  ١٢٣٫٥ ـــ إلى"
    n = normalize(src)
    assert n.text == "القت الشرطه\n123.5 الي"
    a, b = n.span_to_original(0, 4)
    assert src[a:b] == "أَلْقَتْ"
    i = n.text.index("123.5")
    a, b = n.span_to_original(i, i + 5)
    assert src[a:b] == "١٢٣٫٥"
    assert n.to_original(len(n.text)) == len(src)
    # round trip: every normalised char maps into the original in order
    assert list(n.starts) == sorted(n.starts)
    assert fold("آ") == "ا" and fold("ة") == "ه" and fold("ى") == "ي"


def test_arabic_comma_is_not_a_separator_but_arabic_thousands_is():
    assert [(m.min, m.kind) for m in find_numbers("1، 2")] == [(1.0, "cardinal"), (2.0, "cardinal")]
    assert find_numbers("١٢٬٥٠٠")[0].min == 12500
    assert find_numbers("26,000 موقع")[0].min == 26000


def test_sentences_keep_decimals_and_domains():
    text = "فدية 4.2-5.9 مليون. موقع (FaceMaskCenter.com) للترويج.\nسطر ثان؟ نعم"
    got = [text[a:b] for a, b in sentences(text)]
    assert got == ["فدية 4.2-5.9 مليون.", "موقع (FaceMaskCenter.com) للترويج.", "سطر ثان؟", "نعم"]


@pytest.mark.parametrize(
    ("text", "lo", "hi", "qual"),
    [
        ("أكثر من 20 شخصًا", 20, None, "at_least"),
        ("ما مجموعه 24 شخصًا", 24, 24, "exact"),
        ("5-7 مليون يورو", 5e6, 7e6, "range"),
        ("4.2-5.9 مليون", 4.2e6, 5.9e6, "range"),
        ("10 ملايين يورو", 1e7, 1e7, "exact"),
        ("أكثر من ألف تحقيق", 1000, None, "at_least"),
        ("نحو مليوني دولار", 2e6, 2e6, "approx"),
        ("8 مليارات تينغ", 8e9, 8e9, "exact"),
        ("ما يقارب 15 مليار دولار", 15e9, 15e9, "approx"),
        ("ما بين 3 و 5 ملايين", 3e6, 5e6, "range"),
        ("بثلاثة مبتزين", 3, 3, "exact"),
        ("وأربع صفحات", 4, 4, "exact"),
        ("ستة رجال", 6, 6, "exact"),
        ("قرابة 30 ألف دولار", 30000, 30000, "approx"),
        ("أقل من 5 ملايين", 5e6, 5e6, "at_most"),
    ],
)
def test_numbers(text, lo, hi, qual):
    n = find_numbers(text)[0]
    assert (n.min, n.max, n.qualifier, n.kind) == (lo, hi, qual, "cardinal")
    assert text[n.start:n.end] == n.raw


def test_verb_hedge_at_a_distance():
    n = find_numbers("تجاوزت الأضرار المالية التي تعرض لها الضحايا 15 مليون دولار")[0]
    assert n.qualifier == "at_least" and n.min == 15e6


def test_years_dates_times_ages_are_not_amounts():
    kinds = {n.raw: n.kind for n in find_numbers("نشر عام 2019 في 13 مايو الساعة 8:20 امرأة تبلغ من العمر 34 عامًا خلال عامين")}
    assert kinds == {"2019": "year", "13": "date", "8:20": "time", "34": "age", "عامين": "duration"}
    assert find_numbers("عام 2019")[0].is_year
    assert not find_numbers("مليونيرا عملة")  # a millionaire is not a million


def test_parse_number():
    assert parse_number("بثلاثة") == 3 and parse_number("٢٤") == 24 and parse_number("كلمة") is None


def test_money_currencies_and_stated_conversion():
    m = find_money("تجاوز 8 مليارات تينغ كازاخستاني (أكثر من 15 مليون دولار).")
    assert (m[0].currency, m[0].min, m[0].qualifier, m[0].usd_as_stated) == ("KZT", 8e9, "at_least", (15e6, None))
    assert m[1].is_conversion
    m = find_money("مبلغ 50 مليون دينار عراقي (نحو 30 ألف دولار)")
    assert (m[0].currency, m[0].min, m[0].usd_as_stated) == ("IQD", 5e7, (30000.0, 30000.0))
    m = find_money("فدية 5-7 مليون يورو (4.2-5.9 مليون جنيه إسترليني)")
    assert (m[0].currency, m[0].min, m[0].max, m[0].usd_as_stated) == ("EUR", 5e6, 7e6, None)
    assert m[0].conversion.currency == "GBP"
    assert m[0].english() == "5–7 million euros (4.2–5.9 million pounds sterling)"
    assert find_money("2 بيتكوين")[0].currency_kind == "crypto"
    assert find_money("1000 درهم")[0].currency == "AED"


def test_dates_without_publication_stay_unresolved():
    (d,) = find_dates("في باريس في 13 مايو.")
    assert (d.raw, d.precision, d.date_start, d.anchored_to_publication) == ("13 مايو", "day", None, False)
    (d,) = find_dates("اليوم الإثنين")
    assert d.date_start is None and d.precision == "day"


def test_dates_with_publication_are_anchored():
    pub = dt.date(2025, 5, 27)  # a Tuesday
    (d,) = find_dates("في 13 مايو", pub)
    assert d.date_start == dt.date(2025, 5, 13) and d.anchored_to_publication
    (d,) = find_dates("يوم الاثنين", pub)
    assert d.date_start == dt.date(2025, 5, 26)
    (d,) = find_dates("في سبتمبر/أيلول من العام الماضي", pub)
    assert (d.date_start, d.date_end) == (dt.date(2024, 9, 1), dt.date(2024, 9, 30))
    (d,) = find_dates("منتصف مايو", pub)
    assert d.precision == "days" and d.date_start == dt.date(2025, 5, 11)
    (d,) = find_dates("في 1 أيار 2024")
    assert d.date_start == dt.date(2024, 5, 1) and not d.anchored_to_publication
    (d,) = find_dates("العام الماضي", pub)
    assert d.date_start == dt.date(2024, 1, 1)
    assert not find_dates("أحد مؤسسي الشركة")  # "one of", not Sunday


def test_places():
    got = {(p.raw, p.country, p.name_en, p.kind) for p in find_places("في محافظة ذي قار وبغداد بالعراق وفي باريس")}
    assert ("محافظة ذي قار", "IQ", "Dhi Qar", "region") in got
    assert ("بالعراق", "IQ", "Iraq", "country") in got
    assert any(p[2] == "Paris" and p[1] == "FR" for p in got)
    assert find_places("الولايات المتحدة")[0].country == "US"
    assert find_places("الشرطة الفرنسية")[0].kind == "demonym"
    assert find_places("كازاخستان")[0].country == "KZ"
    assert not find_places("مبالغ مالي كبير")  # مالي is "financial", not Mali


def test_transliterate():
    assert transliterate("سانجار").startswith("San")
