"""Quote alignment for grounding: find an Arabic quote in the article, exact → normalised → fuzzy.

The article is folded once (`Folded`): Arabic letter variants unified, diacritics and tatweel
dropped, digits made ASCII, quotes/dashes/whitespace unified, Latin lower-cased. Every folded
character keeps the offset of the original character it came from, so a match on the folded
text maps back to a span of `Article.text`.

When the Arabic toolkit (`summarizer.arabic`) is present its `normalize()` runs first and the
fold is applied on top of it, the two offset maps composed.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Lowest rapidfuzz partial-ratio score that counts as a fuzzy alignment.
FUZZY_THRESHOLD = 90.0
#: Quotes shorter than this (folded) are only aligned exactly/normalised: fuzzy is noise there.
FUZZY_MIN_CHARS = 12

_DROP = set(range(0x064B, 0x0653)) | {0x0670, 0x0640, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF}
_MAP = {
    **{c: "ا" for c in "أإآٱ"},
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    "٫": ".", "٬": ",", "،": ",", "؛": ";", "؟": "?",
    **{c: '"' for c in "“”„«»″〝〞"}, **{c: "'" for c in "‘’‚′`"},
    **{c: "-" for c in "‐‑‒–—―−"},
}


@dataclass(frozen=True)
class Folded:
    """A folded copy of a text plus, per folded character, the original offset."""

    text: str
    offsets: tuple[int, ...]
    original_len: int

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else self.original_len
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


def _fold_chars_slow(text: str) -> tuple[str, list[int]]:
    """Reference fold, one character at a time (`_fold_chars` is the same, a word at a time)."""
    out: list[str] = []
    offs: list[int] = []
    space = True  # drop leading whitespace
    for i, ch in enumerate(text):
        code = ord(ch)
        if code in _DROP:
            continue
        if ch.isspace():
            if not space:
                out.append(" ")
                offs.append(i)
                space = True
            continue
        space = False
        ch = _MAP.get(ch, ch)
        if "A" <= ch <= "Z":
            ch = ch.lower()
        out.append(ch)
        offs.append(i)
    if out and out[-1] == " ":
        out.pop()
        offs.pop()
    return "".join(out), offs


# One character in, one out: the map, then ASCII upper → lower (the map yields no ASCII capital).
_TABLE = str.maketrans({**_MAP, **{chr(c): chr(c).lower() for c in range(ord("A"), ord("Z") + 1)}})
_DROP_CLASS = "".join(re.escape(chr(c)) for c in sorted(_DROP))
# A run of kept characters, or a whitespace run (dropped marks inside it belong to it); dropped
# marks elsewhere match nothing and are skipped.
_RUNS = re.compile(rf"[^\s{_DROP_CLASS}]+|\s[\s{_DROP_CLASS}]*")


def _fold_chars(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offs: list[int] = []
    for m in _RUNS.finditer(text):
        run = m.group()
        if run[0].isspace():
            if out:  # leading whitespace is dropped; a run becomes one space at its first character
                out.append(" ")
                offs.append(m.start())
        else:
            out.append(run.translate(_TABLE))
            offs.extend(range(m.start(), m.end()))
    if out and out[-1] == " ":
        out.pop()
        offs.pop()
    return "".join(out), offs


def _toolkit_normalize() -> Callable[[str], object] | None:
    try:
        from . import arabic
    except Exception:  # toolkit not there (yet), or broken: the fold alone still works
        return None
    normalize = getattr(arabic, "normalize", None)
    return normalize if callable(normalize) and not isinstance(normalize, type(arabic)) else None


def fold(text: str) -> Folded:
    """Fold `text` for matching, keeping a map back to original offsets."""
    normalize = _toolkit_normalize()
    if normalize is not None:
        try:
            norm = normalize(text)
            inner = norm.text  # type: ignore[attr-defined]
            folded, offs = _fold_chars(inner)
            to_orig = norm.to_original  # type: ignore[attr-defined]
            mapped = list(map(int, map(to_orig, offs)))
            hi = max(len(text) - 1, 0)
            if mapped and (min(mapped) < 0 or max(mapped) > hi):
                mapped = [min(max(o, 0), hi) for o in mapped]
            if all(map(operator.le, mapped, mapped[1:])):
                return Folded(folded, tuple(mapped), len(text))
        except Exception:  # a toolkit bug must not take grounding down: fall back to the fold
            pass
    folded, offs = _fold_chars(text)
    return Folded(folded, tuple(offs), len(text))


@lru_cache(maxsize=8192)
def fold_text(text: str) -> str:
    """Just the folded string (for comparing names and short phrases). Memoised: names, forms and
    raw amounts recur across fields and articles."""
    return _fold_chars(text)[0]


@dataclass(frozen=True)
class Alignment:
    start: int | None
    end: int | None
    kind: str  # exact / normalized / fuzzy / unaligned / boilerplate
    score: float = 100.0


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def _digits(s: str) -> list[str]:
    return sorted(d.replace(",", "") for d in _DIGITS.findall(s))


def align(
    quote: str,
    text: str,
    folded: Folded,
    in_boilerplate: Callable[[int, int], bool],
    content_lines: list[tuple[int, int]],
) -> Alignment:
    """Find `quote` in `text`: exact, then on folded text, then fuzzy (rapidfuzz ≥ threshold).

    A match inside boilerplate is used only when no match outside it exists; it then comes back
    with kind "boilerplate". `content_lines` are folded-text spans of non-boilerplate lines.
    """
    q = quote.strip()
    if not q:
        return Alignment(None, None, "unaligned", 0.0)
    boiler: tuple[int, int] | None = None
    # 1. exact
    pos = text.find(q)
    while pos != -1:
        if not in_boilerplate(pos, pos + len(q)):
            return Alignment(pos, pos + len(q), "exact")
        boiler = boiler or (pos, pos + len(q))
        pos = text.find(q, pos + 1)
    # 2. folded
    fq = fold_text(q)
    if not fq:
        return Alignment(None, None, "unaligned", 0.0)
    pos = folded.text.find(fq)
    while pos != -1:
        s, e = folded.span_to_original(pos, pos + len(fq))
        if not in_boilerplate(s, e):
            return Alignment(s, e, "normalized")
        boiler = boiler or (s, e)
        pos = folded.text.find(fq, pos + 1)
    if boiler is not None:
        return Alignment(boiler[0], boiler[1], "boilerplate")
    # 3. fuzzy, first over the article proper, line by line (quotes are at most a sentence)
    if len(fq) < FUZZY_MIN_CHARS:
        return Alignment(None, None, "unaligned", 0.0)
    from rapidfuzz import fuzz

    qdigits = _digits(fq)
    best: tuple[float, int, int] | None = None
    for a, b in content_lines:
        line = folded.text[a:b]
        if len(line) + 8 < len(fq) * 0.8:
            continue
        r = fuzz.partial_ratio_alignment(fq, line, score_cutoff=FUZZY_THRESHOLD)
        if r is None or (best is not None and r.score <= best[0]):
            continue
        s, e = a + r.dest_start, a + r.dest_end
        # A fuzzy match must not launder a changed number: the digits have to agree.
        if _digits(folded.text[s:e]) != qdigits:
            continue
        best = (r.score, s, e)
    if best is not None:
        s, e = folded.span_to_original(best[1], best[2])
        return Alignment(s, e, "fuzzy", round(best[0], 1))
    r = fuzz.partial_ratio_alignment(fq, folded.text, score_cutoff=FUZZY_THRESHOLD)
    if r is not None:
        s, e = folded.span_to_original(r.dest_start, r.dest_end)
        if in_boilerplate(s, e) and _digits(folded.text[r.dest_start:r.dest_end]) == qdigits:
            return Alignment(s, e, "boilerplate", round(r.score, 1))
    return Alignment(None, None, "unaligned", 0.0)


def find_folded(needle: str, folded: Folded, content_lines: list[tuple[int, int]],
                threshold: float = FUZZY_THRESHOLD) -> bool:
    """True when `needle` (a name, a raw amount) occurs in the article proper, folded or fuzzily."""
    return find_folded_in(fold_text(needle), [folded.text[a:b] for a, b in content_lines], threshold)


def find_folded_in(fn: str, lines: Sequence[str], threshold: float = FUZZY_THRESHOLD,
                   joined: str | None = None) -> bool:
    """`find_folded` on an already folded needle and the article-proper lines as strings.

    `joined` is optionally the lines joined with "\n": folded text holds no line break, so a
    needle (itself folded) is in some line exactly when it is in the joined text.
    """
    if not fn:
        return False
    if joined is not None:
        if fn in joined:
            return True
    elif any(fn in line for line in lines):
        return True
    if len(fn) < 4:
        return False
    from rapidfuzz import fuzz, process

    # The first line scoring ≥ threshold, as `partial_ratio` scores it line by line (the loop in C).
    return process.extractOne(fn, lines, scorer=fuzz.partial_ratio, processor=None,
                              score_cutoff=threshold) is not None
