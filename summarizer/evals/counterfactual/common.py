"""Small helpers shared by the counterfactual modules: number comparisons and formats, roles, rules."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...arabic.numbers import NumberMention
from .. import _text

Role = tuple[str, str | None]
Key = tuple[Role, float]
Edit = tuple[int, int, str]

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9 .&'’-]*")


def _isint(x: float) -> bool:
    return abs(x - round(x)) < 1e-9


def _one_decimal(x: float) -> bool:
    return abs(x * 10 - round(x * 10)) < 1e-6


def _round2(x: float) -> float:
    """Two significant digits from 100 up, a whole number below."""
    if x < 100:
        return float(round(x))
    return float(round(x, -(int(math.floor(math.log10(x))) - 1)))


def _near(a: float, b: float, tol: float = 0.06) -> bool:
    """Within 6 %: the scorers take a hedged number as matching anything within 5 %."""
    return abs(a - b) <= tol * max(abs(a), abs(b))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def _fmt_mantissa(m: float, *, comma: bool) -> str:
    if _isint(m):
        return f"{int(round(m)):,}" if comma else str(int(round(m)))
    return f"{m:.1f}"


def _is_latin(s: str) -> bool:
    return bool(_LATIN.fullmatch(s.strip()))


def _dedupe(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _rotate(items: list[Any], k: int) -> list[Any]:
    if not items:
        return items
    i = (k - 1) % len(items)
    return items[i:] + items[:i]


def _render_pfx(pfx: str, new: str) -> str:
    """A new word after the clitics of the old one: ل + المغرب → للمغرب."""
    if new.startswith("ال") and pfx.endswith("ل"):
        return pfx + new[1:]
    return pfx + new


def _role(n: NumberMention) -> tuple[str, str | None] | None:
    if n.kind == "cardinal":
        return ("amount", None)
    if n.kind in ("age", "duration"):
        return (n.kind, n.unit)
    if n.kind == "percent":
        return ("percent", None)
    return None


def _vals(n: NumberMention) -> tuple[float, ...]:
    return (n.min,) if n.max is None or _same(n.max, n.min) else (n.min, n.max)


# ---- rules ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Rule:
    """An Arabic string rule: `old` (normalised) → `new` (printed), whole words, clitics kept.

    `adj` rules match an adjective stem with optional ال and suffix (ة/ين/ون/ات).
    """

    slot: str
    old: str
    new: str
    adj: bool = False
    new_f: str = ""

    def regex(self, folded: bool) -> re.Pattern[str]:
        return _rule_regex(self.old, self.adj, folded)

    def render(self, m: re.Match[str]) -> str:
        pfx = m.group("pfx") or ""
        al = m.group("al") or ""
        if self.adj:
            sfx = m.group("sfx") or ""
            word = (self.new_f if sfx == "ه" else self.new + sfx)
            return _render_pfx(pfx, ("ال" if al else "") + word)
        return _render_pfx(pfx, self.new)


_RX_CACHE: dict[tuple[str, bool, bool], re.Pattern[str]] = {}


def _rule_regex(old: str, adj: bool, folded: bool) -> re.Pattern[str]:
    key = (old, adj, folded)
    rx = _RX_CACHE.get(key)
    if rx is None:
        core = _text.fold(old) if folded else old
        flags = re.I if folded else 0
        if not adj and core.startswith("ال"):
            al, rest = r"(?P<al>ال|(?<=ل)ل)", core[2:]
        elif adj:
            al, rest = r"(?P<al>ال|(?<=ل)ل)?", core
        else:
            al, rest = r"(?P<al>)", core
        body = re.escape(rest).replace(r"\ ", r"\s+")
        sfx = r"(?P<sfx>ه|ين|ون|ات)?" if adj else ""
        rx = re.compile(rf"(?<![\w.])(?P<pfx>[وف]?[بلك]?){al}{body}{sfx}(?![\w])", flags)
        _RX_CACHE[key] = rx
    return rx


@dataclass(frozen=True)
class _EnRule:
    slot: str
    old: str
    new: str
    bare: bool = False  # a symbol: no word boundaries

    def regex(self) -> re.Pattern[str]:
        if self.bare:
            return re.compile(re.escape(self.old))
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(self.old)}(?![A-Za-z0-9$])")
