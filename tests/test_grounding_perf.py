"""Grounding's speed-ups keep its behaviour: the word-at-a-time fold equals the reference fold, the
per-article context cache is bounded, and memoised helpers hand out fresh lists."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from summarizer import grounding
from summarizer._align import _DROP, _MAP, _fold_chars, _fold_chars_slow
from summarizer._arabic_numbers import numbers
from summarizer._english_numbers import find_english_numbers
from summarizer.article import read_article

ROOT = Path(__file__).parent.parent


def test_fast_fold_equals_reference_fold():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    alphabet = list("ab AZ\t\n\r\u00a0\u2009\u3000x١٢مرحباًـ") + [chr(c) for c in _DROP] + list(_MAP)
    rnd = random.Random(7)
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(20_000)]
    for t in texts:
        assert _fold_chars(t) == _fold_chars_slow(t), repr(t)


def test_context_cache_is_a_bounded_lru():
    art = read_article(sorted((ROOT / "seeds").glob("*.txt"))[0])
    grounding._CACHE.clear()
    first = grounding._context(art)
    for i in range(grounding._CACHE_SIZE + 20):
        other = dataclasses.replace(art, text=art.text + f"\n{i}", sha256=f"x{i}")
        grounding._context(other)
        grounding._context(art)  # recently used: stays
        assert len(grounding._CACHE) <= grounding._CACHE_SIZE
    assert grounding._context(art) is first


def test_memoised_number_finders_return_fresh_lists():
    a = numbers("ضبطت الشرطة 45 ألف دولار")
    a.clear()
    assert numbers("ضبطت الشرطة 45 ألف دولار")
    e = find_english_numbers("about $45,000")
    e.clear()
    assert find_english_numbers("about $45,000")
