"""Arabic numbers as grounding and the evals need them, read by `summarizer.arabic.find_numbers`.

`numbers(text)` returns `ArNumber`s (value range, qualifier, is_year, is_date, currency), adding
what grounding needs on top of the toolkit: the currency after each amount, the article's own
bracketed conversions, and dates/times ("13 مايو", "8:20") marked so callers skip them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .arabic import find_numbers

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
_TIME_BEFORE = re.compile(r"\d\s*[:]\s*$")
_CONV_BREAK = re.compile(r"[.!?؟\n]")
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
    return list(_numbers(text))


@lru_cache(maxsize=2048)
def _numbers(text: str) -> tuple[ArNumber, ...]:
    """`numbers`, memoised per distinct text (brief texts repeat; `ArNumber` is frozen)."""
    raw = _toolkit_numbers(text)
    out: list[ArNumber] = []
    prev_money_end = -10
    for n in raw:
        tail = text[n.end:n.end + 30]
        is_date = bool(_DATE_AFTER.match(tail)) or bool(_TIME.match(tail)) or bool(
            _TIME_BEFORE.search(text[max(0, n.start - 4):n.start]))
        cur = n.currency
        if cur is None:
            mc = _CUR_AFTER.match(tail)
            if mc is not None:
                cur = mc.lastgroup
        conversion = False
        if cur is not None:
            between = text[prev_money_end:n.start]
            conversion = prev_money_end >= 0 and len(between) <= 40 and "(" in between and not _CONV_BREAK.search(between)
            prev_money_end = n.end
        out.append(ArNumber(n.start, n.end, n.raw, n.min, n.max, n.qualifier, n.is_year,
                            (is_date or n.is_date) and not cur, cur, conversion, n.amount))
    return tuple(out)


_ISO = re.compile(r"[A-Z]{3,4}")


def _toolkit_numbers(text: str) -> list[ArNumber]:
    out = []
    for m in find_numbers(text):
        if m.min is None:
            continue
        lo = float(m.min)
        hi = float(m.max) if m.max is not None else lo
        kind = str(getattr(m, "kind", "cardinal"))
        unit = getattr(m, "unit", None)
        cur = unit if isinstance(unit, str) and _ISO.fullmatch(unit) else None
        out.append(ArNumber(int(m.start), int(m.end), str(m.raw), lo, hi, str(m.qualifier or "exact"),
                            bool(m.is_year) or kind == "year", is_date=kind in ("date", "time"), currency=cur,
                            amount=kind == "cardinal"))
    return out
