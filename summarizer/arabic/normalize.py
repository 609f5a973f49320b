"""Arabic orthographic normalisation with an offset map back to the original text.

`normalize(text)` folds spelling variants so that rules can match one form, and keeps, for
every character of the normalised string, the span of original characters it came from.
Every offset reported by this package points into the *original* text.

Folds: أ إ آ ٱ → ا ; ى → ي ; ة → ه ; tatweel ـ, diacritics (U+064B–U+065F, U+0670) and
bidi/zero-width marks removed ; Arabic-Indic digits (U+0660–0669, U+06F0–06F9) → ASCII ;
٫ (U+066B) → '.' ; ٬ (U+066C) → ',' ; the Arabic comma ، (U+060C) is kept as is (it is
never a thousands separator) ; runs of spaces/tabs → one space, runs holding a line break
→ one '\\n'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalized", "normalize", "fold", "sentences"]

_CHAR_MAP: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ة": "ه",
    "٫": ".", "٬": ",",
    "\u00a0": " ", "\t": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
}
for _i in range(10):
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)
for _cp in range(0x2000, 0x200B):
    _CHAR_MAP[chr(_cp)] = " "

#: Characters dropped entirely (they attach to the previous kept character).
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
)
_FOLD_TABLE = str.maketrans({**_CHAR_MAP, **{c: None for c in _DROP}})


@dataclass(frozen=True)
class Normalized:
    """A normalised string plus the map back to the original.

    `text` is the normalised string. `starts[i]`/`ends[i]` give the original span that
    normalised character `i` came from (dropped marks belong to the preceding character;
    a folded whitespace run maps to the whole run).
    """

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, i: int) -> int:
        """Original offset of normalised offset `i` (0 ≤ i ≤ len(text))."""
        if i >= len(self.text):
            return len(self.original)
        return self.starts[max(i, 0)]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end); end exclusive."""
        if end <= start:
            p = self.to_original(start)
            return p, p
        end = min(end, len(self.text))
        return self.starts[start], self.ends[end - 1]

    def from_original(self, i: int) -> int:
        """Normalised offset of the first normalised char whose source starts at or after `i`."""
        import bisect

        return bisect.bisect_left(self.starts, i)


@lru_cache(maxsize=256)
def normalize(text: str) -> Normalized:
    """Normalise Arabic `text` (see module doc); offsets map back with `to_original`.

    Results are cached (the same article text is normalised by several finders).
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        if ch in _DROP:
            if ends:
                ends[-1] = i + 1
            continue
        ch = _CHAR_MAP.get(ch, ch)
        if ch in " \n\r\v\f":
            if prev_space:
                if ch in "\n\r\v\f":
                    out[-1] = "\n"
                ends[-1] = i + 1
                continue
            prev_space = True
            ch = "\n" if ch in "\n\r\v\f" else " "
        else:
            prev_space = False
        out.append(ch)
        starts.append(i)
        ends.append(i + 1)
    return Normalized(text, "".join(out), tuple(starts), tuple(ends))


def fold(text: str) -> str:
    """Normalise without an offset map (cheap; for lexicon keys and comparisons)."""
    return re.sub(r"[ \n]{2,}", lambda m: "\n" if "\n" in m.group() else " ",
                  text.translate(_FOLD_TABLE))


_BOUNDARY = re.compile(r"[.!?؟…۔]+[\"”»)\]'’]*(?=\s|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, whitespace-trimmed, in order.

    Splits on line breaks and on . ! ? ؟ … when followed by a space or the end; a dot
    inside a number (4.2) or a domain (FaceMaskCenter.com) does not split.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        pos = line.start()
        cuts = [m.end() + line.start() for m in _BOUNDARY.finditer(line.group())]
        for cut in [*cuts, line.end()]:
            a, b = pos, cut
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append((a, b))
            pos = cut
    return spans
