"""Checks on a built variant: which slots were not substituted consistently, and the dataset's own checks."""

from __future__ import annotations

from typing import Any

from ...arabic.dates import find_dates
from ...arabic.money import find_money
from ...arabic.normalize import fold as ar_fold
from ...arabic.normalize import normalize
from ...arabic.numbers import NumberMention, find_numbers
from ...arabic.places import find_places
from .. import _text
from ..dataset import SeedCase
from .common import _role, _rule_regex, _same, _vals
from .model import _Ctx, _Plan, _Seed


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
    bad |= _failed_numbers(seed, active, new_text, gold)
    bad |= _failed_money(seed, active, new_text, gold)
    bad |= _failed_dates(plan, ctx, active, new_text)
    # places: the old countries are gone from the place reader's view
    codes = {p.country for p in find_places(masked)}
    for old, (_new, slot) in plan.countries.items():
        if slot in active and old in codes:
            bad.add(slot)
    bad |= _failed_names(seed, plan, active, new_text, gold)
    return bad


def _failed_numbers(seed: _Seed, active: set[str], new_text: str, gold: dict[str, Any]) -> set[str]:
    """Key numbers read as their new values, old raws are gone."""
    bad: set[str] = set()
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
        if not all(any(_same(w, x) for x in _values_in(new_mentions, a, b)) for w in want):
            bad.add(slot)
    return bad


def _values_in(mentions: list[NumberMention], a: int, b: int) -> list[float]:
    return [v for n in mentions if a <= (n.num_start if n.num_start >= 0 else n.start) < b for v in _vals(n)]


def _failed_money(seed: _Seed, active: set[str], new_text: str, gold: dict[str, Any]) -> set[str]:
    """Money reads with its new currency and amount (where the original read it)."""
    bad: set[str] = set()
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
    return bad


def _failed_dates(plan: _Plan, ctx: _Ctx, active: set[str], new_text: str) -> set[str]:
    """No old month left, every gold date the original printed is printed with its new parts."""
    bad: set[str] = set()
    new_dates = find_dates(new_text)
    for m, (_new, slot) in plan.months.items():
        if slot in active and any(d.month == m for d in new_dates):
            bad.add(slot)
    for (m, _d), (new, slot) in plan.days.items():
        if slot in active and not any(x.day == new and x.month == ctx.months.get(m, m) for x in new_dates):
            bad.add(slot)
    return bad


def _failed_names(seed: _Seed, plan: _Plan, active: set[str], new_text: str, gold: dict[str, Any]) -> set[str]:
    """Every entity/actor the original text named is still named."""
    bad: set[str] = set()
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
        from ..dataset import check_case
    except ImportError:  # an older dataset module: the checks above are all there is
        return []
    try:
        return check_case(sc, text, counterfactual=True)
    except TypeError:
        return check_case(sc, text)
