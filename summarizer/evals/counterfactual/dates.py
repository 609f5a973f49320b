"""Months and days: which the text prints, what replaces them, and the edits that print the new ones."""

from __future__ import annotations

import random
import re

from ...arabic.dates import MONTH_NAMES_EN, MONTHS, find_dates
from ...arabic.normalize import fold as ar_fold
from ...arabic.normalize import normalize
from .common import Edit, _rotate, _same
from .model import _Ctx, _Plan, _Seed
from .pools import pools


def _seed_dates(text: str) -> tuple[dict[int, list[str]], list[tuple[int, int]]]:
    """(month → the normalised words the text prints for it, (month, day) pairs printed as digits)."""
    months: dict[int, list[str]] = {}
    days: list[tuple[int, int]] = []
    ambiguous = pools().ambiguous_months
    for d in find_dates(text):
        if not d.month:
            continue
        raw = normalize(d.raw).text
        words = [k for k, v in MONTHS.items() if "/" not in k and k not in ambiguous
                 and re.search(rf"(?<!\w){re.escape(k)}(?!\w)", raw)]
        for k in words:
            months.setdefault(MONTHS[k], [])
            if k not in months[MONTHS[k]]:
                months[MONTHS[k]].append(k)
        if d.day and (d.month, d.day) not in days:
            days.append((d.month, d.day))
    return months, days


def _plan_dates(seed: _Seed, plan: _Plan, shared: random.Random, rng: random.Random, k: int) -> None:
    greg, lev_names = pools().months_greg, pools().months_lev
    old_months = sorted(seed.months)
    free = [m for m in range(1, 13) if m not in old_months]
    free = _rotate(shared.sample(free, len(free)), k)
    lev = {ar_fold(x) for x in lev_names if x}
    for m in old_months:
        if not free:
            break
        new = free.pop(0)
        slot = f"month:{m}"
        plan.months[m] = (new, slot)
        for word in seed.months[m]:
            plan.rule(slot, word, (lev_names if word in lev else greg)[new])
        plan.en(slot, MONTH_NAMES_EN[m], MONTH_NAMES_EN[new])
    taken: set[int] = set()
    for m, d in seed.days:
        choices = [x for x in range(2, 29) if x != d and x not in taken
                   and not any(_same(x, a) for a in seed.avoid_values)]
        if not choices:
            continue
        new = rng.choice(choices)
        taken.add(new)
        slot = f"day:{m}-{d}"
        plan.days[(m, d)] = (new, slot)
        plan.add_slot(slot)


def _date_edits(base: str, ctx: _Ctx) -> list[Edit]:
    edits: list[Edit] = []
    if not ctx.days:
        return edits
    for d in find_dates(base):
        if not (d.month and d.day) or (d.month, d.day) not in ctx.days:
            continue
        m = re.search(rf"(?<!\d)0?{d.day}(?!\d)", base[d.start:d.end])
        if m:
            edits.append((d.start + m.start(), d.start + m.end(), str(ctx.days[(d.month, d.day)])))
    return edits


def _en_date_edits(s: str, ctx: _Ctx) -> list[Edit]:
    edits: list[Edit] = []
    for (m, d), new in ctx.days.items():
        name = MONTH_NAMES_EN[m]
        for rx in (rf"(?<![\d.])({d})(?:st|nd|rd|th)?\s+(?:of\s+)?{name}\b", rf"\b{name}\s+({d})(?!\d)"):
            for x in re.finditer(rx, s):
                edits.append((x.start(1), x.end(1), str(new)))
    return edits
