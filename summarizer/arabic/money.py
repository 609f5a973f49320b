"""Money: an amount plus a currency, and the article's own conversion in brackets.

`find_money(text)` pairs each cardinal `NumberMention` with a currency named right after it
(or a symbol before it). Currency names come from Babel's CLDR Arabic display names plus
common newsroom forms (دولار → USD, يورو → EUR, دينار عراقي → IQD, تينغ → KZT, جنيه
إسترليني → GBP, درهم → AED, بيتكوين → BTC …). A bracketed amount right after it — "50
مليون دينار عراقي (نحو 30 ألف دولار)" — is that amount's conversion *as the article states
it*: it is attached as `conversion` (and as `usd_as_stated_*` when in USD), not a new amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold, normalize
from .numbers import NumberMention, find_numbers

__all__ = ["MoneyMention", "find_money", "currency_names", "CURRENCY_EN"]

_CRYPTO = {"BTC", "ETH", "USDT", "XMR", "BNB", "LTC", "TRX", "USDC"}

#: Curated forms, checked before Babel's names (normalised keys, longest first).
_CURATED: dict[str, str] = {
    "دولار امريكي": "USD", "دولار اميركي": "USD", "دولار امريكيا": "USD", "دولارات": "USD", "دولارا": "USD",
    "دولار": "USD", "يورو": "EUR", "دينار عراقي": "IQD", "دينارا عراقيا": "IQD", "دينار كويتي": "KWD",
    "دينار اردني": "JOD", "دينار بحريني": "BHD", "دينار ليبي": "LYD", "دينار تونسي": "TND",
    "دينار جزائري": "DZD", "تينغ كازاخستاني": "KZT", "تينغ": "KZT", "تنغ": "KZT", "تينج": "KZT",
    "جنيه استرليني": "GBP", "جنيها استرلينيا": "GBP", "جنيه مصري": "EGP", "جنيه": "EGP", "جنيها": "EGP",
    "درهم اماراتي": "AED", "درهم مغربي": "MAD", "درهم": "AED", "دراهم": "AED", "ريال سعودي": "SAR",
    "ريال قطري": "QAR", "ريال عماني": "OMR", "ريال يمني": "YER", "ريال ايراني": "IRR", "ليره تركيه": "TRY",
    "ليره سوريه": "SYP", "ليره لبنانيه": "LBP", "روبل": "RUB", "يوان": "CNY", "ين": "JPY",
    "بيتكوين": "BTC", "بتكوين": "BTC", "البيتكوين": "BTC", "ايثريوم": "ETH", "ايثيريوم": "ETH",
    "تيثر": "USDT", "مونيرو": "XMR",
}
CURRENCY_EN: dict[str, tuple[str, str]] = {
    # code → (singular, plural) as an English reader expects it
    "USD": ("dollar", "dollars"), "EUR": ("euro", "euros"), "IQD": ("Iraqi dinar", "Iraqi dinars"),
    "KZT": ("Kazakh tenge", "Kazakh tenge"), "GBP": ("pound sterling", "pounds sterling"),
    "AED": ("dirham", "dirhams"), "SAR": ("Saudi riyal", "Saudi riyals"), "EGP": ("Egyptian pound", "Egyptian pounds"),
    "BTC": ("bitcoin", "bitcoin"), "ETH": ("ether", "ether"), "USDT": ("tether", "tether"),
}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}


@lru_cache(maxsize=1)
def currency_names() -> dict[str, str]:
    """Normalised Arabic currency name → ISO code (curated forms + Babel CLDR 'ar' names)."""
    names: dict[str, str] = {}
    try:
        from babel import Locale

        for code, name in Locale("ar").currencies.items():
            key = fold(name).strip()
            if len(key) >= 4 and code.isalpha() and len(code) == 3:
                names.setdefault(key, code)
    except Exception:  # Babel data missing: the curated list still works
        pass
    names.update(_CURATED)
    return names


@lru_cache(maxsize=1)
def _currency_re() -> re.Pattern[str]:
    alt = "|".join(sorted((re.escape(k) for k in currency_names()), key=len, reverse=True))
    return re.compile(rf"\s*(?:من\s+)?(?:ال)?(?:ب)?(?P<cur>{alt})(?!\w)")


@dataclass(frozen=True)
class MoneyMention:
    """An amount with its currency. Offsets index the original text.

    `start`/`end` cover the amount and currency (with its hedge); `full_end` also covers a
    bracketed conversion. `conversion` is that bracketed amount (the article's own figure);
    `usd_as_stated` is (min, max) when the conversion is in USD. `is_conversion` marks a
    mention that is itself the bracketed conversion of the amount before it.
    """

    start: int
    end: int
    raw: str
    number: NumberMention
    currency: str
    currency_kind: str = "fiat"
    full_end: int = -1
    conversion: MoneyMention | None = None
    is_conversion: bool = False

    @property
    def min(self) -> float:
        return self.number.min

    @property
    def max(self) -> float | None:
        return self.number.max

    @property
    def qualifier(self) -> str:
        return self.number.qualifier

    @property
    def usd_as_stated(self) -> tuple[float, float | None] | None:
        if self.currency == "USD":
            return None
        if self.conversion is not None and self.conversion.currency == "USD":
            return self.conversion.min, self.conversion.max
        return None

    def english(self) -> str:
        """'more than 8 billion Kazakh tenge (more than 15 million dollars)'."""
        sing, plur = CURRENCY_EN.get(self.currency, (self.currency, self.currency))
        s = f"{self.number.english()} {sing if self.number.min == 1 and self.number.max in (1, None) else plur}"
        if self.conversion is not None:
            s += f" ({self.conversion.english()})"
        return s


def find_money(text: str, numbers: list[NumberMention] | None = None) -> list[MoneyMention]:
    """Money mentions in `text` (original offsets), in order; see the module doc."""
    nums = numbers if numbers is not None else find_numbers(text)
    norm = normalize(text)
    t = norm.text
    cur_re = _currency_re()
    names = currency_names()
    found: list[MoneyMention] = []
    for n in nums:
        if n.kind != "cardinal":
            continue
        a = norm.from_original(n.start)
        b = norm.from_original(n.end)
        m = cur_re.match(t, b)
        code = None
        end = b
        if m:
            code = names[m.group("cur")]
            end = m.end()
        elif a > 0 and t[a - 1] in _SYMBOLS:
            code = _SYMBOLS[t[a - 1]]
            a -= 1
        if code is None:
            continue
        s, e = norm.span_to_original(min(a, norm.from_original(n.start)), end)
        found.append(MoneyMention(start=s, end=e, raw=text[s:e], number=n, currency=code,
                                  currency_kind="crypto" if code in _CRYPTO else "fiat", full_end=e))
    # Bracketed conversions: "X (Y)" where Y is money right inside the bracket.
    out: list[MoneyMention] = []
    i = 0
    while i < len(found):
        cur = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None:
            between = text[cur.end:nxt.start]
            close = re.match(r"\s*[)\]]", text[nxt.end:])
            if re.fullmatch(r"\s*[(\[]\s*", between) and close and nxt.currency != cur.currency:
                conv = MoneyMention(**{**nxt.__dict__, "is_conversion": True})
                full_end = nxt.end + close.end()
                out.append(MoneyMention(**{**cur.__dict__, "conversion": conv, "full_end": full_end}))
                out.append(conv)
                i += 2
                continue
        out.append(cur)
        i += 1
    return out
