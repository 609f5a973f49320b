"""People, companies, countries (with their cities) and currencies: what a seed names, what replaces it."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from ..._english_numbers import find_english_numbers
from ...arabic.lexicon import known_names
from ...arabic.money import CURRENCY_EN, currency_names
from ...arabic.normalize import fold as ar_fold
from ...arabic.places import _DEMONYMS, find_places, gazetteer
from ..dataset import SeedCase
from .common import _dedupe, _is_latin, _rotate
from .model import _Company, _in_text, _OldCity, _OldCountry, _Person, _Plan, _Seed
from .pools import KEEP_CURRENCIES, City, Country, pools

# ---- what a seed names ---------------------------------------------------------------------------


def _entity_kind(forms_ar: Iterable[str], forms_en: Iterable[str], actor_kinds: set[str]) -> str | None:
    names = known_names()
    kinds = set(actor_kinds)
    for f in [*forms_ar, *forms_en]:
        kn = names.get(ar_fold(f).strip())
        if kn is not None:
            kinds.add(kn.kind)
    if any(re.search(r"\w\.(?:com|net|org)\b", f) for f in forms_en):
        return "website"
    if "person" in kinds:
        return "person"
    if "company" in kinds and not kinds & {"media", "state_agency", "group"}:
        return "company"
    return None


def _name_clusters(gold: SeedCase) -> list[dict[str, Any]]:
    """Clusters of spellings that name one person or company: entities and actors joined on a shared form."""
    clusters: list[dict[str, Any]] = []

    def add(ar: Iterable[str], en: Iterable[str], kinds: Iterable[str]) -> None:
        ar_s, en_s = set(ar), set(en)
        keys = {ar_fold(x).strip().lower() for x in ar_s | en_s}
        hit = [c for c in clusters if c["keys"] & keys]
        new = {"ar": ar_s, "en": en_s, "kinds": set(kinds), "keys": keys}
        for c in hit:
            clusters.remove(c)
            for f in ("ar", "en", "kinds", "keys"):
                new[f] |= c[f]
        clusters.append(new)

    for inc in gold.incidents:
        for a in inc.actors:
            add(a.names_ar, a.en_forms, a.kind)
    for e in gold.entities:
        add(e.ar, e.en, ())
    return clusters


def _person(slot: str, c: dict[str, Any]) -> _Person:
    p = _Person(slot=slot)
    for f in sorted(c["ar"]):
        if _is_latin(f):
            (p.latin_full if " " in f.strip() else p.latin_last).append(f.strip())
        elif len(f.split()) > 1:
            p.ar_full.append(f)
            p.ar_last.append(f.split()[-1])
        else:
            p.ar_last.append(f)
    for f in sorted(c["en"]):
        (p.latin_full if " " in f.strip() else p.latin_last).append(f.strip())
        if " " in f.strip():
            p.latin_last.append(f.split()[-1])
    p.ar_full, p.ar_last = _dedupe(p.ar_full), _dedupe(p.ar_last)
    p.latin_full, p.latin_last = _dedupe(p.latin_full), _dedupe(p.latin_last)
    return p


def _people_and_companies(gold: SeedCase) -> tuple[list[_Person], list[_Company]]:
    persons: list[_Person] = []
    companies: list[_Company] = []
    for c in sorted(_name_clusters(gold), key=lambda c: sorted(c["keys"])):
        kind = _entity_kind(c["ar"], c["en"], c["kinds"] if len(c["kinds"]) == 1 else c["kinds"] - {"organization"})
        if kind == "person":
            persons.append(_person(f"person:{len(persons)}", c))
        elif kind in ("company", "website"):
            co = _Company(slot=f"company:{len(companies)}", website=kind == "website")
            for f in sorted(c["ar"] | c["en"]):
                (co.latin if _is_latin(f) else co.ar).append(f.strip())
            co.ar, co.latin = _dedupe(co.ar), _dedupe(co.latin)
            companies.append(co)
    return persons, companies


def _place_of(form: str):
    ps = [p for p in find_places(form) if p.country]
    return ps[0] if len(ps) == 1 and (ps[0].end - ps[0].start) >= len(form.strip()) - 2 else None


def _wanted_countries(gold: SeedCase, seed_codes: set[str]) -> dict[str, dict[str, Any]]:
    """Which countries the gold is about (incidents' codes and place entities), with the cities it lists."""
    wanted: dict[str, dict[str, Any]] = {}
    for inc in gold.incidents:
        for c in inc.country:
            if c:
                wanted.setdefault(c, {"cities": []})
    for e in gold.entities:
        places = [p for p in (_place_of(f) for f in e.ar) if p is not None]
        if not places:
            continue
        code = places[0].country
        assert code is not None
        seed_codes.add(code)
        w = wanted.setdefault(code, {"cities": []})
        if any(p.kind in ("locality", "region") for p in places):
            w["cities"].append(_OldCity(ar=_dedupe(ar_fold(f).strip() for f in e.ar), en=list(e.en), capital=False,
                                        critical=e.critical))
    return wanted


def _countries(gold: SeedCase, text: str) -> tuple[list[_OldCountry], set[str]]:
    text_places = find_places(text)
    seed_codes = {p.country for p in text_places if p.country}
    seed_codes |= {c for inc in gold.incidents for c in inc.country if c}
    gaz = gazetteer()
    wanted = _wanted_countries(gold, seed_codes)
    out: list[_OldCountry] = []
    for code, w in wanted.items():
        row = pools().country.get(code)
        if row is None:
            continue
        cities: list[_OldCity] = list(w["cities"])
        # cities of that country the text prints that the gold does not list (واشنطن)
        for p in text_places:
            if p.country != code or p.kind not in ("locality", "region"):
                continue
            keys = [k for k, (en, c, kind, _r) in gaz.items() if en == p.name_en and c == code and kind != "country"]
            keys = [k for k in keys if not any(o != k and o in k for o in keys)]
            if keys and not any(set(keys) & set(c.ar) for c in cities):
                cities.append(_OldCity(ar=keys, en=[p.name_en], capital=False))
        capital = ar_fold(row.cities[0].ar)
        for c in cities:
            c.capital = capital in c.ar
        names = _dedupe([ar_fold(x) for x in (row.ar, *row.ar_alt)]
                        + [k for k, (_en, c, kind, _r) in gaz.items() if c == code and kind == "country"])
        stems = _dedupe([ar_fold(row.adj_m), *(k for k, v in _DEMONYMS.items() if v == code)])
        out.append(_OldCountry(slot=f"country:{code}", row=row, names=names, stems=stems, cities=cities,
                               en_names=[row.en, *row.en_alt], en_adjs=[row.demonym, *row.demonym_alt]))
    # the main country (most incidents) first: it gets the first substitute
    weight = {c: sum(c in inc.country for inc in gold.incidents) for c in wanted}
    out.sort(key=lambda o: -weight.get(o.row.code, 0))
    return out, seed_codes


# ---- people and companies ------------------------------------------------------------------------

def _plan_persons(seed: _Seed, plan: _Plan, shared: random.Random, k: int) -> None:
    people = shared.sample(list(pools().persons), len(pools().persons))
    people = [p for p in people if not any(_in_text(seed, x) for x in (p[0], p[1], p[2], p[3]))]
    n = max(len(seed.persons), 1)
    start = ((k - 1) * n) % max(len(people), 1)
    pool = people[start:] + people[:start]
    for p, (first_ar, last_ar, first_en, last_en) in zip(seed.persons, pool, strict=False):
        for f in p.ar_full:
            plan.rule(p.slot, f, f"{first_ar} {last_ar}")
        for f in p.ar_last:
            plan.rule(p.slot, f, last_ar)
        for f in p.latin_full:
            plan.rule(p.slot, f, f"{first_en} {last_en}")
            plan.en(p.slot, f, f"{first_en} {last_en}")
        for f in p.latin_last:
            plan.rule(p.slot, f, last_en)
            plan.en(p.slot, f, last_en)


def _plan_companies(seed: _Seed, plan: _Plan, shared: random.Random, k: int) -> None:
    all_companies, all_sites = pools().companies, pools().websites
    companies = [c for c in shared.sample(list(all_companies), len(all_companies))
                 if not any(_in_text(seed, x) for x in c)]
    sites = [w for w in shared.sample(list(all_sites), len(all_sites)) if w not in seed.text]
    n = max(len(seed.companies), 1)
    companies = _rotate(companies, (k - 1) * n + 1)
    sites = _rotate(sites, (k - 1) * n + 1)
    for c in seed.companies:
        if c.website:
            if not sites:
                continue
            latin, ar = sites.pop(0), None
        else:
            if not companies:
                continue
            latin, ar = companies.pop(0)
        for f in c.ar:
            plan.rule(c.slot, f, ar or latin)
        for f in c.latin:
            plan.rule(c.slot, f, latin)
            plan.en(c.slot, f, latin)


def _plan_people(seed: _Seed, plan: _Plan, shared: random.Random, k: int) -> None:
    _plan_persons(seed, plan, shared, k)
    _plan_companies(seed, plan, shared, k)


# ---- countries, cities and currencies ------------------------------------------------------------

def _plan_country(plan: _Plan, old: _OldCountry, new: Country) -> None:
    slot = old.slot
    plan.countries[old.row.code] = (new.code, slot)
    for name in old.names:
        plan.rule(slot, name, new.ar)
    for stem in old.stems:
        plan.rule(slot, stem, new.adj_m, adj=True, new_f=new.adj_f)
    # the capital for the capital, then critical cities first to the cities the place reader knows
    rest = list(new.cities[1:]) if any(c.capital for c in old.cities) else list(new.cities)
    known = [c for c in rest if c in _known_cities(new)]
    rest = known + [c for c in rest if c not in known]
    order = sorted(old.cities, key=lambda c: (not c.capital, not c.critical))
    for c in order:
        city = new.cities[0] if c.capital else rest.pop(0)
        for f in c.ar:
            plan.rule(slot, f, city.ar)
        for f in c.en:
            plan.en(slot, f, city.en)
    for f in old.en_names:
        plan.en(slot, f, new.en)
    for f in old.en_adjs:
        plan.en(slot, f, new.demonym)


def _plan_places(seed: _Seed, plan: _Plan, shared: random.Random, k: int) -> None:
    old_currencies = set(seed.currencies) | KEEP_CURRENCIES
    pool = [c for c in pools().countries if c.pool and c.code not in seed.seed_codes
            and c.currency not in old_currencies
            and not any(_in_text(seed, x.ar) for x in c.cities) and not _in_text(seed, c.ar)]
    pool = shared.sample(pool, len(pool))
    used_currencies: set[str] = set()
    for old in seed.countries:
        need = len(old.cities)
        need_known = sum(c.capital or c.critical for c in old.cities)
        hedged = old.row.currency in seed.hedged_currencies
        fits = [c for c in pool if len(c.cities) >= need and (not hedged or _en_reads_hedge(c.currency))]
        # the capital and the critical cities go to cities the place reader knows, where a country has enough
        fits = [c for c in fits if len(_known_cities(c)) >= need_known] or fits
        if not fits:
            continue
        new = fits[(k - 1) % len(fits)]  # variant k takes the k-th: variants differ where the pool allows
        pool.remove(new)
        _plan_country(plan, old, new)
        if old.row.currency in seed.currencies and new.currency in pools().currency:
            _currency(plan, old.row.currency, new.currency)
            used_currencies.add(new.currency)
    # the other currencies (a bracketed GBP conversion): a currency no country of the variant uses
    spare = [c.code for c in pools().currencies if c.code not in old_currencies and c.code not in used_currencies]
    spare = _rotate(shared.sample(spare, len(spare)), k)
    for code in seed.currencies:
        ok = [c for c in spare if code not in seed.hedged_currencies or _en_reads_hedge(c)]
        if code in plan.currencies or not ok:
            continue
        spare.remove(ok[0])
        _currency(plan, code, ok[0])


@cache
def _known_cities(country: Country) -> tuple[City, ...]:
    """The cities of a pool country that `find_places` reads as in that country."""
    return tuple(c for c in country.cities if {p.country for p in find_places(f"في {c.ar} اليوم")} == {country.code})


def _en_reads_hedge(code: str) -> bool:
    """Whether the English number reader keeps the hedge of "more than <CODE> 5,000,000".

    The oracle (and many an English brief) prints a hedged amount that way; a code the reader
    does not know as a currency leaves the hedge unread, so a faithful brief would be scored as
    dropping it. Currencies of hedged key numbers are only substituted by codes it knows.
    """
    return any(n.hedge for n in find_english_numbers(f"more than {code} 5,000,000"))


def _currency_en(code: str) -> tuple[str, str]:
    c = pools().currency.get(code)
    if c is not None and c.en is not None:
        return c.en
    return CURRENCY_EN.get(code, (code, code))


def _currency(plan: _Plan, old: str, new: str) -> None:
    slot = f"currency:{old}"
    plan.currencies[old] = (new, slot)
    newc = pools().currency[new]
    for form, code in currency_names().items():
        if code == old:
            plan.rule(slot, form, newc.ar)
    sing, plur = _currency_en(old)
    nsing, nplur = _currency_en(new)
    plan.en(slot, plur, nplur)
    plan.en(slot, sing, nsing)
    for alt in pools().currency[old].en_alt:
        plan.en(slot, alt, nplur if alt.endswith("s") else nsing)
    plan.en(slot, old, new)
    oldc = pools().currency[old]
    if oldc.symbol:
        plan.en(slot, oldc.symbol, newc.symbol or f"{new} ", bare=True)
