"""Numbers in Arabic news copy: digits, scale words, duals, word numbers, ranges, hedges.

`find_numbers(text)` returns `NumberMention`s with offsets into the original text:

- digits with ',' thousands (26,000), decimals (4.2), Arabic-Indic digits, ٫ and ٬;
  the Arabic comma ، is punctuation, never a thousands separator;
- scale words after a numeral: ألف/آلاف، مليون/ملايين، مليار/مليارات (10 ملايين = 10,000,000);
- scale words alone and duals: ألف = 1000, مليوني/مليونا/مليونين = 2,000,000, ملياري = 2e9;
- word numbers (واحد … عشرة, عشرون …, مئة), with prefixes و/ف/ب/ل/ك (بثلاثة = 3);
- ranges (5-7 مليون, 4.2-5.9 مليون, ما بين X و Y, من X إلى Y) → qualifier "range";
- hedges before the number: أكثر من/تجاوز/يزيد عن → at_least; نحو/حوالي/قرابة/ما يقارب →
  approx; أقل من/لا يتجاوز → at_most; ما مجموعه → exact. A verb hedge (تجاوزت الأضرار … 15
  مليون) may stand a few words before the number;
- `kind` says what the number is: cardinal (a count or amount), year (2019, عام 2019), date
  (13 مايو), time (8:20), duration (عامين, 30 يوما), age (من العمر 34 عاما), percent,
  ordinal (الحادية عشرة = 11), vague (عشرات). Only `cardinal` numbers are amounts/counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MONTH_PATTERN
from .normalize import normalize

__all__ = ["NumberMention", "find_numbers", "parse_number", "format_number", "WORD_NUMBERS", "SCALES"]

#: Normalised word number → value.
WORD_NUMBERS: dict[str, int] = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6, "ست": 6,
    "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "ثمان": 8, "تسعه": 9, "تسع": 9, "عشره": 10, "عشر": 10,
    "احد عشر": 11, "احدي عشره": 11, "اثنا عشر": 12, "اثني عشر": 12, "اثنتا عشره": 12, "اثنتي عشره": 12,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90, "مئه": 100, "مائه": 100,
    "مئتين": 200, "مئتان": 200, "مائتين": 200, "مائتان": 200, "مئتي": 200, "مائتي": 200,
}
#: Normalised scale word (after a numeral) → multiplier.
SCALES: dict[str, float] = {
    "الف": 1e3, "الاف": 1e3, "الفا": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليونا": 1e6,
    "مليار": 1e9, "مليارات": 1e9, "مليارا": 1e9, "بليون": 1e9, "ترليون": 1e12, "تريليون": 1e12,
}
#: A scale word standing alone: singular = 1×, dual = 2×.
_ALONE: dict[str, float] = {
    "الف": 1e3, "مليون": 1e6, "مليار": 1e9,
    "الفين": 2e3, "الفان": 2e3, "الفي": 2e3, "الفا": 2e3,
    "مليونين": 2e6, "مليونان": 2e6, "مليوني": 2e6, "مليونا": 2e6,
    "مليارين": 2e9, "ملياران": 2e9, "ملياري": 2e9, "مليارا": 2e9,
}
_DUAL_TIME: dict[str, str] = {
    "عامين": "year", "عامان": "year", "سنتين": "year", "سنتان": "year", "يومين": "day", "يومان": "day",
    "شهرين": "month", "شهران": "month", "اسبوعين": "week", "اسبوعان": "week", "ساعتين": "hour",
    "ساعتان": "hour",
}
_TIME_UNITS: dict[str, str] = {
    "عاما": "year", "عام": "year", "اعوام": "year", "سنوات": "year", "سنه": "year", "سنين": "year",
    "يوما": "day", "يوم": "day", "ايام": "day", "اشهر": "month", "شهرا": "month", "شهور": "month",
    "اسابيع": "week", "اسبوعا": "week", "ساعات": "hour", "ساعه": "hour", "دقائق": "minute", "دقيقه": "minute",
}
_QUALIFIERS: list[tuple[str, str]] = [
    ("ما مجموعه", "exact"), ("مجموعه", "exact"),
    ("ما لا يقل عن", "at_least"), ("لا يقل عن", "at_least"), ("ما يزيد عن", "at_least"),
    ("ما يزيد علي", "at_least"), ("يزيد عن", "at_least"), ("يزيد علي", "at_least"),
    ("اكثر من", "at_least"), ("تجاوزت", "at_least"), ("تجاوز", "at_least"), ("يتجاوز", "at_least"),
    ("تتجاوز", "at_least"), ("تخطت", "at_least"), ("تخطي", "at_least"), ("فوق", "at_least"),
    ("ما يقارب", "approx"), ("ما يقرب من", "approx"), ("يقارب", "approx"), ("نحو", "approx"),
    ("حوالي", "approx"), ("قرابه", "approx"), ("زهاء", "approx"), ("ما يناهز", "approx"),
    ("يناهز", "approx"), ("تقريبا", "approx"),
    ("لا يتجاوز", "at_most"), ("ما لا يزيد عن", "at_most"), ("اقل من", "at_most"),
]
_QUAL_RE = re.compile(
    r"(?:^|(?<=[\s\"(«“]))(?P<q>[وفب]?(?:"
    + "|".join(re.escape(q) for q, _ in sorted(_QUALIFIERS, key=lambda x: -len(x[0])))
    + r"))\s*$"
)
_QUAL_MAP = dict(_QUALIFIERS)
_VERB_HEDGE = re.compile(r"(?<!\w)[وف]?(?:تجاوزت|تجاوز|يتجاوز|تتجاوز|تخطت|تخطي|فاقت|فاق)(?!\w)")

_PFX_WORD = r"(?:[وف]?[بلك]?)"
# Digits may carry a one-letter prefix: و64 ، ب300.
_DIG_START = r"(?:(?<![\w.,])|(?<=(?<!\w)[وفبل])|(?<=(?<!\w)[وف][بل]))"
_DIG = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_WORD = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_SCALE = "|".join(sorted((re.escape(w) for w in SCALES), key=len, reverse=True))
_ALONE_RE = "|".join(sorted((re.escape(w) for w in _ALONE), key=len, reverse=True))
_NUM = rf"(?:{_DIG_START}(?:{_DIG})|(?<!\w){_PFX_WORD}(?:{_WORD})(?!\w))"
_SC = rf"(?:\s+(?:{_SCALE})(?!\w))"
_DASH = r"\s*[-–—]\s*"

# Every alternative starts at a word start or on a digit; the leading guard says so once, so
# the scan rejects a mid-word position without trying each alternative (same matches).
_MASTER = re.compile(
    r"(?:(?<!\w)|(?=\d))(?:" + "|".join([
        r"(?P<time>(?<![\d:])\d{1,2}:\d{2}(?![\d:]))",
        r"(?P<ordinal>(?<!\w)[وفبل]?(?:ال)?(?:حادي|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع)ه?\s+عشره?(?!\w))",
        rf"(?P<range>{_DIG_START}(?P<ra>{_DIG}){_SC}?(?:{_DASH}|\s+(?:الي|حتي)\s+)(?P<rb>{_DIG})(?P<rsc>{_SC})?(?!\d))",
        rf"(?P<between>(?<!\w)(?:(?:ما\s+)?[بل]?بين\s+(?P<ba>{_NUM}){_SC}?\s+و\s*|[وف]?من\s+(?P<fa>{_NUM}){_SC}?\s+(?:الي|حتي)\s+)(?P<bb>{_NUM})(?P<bsc>{_SC})?)",
        rf"(?P<single>(?P<n>{_NUM})(?P<sc>{_SC})?)",
        rf"(?P<dualtime>(?<!\w)[وفبل]?(?:ال)?(?:{'|'.join(_DUAL_TIME)})(?!\w))",
        rf"(?P<alone>(?<!\w){_PFX_WORD}(?:{_ALONE_RE})(?!\w))",
        r"(?P<vague>(?<!\w)[وفبل]?(?:عشرات)(?!\w))",
    ]) + ")"
)
_AFTER_DATE = re.compile(rf"\s*(?:من\s+)?(?:شهر\s+)?{MONTH_PATTERN}")
_AFTER_UNIT = re.compile(r"\s*(?P<u>" + "|".join(sorted(_TIME_UNITS, key=len, reverse=True)) + r")(?!\w)")
_AFTER_PCT = re.compile(r"\s*(?:%|٪|بالمئه|بالمائه|في المئه|في المائه)")
_YEAR_PRE = re.compile(r"(?:عام|العام|سنه|عامي|منذ|في|مطلع|بدايه|نهايه|خلال)\s*$")


@dataclass(frozen=True)
class NumberMention:
    """One number in the text; `start`/`end` index the original text, `raw` is that slice.

    `min`/`max` are full values (10 ملايين → 10_000_000). `max` is None for at_least, equals
    `min` for exact/approx, and is the upper bound for a range. `scale` is the multiplier of a
    scale word (1, 1e3, 1e6, 1e9); `mantissa` is the printed numeral(s) before scaling, e.g.
    (4.2, 5.9). `qualifier` ∈ exact/approx/at_least/at_most/range. `num_start` marks where the
    numeral begins (after a hedge such as أكثر من, which `start` includes).
    """

    start: int
    end: int
    raw: str
    min: float
    max: float | None
    qualifier: str = "exact"
    kind: str = "cardinal"
    is_year: bool = False
    unit: str | None = None
    scale: float = 1.0
    mantissa: tuple[float, ...] = ()
    num_start: int = -1

    @property
    def is_amount(self) -> bool:
        """True for a count or amount (not a year/date/time/age/duration/ordinal/vague)."""
        return self.kind == "cardinal"

    def english(self) -> str:
        """The number as printed, in English digits and words, with its hedge."""
        if self.scale == 1e3 and not re.search(r"\d", self.raw):
            core = format_number(self.min)
            return {"at_least": "more than ", "approx": "about ", "at_most": "less than "}.get(self.qualifier, "") + core
        if self.qualifier == "range" and self.max is not None:
            core = f"{format_number(self.min / self.scale)}–{format_number(self.max / self.scale)}"
        else:
            core = format_number(self.min / self.scale)
        core += _SCALE_EN.get(self.scale, "")
        return {"at_least": "more than ", "approx": "about ", "at_most": "less than "}.get(self.qualifier, "") + core


_SCALE_EN = {1e3: " thousand", 1e6: " million", 1e9: " billion", 1e12: " trillion"}


def format_number(x: float) -> str:
    """26000 → '26,000'; 4.2 → '4.2'; 2.0 → '2'."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def parse_number(token: str) -> float | None:
    """Value of one numeral token (digits or a word number, prefixes allowed); None if not one."""
    t = normalize(token.strip()).text
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    for cand in (t, t[1:], t[2:]):
        if cand in WORD_NUMBERS:
            return float(WORD_NUMBERS[cand])
        if re.fullmatch(r"\d+(?:\.\d+)?", cand or "x"):
            return float(cand)
    return None


