"""Numbers: which printed values change together, their new values, and the edits that print them."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from ..._english_numbers import _WORDS as _EN_WORDS
from ..._english_numbers import find_english_numbers
from ...arabic.numbers import NumberMention, find_numbers
from ..dataset import SeedCase
from .common import Edit, Key, _isint, _near, _one_decimal, _role, _rotate, _same, _vals
from .model import _Ctx, _NumGroup, _Plan, _Seed
from .tokens import _Tok, _tokens

#: Factors a variant scales its numbers by (the first one that fits every printed form wins).
_FACTORS = (1.3, 0.7, 1.5, 0.6, 1.25, 0.8, 1.6, 0.75, 1.4, 0.65, 1.2, 1.75, 0.55, 2.0, 0.5, 1.15, 0.85)
_EN_NUMBER_WORDS = {v: k for k, v in _EN_WORDS.items() if v <= 20}

_Toks = dict[int, list[_Tok] | None]


# ---- value groups --------------------------------------------------------------------------------

def _union(groups: list[set[Key]], keys: list[Key]) -> None:
    hit = [g for g in groups if any(k in g for k in keys)]
    merged = set(keys).union(*hit)
    for g in hit:
        groups.remove(g)
    groups.append(merged)


def _key_sets(gold: SeedCase, text: str, mentions: list[NumberMention], toks: _Toks, sets: list[set[Key]],
              order: list[Key], primary: dict[Key, _Tok]) -> dict[str, list[Key]]:
    """The keys each key number prints (joined into `sets`); key number id → its keys."""
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
    return key_keys


def _grow(sets: list[set[Key]], order: list[Key], mentions: list[NumberMention]) -> None:
    """Every other mention of a value in the same role belongs to its group (and drags its partner in)."""
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


def _groups(sets: list[set[Key]], order: list[Key], primary: dict[Key, _Tok], mentions: list[NumberMention],
            toks: _Toks) -> list[_NumGroup]:
    """The groups whose every printed form can be rewritten."""
    groups: list[_NumGroup] = []
    for s in sets:
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
            continue
        prim = {k: primary.get(k) or forms[k][0] for k in keys}
        groups.append(_NumGroup(slot=f"num:{len(groups)}", keys=keys, primary=prim, forms=forms))
    return groups


def _number_groups(gold: SeedCase, text: str, mentions: list[NumberMention]
                   ) -> tuple[list[_NumGroup], dict[str, tuple[str, list[Key]]]]:
    toks: _Toks = {id(n): _tokens(text, n) for n in mentions}
    sets: list[set[Key]] = []
    order: list[Key] = []
    primary: dict[Key, _Tok] = {}
    key_keys = _key_sets(gold, text, mentions, toks, sets, order, primary)
    _grow(sets, order, mentions)
    groups = _groups(sets, order, primary, mentions, toks)
    key_slot: dict[str, tuple[str, list[Key]]] = {}
    for kid, keys in key_keys.items():
        g = next((g for g in groups if keys[0] in g.keys), None)
        if g is not None:
            key_slot[kid] = (g.slot, keys)
    return groups, key_slot


# ---- new values ----------------------------------------------------------------------------------

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


# ---- edits that print them -----------------------------------------------------------------------

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
