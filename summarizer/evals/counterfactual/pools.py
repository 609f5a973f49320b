"""The substitute pools and printed forms, read once from `data/pools.yaml`.

Countries, currencies, invented people, companies and websites a variant substitutes, and the
Arabic forms it prints (month names, word numbers 3–10, scale words, time units). The file's
order is part of the behaviour: variants draw from these lists with seeded shuffles.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

POOLS_FILE = Path(__file__).resolve().parent / "data" / "pools.yaml"
#: Never substituted (see the package doc): the bracketed conversions and `usd_as_stated_min`
#: are USD by definition.
KEEP_CURRENCIES = {"USD"}


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


@dataclass(frozen=True)
class Currency:
    """A currency as printed after an amount; English names come from `money.CURRENCY_EN` when
    it has them. `en_alt` are bare nouns an English sentence may use (old side only)."""

    code: str
    ar: str
    en: tuple[str, str] | None = None
    symbol: str | None = None
    en_alt: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pools:
    """Everything in `data/pools.yaml`, in file order."""

    countries: tuple[Country, ...]
    currencies: tuple[Currency, ...]
    #: Invented people: (Arabic first, Arabic surname, English first, English surname).
    persons: tuple[tuple[str, str, str, str], ...]
    #: Invented companies/platforms: (Latin, Arabic).
    companies: tuple[tuple[str, str], ...]
    #: Invented websites (Latin only).
    websites: tuple[str, ...]
    #: Month names as printed (index = month, 0 is ""): Egyptian/Gulf and Levantine/Iraqi names.
    months_greg: tuple[str, ...]
    months_lev: tuple[str, ...]
    #: Month words that are also common words (أب "father"); never rewritten as months.
    ambiguous_months: frozenset[str]
    #: Word numbers 3–10 as printed: before a masculine noun (ثلاثة رجال) and a feminine one.
    words_m: dict[int, str]
    words_f: dict[int, str]
    #: Scale words as printed: singular (after 11+ or a decimal) and plural (after 3–10).
    scale_sing: dict[float, str]
    scale_plur: dict[float, str]
    #: Time units as printed: plural (3–10) and accusative singular (11+).
    unit_plur: dict[str, str]
    unit_acc: dict[str, str]
    #: `countries` and `currencies` by ISO code.
    country: dict[str, Country]
    currency: dict[str, Currency]


def _strs(items: Any) -> tuple[str, ...]:
    out = tuple(items or ())
    if not all(isinstance(x, str) for x in out):
        raise ValueError(f"{POOLS_FILE.name}: expected strings, got {out!r}")
    return out


def _country(row: dict[str, Any]) -> Country:
    cities = tuple(City(*_strs(pair)) for pair in row["cities"])
    return Country(code=str(row["code"]), ar=row["ar"], adj_m=row["adj_m"], adj_f=row["adj_f"], en=row["en"],
                   demonym=row["demonym"], cities=cities, currency=str(row["currency"]),
                   ar_alt=_strs(row.get("ar_alt")), en_alt=_strs(row.get("en_alt")),
                   demonym_alt=_strs(row.get("demonym_alt")), pool=bool(row.get("pool", True)))


def _currency(row: dict[str, Any]) -> Currency:
    en = row.get("en")
    sing_plur = None if en is None else (str(en[0]), str(en[1]))
    return Currency(code=str(row["code"]), ar=row["ar"], en=sing_plur, symbol=row.get("symbol"),
                    en_alt=_strs(row.get("en_alt")))


@cache
def pools() -> Pools:
    """The pools, read and checked once."""
    import yaml

    data = yaml.safe_load(POOLS_FILE.read_text(encoding="utf-8"))
    months = data["months"]
    if len(months["gregorian"]) != 12 or len(months["levantine"]) != 12:
        raise ValueError(f"{POOLS_FILE.name}: months need 12 names each")
    words = {int(k): _strs(v) for k, v in data["word_numbers"].items()}
    scales = {float(k): _strs(v) for k, v in data["scale_words"].items()}
    units = {str(k): _strs(v) for k, v in data["time_units"].items()}
    countries = tuple(_country(r) for r in data["countries"])
    currencies = tuple(_currency(r) for r in data["currencies"])
    return Pools(
        countries=countries,
        currencies=currencies,
        persons=tuple((p[0], p[1], p[2], p[3]) for p in (_strs(x) for x in data["persons"])),
        companies=tuple((c[0], c[1]) for c in (_strs(x) for x in data["companies"])),
        websites=_strs(data["websites"]),
        months_greg=("", *_strs(months["gregorian"])),
        months_lev=("", *_strs(months["levantine"])),
        ambiguous_months=frozenset(_strs(data["ambiguous_months"])),
        words_m={k: v[0] for k, v in words.items()},
        words_f={k: v[1] for k, v in words.items()},
        scale_sing={k: v[0] for k, v in scales.items()},
        scale_plur={k: v[1] for k, v in scales.items()},
        unit_plur={k: v[0] for k, v in units.items()},
        unit_acc={k: v[1] for k, v in units.items()},
        country={c.code: c for c in countries},
        currency={c.code: c for c in currencies},
    )
