"""The numerals inside a number mention: where each is, what it prints, how a new value is printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...arabic.normalize import normalize
from ...arabic.numbers import _ALONE, _DUAL_TIME, SCALES, WORD_NUMBERS, NumberMention
from .common import _fmt_mantissa, _isint, _one_decimal, _round2, _same, _vals
from .pools import pools

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CLITICS = "وفبلك"


@dataclass(frozen=True)
class _Tok:
    """One numeral inside a mention: where it is, what it prints and how a new value is printed."""

    start: int
    end: int
    kind: str  # digits / word / alone / dualtime
    index: int  # which of the mention's values (0: min, 1: max)
    scale: float
    m0: float  # the printed mantissa (26,000 → 26000; مليوني → 2)
    comma: bool = False
    decimal: bool = False
    pfx: str = ""
    feminine: bool = False  # word numbers: ثلاث (before a feminine noun) vs ثلاثة
    unit: str | None = None

    def fits(self, v: float) -> bool:
        m = v / self.scale
        if self.kind == "digits":
            if self.decimal:
                return m > 0 and not _isint(m) and _one_decimal(m)
            if not _isint(m):
                return False
            if 3 <= self.m0 <= 10:
                return 3 <= m <= 10
            if self.m0 >= 11:
                return m >= 11
            return m >= 1
        if self.kind == "word":
            return _isint(m) and 3 <= round(m) <= 10
        if self.kind == "alone":
            if self.scale == 1e3:
                return _isint(v) and v >= 1000
            return m >= 1 and _one_decimal(m) and not (_isint(m) and round(m) <= 2)
        if self.kind == "dualtime":
            return _isint(v) and v >= 3 and self.unit in pools().unit_plur
        return False

    def propose(self, v: float, f: float) -> float:
        """A natural-looking new value for old value `v` scaled by `f`, in this token's style."""
        x = v * f
        if self.kind == "digits":
            m = x / self.scale
            m = round(m, 1) if self.decimal else _round2(m)
            return round(m * self.scale, 6)
        if self.kind in ("word", "dualtime"):
            return float(round(x / self.scale)) * self.scale
        if self.scale == 1e3:
            return _round2(x)
        return round(round(x / self.scale, 1) * self.scale, 6)

    def render(self, v: float) -> str:
        p = pools()
        m = v / self.scale
        if self.kind == "digits":
            return _fmt_mantissa(m, comma=self.comma)
        if self.kind == "word":
            return self.pfx + (p.words_f if self.feminine else p.words_m)[int(round(m))]
        if self.kind == "dualtime":
            n = int(round(v))
            return f"{self.pfx}{n} {(p.unit_plur if n <= 10 else p.unit_acc)[self.unit or 'year']}"
        # alone: a scale word with no numeral (ألف, مليوني) becomes digits + scale word
        if self.scale == 1e3:
            return self.pfx + str(int(round(v)))
        if _isint(m) and 3 <= round(m) <= 10:
            return f"{self.pfx}{int(round(m))} {p.scale_plur[self.scale]}"
        return f"{self.pfx}{_fmt_mantissa(m, comma=False)} {p.scale_sing[self.scale]}"


def _split_clitics(word_norm: str, table: dict[str, Any]) -> tuple[int, str] | None:
    for cut in (0, 1, 2):
        head, core = word_norm[:cut], word_norm[cut:]
        if all(ch in _CLITICS for ch in head) and core in table:
            return cut, core
    return None


def _digit_tokens(a: int, n: NumberMention, vals: tuple[float, ...], digits: list[re.Match[str]]) -> list[_Tok] | None:
    if len(digits) != len(vals):
        return None
    toks = []
    for i, m in enumerate(digits):
        raw = m.group()
        m0 = float(raw.replace(",", ""))
        if not _same(m0 * n.scale, vals[i]):
            return None
        toks.append(_Tok(a + m.start(), a + m.end(), "digits", i, n.scale, m0, comma="," in raw,
                         decimal="." in raw))
    return toks


def _word_tokens(span: str, a: int, n: NumberMention, vals: tuple[float, ...]) -> list[_Tok] | None:
    toks: list[_Tok] = []
    for m in re.finditer(r"\S+", span):
        w = m.group()
        wn = normalize(w).text
        s, e = a + m.start(), a + m.end()
        hit = _split_clitics(wn, WORD_NUMBERS)
        if hit is not None:
            cut, core = hit
            toks.append(_Tok(s, e, "word", len(toks), n.scale, float(WORD_NUMBERS[core]), pfx=w[:cut],
                             feminine=not core.endswith("ه")))
            continue
        hit = _split_clitics(wn, _DUAL_TIME)
        if hit is not None and n.kind in ("age", "duration"):
            cut, core = hit
            toks.append(_Tok(s, e, "dualtime", len(toks), 1.0, 2.0, pfx=w[:cut], unit=_DUAL_TIME[core]))
            continue
        hit = _split_clitics(wn, _ALONE)
        if hit is not None and n.kind == "cardinal" and not any(t.kind == "word" for t in toks):
            cut, core = hit
            base = 1e3 if core.startswith("الف") else 1e6 if core.startswith("مليون") else 1e9
            toks.append(_Tok(s, e, "alone", len(toks), base, _ALONE[core] / base, pfx=w[:cut]))
            continue
        if _split_clitics(wn, SCALES) is not None:
            continue
        if toks or re.search(r"\w", w) is None:
            continue
        return None  # a numeral the reader knows and this module does not
    if len(toks) != len(vals):
        return None
    for t in toks:
        if not _same(t.m0 * t.scale, vals[t.index]):
            return None
    return toks


def _tokens(text: str, n: NumberMention) -> list[_Tok] | None:
    """The numerals of a mention, or None when one cannot be rewritten safely."""
    a, b = (n.num_start if n.num_start >= 0 else n.start), n.end
    span = text[a:b]
    vals = _vals(n)
    if re.search(r"[٠-٩۰-۹]", span):
        return None
    digits = list(_DIGITS.finditer(span))
    if digits:
        return _digit_tokens(a, n, vals, digits)
    return _word_tokens(span, a, n, vals)
