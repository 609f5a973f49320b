"""Counterfactual seeds: the same article with other numbers, names, places, dates and currencies.

The five seeds are small enough for a rule engine to learn by heart ("Paris", "24", "10 ملايين
يورو"). `counterfactuals(gold, text)` rewrites a seed's Arabic text and its gold TOGETHER, so an
engine that reads the text scores on a variant as it does on the original, while one that
memorised the seed's values scores badly. `substitution_slots()` says what each variant changed.

How a variant is made
- Slots. A variant is a set of independent substitutions ("slots"): each key number's value
  group (`num:<i>`), each person (`person:<i>`), each company or website (`company:<i>`), each
  country with its cities and adjective forms (`country:<ISO>`), each currency
  (`currency:<ISO>`), each month (`month:<m>`) and each day printed next to a month (`day:<m>-<d>`).
- Text. Every slot becomes edits on the ORIGINAL text: string rules matched on the normalised
  text (`arabic.normalize`, so hamza/ta marbuta/diacritic variants match) as whole words, with
  the clitics و/ف/ب/ل/ك and ال kept (للعراق → للمغرب, الفرنسية → التركية); and number edits on
  the mentions the project's reader finds (`arabic.find_numbers`), of which only the numeral is
  rewritten (digits as digits, a word number as one of the same gender, a dual such as مليوني
  or عامين as digits plus the plural). Lines and word order stay as they were.
- Numbers. A value is rewritten everywhere it is printed in the same role (an amount, an age, a
  duration in days …): "1000 قضية" in a headline and "أكثر من ألف تحقيق" change together, while
  "يومين" stays when the key number is the age "عامين". Values are scaled by the variant's first
  factor that fits every printed form (so related amounts keep their ratio where they can),
  rounded to natural-looking numbers in the printed style ("26,000" keeps its comma, "4.2" one
  decimal) and grammar class (3–10 before a plural such as ملايين stays in 3–10); small counts
  (ثلاثة رجال) are drawn from 3–10 instead. A new value is never within 1 % of a number the
  original prints, and keeps 6 % away from hedged ones and from the variant's other new values
  (the scorers match a hedged number within 5 %).
- Places and currencies. The pools below: a country is replaced by one the article does not
  mention, with the capital for the capital and other cities for the rest (also cities the
  text names that the gold does not list, such as واشنطن); the country's own currency becomes
  the new country's, another non-USD currency (a bracketed GBP conversion) another pool
  currency. Substitutes are ones the project's readers read back (`find_places`,
  `currency_names`); a currency a hedged key number is counted in is only replaced by one the
  English number reader keeps the hedge of ("more than EUR 5 million").
- Gold. The same rules rewrite every gold field: key numbers (value/max/unit, and `raw`),
  incidents (money and counts incl. `alt` and `usd_as_stated_min`, currency and country codes,
  dates, actors), entities, key facts (the English and Arabic sentences and the term groups;
  Arabic terms in `_text.fold` form; a bare "15" that is the mantissa of "15 مليون" follows it),
  `allowed_numbers`, the headline terms and `must_not_say` (claim, record values, `{N:x}`).
  Quotes of the text (`raw`, `evidence`) are mapped through the text edits, so they stay verbatim.
- Checks. After building, each slot is checked with the project's readers: its old strings are
  gone, every key number's new `raw` is in the text and reads as its new value, every money
  item reads with its new currency and amount, no date mention keeps an old month and every
  changed day is printed, no place mention keeps an old country, and every entity and actor
  the original names still has an Arabic form in the text. A slot that fails is dropped and the
  variant rebuilt without it; the result must then validate as a `SeedCase` and pass
  `dataset.check_case(…, counterfactual=True)`. A variant may substitute less, never
  inconsistently.

Limits: slots that are kept as they are
- Years (عام 2019), weekdays, times (8:20) and ordinals (الدائرة الحادية عشرة).
- Word numbers other than 3–10 and duals (واحد, اثنين), vague ones (عشرات), numbers with ال
  (السنتين) or in Arabic-Indic digits: a value printed once that way keeps its value
  everywhere (its whole group is skipped). A number a gold value derives from words may no
  longer add up (بأربعة مبتزين (رجل وامرأتان)).
- USD (the bracketed conversions and `usd_as_stated_min` are USD by definition); a multi-word
  currency name that stays keeps all its words (دولار أمريكي stays in an article moved out of
  the US).
- First names alone (only full names and surnames are rewritten); agencies, media outlets
  (Le Parisien, فرنسنفو) and armed groups keep their names. English gold aliases follow the
  country wherever they name it ("France Info" becomes "<Country> Info").
- A country that is not in `COUNTRIES` (its English forms are needed), regions (أوروبا), and
  geography the text states ("south of Paris", "جنوبي البلاد") is not re-checked.
- Month words that are also common words (آب, ماي) are not rewritten; a month printed that way
  makes its slot fail the checks and be dropped.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .._english_numbers import _WORDS as _EN_WORDS
from .._english_numbers import find_english_numbers
from ..arabic.dates import MONTH_NAMES_EN, MONTHS, find_dates
from ..arabic.lexicon import known_names
from ..arabic.money import CURRENCY_EN, currency_names, find_money
from ..arabic.normalize import fold as ar_fold
from ..arabic.normalize import normalize
from ..arabic.numbers import _ALONE, _DUAL_TIME, SCALES, WORD_NUMBERS, NumberMention, find_numbers
from ..arabic.places import _DEMONYMS, find_places, gazetteer
from . import _text
from .dataset import SeedCase

__all__ = ["counterfactuals", "substitution_slots", "COUNTRIES", "CURRENCIES", "PERSONS", "COMPANIES",
           "WEBSITES"]


# ---- substitute pools ----------------------------------------------------------------------------

@dataclass(frozen=True)
class City:
    ar: str
    en: str


@dataclass(frozen=True)
class Country:
    """A country as news copy prints it. `cities` lists the capital first.

    `pool=False` rows are there only to recognise an article's own country (its English forms
    and capital; its other Arabic names and adjective stems come from `arabic.places`); they are
    never chosen as substitutes.
    """

    code: str
    ar: str
    adj_m: str  # masculine adjective without ال (فرنسي); the feminine adds ة
    adj_f: str
    en: str
    demonym: str
    cities: tuple[City, ...]
    currency: str
    ar_alt: tuple[str, ...] = ()
    en_alt: tuple[str, ...] = ()
    demonym_alt: tuple[str, ...] = ()
    pool: bool = True


def _c(*pairs: str) -> tuple[City, ...]:
    return tuple(City(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))


COUNTRIES: tuple[Country, ...] = (
    # the seeds' own countries (old side only)
    Country("FR", "فرنسا", "فرنسي", "فرنسية", "France", "French", _c("باريس", "Paris", "ليون", "Lyon"), "EUR",
            pool=False),
    Country("IQ", "العراق", "عراقي", "عراقية", "Iraq", "Iraqi", _c("بغداد", "Baghdad", "البصرة", "Basra"), "IQD",
            pool=False),
    Country("KZ", "كازاخستان", "كازاخستاني", "كازاخستانية", "Kazakhstan", "Kazakh",
            _c("أستانا", "Astana", "ألماتي", "Almaty"), "KZT", demonym_alt=("Kazakhstani",), pool=False),
    Country("US", "الولايات المتحدة", "أميركي", "أميركية", "United States", "American",
            _c("واشنطن", "Washington", "نيويورك", "New York"), "USD",
            en_alt=("USA", "America"), demonym_alt=("US", "U.S."), pool=False),
    Country("AE", "الإمارات", "إماراتي", "إماراتية", "United Arab Emirates", "Emirati",
            _c("أبوظبي", "Abu Dhabi", "دبي", "Dubai", "الشارقة", "Sharjah"), "AED", en_alt=("UAE",), pool=False),
    # substitutes: name, adjective and at least one city read back by `find_places`
    Country("TR", "تركيا", "تركي", "تركية", "Turkey", "Turkish",
            _c("أنقرة", "Ankara", "إسطنبول", "Istanbul", "إزمير", "Izmir"), "TRY"),
    Country("EG", "مصر", "مصري", "مصرية", "Egypt", "Egyptian",
            _c("القاهرة", "Cairo", "الإسكندرية", "Alexandria", "المنصورة", "Mansoura"), "EGP"),
    Country("SA", "السعودية", "سعودي", "سعودية", "Saudi Arabia", "Saudi",
            _c("الرياض", "Riyadh", "جدة", "Jeddah", "الدمام", "Dammam"), "SAR"),
    Country("MA", "المغرب", "مغربي", "مغربية", "Morocco", "Moroccan",
            _c("الرباط", "Rabat", "الدار البيضاء", "Casablanca", "مراكش", "Marrakesh"), "MAD"),
    Country("QA", "قطر", "قطري", "قطرية", "Qatar", "Qatari",
            _c("الدوحة", "Doha", "الوكرة", "Al Wakrah", "الخور", "Al Khor"), "QAR"),
    Country("LB", "لبنان", "لبناني", "لبنانية", "Lebanon", "Lebanese",
            _c("بيروت", "Beirut", "صيدا", "Sidon", "زحلة", "Zahle"), "LBP"),
    Country("RU", "روسيا", "روسي", "روسية", "Russia", "Russian",
            _c("موسكو", "Moscow", "سانت بطرسبرغ", "Saint Petersburg", "قازان", "Kazan"), "RUB"),
    Country("DE", "ألمانيا", "ألماني", "ألمانية", "Germany", "German",
            _c("برلين", "Berlin", "ميونخ", "Munich", "هامبورغ", "Hamburg"), "EUR"),
    Country("GB", "بريطانيا", "بريطاني", "بريطانية", "United Kingdom", "British",
            _c("لندن", "London", "مانشستر", "Manchester", "برمنغهام", "Birmingham"), "GBP",
            en_alt=("Britain", "UK", "U.K.")),
)
_COUNTRY = {c.code: c for c in COUNTRIES}


@dataclass(frozen=True)
class Currency:
    """A currency as printed after an amount; English names come from `money.CURRENCY_EN` when
    it has them. `en_alt` are bare nouns an English sentence may use (old side only)."""

    code: str
    ar: str
    en: tuple[str, str] | None = None
    symbol: str | None = None
    en_alt: tuple[str, ...] = ()


CURRENCIES: tuple[Currency, ...] = (
    Currency("EUR", "يورو", symbol="€"),
    Currency("GBP", "جنيه إسترليني", symbol="£", en_alt=("pounds", "pound")),
    Currency("IQD", "دينار عراقي", en_alt=("dinars", "dinar")),
    Currency("KZT", "تينغ كازاخستاني", en_alt=("tenge",)),
    Currency("AED", "درهم إماراتي", en=("UAE dirham", "UAE dirhams")),
    Currency("TRY", "ليرة تركية", en=("Turkish lira", "Turkish lira")),
    Currency("EGP", "جنيه مصري"),
    Currency("SAR", "ريال سعودي"),
    Currency("MAD", "درهم مغربي", en=("Moroccan dirham", "Moroccan dirhams")),
    Currency("QAR", "ريال قطري", en=("Qatari riyal", "Qatari riyals")),
    Currency("LBP", "ليرة لبنانية", en=("Lebanese pound", "Lebanese pounds")),
    Currency("RUB", "روبل", en=("rouble", "roubles")),
)
_CURRENCY = {c.code: c for c in CURRENCIES}
#: Never substituted (see the module doc).
_KEEP_CURRENCIES = {"USD"}

#: Invented people: (Arabic first, Arabic surname, English first, English surname).
PERSONS: tuple[tuple[str, str, str, str], ...] = (
    ("لوكاس", "برانت", "Lukas", "Brandt"),
    ("أنطوان", "ماريشال", "Antoine", "Marechal"),
    ("كريم", "منصوري", "Karim", "Mansouri"),
    ("إلياس", "فيشر", "Elias", "Fischer"),
    ("سامي", "قرداحي", "Sami", "Kardahi"),
    ("فيكتور", "هاليمي", "Victor", "Halimi"),
    ("دانيال", "كروغر", "Daniel", "Kruger"),
    ("نيكولاي", "أورلوف", "Nikolai", "Orlov"),
    ("طارق", "زيداني", "Tarek", "Zeidani"),
    ("ماتياس", "لوفيفر", "Matthias", "Lefebvre"),
    ("رامي", "شدياق", "Rami", "Chidiac"),
    ("أوليفر", "هارتمان", "Oliver", "Hartmann"),
)
#: Invented companies/platforms: (Latin, Arabic).
COMPANIES: tuple[tuple[str, str], ...] = (
    ("Vaultrine", "فولترين"), ("Coinstead", "كوينستيد"), ("Bitlume", "بيتلوم"), ("Nexaro", "نيكسارو"),
    ("Trovix", "تروفيكس"), ("Kryptalis", "كريبتاليس"), ("Solvane", "سولفان"), ("Orbexa", "أوربكسا"),
    ("Parcelia", "بارسيليا"), ("Walletor", "واليتور"),
)
#: Invented websites (Latin only).
WEBSITES: tuple[str, ...] = ("SafeShieldSupply.com", "MedGuardDepot.com", "ClearMaskStore.com", "PureCareGear.com")

#: Month names as printed (index = month): Egyptian/Gulf names and Levantine/Iraqi names.
_MONTHS_GREG = ("", "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
                "نوفمبر", "ديسمبر")
_MONTHS_LEV = ("", "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
               "تشرين الأول", "تشرين الثاني", "كانون الأول")
#: Month words that are also common words (أب "father"); never rewritten as months.
_AMBIGUOUS_MONTHS = {"اب", "ماي"}

#: Word numbers 3–10 as printed: before a masculine noun (ثلاثة رجال) and a feminine one.
_AR_WORDS_M = {3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة", 10: "عشرة"}
_AR_WORDS_F = {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثماني", 9: "تسع", 10: "عشر"}
#: Scale words as printed: singular (after 11+ or a decimal) and plural (after 3–10).
_SCALE_SING = {1e3: "ألف", 1e6: "مليون", 1e9: "مليار"}
_SCALE_PLUR = {1e3: "آلاف", 1e6: "ملايين", 1e9: "مليارات"}
#: Time units as printed: plural (3–10) and accusative singular (11+).
_UNIT_PLUR = {"year": "أعوام", "day": "أيام", "month": "أشهر", "week": "أسابيع", "hour": "ساعات"}
_UNIT_ACC = {"year": "عامًا", "day": "يومًا", "month": "شهرًا", "week": "أسبوعًا", "hour": "ساعة"}
_EN_NUMBER_WORDS = {v: k for k, v in _EN_WORDS.items() if v <= 20}

#: Factors a variant scales its numbers by (the first one that fits every printed form wins).
_FACTORS = (1.3, 0.7, 1.5, 0.6, 1.25, 0.8, 1.6, 0.75, 1.4, 0.65, 1.2, 1.75, 0.55, 2.0, 0.5, 1.15, 0.85)

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9 .&'’-]*")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CLITICS = "وفبلك"


# ---- small helpers -----------------------------------------------------------------------------

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


Role = tuple[str, str | None]
Key = tuple[Role, float]


# ---- numeral tokens inside a number mention ------------------------------------------------------

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
            return _isint(v) and v >= 3 and self.unit in _UNIT_PLUR
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
        m = v / self.scale
        if self.kind == "digits":
            return _fmt_mantissa(m, comma=self.comma)
        if self.kind == "word":
            return self.pfx + (_AR_WORDS_F if self.feminine else _AR_WORDS_M)[int(round(m))]
        if self.kind == "dualtime":
            n = int(round(v))
            return f"{self.pfx}{n} {(_UNIT_PLUR if n <= 10 else _UNIT_ACC)[self.unit or 'year']}"
        # alone: a scale word with no numeral (ألف, مليوني) becomes digits + scale word
        if self.scale == 1e3:
            return self.pfx + str(int(round(v)))
        if _isint(m) and 3 <= round(m) <= 10:
            return f"{self.pfx}{int(round(m))} {_SCALE_PLUR[self.scale]}"
        return f"{self.pfx}{_fmt_mantissa(m, comma=False)} {_SCALE_SING[self.scale]}"


def _split_clitics(word_norm: str, table: dict[str, Any]) -> tuple[int, str] | None:
    for cut in (0, 1, 2):
        head, core = word_norm[:cut], word_norm[cut:]
        if all(ch in _CLITICS for ch in head) and core in table:
            return cut, core
    return None


def _tokens(text: str, n: NumberMention) -> list[_Tok] | None:
    """The numerals of a mention, or None when one cannot be rewritten safely."""
    a, b = (n.num_start if n.num_start >= 0 else n.start), n.end
    span = text[a:b]
    vals = _vals(n)
    if re.search(r"[٠-٩۰-۹]", span):
        return None
    digits = list(_DIGITS.finditer(span))
    if digits:
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
    toks = []
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


# ---- what a seed holds ---------------------------------------------------------------------------

@dataclass
class _NumGroup:
    slot: str
    keys: list[Key]  # (role, old value), in the order the key numbers give them
    primary: dict[Key, _Tok]  # the token whose style proposes the new value
    forms: dict[Key, list[_Tok]]  # every printed form of each value


@dataclass
class _Person:
    slot: str
    ar_full: list[str] = field(default_factory=list)
    ar_last: list[str] = field(default_factory=list)
    latin_full: list[str] = field(default_factory=list)
    latin_last: list[str] = field(default_factory=list)


@dataclass
class _Company:
    slot: str
    ar: list[str] = field(default_factory=list)
    latin: list[str] = field(default_factory=list)
    website: bool = False


@dataclass
class _OldCity:
    ar: list[str]  # normalised forms
    en: list[str]
    capital: bool
    critical: bool = False  # a critical gold entity: it gets a city the place reader knows


@dataclass
class _OldCountry:
    slot: str
    row: Country
    names: list[str]  # normalised Arabic names
    stems: list[str]  # normalised adjective stems
    cities: list[_OldCity]
    en_names: list[str]
    en_adjs: list[str]


@dataclass
class _Seed:
    gold: SeedCase
    text: str
    mentions: list[NumberMention]
    groups: list[_NumGroup]
    key_slot: dict[str, tuple[str, list[Key]]]  # key number id → (slot, its keys)
    avoid_values: set[float]  # every number the original prints or the gold holds
    hedged_values: set[float]  # …of which the article hedges (a new value keeps 6 % away from them)
    avoid_mantissas: set[float]
    persons: list[_Person]
    companies: list[_Company]
    countries: list[_OldCountry]
    currencies: list[str]  # gold currency codes that may be substituted
    hedged_currencies: set[str]  # …of which a hedged key number is counted in
    seed_codes: set[str]  # countries the article or gold names
    months: dict[int, list[str]]  # month → the normalised words the text prints for it
    days: list[tuple[int, int]]  # (month, day) printed as digits next to a month
    text_norm: str
    checkable: bool = True  # the original passes `check_case`: a variant must too


def _union(groups: list[set[Key]], keys: list[Key]) -> None:
    hit = [g for g in groups if any(k in g for k in keys)]
    merged = set(keys).union(*hit)
    for g in hit:
        groups.remove(g)
    groups.append(merged)


def _number_groups(gold: SeedCase, text: str, mentions: list[NumberMention]) -> tuple[list[_NumGroup], dict]:
    toks = {id(n): _tokens(text, n) for n in mentions}
    sets: list[set[Key]] = []
    order: list[Key] = []
    primary: dict[Key, _Tok] = {}
    key_keys: dict[str, list[Key]] = {}
    for k in gold.key_numbers:
        a = text.find(k.raw)
        if a < 0:
            continue
        b = a + len(k.raw)
        inside = [n for n in mentions if max(a, n.num_start if n.num_start >= 0 else n.start) < min(b, n.end)
                  and _role(n)]
        keys: list[Key] = []
        for n in inside:
            if not any(_same(v, kv) for v in _vals(n) for kv in k.values):
                continue
            ts = toks[id(n)]
            if ts is None:
                keys = []
                break
            role = _role(n)
            assert role is not None
            for t in ts:
                key = (role, _vals(n)[t.index])
                keys.append(key)
                primary.setdefault(key, t)
        if not keys or not all(any(_same(kv, v) for _, v in keys) for kv in k.values):
            continue
        key_keys[k.id] = keys
        order += [x for x in keys if x not in order]
        _union(sets, keys)
    # every other mention of a value in the same role belongs to its group (and drags its partner in)
    changed = True
    while changed:
        changed = False
        for n in mentions:
            role = _role(n)
            if role is None:
                continue
            keys = [(role, v) for v in _vals(n)]
            if any(any(k in g for g in sets) for k in keys):
                missing = [k for k in keys if not any(k in g for g in sets)]
                if missing or len([g for g in sets if any(k in g for k in keys)]) > 1:
                    _union(sets, keys)
                    order += [k for k in missing if k not in order]
                    changed = True
    groups: list[_NumGroup] = []
    bad: set[int] = set()
    for gi, s in enumerate(sets):
        forms: dict[Key, list[_Tok]] = {k: [] for k in s}
        ok = True
        for n in mentions:
            role = _role(n)
            if role is None or not any((role, v) in s for v in _vals(n)):
                continue
            ts = toks[id(n)]
            if ts is None:
                ok = False
                break
            for t in ts:
                forms[(role, _vals(n)[t.index])].append(t)
        keys = [k for k in order if k in s]
        if not ok or any(k not in primary and not forms[k] for k in keys):
            bad.add(gi)
            continue
        prim = {k: primary.get(k) or forms[k][0] for k in keys}
        groups.append(_NumGroup(slot=f"num:{len(groups)}", keys=keys, primary=prim, forms=forms))
    key_slot: dict[str, tuple[str, list[Key]]] = {}
    for kid, keys in key_keys.items():
        g = next((g for g in groups if keys[0] in g.keys), None)
        if g is not None:
            key_slot[kid] = (g.slot, keys)
    return groups, key_slot


def _entity_kind(forms_ar: Iterable[str], forms_en: Iterable[str], actor_kinds: set[str]) -> str | None:
    names = known_names()
    kinds = set(actor_kinds)
    for f in [*forms_ar, *forms_en]:
        kn = names.get(ar_fold(f).strip())
        if kn is not None:
            kinds.add(kn.kind)
    if any(re.search(r"\w\.(?:com|net|org)\b", f) for f in forms_en):
        return "website"
    if "person" in kinds:
        return "person"
    if "company" in kinds and not kinds & {"media", "state_agency", "group"}:
        return "company"
    return None


def _people_and_companies(gold: SeedCase) -> tuple[list[_Person], list[_Company]]:
    # clusters of spellings that name one person or company: entities and actors joined on a shared form
    clusters: list[dict[str, Any]] = []

    def add(ar: Iterable[str], en: Iterable[str], kinds: Iterable[str]) -> None:
        ar_s, en_s = set(ar), set(en)
        keys = {ar_fold(x).strip().lower() for x in ar_s | en_s}
        hit = [c for c in clusters if c["keys"] & keys]
        new = {"ar": ar_s, "en": en_s, "kinds": set(kinds), "keys": keys}
        for c in hit:
            clusters.remove(c)
            for f in ("ar", "en", "kinds", "keys"):
                new[f] |= c[f]
        clusters.append(new)

    for inc in gold.incidents:
        for a in inc.actors:
            add(a.names_ar, a.en_forms, a.kind)
    for e in gold.entities:
        add(e.ar, e.en, ())
    persons: list[_Person] = []
    companies: list[_Company] = []
    for c in sorted(clusters, key=lambda c: sorted(c["keys"])):
        kind = _entity_kind(c["ar"], c["en"], c["kinds"] if len(c["kinds"]) == 1 else c["kinds"] - {"organization"})
        if kind == "person":
            p = _Person(slot=f"person:{len(persons)}")
            for f in sorted(c["ar"]):
                if _is_latin(f):
                    (p.latin_full if " " in f.strip() else p.latin_last).append(f.strip())
                elif len(f.split()) > 1:
                    p.ar_full.append(f)
                    p.ar_last.append(f.split()[-1])
                else:
                    p.ar_last.append(f)
            for f in sorted(c["en"]):
                (p.latin_full if " " in f.strip() else p.latin_last).append(f.strip())
                if " " in f.strip():
                    p.latin_last.append(f.split()[-1])
            p.ar_full, p.ar_last = _dedupe(p.ar_full), _dedupe(p.ar_last)
            p.latin_full, p.latin_last = _dedupe(p.latin_full), _dedupe(p.latin_last)
            persons.append(p)
        elif kind in ("company", "website"):
            co = _Company(slot=f"company:{len(companies)}", website=kind == "website")
            for f in sorted(c["ar"] | c["en"]):
                (co.latin if _is_latin(f) else co.ar).append(f.strip())
            co.ar, co.latin = _dedupe(co.ar), _dedupe(co.latin)
            companies.append(co)
    return persons, companies


def _place_of(form: str):
    ps = [p for p in find_places(form) if p.country]
    return ps[0] if len(ps) == 1 and (ps[0].end - ps[0].start) >= len(form.strip()) - 2 else None


def _countries(gold: SeedCase, text: str) -> tuple[list[_OldCountry], set[str]]:
    text_places = find_places(text)
    seed_codes = {p.country for p in text_places if p.country}
    seed_codes |= {c for inc in gold.incidents for c in inc.country if c}
    gaz = gazetteer()
    # which countries the gold is about: incidents' codes and place entities
    wanted: dict[str, dict[str, Any]] = {}
    for inc in gold.incidents:
        for c in inc.country:
            if c:
                wanted.setdefault(c, {"cities": []})
    for e in gold.entities:
        places = [p for p in (_place_of(f) for f in e.ar) if p is not None]
        if not places:
            continue
        code = places[0].country
        assert code is not None
        seed_codes.add(code)
        w = wanted.setdefault(code, {"cities": []})
        if any(p.kind in ("locality", "region") for p in places):
            w["cities"].append(_OldCity(ar=_dedupe(ar_fold(f).strip() for f in e.ar), en=list(e.en), capital=False,
                                        critical=e.critical))
    out: list[_OldCountry] = []
    for code, w in wanted.items():
        row = _COUNTRY.get(code)
        if row is None:
            continue
        cities: list[_OldCity] = list(w["cities"])
        # cities of that country the text prints that the gold does not list (واشنطن)
        for p in text_places:
            if p.country != code or p.kind not in ("locality", "region"):
                continue
            keys = [k for k, (en, c, kind, _r) in gaz.items() if en == p.name_en and c == code and kind != "country"]
            keys = [k for k in keys if not any(o != k and o in k for o in keys)]
            if keys and not any(set(keys) & set(c.ar) for c in cities):
                cities.append(_OldCity(ar=keys, en=[p.name_en], capital=False))
        capital = ar_fold(row.cities[0].ar)
        for c in cities:
            c.capital = capital in c.ar
        names = _dedupe([ar_fold(x) for x in (row.ar, *row.ar_alt)]
                        + [k for k, (_en, c, kind, _r) in gaz.items() if c == code and kind == "country"])
        stems = _dedupe([ar_fold(row.adj_m), *(k for k, v in _DEMONYMS.items() if v == code)])
        out.append(_OldCountry(slot=f"country:{code}", row=row, names=names, stems=stems, cities=cities,
                               en_names=[row.en, *row.en_alt], en_adjs=[row.demonym, *row.demonym_alt]))
    # the main country (most incidents) first: it gets the first substitute
    weight = {c: sum(c in inc.country for inc in gold.incidents) for c in wanted}
    out.sort(key=lambda o: -weight.get(o.row.code, 0))
    return out, seed_codes


def _analyse(gold: SeedCase, text: str) -> _Seed:
    mentions = find_numbers(text)
    groups, key_slot = _number_groups(gold, text, mentions)
    avoid_v: set[float] = set()
    for n in mentions:
        avoid_v.update(_vals(n))
        avoid_v.update(n.mantissa)
    avoid_v.update(float(v) for v in gold.allowed_numbers)
    for inc in gold.incidents:
        for m in inc.money:
            avoid_v.update(v for v in (m.min, m.max, m.usd_as_stated_min) if v is not None)
        for c in inc.counts:
            for r in (c, *c.alt):
                avoid_v.update(v for v in (r.min, r.max) if v is not None)
    avoid_m = {t.m0 for g in groups for ts in g.forms.values() for t in ts}
    persons, companies = _people_and_companies(gold)
    countries, seed_codes = _countries(gold, text)
    codes = {m.currency for inc in gold.incidents for m in inc.money}
    codes |= {k.unit for k in gold.key_numbers if k.unit in _CURRENCY}
    currencies = sorted(c for c in codes if c in _CURRENCY and c not in _KEEP_CURRENCIES)
    months: dict[int, list[str]] = {}
    days: list[tuple[int, int]] = []
    norm = normalize(text).text
    for d in find_dates(text):
        if not d.month:
            continue
        raw = normalize(d.raw).text
        words = [k for k, v in MONTHS.items() if "/" not in k and k not in _AMBIGUOUS_MONTHS
                 and re.search(rf"(?<!\w){re.escape(k)}(?!\w)", raw)]
        for k in words:
            months.setdefault(MONTHS[k], [])
            if k not in months[MONTHS[k]]:
                months[MONTHS[k]].append(k)
        if d.day and (d.month, d.day) not in days:
            days.append((d.month, d.day))
    hedged = {k.unit for k in gold.key_numbers if k.hedge and k.unit in currencies}
    hedged_v = {v for n in mentions if n.qualifier in ("approx", "at_least", "at_most") for v in _vals(n)}
    hedged_v |= {v for k in gold.key_numbers if k.hedge for v in k.values}
    return _Seed(gold=gold, text=text, mentions=mentions, groups=groups, key_slot=key_slot,
                 avoid_values=avoid_v, hedged_values=hedged_v, avoid_mantissas=avoid_m, persons=persons,
                 companies=companies, countries=countries, currencies=currencies, hedged_currencies=hedged,
                 seed_codes=seed_codes, months=months, days=days, text_norm=norm,
                 checkable=not _problems(gold.model_dump(), text))


# ---- one variant's plan --------------------------------------------------------------------------

@dataclass
class _Plan:
    ar_rules: list[_Rule] = field(default_factory=list)
    en_rules: list[_EnRule] = field(default_factory=list)
    values: dict[Key, tuple[float, str]] = field(default_factory=dict)  # key → (new value, slot)
    months: dict[int, tuple[int, str]] = field(default_factory=dict)
    days: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    countries: dict[str, tuple[str, str]] = field(default_factory=dict)
    currencies: dict[str, tuple[str, str]] = field(default_factory=dict)
    slots: list[str] = field(default_factory=list)
    old_forms: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # slot → (normalised, adj)
    keep: list[str] = field(default_factory=list)  # phrases left as they are (دولار أمريكي), normalised

    def add_slot(self, slot: str) -> None:
        if slot not in self.slots:
            self.slots.append(slot)

    def rule(self, slot: str, old: str, new: str, *, adj: bool = False, new_f: str = "") -> None:
        old = ar_fold(old).strip()
        if not old:
            return
        self.ar_rules.append(_Rule(slot, old, new, adj, new_f))
        self.old_forms.setdefault(slot, []).append((old, adj))
        self.add_slot(slot)

    def en(self, slot: str, old: str, new: str, *, bare: bool = False) -> None:
        if old and old != new:
            self.en_rules.append(_EnRule(slot, old, new, bare))


def _in_text(seed: _Seed, form: str) -> bool:
    return _rule_regex(ar_fold(form).strip(), False, False).search(seed.text_norm) is not None


def _plan(seed: _Seed, k: int, salt: int) -> _Plan:
    gold = seed.gold
    shared = random.Random(f"{gold.id}|{salt}")  # one permutation per seed: variants take different items
    rng = random.Random(f"{gold.id}|{salt}|{k}")
    plan = _Plan()
    _plan_numbers(seed, plan, shared, k)
    _plan_people(seed, plan, shared, k)
    _plan_places(seed, plan, shared, k)
    _plan_dates(seed, plan, shared, rng, k)
    # a currency that stays keeps its whole name, even where a substituted word is part of it
    # (دولار أمريكي in an article moved out of the US; جنيه إسترليني when EGP's جنيه changes)
    for form, code in currency_names().items():
        if code not in plan.currencies and " " in form and _in_text(seed, form):
            plan.keep.append(form)
    return plan


def _rotate(items: list[Any], k: int) -> list[Any]:
    if not items:
        return items
    i = (k - 1) % len(items)
    return items[i:] + items[:i]


def _candidates(g: _NumGroup, factors: list[float], small: list[int]) -> Iterable[dict[Key, float]]:
    """New values for a group: one factor for all its values; small counts also any of 3–10."""
    t = g.primary[g.keys[0]]
    few = len(g.keys) == 1 and t.scale == 1.0 and (t.kind in ("word", "dualtime")
                                                    or (t.kind == "digits" and not t.decimal and t.m0 <= 10))
    by_factor = ({key: g.primary[key].propose(key[1], f) for key in g.keys} for f in factors)
    by_count = ({g.keys[0]: float(x)} for x in small)
    fine = ({key: g.primary[key].propose(key[1], f / 100) for key in g.keys} for f in range(45, 225, 5))
    if few:  # 3 × 1.3 and 3 × 1.25 are both 4: draw the count instead, so variants differ
        yield from by_count
    yield from by_factor
    yield from fine  # a crowded range (3–10 million next to other amounts): any factor that fits


def _plan_numbers(seed: _Seed, plan: _Plan, shared: random.Random, k: int) -> None:
    factors = _rotate(shared.sample(list(_FACTORS), len(_FACTORS)), k)
    small = _rotate(shared.sample(range(3, 11), 8), k)
    taken: set[float] = set()
    for g in seed.groups:
        for new in _candidates(g, factors, small):
            ok = True
            for key, cand in new.items():
                v = key[1]
                if (cand <= 0 or any(_near(cand, a) for a in (v, *seed.hedged_values, *taken))
                        or any(_near(cand, a, 0.01) for a in seed.avoid_values)
                        or not all(t.fits(cand) for t in g.forms[key])
                        or any(_same(cand / t.scale, m) for t in g.forms[key] for m in seed.avoid_mantissas)):
                    ok = False
                    break
            if ok:
                ok = _order_kept(seed, g, new)
            if ok:
                for key, v in new.items():
                    plan.values[key] = (v, g.slot)
                    taken.add(v)
                plan.add_slot(g.slot)
                break


def _order_kept(seed: _Seed, g: _NumGroup, new: dict[Key, float]) -> bool:
    """A range stays a range (its low end below its high end) and equal values stay equal."""
    for n in seed.mentions:
        role = _role(n)
        vals = _vals(n)
        if role is None or len(vals) < 2 or (role, vals[0]) not in new or (role, vals[1]) not in new:
            continue
        if not new[(role, vals[0])] < new[(role, vals[1])]:
            return False
    return True


def _plan_people(seed: _Seed, plan: _Plan, shared: random.Random, k: int) -> None:
    people = shared.sample(list(PERSONS), len(PERSONS))
    people = [p for p in people if not any(_in_text(seed, x) for x in (p[0], p[1], p[2], p[3]))]
    n = max(len(seed.persons), 1)
    start = ((k - 1) * n) % max(len(people), 1)
    pool = people[start:] + people[:start]
    for p, (first_ar, last_ar, first_en, last_en) in zip(seed.persons, pool, strict=False):
        for f in p.ar_full:
            plan.rule(p.slot, f, f"{first_ar} {last_ar}")
        for f in p.ar_last:
            plan.rule(p.slot, f, last_ar)
        for f in p.latin_full:
            plan.rule(p.slot, f, f"{first_en} {last_en}")
            plan.en(p.slot, f, f"{first_en} {last_en}")
        for f in p.latin_last:
            plan.rule(p.slot, f, last_en)
            plan.en(p.slot, f, last_en)
    companies = [c for c in shared.sample(list(COMPANIES), len(COMPANIES))
                 if not any(_in_text(seed, x) for x in c)]
    sites = [w for w in shared.sample(list(WEBSITES), len(WEBSITES)) if w not in seed.text]
    n = max(len(seed.companies), 1)
    companies = _rotate(companies, (k - 1) * n + 1)
    sites = _rotate(sites, (k - 1) * n + 1)
    for c in seed.companies:
        if c.website:
            if not sites:
                continue
            latin, ar = sites.pop(0), None
        else:
            if not companies:
                continue
            latin, ar = companies.pop(0)
        for f in c.ar:
            plan.rule(c.slot, f, ar or latin)
        for f in c.latin:
            plan.rule(c.slot, f, latin)
            plan.en(c.slot, f, latin)


def _plan_places(seed: _Seed, plan: _Plan, shared: random.Random, k: int) -> None:
    old_currencies = set(seed.currencies) | _KEEP_CURRENCIES
    pool = [c for c in COUNTRIES if c.pool and c.code not in seed.seed_codes and c.currency not in old_currencies
            and not any(_in_text(seed, x.ar) for x in c.cities) and not _in_text(seed, c.ar)]
    pool = shared.sample(pool, len(pool))
    used_currencies: set[str] = set()
    for old in seed.countries:
        need = len(old.cities)
        need_known = sum(c.capital or c.critical for c in old.cities)
        hedged = old.row.currency in seed.hedged_currencies
        fits = [c for c in pool if len(c.cities) >= need and (not hedged or _en_reads_hedge(c.currency))]
        # the capital and the critical cities go to cities the place reader knows, where a country has enough
        fits = [c for c in fits if len(_known_cities(c)) >= need_known] or fits
        if not fits:
            continue
        new = fits[(k - 1) % len(fits)]  # variant k takes the k-th: variants differ where the pool allows
        pool.remove(new)
        slot = old.slot
        plan.countries[old.row.code] = (new.code, slot)
        for name in old.names:
            plan.rule(slot, name, new.ar)
        for stem in old.stems:
            plan.rule(slot, stem, new.adj_m, adj=True, new_f=new.adj_f)
        # the capital for the capital, then critical cities first to the cities the place reader knows
        rest = list(new.cities[1:]) if any(c.capital for c in old.cities) else list(new.cities)
        known = [c for c in rest if c in _known_cities(new)]
        rest = known + [c for c in rest if c not in known]
        order = sorted(old.cities, key=lambda c: (not c.capital, not c.critical))
        for c in order:
            city = new.cities[0] if c.capital else rest.pop(0)
            for f in c.ar:
                plan.rule(slot, f, city.ar)
            for f in c.en:
                plan.en(slot, f, city.en)
        for f in old.en_names:
            plan.en(slot, f, new.en)
        for f in old.en_adjs:
            plan.en(slot, f, new.demonym)
        if old.row.currency in seed.currencies and new.currency in _CURRENCY:
            _currency(plan, old.row.currency, new.currency)
            used_currencies.add(new.currency)
    # the other currencies (a bracketed GBP conversion): a currency no country of the variant uses
    spare = [c.code for c in CURRENCIES if c.code not in old_currencies and c.code not in used_currencies]
    spare = _rotate(shared.sample(spare, len(spare)), k)
    for code in seed.currencies:
        ok = [c for c in spare if code not in seed.hedged_currencies or _en_reads_hedge(c)]
        if code in plan.currencies or not ok:
            continue
        spare.remove(ok[0])
        _currency(plan, code, ok[0])


@cache
def _known_cities(country: Country) -> tuple[City, ...]:
    """The cities of a pool country that `find_places` reads as in that country."""
    return tuple(c for c in country.cities if {p.country for p in find_places(f"في {c.ar} اليوم")} == {country.code})


def _en_reads_hedge(code: str) -> bool:
    """Whether the English number reader keeps the hedge of "more than <CODE> 5,000,000".

    The oracle (and many an English brief) prints a hedged amount that way; a code the reader
    does not know as a currency leaves the hedge unread, so a faithful brief would be scored as
    dropping it. Currencies of hedged key numbers are only substituted by codes it knows.
    """
    return any(n.hedge for n in find_english_numbers(f"more than {code} 5,000,000"))


def _currency_en(code: str) -> tuple[str, str]:
    c = _CURRENCY.get(code)
    if c is not None and c.en is not None:
        return c.en
    return CURRENCY_EN.get(code, (code, code))


def _currency(plan: _Plan, old: str, new: str) -> None:
    slot = f"currency:{old}"
    plan.currencies[old] = (new, slot)
    newc = _CURRENCY[new]
    for form, code in currency_names().items():
        if code == old:
            plan.rule(slot, form, newc.ar)
    sing, plur = _currency_en(old)
    nsing, nplur = _currency_en(new)
    plan.en(slot, plur, nplur)
    plan.en(slot, sing, nsing)
    for alt in _CURRENCY[old].en_alt:
        plan.en(slot, alt, nplur if alt.endswith("s") else nsing)
    plan.en(slot, old, new)
    oldc = _CURRENCY[old]
    if oldc.symbol:
        plan.en(slot, oldc.symbol, newc.symbol or f"{new} ", bare=True)


def _plan_dates(seed: _Seed, plan: _Plan, shared: random.Random, rng: random.Random, k: int) -> None:
    old_months = sorted(seed.months)
    free = [m for m in range(1, 13) if m not in old_months]
    free = _rotate(shared.sample(free, len(free)), k)
    lev = {ar_fold(x) for x in _MONTHS_LEV if x}
    for m in old_months:
        if not free:
            break
        new = free.pop(0)
        slot = f"month:{m}"
        plan.months[m] = (new, slot)
        for word in seed.months[m]:
            plan.rule(slot, word, (_MONTHS_LEV if word in lev else _MONTHS_GREG)[new])
        plan.en(slot, MONTH_NAMES_EN[m], MONTH_NAMES_EN[new])
    taken: set[int] = set()
    for m, d in seed.days:
        choices = [x for x in range(2, 29) if x != d and x not in taken
                   and not any(_same(x, a) for a in seed.avoid_values)]
        if not choices:
            continue
        new = rng.choice(choices)
        taken.add(new)
        slot = f"day:{m}-{d}"
        plan.days[(m, d)] = (new, slot)
        plan.add_slot(slot)


# ---- applying a plan -----------------------------------------------------------------------------

@dataclass
class _Ctx:
    ar_rules: list[_Rule]
    en_rules: list[_EnRule]
    values: dict[Key, float]
    months: dict[int, int]
    days: dict[tuple[int, int], int]
    countries: dict[str, str]
    currencies: dict[str, str]
    keep: list[str]

    @classmethod
    def of(cls, plan: _Plan, active: set[str]) -> _Ctx:
        return cls(
            keep=sorted(plan.keep, key=len, reverse=True),
            ar_rules=sorted((r for r in plan.ar_rules if r.slot in active), key=lambda r: -len(r.old)),
            en_rules=sorted((r for r in plan.en_rules if r.slot in active), key=lambda r: -len(r.old)),
            values={k: v for k, (v, s) in plan.values.items() if s in active},
            months={m: v for m, (v, s) in plan.months.items() if s in active},
            days={k: v for k, (v, s) in plan.days.items() if s in active},
            countries={c: v for c, (v, s) in plan.countries.items() if s in active},
            currencies={c: v for c, (v, s) in plan.currencies.items() if s in active},
        )

    def value(self, v: float, role: Role | None = None) -> list[float]:
        """New values for old value `v` (in `role`, or in any role when None)."""
        if role is not None:
            hit = [n for (r, old), n in self.values.items() if r == role and _same(old, v)]
            return hit[:1]
        hit = [n for (r, old), n in self.values.items() if r == ("amount", None) and _same(old, v)]
        if hit:
            return hit[:1]
        return _dedupe(n for (_r, old), n in self.values.items() if _same(old, v))

    def mantissa(self, x: float) -> list[float]:
        """New printed mantissas for a bare number that is the mantissa of a substituted amount (\"15\")."""
        out = []
        for s in (1e3, 1e6, 1e9):
            for new in self.value(x * s, ("amount", None)):
                out.append(new / s)
        return _dedupe(out)


Edit = tuple[int, int, str]


def _resolve(cands: list[Edit], taken: list[Edit]) -> list[Edit]:
    """`taken` edits first, then the longest of overlapping candidates."""
    out = list(taken)
    for e in sorted(cands, key=lambda e: (e[0], -(e[1] - e[0]))):
        if all(e[1] <= o[0] or e[0] >= o[1] for o in out):
            out.append(e)
    return sorted(out)


def _apply(s: str, edits: list[Edit]) -> tuple[str, Callable[[int, bool], int]]:
    parts: list[str] = []
    table: list[tuple[int, int, int, int]] = []
    pos = 0
    size = 0
    for a, b, r in edits:
        parts.append(s[pos:a])
        size += a - pos
        table.append((a, b, size, size + len(r)))
        parts.append(r)
        size += len(r)
        pos = b
    parts.append(s[pos:])

    def at(p: int, end: bool) -> int:
        shift = 0
        for a, b, na, nb in table:
            if p <= a:
                break
            if p >= b:
                shift = nb - b
                continue
            return nb if end else na  # inside an edit: the quote takes the whole new word
        return p + shift

    return "".join(parts), at


def _ar_number_edits(base: str, ctx: _Ctx) -> list[Edit]:
    edits: list[Edit] = []
    for n in find_numbers(base):
        role = _role(n)
        if role is None:
            continue
        vals = _vals(n)
        news = [ctx.value(v, role) for v in vals]
        if not all(news):
            continue
        toks = _tokens(base, n)
        if toks is None:
            continue
        for t in toks:
            new = news[t.index][0]
            if not t.fits(new):
                break
        else:
            edits += [(t.start, t.end, t.render(news[t.index][0])) for t in toks]
    return edits


def _date_edits(base: str, ctx: _Ctx) -> list[Edit]:
    edits: list[Edit] = []
    if not ctx.days:
        return edits
    for d in find_dates(base):
        if not (d.month and d.day) or (d.month, d.day) not in ctx.days:
            continue
        m = re.search(rf"(?<!\d)0?{d.day}(?!\d)", base[d.start:d.end])
        if m:
            edits.append((d.start + m.start(), d.start + m.end(), str(ctx.days[(d.month, d.day)])))
    return edits


def _identity_span(start: int, end: int) -> tuple[int, int]:
    return start, end


def _rewrite_ar(s: str, ctx: _Ctx, *, folded: bool = False) -> tuple[str, Callable[[int, bool], int]]:
    """Arabic `s` (text, a gold string, or a folded term) with every substitution applied."""
    span: Callable[[int, int], tuple[int, int]]
    if folded:
        base = hay = _text.fold(s)
        span = _identity_span
    else:
        base = s
        norm = normalize(s)
        hay = norm.text
        span = norm.span_to_original
    taken = _ar_number_edits(base, ctx) + _date_edits(base, ctx)
    cands: list[Edit] = []
    for form in ctx.keep:
        for m in _rule_regex(form, False, folded).finditer(hay):
            a, b = span(m.start(), m.end())
            cands.append((a, b, base[a:b]))
    for rule in ctx.ar_rules:
        for m in rule.regex(folded).finditer(hay):
            a, b = span(m.start(), m.end())
            cands.append((a, b, rule.render(m)))
    new, at = _apply(base, _resolve(cands, taken))
    return (_text.fold(new) if folded else new), at


def _en_number_edits(s: str, ctx: _Ctx, *, term: bool) -> list[Edit]:
    edits: list[Edit] = []
    for n in find_english_numbers(s):
        vals = n.values
        toks = [m for m in re.finditer(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+", n.raw)
                if m.group()[0].isdigit() or m.group().lower() in _EN_WORDS]
        if len(toks) != len(vals):
            continue
        out: list[Edit] = []
        for tok, v in zip(toks, vals, strict=True):
            raw = tok.group()
            tv = float(raw.replace(",", "")) if raw[0].isdigit() else float(_EN_WORDS[raw.lower()])
            if tv <= 0:
                break
            scale = v / tv
            news = ctx.value(v)
            if news:
                new_m = [x / scale for x in news]
            elif _same(scale, 1.0):
                new_m = ctx.mantissa(tv)
            else:
                new_m = []
            if len(new_m) != 1:
                break
            out.append((n.start + tok.start(), n.start + tok.end(), _en_format(new_m[0], raw)))
        else:
            edits += out
    return edits


def _en_format(m: float, old: str) -> str:
    if old[0].isalpha() and _isint(m) and int(round(m)) in _EN_NUMBER_WORDS:
        word = _EN_NUMBER_WORDS[int(round(m))]
        return word.capitalize() if old[0].isupper() else word
    if _isint(m):
        return f"{int(round(m)):,}" if ("," in old or (old[0].isalpha() and m >= 1000)) else str(int(round(m)))
    return f"{m:.1f}" if _one_decimal(m) else f"{m:g}"


def _en_date_edits(s: str, ctx: _Ctx) -> list[Edit]:
    edits: list[Edit] = []
    for (m, d), new in ctx.days.items():
        name = MONTH_NAMES_EN[m]
        for rx in (rf"(?<![\d.])({d})(?:st|nd|rd|th)?\s+(?:of\s+)?{name}\b", rf"\b{name}\s+({d})(?!\d)"):
            for x in re.finditer(rx, s):
                edits.append((x.start(1), x.end(1), str(new)))
    return edits


def _rewrite_en(s: str, ctx: _Ctx, *, term: bool = False) -> str:
    taken = _resolve(_en_number_edits(s, ctx, term=term), _en_date_edits(s, ctx))
    cands = [(m.start(), m.end(), r.new) for r in ctx.en_rules for m in r.regex().finditer(s)]
    new, _ = _apply(s, _resolve(cands, taken))
    return _ARTICLE.sub(_article, new) if taken else new


#: "a 8 million …" → "an 8 million …" after a number changed (and back).
_ARTICLE = re.compile(r"\b([Aa])n? (?=(\d[\d,.]*|[a-z]+)\b)")


def _article(m: re.Match[str]) -> str:
    word = m.group(2).replace(",", "")
    if word[0].isdigit():
        head = re.match(r"\d+", word)
        digits = head.group() if head else word
        group = digits[: (len(digits) - 1) % 3 + 1]  # the digits read first: 11 of 11000, 8 of 8.5
        vowel = digits.startswith("8") or group in ("11", "18")
    elif word.lower() in _EN_WORDS:
        vowel = word.lower().startswith(("eight", "eleven"))
    else:
        return m.group()
    return m.group(1) + ("n " if vowel else " ")


def _en_terms(term: str, ctx: _Ctx) -> list[str]:
    bare = re.fullmatch(r"\s*(thousand|million|billion)\s*", term, re.I)
    if bare:
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9}[bare.group(1).lower()]
        news = ctx.value(scale, ("amount", None))
        if news:
            return [f"{int(news[0]):,}" if _isint(news[0]) else f"{news[0]:g}"]
    if re.fullmatch(r"\d+(?:\.\d+)?", term.strip()) and not ctx.value(float(term)):
        news = ctx.mantissa(float(term))
        if news:
            return [_en_format(x, term.strip()) for x in news]
    return [_rewrite_en(term, ctx, term=True)]


def _ar_terms(term: str, ctx: _Ctx) -> list[str]:
    t = _text.fold(term).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        if not ctx.value(float(t)):
            news = ctx.mantissa(float(t))
            if news:
                return [_fmt_mantissa(x, comma=False) for x in news]
    return [_rewrite_ar(term, ctx, folded=True)[0]]


def _group_terms(groups: list[list[str]], fn: Callable[[str, _Ctx], list[str]], ctx: _Ctx) -> list[list[str]]:
    return [_dedupe(x for t in g for x in fn(t, ctx)) for g in groups]


def _map_values(v: float | None, ctx: _Ctx, role: Role | None = ("amount", None)) -> float | None:
    if v is None:
        return None
    news = ctx.value(v, role)
    return news[0] if news else v


def _map_date(d: dict[str, Any] | None, ctx: _Ctx) -> dict[str, Any] | None:
    if d is None:
        return None
    d = dict(d)
    m, day = d.get("month"), d.get("day")
    if m is not None and day is not None and (m, day) in ctx.days:
        d["day"] = ctx.days[(m, day)]
    if m is not None:
        d["month"] = ctx.months.get(m, m)
    return d


def _rewrite_gold(seed: _Seed, ctx: _Ctx, k: int, new_text: str, at: Callable[[int, bool], int]) -> dict[str, Any]:
    text = seed.text
    g = seed.gold.model_dump()

    def quote(q: str | None) -> str | None:
        if q is None:
            return None
        a = text.find(q)
        if a < 0:
            return _rewrite_ar(q, ctx)[0]
        return new_text[at(a, False):at(a + len(q), True)]

    def ar(s: str) -> str:
        return _rewrite_ar(s, ctx)[0]

    def en(s: str) -> str:
        return _rewrite_en(s, ctx)

    g["id"] = f"{seed.gold.id}~cf{k}"
    key_roles = {kid: keys for kid, (_slot, keys) in seed.key_slot.items()}
    for kn in g.get("key_numbers", []):
        keys = key_roles.get(kn["id"], [])
        for f in ("value", "max"):
            v = kn.get(f)
            if v is None:
                continue
            role = next((r for r, old in keys if _same(old, v)), None)
            kn[f] = _map_values(v, ctx, role) if role is not None else v
        kn["unit"] = ctx.currencies.get(kn["unit"], kn["unit"])
        kn["raw"] = quote(kn["raw"])
    new_nums = {v for n in find_numbers(new_text) for v in _vals(n)}
    allowed: list[float] = []
    for v in g.get("allowed_numbers", []):
        news = ctx.value(float(v))
        allowed += news
        if not news or any(_same(v, x) for x in new_nums):
            allowed.append(v)
    g["allowed_numbers"] = _dedupe(allowed)
    for e in g.get("entities", []):
        e["en"] = _dedupe(en(x) for x in e["en"])
        e["ar"] = _dedupe(ar(x) for x in e["ar"])
    for f in g.get("key_facts", []):
        f["en"], f["ar"] = en(f["en"]), ar(f["ar"])
        f["en_terms"] = _group_terms(f["en_terms"], _en_terms, ctx)
        f["ar_terms"] = _group_terms(f["ar_terms"], _ar_terms, ctx)
    if g.get("headline"):
        for name in ("what", "where", "who"):
            g["headline"][name] = _dedupe(x for t in g["headline"].get(name, []) for x in _en_terms(t, ctx))
    for inc in g.get("incidents", []):
        inc["country"] = [None if c is None else ctx.countries.get(c, c) for c in inc["country"]]
        inc["date"] = [_map_date(d, ctx) for d in inc["date"]]
        for a in inc.get("actors", []):
            a["name_en"] = en(a["name_en"])
            a["aliases_en"] = _dedupe(en(x) for x in a.get("aliases_en", []))
            a["names_ar"] = _dedupe(ar(x) for x in a["names_ar"])
        for m in inc.get("money", []):
            m["currency"] = ctx.currencies.get(m["currency"], m["currency"])
            for f in ("min", "max", "usd_as_stated_min"):
                m[f] = _map_values(m.get(f), ctx)
            if "raw" in m:
                m["raw"] = quote(m["raw"])
        for c in inc.get("counts", []):
            for r in (c, *c.get("alt", [])):
                r["min"], r["max"] = _map_values(r.get("min"), ctx), _map_values(r.get("max"), ctx)
            if "raw" in c:
                c["raw"] = quote(c["raw"])
        if "evidence" in inc:
            inc["evidence"] = quote(inc["evidence"])
    for item in g.get("must_not_say", []):
        item["claim"] = en(item["claim"])
        item["en"] = [_rewrite_pattern(p, ctx) for p in item.get("en", [])]
        rec = item.get("record")
        if rec:
            for f in ("money", "count"):
                if rec.get(f):
                    rec[f]["value"] = _map_values(rec[f]["value"], ctx)
            if rec.get("place"):
                rec["place"]["country"] = ctx.countries.get(rec["place"]["country"], rec["place"]["country"])
            if rec.get("date"):
                rec["date"] = _map_date(rec["date"], ctx)
            if rec.get("actor"):
                rec["actor"]["name"] = _dedupe(en(x) for x in rec["actor"]["name"])
    return g


def _rewrite_pattern(p: str, ctx: _Ctx) -> str:
    def num(m: re.Match[str]) -> str:
        v = float(m.group(1))
        news = ctx.value(v)
        return "{N:%s}" % (_fmt_mantissa(news[0], comma=False) if news else m.group(1))

    parts = re.split(r"(\{N:[0-9.eE+]+\})", p)
    out = []
    for part in parts:
        if part.startswith("{N:"):
            out.append(re.sub(r"\{N:([0-9.eE+]+)\}", num, part))
        else:
            cands = [(m.start(), m.end(), r.new) for r in ctx.en_rules for m in r.regex().finditer(part)]
            out.append(_apply(part, _resolve(cands, []))[0])
    return "".join(out)


# ---- checks --------------------------------------------------------------------------------------

def _failures(seed: _Seed, plan: _Plan, ctx: _Ctx, active: set[str], new_text: str,
              gold: dict[str, Any]) -> set[str]:
    """Slots whose substitution is not consistent in the built variant."""
    bad: set[str] = set()
    masked = _mask(new_text, ctx.keep)
    norm = normalize(masked).text
    # old strings are gone
    for slot, forms in plan.old_forms.items():
        if slot in active and any(_rule_regex(old, adj, False).search(norm) for old, adj in forms):
            bad.add(slot)
    # key numbers read as their new values, old raws are gone
    new_mentions = find_numbers(new_text)
    new_keys = {(_role(n), v) for n in new_mentions if _role(n) for v in _vals(n)}
    for grp in seed.groups:
        if grp.slot in active and any((r, v) in new_keys for r, v in grp.keys):
            bad.add(grp.slot)
    for old_k, new_k in zip(seed.gold.key_numbers, gold["key_numbers"], strict=True):
        slot = seed.key_slot.get(old_k.id, ("", []))[0]
        if slot not in active:
            continue
        a = new_text.find(new_k["raw"])
        if a < 0 or old_k.raw in new_text:
            bad.add(slot)
            continue
        b = a + len(new_k["raw"])
        want = [v for v in (new_k["value"], new_k.get("max")) if v is not None]
        got = [v for n in new_mentions if a <= (n.num_start if n.num_start >= 0 else n.start) < b for v in _vals(n)]
        if not all(any(_same(w, x) for x in got) for w in want):
            bad.add(slot)
    # money reads with its new currency and amount (where the original read it)
    old_money = find_money(seed.text)
    new_money = find_money(new_text)
    for old_inc, inc in zip(seed.gold.incidents, gold["incidents"], strict=True):
        for om, nm in zip(old_inc.money, inc["money"], strict=True):
            if om.min is None or not any(x.currency == om.currency and _same(x.min, om.min) for x in old_money):
                continue
            if any(x.currency == nm["currency"] and _same(x.min, nm["min"]) for x in new_money):
                continue
            cur = f"currency:{om.currency}"
            if cur in active:
                bad.add(cur)
            else:
                bad.update(grp.slot for grp in seed.groups if any(_same(v, om.min) for _r, v in grp.keys))
    # dates: no old month left, every gold date the original printed is printed with its new parts
    new_dates = find_dates(new_text)
    for m, (_new, slot) in plan.months.items():
        if slot in active and any(d.month == m for d in new_dates):
            bad.add(slot)
    for (m, _d), (new, slot) in plan.days.items():
        if slot in active and not any(x.day == new and x.month == ctx.months.get(m, m) for x in new_dates):
            bad.add(slot)
    # places: the old countries are gone from the place reader's view
    codes = {p.country for p in find_places(masked)}
    for old, (_new, slot) in plan.countries.items():
        if slot in active and old in codes:
            bad.add(slot)
    # every entity/actor the original text named is still named
    folded_old, folded_new = _text.fold(seed.text), _text.fold(new_text)
    pairs = [(e.ar, ne["ar"]) for e, ne in zip(seed.gold.entities, gold["entities"], strict=True)]
    pairs += [(a.names_ar, na["names_ar"]) for inc, ninc in zip(seed.gold.incidents, gold["incidents"], strict=True)
              for a, na in zip(inc.actors, ninc["actors"], strict=True)]
    for old_forms, new_forms in pairs:
        if any(_text.fold(x) in folded_old for x in old_forms) and not any(_text.fold(x) in folded_new
                                                                           for x in new_forms):
            bad.update(s for s, forms in plan.old_forms.items()
                       if s in active and any(ar_fold(x).strip() == f for x in old_forms for f, _adj in forms))
    return bad


def _mask(text: str, phrases: list[str]) -> str:
    """`text` with the kept phrases blanked out (their words are not old values left behind)."""
    norm = normalize(text)
    out = list(text)
    for form in phrases:
        for m in _rule_regex(form, False, False).finditer(norm.text):
            a, b = norm.span_to_original(m.start(), m.end())
            out[a:b] = " " * (b - a)
    return "".join(out)


def _problems(gold: dict[str, Any], text: str) -> list[str]:
    try:
        sc = SeedCase.model_validate(SeedCase.model_validate(gold).model_dump())
    except ValueError as exc:
        return [str(exc)]
    try:
        from .dataset import check_case
    except ImportError:  # an older dataset module: the checks above are all there is
        return []
    try:
        return check_case(sc, text, counterfactual=True)
    except TypeError:
        return check_case(sc, text)


def _variant(seed: _Seed, k: int, salt: int) -> tuple[SeedCase, str, list[str], list[str]]:
    """(gold, text, planned slots, kept slots) of variant `k`."""
    plan = _plan(seed, k, salt)
    active = set(plan.slots)

    def build(active: set[str]) -> tuple[_Ctx, str, dict[str, Any]]:
        ctx = _Ctx.of(plan, active)
        new_text, at = _rewrite_ar(seed.text, ctx)
        return ctx, new_text, _rewrite_gold(seed, ctx, k, new_text, at)

    for _ in range(len(plan.slots) + 1):
        ctx, new_text, gold = build(active)
        bad = _failures(seed, plan, ctx, active, new_text, gold)
        if not bad:
            break
        active -= bad
    else:  # pragma: no cover - every round drops at least one slot
        raise RuntimeError(f"{seed.gold.id}~cf{k}: the substitutions do not settle")
    if seed.checkable and _problems(gold, new_text):
        # a check the slot checks above do not know: drop slots, last planned first, until it passes
        for slot in reversed(plan.slots):
            if slot not in active:
                continue
            trial = active - {slot}
            ctx, t_text, t_gold = build(trial)
            if not _failures(seed, plan, ctx, trial, t_text, t_gold) and not _problems(t_gold, t_text):
                active, new_text, gold = trial, t_text, t_gold
                break
            active = trial
        else:
            ctx, new_text, gold = build(active)
        problems = _problems(gold, new_text)
        if problems:  # pragma: no cover - with no slot left the variant is the original
            raise ValueError(f"{seed.gold.id}~cf{k}: no consistent variant: {problems[:3]}")
    if new_text == seed.text:
        raise ValueError(f"{seed.gold.id}~cf{k}: nothing in this seed could be substituted")
    return SeedCase.model_validate(gold), new_text, list(plan.slots), [s for s in plan.slots if s in active]


def counterfactuals(gold: SeedCase, text: str, *, n: int = 3, seed: int = 0) -> list[tuple[SeedCase, str]]:
    """`n` counterfactual (gold, text) pairs for one seed, ids `<id>~cf1` … `<id>~cfn`.

    Deterministic: the same gold, text, `n` and `seed` give the same variants (random choices
    come from `random.Random` seeded with the gold id, `seed` and the variant index). Variants
    differ from each other and from the original (each takes other substitutes from the pools).
    See the module doc for what is substituted, how it is checked and what is skipped. Raises
    `ValueError` only when nothing at all in the seed could be substituted consistently.
    """
    an = _analyse(gold, text)
    return [v[:2] for v in (_variant(an, k, seed) for k in range(1, n + 1))]


def substitution_slots(gold: SeedCase, text: str, *, n: int = 3, seed: int = 0) -> list[tuple[list[str], list[str]]]:
    """Per variant, (the slots planned, the slots kept after the checks): what a variant changed.

    Slot names: `num:<i>` (a key-number value group), `person:<i>`, `company:<i>`,
    `country:<ISO>`, `currency:<ISO>`, `month:<m>`, `day:<m>-<d>`.
    """
    an = _analyse(gold, text)
    return [v[2:] for v in (_variant(an, k, seed) for k in range(1, n + 1))]
