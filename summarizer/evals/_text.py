"""The text tools the scorers use, in one place: Arabic/English number readers and the fold.

They are the project's own (grounding and the Arabic toolkit); this module only adapts them,
so a rename there is a one-line change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._align import fold_text
from .._arabic_numbers import numbers as _ar_numbers
from .._english_numbers import find_english_numbers

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Num:
    """One number found in a text: its value range, hedge and where it is."""

    start: int
    end: int
    raw: str
    min: float
    max: float
    hedged: bool
    currency: str | None = None

    @property
    def values(self) -> tuple[float, ...]:
        return (self.min,) if self.min == self.max else (self.min, self.max)


def fold(text: str) -> str:
    """Arabic letter variants unified, diacritics/tatweel dropped, digits ASCII, Latin lower-cased."""
    return fold_text(text)


def arabic_numbers(text: str, *, skip_dates: bool = True) -> list[Num]:
    out = []
    for n in _ar_numbers(text):
        if skip_dates and (n.is_date or n.is_year):
            continue
        out.append(Num(n.start, n.end, n.raw, n.min, n.max, n.hedged, n.currency))
    return out


def english_numbers(text: str) -> list[Num]:
    return [Num(n.start, n.end, n.raw, n.min, n.max, n.hedge is not None, n.currency)
            for n in find_english_numbers(text)]


def numbers_in(text: str, lang: str) -> list[Num]:
    return arabic_numbers(text) if lang == "ar" else english_numbers(text)


def same_number(a: float, b: float, *, hedged: bool = False) -> bool:
    """Equal within 0.5 % (5 % when the source hedges the number)."""
    tol = 0.05 if hedged else 0.005
    return abs(a - b) <= tol * max(abs(a), abs(b), 1e-9)


def script_shares(text: str) -> tuple[float, float]:
    """(Arabic share, Latin share) of the letters in `text`."""
    ar = len(_ARABIC_LETTER.findall(text))
    la = len(_LATIN_LETTER.findall(text))
    total = ar + la
    return (ar / total, la / total) if total else (0.0, 0.0)


def sentences(text: str, lang: str) -> list[str]:
    """Sentences of a brief summary (abbreviations like 'U.S.' and decimals do not split)."""
    text = text.strip()
    if not text:
        return []
    if lang == "ar":
        parts = re.split(r"(?<=[.!؟?])\s+", text)
    else:
        parts = re.split(r"(?<![A-Z]\.[A-Z]\.)(?<!\b[A-Z]\.)(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])", text)
    return [p for p in parts if p.strip()]
