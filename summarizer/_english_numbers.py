"""Amounts in English brief text: "24", "26,000", "$15 million", "€10m", "5–7 million", "about 30,000".

Years ("in 2019"), dates ("13 May", "May 13"), times ("8:20"), ordinals ("11th") and numbers
glued to words ("COVID-19", "G7") are not amounts and are skipped. Each amount carries the
hedge printed before or after it ("more than", "about", "up to", "or more").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SCALE = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12,
}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_CUR = r"(?:US\$|USD|EUR|GBP|IQD|KZT|[$€£¥])"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SC = r"(?:\s?(?:thousand|millions?|billions?|trillion|mln|mn|bn|tn)\b|(?:m|k|b)\b)"
_WORD = "|".join(sorted(_WORDS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?P<cur>{_CUR})?\s?(?:(?P<n1>{_NUM})|(?P<w1>\b(?:{_WORD})\b))(?P<sc1>{_SC})?"
    rf"(?:\s?(?P<sep>-|–|—|to|and)\s?(?P<cur2>{_CUR})?\s?(?P<n2>{_NUM})(?P<sc2>{_SC})?)?",
    re.I,
)
_HEDGE_BEFORE = [
    ("approx", re.compile(r"(about|around|nearly|almost|approximately|approx\.?|roughly|some|an estimated|"
                          r"estimated|close to|circa|~|just under|just over|worth some)\s*$", re.I)),
    ("at_least", re.compile(r"(more than|over|at least|above|exceeding|exceeded|exceeds|in excess of|upwards of|"
                            r"no fewer than|no less than|topping|surpassing|surpassed|beyond|north of)\s*$", re.I)),
    ("at_most", re.compile(r"(up to|less than|fewer than|under|at most|no more than|below|as many as)\s*$", re.I)),
]
_HEDGE_AFTER = re.compile(r"^\s*(\+|or more\b|plus\b)", re.I)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b", re.I)
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s+$", re.I)


@dataclass(frozen=True)
class EnNumber:
    start: int
    end: int
    raw: str
    min: float
    max: float
    qualifier: str  # exact / approx / at_least / at_most / range
    hedge: str | None  # approx / at_least / at_most, when printed
    currency: str | None = None

    @property
    def values(self) -> tuple[float, ...]:
        return (self.min,) if self.min == self.max else (self.min, self.max)


def _scale(s: str | None) -> float:
    return _SCALE[s.strip().lower()] if s else 1.0


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def find_english_numbers(text: str) -> list[EnNumber]:
    """Every amount in `text`, years/dates/times/ordinals left out."""
    return list(_find_english_numbers(text))


@lru_cache(maxsize=2048)
def _find_english_numbers(text: str) -> tuple[EnNumber, ...]:
    """`find_english_numbers`, memoised per distinct text (`EnNumber` is frozen)."""
    out: list[EnNumber] = []
    pos = 0
    while True:
        m = _AMOUNT.search(text, pos)
        if m is None:
            return tuple(out)
        pos = m.end()
        n1, w1, sep = m.group("n1"), m.group("w1"), m.group("sep")
        start = m.start("n1") if n1 else m.start("w1")
        if m.group("cur"):
            start = m.start("cur")
        end = m.end()
        n2 = m.group("n2")
        if sep and sep.lower() == "and" and "between" not in text[max(0, start - 12):start].lower():
            n2 = None
        if n2 is None and m.group("sep"):
            end = m.end("sc1") if m.group("sc1") else (m.end("n1") if n1 else m.end("w1"))
            pos = end
        before = text[max(0, start - 2):start]
        after = text[end:end + 2]
        # glued to a word (COVID-19, G7, 3D), a time (8:20), an ordinal (11th), a decimal tail
        if re.search(r"[A-Za-z]-?$|[:/.]$|\d[,.]?$", before) and not m.group("cur"):
            continue
        if re.match(r"^(?::\d|/\d|[A-Za-z])", after) and not re.match(r"^(?:st|nd|rd|th)\b", after, re.I):
            continue
        if re.match(r"^(?:st|nd|rd|th)\b", text[end:end + 3], re.I):
            continue
        sc1, sc2 = m.group("sc1"), m.group("sc2") if n2 else None
        if w1 and not sc1 and not n2:
            v = float(_WORDS[w1.lower()])
            lo = hi = v
        else:
            a = _num(n1) if n1 else float(_WORDS[w1.lower()])
            if n2:
                b = _num(n2)
                lo, hi = a * _scale(sc1 or sc2), b * _scale(sc2 or sc1)
            else:
                lo = hi = a * _scale(sc1)
        has_scale = bool(sc1 or sc2)
        cur = m.group("cur") or m.group("cur2")
        # years and dates are not amounts
        if n1 and not has_scale and not cur and not n2 and re.fullmatch(r"(19|20)\d\d", n1):
            continue
        if n1 and not n2 and re.fullmatch(r"(19|20)\d\d", n1) and n2 is None and not cur and not has_scale:
            continue
        if n2 and not has_scale and not cur and re.fullmatch(r"(19|20)\d\d", n1 or "") and re.fullmatch(
                r"(19|20)\d\d", n2):
            continue
        if not has_scale and not cur and (_MONTH_AFTER.match(text[end:end + 16])
                                          or _MONTH_BEFORE.search(text[max(0, start - 12):start])):
            continue
        prefix = text[max(0, start - 30):start]
        hedge = None
        for kind, rx in _HEDGE_BEFORE:
            if rx.search(prefix):
                hedge = kind
                break
        if hedge is None and _HEDGE_AFTER.match(text[end:end + 10]):
            hedge = "at_least"
        qualifier = "range" if lo != hi else (hedge or "exact")
        out.append(EnNumber(start, end, text[start:end].strip(), lo, hi, qualifier, hedge,
                            cur.upper() if cur else None))
