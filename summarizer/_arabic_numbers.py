"""Arabic numbers for grounding, through the Arabic toolkit when it is installed.

`numbers(text)` returns `ArNumber`s (value range, qualifier, is_year, is_date, currency). It
uses `summarizer.arabic.find_numbers` when that module exists and falls back to a small
built-in reader otherwise (digits in both scripts, scale words and duals, number words 3–90,
ranges, hedges). Dates ("13 مايو") and times are marked so callers can skip them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS_AR = (
    "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|ماي|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|"
    "نوفمبر|ديسمبر|كانون الثاني|شباط|آذار|اذار|نيسان|أيار|ايار|حزيران|تموز|آب|اب|أيلول|ايلول|"
    "تشرين الأول|تشرين الثاني|كانون الأول"
)
_DATE_AFTER = re.compile(rf"^\s*(?:من\s+)?(?:شهر\s+)?(?:{MONTHS_AR})(?:\s|$|[،,./])")
_TIME = re.compile(r"^\s*[:٫]\s*\d|^\s*(?:صباح|مساء)")
_CURRENCIES = [
    ("USD", r"دولار|دولارا|دولاراً|دولارات"), ("EUR", r"يورو"), ("GBP", r"جنيه(?:ات)? إسترليني|جنيه استرليني|إسترليني"),
    ("KZT", r"تينغ|تنغي|تينج"), ("IQD", r"دينار(?:ا|اً)? عراقي|دينار"), ("BTC", r"بيتكوين|بتكوين"),
    ("SAR", r"ريال سعودي"), ("AED", r"درهم إماراتي|درهم"), ("EGP", r"جنيه مصري"),
]
_CUR_AFTER = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{code}>{rx})" for code, rx in _CURRENCIES) + r")"
)


@dataclass(frozen=True)
class ArNumber:
    start: int
    end: int
    raw: str
    min: float
    max: float
    qualifier: str  # exact / approx / at_least / at_most / range
    is_year: bool = False
    is_date: bool = False
    currency: str | None = None
    conversion: bool = False  # printed in brackets right after another amount: "(نحو 30 ألف دولار)"
    amount: bool = True  # False for ages, durations, ordinals, vague words (عشرات): groundable, never omitted

    @property
    def values(self) -> tuple[float, ...]:
        return (self.min,) if self.min == self.max else (self.min, self.max)

    @property
    def hedged(self) -> bool:
        return self.qualifier in ("approx", "at_least", "at_most")


def numbers(text: str) -> list[ArNumber]:
    """Every number in Arabic (or mixed) text, with currency and date/time marks."""
    raw = _toolkit_numbers(text)
    if raw is None:
        raw = _fallback_numbers(text)
    out: list[ArNumber] = []
    prev_money_end = -10
    for n in raw:
        tail = text[n.end:n.end + 30]
        is_date = bool(_DATE_AFTER.match(tail)) or bool(_TIME.match(tail)) or bool(
            re.search(r"\d\s*[:]\s*$", text[max(0, n.start - 4):n.start]))
        cur = n.currency
        if cur is None:
            mc = _CUR_AFTER.match(tail)
            if mc is not None:
                cur = mc.lastgroup
        conversion = False
        if cur is not None:
            between = text[prev_money_end:n.start]
            conversion = prev_money_end >= 0 and len(between) <= 40 and "(" in between and not re.search(
                r"[.!?؟\n]", between)
            prev_money_end = n.end
        out.append(ArNumber(n.start, n.end, n.raw, n.min, n.max, n.qualifier, n.is_year,
                            (is_date or n.is_date) and not cur, cur, conversion, n.amount))
    return out


def _toolkit_numbers(text: str) -> list[ArNumber] | None:
    try:
        from . import arabic
    except Exception:  # toolkit not there yet
        return None
    find_numbers = getattr(arabic, "find_numbers", None)
    if not callable(find_numbers) or isinstance(find_numbers, type(arabic)):
        return None
    out = []
    for m in find_numbers(text):
        if m.min is None:
            continue
        lo = float(m.min)
        hi = float(m.max) if getattr(m, "max", None) is not None else lo
        kind = str(getattr(m, "kind", "cardinal"))
        unit = getattr(m, "unit", None)
        cur = unit if isinstance(unit, str) and re.fullmatch(r"[A-Z]{3,4}", unit) else None
        out.append(ArNumber(int(m.start), int(m.end), str(m.raw), lo, hi, str(m.qualifier or "exact"),
                            bool(m.is_year) or kind == "year", is_date=kind in ("date", "time"), currency=cur,
                            amount=kind == "cardinal"))
    return out


# ---- fallback reader -------------------------------------------------------------------------

_TRANS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_UNITS = {
    "ثلاث": 3, "أربع": 4, "اربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثماني": 8, "ثمان": 8, "تسع": 9, "عشر": 10,
}
_TENS = {
    "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "أربعين": 40, "اربعين": 40, "أربعون": 40,
    "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70, "ثمانين": 80,
    "ثمانون": 80, "تسعين": 90, "تسعون": 90,
}
_SCALES = {
    "ألف": 1e3, "الف": 1e3, "آلاف": 1e3, "الاف": 1e3, "ألفا": 1e3, "ألفاً": 1e3,
    "مليون": 1e6, "ملايين": 1e6, "مليونا": 1e6, "مليوناً": 1e6,
    "مليار": 1e9, "مليارات": 1e9, "مليارا": 1e9, "ملياراً": 1e9, "بليون": 1e9,
}
_DUALS = {"مليوني": 2e6, "مليونين": 2e6, "مليونان": 2e6, "ملياري": 2e9, "مليارين": 2e9, "ملياران": 2e9,
          "ألفي": 2e3, "ألفين": 2e3, "ألفان": 2e3, "الفي": 2e3, "الفين": 2e3}
_SINGLE_SCALE = {"ألف": 1e3, "الف": 1e3, "مليون": 1e6, "مليار": 1e9}
_D = r"[0-9٠-٩۰-۹]+(?:[,٬][0-9٠-٩۰-۹]{3})*(?:[.٫][0-9٠-٩۰-۹]+)?"
_SCALE_RX = "|".join(sorted(_SCALES, key=len, reverse=True))
_WORD_RX = "|".join(sorted(list(_TENS) + [u + "ة" for u in _UNITS] + list(_UNITS), key=len, reverse=True))
_DUAL_RX = "|".join(sorted(_DUALS, key=len, reverse=True))
_NUM_RX = re.compile(
    rf"(?P<n1>{_D})(?:\s*(?P<sep>-|–|—|إلى|الى|و)\s*(?P<n2>{_D}))?(?:\s*(?P<sc>{_SCALE_RX})(?![\u0621-\u064A]))?"
    rf"|(?<![\u0621-\u064A])(?:[وبل]|ال)?(?P<dual>{_DUAL_RX})(?![\u0621-\u064A])"
    rf"|(?<![\u0621-\u064A])(?:[وبل])?(?P<w>{_WORD_RX})(?![\u0621-\u064A])(?:\s+(?P<wsc>{_SCALE_RX})(?![\u0621-\u064A]))?"
    rf"|(?<![\u0621-\u064A])(?P<single>ألف|الف|مليون|مليار)(?![\u0621-\u064A])"
)
_HEDGES_AR = [
    ("approx", re.compile(r"(نحو|حوالي|حوالى|قرابة|ما يقارب|يقارب|تقريبا|زهاء|ما يناهز|يناهز|قرابه)\s*$")),
    ("at_least", re.compile(r"(أكثر من|اكثر من|أزيد من|ما يزيد عن|ما يزيد على|يزيد عن|يزيد على|تجاوزت|تجاوز|"
                            r"يتجاوز|تتجاوز|يفوق|تفوق|لا يقل عن|ما لا يقل عن|فوق)\s*$")),
    ("at_most", re.compile(r"(أقل من|اقل من|حتى|لا يتجاوز|ما لا يزيد عن)\s*$")),
]


def _fallback_numbers(text: str) -> list[ArNumber]:
    out: list[ArNumber] = []
    for m in _NUM_RX.finditer(text):
        if m.group("n1"):
            a = float(m.group("n1").translate(_TRANS).replace(",", ""))
            sc = _SCALES.get(m.group("sc") or "", 1.0)
            if m.group("n2") and m.group("sep") == "و" and not re.search(r"بين\s*$", text[max(0, m.start() - 8):
                                                                                        m.start()]):
                lo = hi = a
                end = m.end("n1")
                sc = 1.0
            elif m.group("n2"):
                b = float(m.group("n2").translate(_TRANS).replace(",", ""))
                lo, hi, end = a * sc, b * sc, m.end()
            else:
                lo = hi = a * sc
                end = m.end()
            start = m.start()
            is_year = (not m.group("n2") and not m.group("sc") and re.fullmatch(r"(19|20)\d\d", m.group("n1")
                                                                                .translate(_TRANS)) is not None)
        elif m.group("dual"):
            start, end = m.start("dual"), m.end("dual")
            lo = hi = _DUALS[m.group("dual")]
            is_year = False
        elif m.group("w"):
            w = m.group("w")
            if w.startswith("عشر") and re.search(r"ال\S+\s+$", text[max(0, m.start() - 12):m.start()]):
                continue  # an ordinal: الحادية عشرة
            v = _TENS.get(w) or _UNITS.get(w[:-1] if w.endswith("ة") else w, 0)
            sc = _SCALES.get(m.group("wsc") or "", 1.0)
            start, end = m.start("w"), m.end()
            lo = hi = float(v) * sc
            is_year = False
        else:
            start, end = m.start("single"), m.end("single")
            lo = hi = _SINGLE_SCALE[m.group("single")]
            is_year = False
        prefix = text[max(0, start - 16):start]
        qual = "range" if lo != hi else "exact"
        if qual == "exact":
            for kind, rx in _HEDGES_AR:
                if rx.search(prefix):
                    qual = kind
                    break
        out.append(ArNumber(start, end, text[start:end], lo, hi, qual, is_year))
    return out
