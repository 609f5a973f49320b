"""Arabic text toolkit: normalisation with offset maps, sentences, numbers, money, dates,
places and the incident lexicon. Pure Python + Babel; no network; every offset returned
points into the ORIGINAL text passed in.

Public API (stable):

- `normalize(text) -> Normalized` (`.text`, `.to_original(i)`, `.span_to_original(s, e)`,
  `.from_original(i)`); `fold(text) -> str` (same folding, no map)
- `sentences(text) -> list[tuple[int, int]]`
- `find_numbers(text) -> list[NumberMention]`; `parse_number(token)`; `format_number(x)`
- `find_money(text) -> list[MoneyMention]`; `currency_names()`
- `find_dates(text, published=None) -> list[DateMention]`; `parse_date(raw, published=None)`
- `find_places(text) -> list[PlaceMention]`; `gazetteer()`
- `lexicon`: incident cues, count nouns, money roles, known names (`known_name(text)`),
  `transliterate(arabic)`
"""

from .dates import DateMention, find_dates, parse_date
from .lexicon import KnownName, known_names, transliterate
from .money import MoneyMention, currency_names, find_money
from .normalize import Normalized, fold, normalize, sentences
from .numbers import NumberMention, find_numbers, format_number, parse_number
from .places import PlaceMention, find_places, gazetteer

__all__ = [
    "DateMention", "KnownName", "MoneyMention", "Normalized", "NumberMention", "PlaceMention",
    "currency_names", "find_dates", "find_money", "find_numbers", "find_places", "fold", "format_number",
    "gazetteer", "known_names", "normalize", "parse_date", "parse_number", "sentences", "transliterate",
]
