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
- Places and currencies. The pools (`data/pools.yaml`): a country is replaced by one the article does not
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
- A country that is not in the country pool (its English forms are needed), regions (أوروبا), and
  geography the text states ("south of Paris", "جنوبي البلاد") is not re-checked.
- Month words that are also common words (آب, ماي) are not rewritten; a month printed that way
  makes its slot fail the checks and be dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .build import counterfactuals, substitution_slots

if TYPE_CHECKING:
    from .pools import Country, Currency

    COUNTRIES: tuple[Country, ...]
    CURRENCIES: tuple[Currency, ...]
    PERSONS: tuple[tuple[str, str, str, str], ...]
    COMPANIES: tuple[tuple[str, str], ...]
    WEBSITES: tuple[str, ...]

__all__ = ["counterfactuals", "substitution_slots", "COUNTRIES", "CURRENCIES", "PERSONS", "COMPANIES",
           "WEBSITES"]

#: The pools and printed tables as module attributes, read from `data/pools.yaml` on first use.
_POOL_ATTRS = {
    "COUNTRIES": "countries", "CURRENCIES": "currencies", "PERSONS": "persons", "COMPANIES": "companies",
    "WEBSITES": "websites", "_MONTHS_GREG": "months_greg", "_MONTHS_LEV": "months_lev",
    "_AMBIGUOUS_MONTHS": "ambiguous_months", "_AR_WORDS_M": "words_m", "_AR_WORDS_F": "words_f",
    "_SCALE_SING": "scale_sing", "_SCALE_PLUR": "scale_plur", "_UNIT_PLUR": "unit_plur", "_UNIT_ACC": "unit_acc",
}


def __getattr__(name: str) -> Any:
    if name in _POOL_ATTRS:
        from .pools import pools

        return getattr(pools(), _POOL_ATTRS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