def _val(tok: str) -> float:
    v = parse_number(tok)
    return 0.0 if v is None else v


def _scale(sc: str | None) -> float:
    return SCALES.get(sc.strip(), 1.0) if sc else 1.0


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in `text`, in order (see module doc)."""
    norm = normalize(text)
    t = norm.text
    out: list[NumberMention] = []
    for m in _MASTER.finditer(t):
        a, b = m.start(), m.end()
        kind, unit, qual = "cardinal", None, "exact"
        scale = 1.0
        if m.group("time"):
            lo = hi = float(m.group().replace(":", "."))
            mant: tuple[float, ...] = (lo,)
            kind = "time"
        elif m.group("ordinal"):
            w = m.group("ordinal")
            base = next((v for k, v in (("حادي", 1), ("ثاني", 2), ("ثالث", 3), ("رابع", 4), ("خامس", 5),
                                        ("سادس", 6), ("سابع", 7), ("ثامن", 8), ("تاسع", 9)) if k in w), 1)
            lo = hi = float(10 + base)
            mant = (lo,)
            kind = "ordinal"
        elif m.group("range") or m.group("between"):
            ra, rb = (m.group("ra"), m.group("rb")) if m.group("range") else (m.group("ba") or m.group("fa"), m.group("bb"))
            sc = m.group("rsc") if m.group("range") else m.group("bsc")
            scale = _scale(sc)
            x, y = _val(ra), _val(rb)
            if y < x and m.group("range"):  # "2019-20" style or a phone number: keep as two numbers
                continue
            lo, hi = x * scale, y * scale
            mant = (x, y)
            qual = "range"
        elif m.group("single"):
            x = _val(m.group("n"))
            scale = _scale(m.group("sc"))
            lo = hi = x * scale
            mant = (x,)
        elif m.group("dualtime"):
            w = re.sub(r"^[وفبل]?(?:ال)?", "", m.group("dualtime"))
            lo = hi = 2.0
            mant = (2.0,)
            kind, unit = "duration", _DUAL_TIME.get(w)
        elif m.group("alone"):
            w = m.group("alone")
            key = next(k for k in sorted(_ALONE, key=len, reverse=True) if w.endswith(k))
            lo = hi = _ALONE[key]
            scale = _ALONE[key] / (2 if lo in (2e3, 2e6, 2e9) else 1)
            mant = (lo / scale,)
        else:  # vague
            lo, hi = 10.0, None
            mant = (10.0,)
            kind, qual = "vague", "at_least"
        after = t[b:b + 40]
        before = t[max(0, a - 40):a]
        if kind == "cardinal" and scale == 1.0:
            if _AFTER_PCT.match(after):
                kind = "percent"
            elif (um := _AFTER_UNIT.match(after)) and lo == int(lo):
                kind, unit = "duration", _TIME_UNITS[um.group("u")]
                if re.search(r"العمر\s*$", t[max(0, a - 12):a]):
                    kind = "age"
            elif _AFTER_DATE.match(after) and 1 <= lo <= 31 and lo == int(lo) and "," not in m.group():
                kind = "date"
            elif (re.fullmatch(r"(?:19|20)\d\d", m.group().lstrip("وفبل")) and qual == "exact"):
                kind = "year"
            elif qual == "range" and all(re.fullmatch(r"(?:19|20)\d\d", str(int(v))) for v in mant):
                kind = "year"
        if kind == "duration" and re.search(r"العمر\s*$", t[max(0, a - 12):a]):
            kind = "age"
        num_a = a
        if kind in ("cardinal", "vague") and qual != "range":
            qm = _QUAL_RE.search(before)
            if qm:
                qual = _QUAL_MAP[re.sub(r"^[وفب](?=[انحقتلزميف])", "", qm.group("q"))
                                 if qm.group("q") not in _QUAL_MAP else qm.group("q")]
                a = a - (len(before) - qm.start("q"))
            elif re.match(r"\s*تقريبا(?!\w)", after):
                qual = "approx"
            else:
                qual = _verb_hedge(t, a, out, norm) or qual
        if qual == "at_least":
            hi = None
        elif qual == "at_most":
            hi, lo = lo, lo
        s, e = norm.span_to_original(a, b)
        ns, _ = norm.span_to_original(num_a, b)
        out.append(NumberMention(start=s, end=e, raw=text[s:e], min=lo, max=hi, qualifier=qual, kind=kind,
                                 is_year=kind == "year", unit=unit, scale=scale, mantissa=mant, num_start=ns))
    return out


def _verb_hedge(t: str, a: int, prior: list[NumberMention], norm) -> str | None:
    """A hedge verb a few words before the number, in the same clause, with no number between."""
    window_start = max(0, a - 80)
    cut = max(t.rfind(ch, window_start, a) for ch in ".؟!\n:")
    window_start = max(window_start, cut + 1)
    hits = list(_VERB_HEDGE.finditer(t, window_start, a))
    if not hits:
        return None
    h = hits[-1]
    if re.search(r"\d", t[h.end():a]):
        return None
    orig_h = norm.to_original(h.end())
    if any(orig_h <= p.start for p in prior):
        return None
    return "at_least"
