"""Building the variants: analyse a seed once, plan each variant, rewrite, check, drop failing slots."""

from __future__ import annotations

import random
from typing import Any

from ...arabic.money import currency_names
from ...arabic.normalize import normalize
from ...arabic.numbers import NumberMention, find_numbers
from ..dataset import SeedCase
from .common import _vals
from .dates import _plan_dates, _seed_dates
from .model import _Ctx, _in_text, _Plan, _Seed
from .names_places import _countries, _people_and_companies, _plan_people, _plan_places
from .numbers import _number_groups, _plan_numbers
from .pools import KEEP_CURRENCIES, pools
from .rewrite import _rewrite_ar, _rewrite_gold
from .verify import _failures, _problems


def _avoid_values(gold: SeedCase, mentions: list[NumberMention]) -> set[float]:
    """Every number the original prints (values and mantissas) or the gold holds."""
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
    return avoid_v


def _analyse(gold: SeedCase, text: str) -> _Seed:
    mentions = find_numbers(text)
    groups, key_slot = _number_groups(gold, text, mentions)
    avoid_v = _avoid_values(gold, mentions)
    avoid_m = {t.m0 for g in groups for ts in g.forms.values() for t in ts}
    persons, companies = _people_and_companies(gold)
    countries, seed_codes = _countries(gold, text)
    known_currencies = pools().currency
    codes = {m.currency for inc in gold.incidents for m in inc.money}
    codes |= {k.unit for k in gold.key_numbers if k.unit in known_currencies}
    currencies = sorted(c for c in codes if c in known_currencies and c not in KEEP_CURRENCIES)
    norm = normalize(text).text
    months, days = _seed_dates(text)
    hedged = {k.unit for k in gold.key_numbers if k.hedge and k.unit in currencies}
    hedged_v = {v for n in mentions if n.qualifier in ("approx", "at_least", "at_most") for v in _vals(n)}
    hedged_v |= {v for k in gold.key_numbers if k.hedge for v in k.values}
    return _Seed(gold=gold, text=text, mentions=mentions, groups=groups, key_slot=key_slot,
                 avoid_values=avoid_v, hedged_values=hedged_v, avoid_mantissas=avoid_m, persons=persons,
                 companies=companies, countries=countries, currencies=currencies, hedged_currencies=hedged,
                 seed_codes=seed_codes, months=months, days=days, text_norm=norm,
                 checkable=not _problems(gold.model_dump(), text))


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
    See the package doc for what is substituted, how it is checked and what is skipped. Raises
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
