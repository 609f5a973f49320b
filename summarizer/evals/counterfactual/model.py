"""What a seed holds (`_Seed`), one variant's plan (`_Plan`) and the substitutions in force (`_Ctx`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...arabic.normalize import fold as ar_fold
from ...arabic.numbers import NumberMention
from ..dataset import SeedCase
from .common import Key, Role, _dedupe, _EnRule, _Rule, _rule_regex, _same
from .pools import Country
from .tokens import _Tok

# ---- what a seed holds ---------------------------------------------------------------------------


@dataclass
class _NumGroup:
    slot: str
    keys: list[Key]  # (role, old value), in the order the key numbers give them
    primary: dict[Key, _Tok]  # the token whose style proposes the new value
    forms: dict[Key, list[_Tok]]  # every printed form of each value


@dataclass
class _Person:
    slot: str
    ar_full: list[str] = field(default_factory=list)
    ar_last: list[str] = field(default_factory=list)
    latin_full: list[str] = field(default_factory=list)
    latin_last: list[str] = field(default_factory=list)


@dataclass
class _Company:
    slot: str
    ar: list[str] = field(default_factory=list)
    latin: list[str] = field(default_factory=list)
    website: bool = False


@dataclass
class _OldCity:
    ar: list[str]  # normalised forms
    en: list[str]
    capital: bool
    critical: bool = False  # a critical gold entity: it gets a city the place reader knows


@dataclass
class _OldCountry:
    slot: str
    row: Country
    names: list[str]  # normalised Arabic names
    stems: list[str]  # normalised adjective stems
    cities: list[_OldCity]
    en_names: list[str]
    en_adjs: list[str]


@dataclass
class _Seed:
    gold: SeedCase
    text: str
    mentions: list[NumberMention]
    groups: list[_NumGroup]
    key_slot: dict[str, tuple[str, list[Key]]]  # key number id → (slot, its keys)
    avoid_values: set[float]  # every number the original prints or the gold holds
    hedged_values: set[float]  # …of which the article hedges (a new value keeps 6 % away from them)
    avoid_mantissas: set[float]
    persons: list[_Person]
    companies: list[_Company]
    countries: list[_OldCountry]
    currencies: list[str]  # gold currency codes that may be substituted
    hedged_currencies: set[str]  # …of which a hedged key number is counted in
    seed_codes: set[str]  # countries the article or gold names
    months: dict[int, list[str]]  # month → the normalised words the text prints for it
    days: list[tuple[int, int]]  # (month, day) printed as digits next to a month
    text_norm: str
    checkable: bool = True  # the original passes `check_case`: a variant must too


def _in_text(seed: _Seed, form: str) -> bool:
    return _rule_regex(ar_fold(form).strip(), False, False).search(seed.text_norm) is not None


# ---- one variant's plan --------------------------------------------------------------------------

@dataclass
class _Plan:
    ar_rules: list[_Rule] = field(default_factory=list)
    en_rules: list[_EnRule] = field(default_factory=list)
    values: dict[Key, tuple[float, str]] = field(default_factory=dict)  # key → (new value, slot)
    months: dict[int, tuple[int, str]] = field(default_factory=dict)
    days: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    countries: dict[str, tuple[str, str]] = field(default_factory=dict)
    currencies: dict[str, tuple[str, str]] = field(default_factory=dict)
    slots: list[str] = field(default_factory=list)
    old_forms: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # slot → (normalised, adj)
    keep: list[str] = field(default_factory=list)  # phrases left as they are (دولار أمريكي), normalised

    def add_slot(self, slot: str) -> None:
        if slot not in self.slots:
            self.slots.append(slot)

    def rule(self, slot: str, old: str, new: str, *, adj: bool = False, new_f: str = "") -> None:
        old = ar_fold(old).strip()
        if not old:
            return
        self.ar_rules.append(_Rule(slot, old, new, adj, new_f))
        self.old_forms.setdefault(slot, []).append((old, adj))
        self.add_slot(slot)

    def en(self, slot: str, old: str, new: str, *, bare: bool = False) -> None:
        if old and old != new:
            self.en_rules.append(_EnRule(slot, old, new, bare))


# ---- the substitutions of the active slots -------------------------------------------------------

@dataclass
class _Ctx:
    ar_rules: list[_Rule]
    en_rules: list[_EnRule]
    values: dict[Key, float]
    months: dict[int, int]
    days: dict[tuple[int, int], int]
    countries: dict[str, str]
    currencies: dict[str, str]
    keep: list[str]

    @classmethod
    def of(cls, plan: _Plan, active: set[str]) -> _Ctx:
        return cls(
            keep=sorted(plan.keep, key=len, reverse=True),
            ar_rules=sorted((r for r in plan.ar_rules if r.slot in active), key=lambda r: -len(r.old)),
            en_rules=sorted((r for r in plan.en_rules if r.slot in active), key=lambda r: -len(r.old)),
            values={k: v for k, (v, s) in plan.values.items() if s in active},
            months={m: v for m, (v, s) in plan.months.items() if s in active},
            days={k: v for k, (v, s) in plan.days.items() if s in active},
            countries={c: v for c, (v, s) in plan.countries.items() if s in active},
            currencies={c: v for c, (v, s) in plan.currencies.items() if s in active},
        )

    def value(self, v: float, role: Role | None = None) -> list[float]:
        """New values for old value `v` (in `role`, or in any role when None)."""
        if role is not None:
            hit = [n for (r, old), n in self.values.items() if r == role and _same(old, v)]
            return hit[:1]
        hit = [n for (r, old), n in self.values.items() if r == ("amount", None) and _same(old, v)]
        if hit:
            return hit[:1]
        return _dedupe(n for (_r, old), n in self.values.items() if _same(old, v))

    def mantissa(self, x: float) -> list[float]:
        """New printed mantissas for a bare number that is the mantissa of a substituted amount (\"15\")."""
        out = []
        for s in (1e3, 1e6, 1e9):
            for new in self.value(x * s, ("amount", None)):
                out.append(new / s)
        return _dedupe(out)
