"""Rule-engine internals: sentence facts → incidents → brief. See `rules.py`."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, TypeVar, get_args

from ..arabic.dates import DateMention, find_dates
from ..arabic.lexicon import (
    COUNT_NOUNS,
    CRIME_CUES,
    ENFORCEMENT_CUES,
    MARKERS,
    MONEY_ROLE_CUES,
    OUTCOME_CUES,
    POLICY_CUES,
    TF_CUE,
    KnownName,
    find_known_names,
)
from ..arabic.money import MoneyMention, find_money
from ..arabic.normalize import Normalized, normalize, sentences
from ..arabic.numbers import NumberMention, find_numbers
from ..arabic.places import COUNTRY_EN, PlaceMention, find_places
from ..article import Article
from ..records import (
    Actor,
    ActorKind,
    ActorRole,
    AnalysisWarning,
    Brief,
    Count,
    CountWhat,
    CrimeType,
    DatePrecision,
    DateWindow,
    Evidence,
    Incident,
    IncidentKind,
    KeyPoint,
    Link,
    LinkRelation,
    Money,
    MoneyRole,
    Outcome,
    Place,
    PlacePrecision,
    Qualifier,
)

RULESET_VERSION = "rules-1.2"


# ----------------------------------------------------------------------------- record vocabularies
# The Arabic toolkit and the lexicon carry plain strings; the records take Literal types. These
# tables turn a string into its Literal member at the record boundary.
_L = TypeVar("_L", bound=str)
_CRIME_TYPES: Mapping[str, CrimeType] = {v: v for v in get_args(CrimeType)}
_DATE_PRECISIONS: Mapping[str, DatePrecision] = {v: v for v in get_args(DatePrecision)}
_PLACE_PRECISIONS: Mapping[str, PlacePrecision] = {v: v for v in get_args(PlacePrecision)}
_ACTOR_ROLES: Mapping[str, ActorRole] = {v: v for v in get_args(ActorRole)}
_ACTOR_KINDS: Mapping[str, ActorKind] = {v: v for v in get_args(ActorKind)}
_MONEY_ROLES: Mapping[str, MoneyRole] = {v: v for v in get_args(MoneyRole)}
_QUALIFIERS: Mapping[str, Qualifier] = {v: v for v in get_args(Qualifier)}
_CURRENCY_KINDS: Mapping[str, Literal["fiat", "crypto"]] = {"fiat": "fiat", "crypto": "crypto"}
_COUNT_WHATS: Mapping[str, CountWhat] = {v: v for v in get_args(CountWhat)}


def _lit(members: Mapping[str, _L], value: str) -> _L:
    """`value` as the Literal member of `members`; a value outside them is a bug (ValueError)."""
    try:
        return members[value]
    except KeyError:
        raise ValueError(f"{value!r} is not one of {', '.join(members)}") from None


# ----------------------------------------------------------------------------- compiled tables
@lru_cache(maxsize=1)
def _tables():
    crime = [(re.compile(p), types, flag) for p, types, flag in CRIME_CUES]
    enf = [(re.compile(p), kind) for p, kind in ENFORCEMENT_CUES]
    pol = re.compile("|".join(f"(?:{p})" for p in POLICY_CUES))
    outc = [(k, re.compile(p)) for k, p in OUTCOME_CUES.items()]
    marks = {k: re.compile(p) for k, p in MARKERS.items()}
    nouns = [(re.compile(p), what) for p, what in COUNT_NOUNS]
    roles = [(re.compile(p), role) for p, role in MONEY_ROLE_CUES]
    return crime, enf, pol, outc, marks, nouns, roles, re.compile(TF_CUE)


_WORD_START = "(?<!\\w)"


@lru_cache(maxsize=1)
def _cue_gate() -> re.Pattern[str]:
    """One regex that matches wherever any crime/enforcement cue could (a superset).

    Every cue starts at a word start; checking that once, before the alternatives, lets the
    scan skip mid-word positions in one step instead of once per pattern.
    """
    pats = [p for p, _, _ in CRIME_CUES] + [TF_CUE] + [p for p, _ in ENFORCEMENT_CUES]
    alts = [p[len(_WORD_START):] if p.startswith(_WORD_START) else p for p in pats]
    return re.compile(_WORD_START + "(?:" + "|".join(f"(?:{a})" for a in alts) + ")")


_PERP_HINT = re.compile(r"(?:ملثم|مسلح|مهاجم|حاول|مبتز|عصاب|المجرم)")
_VICTIM_HINT = re.compile(r"(?:ضحي|ضحايا)")
_SPECIFIC_CRIME = {"kidnapping", "attempted_kidnapping", "kidnap_plot"}


# ----------------------------------------------------------------------------- sentence facts
@dataclass
class Cue:
    pos: int  # original offset
    end: int
    types: tuple[str, ...] = ()
    flag: str = ""
    kind: str = ""


@dataclass
class Sent:
    idx: int
    start: int
    end: int
    text: str
    norm: str
    crime: list[Cue] = field(default_factory=list)
    enf: list[Cue] = field(default_factory=list)
    policy: bool = False
    outcomes: set[str] = field(default_factory=set)
    marks: set[str] = field(default_factory=set)
    numbers: list[NumberMention] = field(default_factory=list)
    money: list[MoneyMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    names: list[tuple[int, int, KnownName]] = field(default_factory=list)  # original offsets


@dataclass
class Inc:
    kind: IncidentKind
    types: list[str]
    first: Sent
    date: DateMention | None = None
    place: PlaceMention | None = None
    sub_place: PlaceMention | None = None
    sents: list[Sent] = field(default_factory=list)
    money: list[tuple[str, MoneyMention]] = field(default_factory=list)
    counts: list[tuple[str, NumberMention, int, str]] = field(default_factory=list)  # what, num, end, verb
    actors: dict[str, tuple[KnownName, list[tuple[int, int]], str]] = field(default_factory=dict)
    extra_actors: list[Actor] = field(default_factory=list)
    outcome: Outcome = "unknown"
    background: bool = False
    links: list[tuple[LinkRelation, Inc]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    generic_only: bool = False
    en: str = ""  # the English summary (set by _finish)
    scope: tuple[int, int] | None = None  # set on a copy restricted to one span (`_restricted`)
    ar_sents: list[Sent] = field(default_factory=list)  # the Arabic sentences paired with `en`
    own_place_only: bool = False  # no article-level country fallback (a scheme split by group)

    def add_sent(self, s: Sent) -> None:
        if s not in self.sents:
            self.sents.append(s)


def _overlaps(a: int, b: int, spans) -> bool:
    return any(x < b and a < y for x, y in spans)


def _build_sentences(article: Article) -> list[Sent]:
    """Sentences of the article proper, with their cues and mentions.

    Boilerplate and planted-instruction spans (`Article.injected`) are never read: their
    sentences are skipped, and any number, amount, date, place or name that overlaps an
    injected span is dropped even inside a kept sentence.
    """
    text = article.text
    norm = normalize(text)
    nt = norm.text
    crime, enf, pol, outc, marks, _, _, tf = _tables()
    injected = tuple(article.injected)
    out: list[Sent] = []
    for i, (a, b) in enumerate(sentences(text)):
        if article.in_boilerplate(a, b) or article.in_injected(a, b):
            continue
        na, nb = norm.from_original(a), norm.from_original(b)
        out.append(Sent(idx=i, start=a, end=b, text=text[a:b], norm=nt[na:nb]))
    if not out:
        return out
    starts = [s.start for s in out]

    def owner(pos: int) -> Sent | None:
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and out[k].start <= pos < out[k].end:
            return out[k]
        return None

    # One combined scan tells which sentences can hold a crime/enforcement cue at all; only
    # those are scanned pattern by pattern.
    gate = _cue_gate()
    crime_live, tf_live, enf_live = crime, True, enf
    pol_live = pol.search(nt) is not None
    outc_live = [(k, rx) for k, rx in outc if rx.search(nt)]
    marks_live = [(k, rx) for k, rx in marks.items() if rx.search(nt)]
    s2o = norm.span_to_original
    for s in out:
        na = norm.from_original(s.start)
        cued = gate.search(s.norm) is not None
        if cued and (crime_live or tf_live):
            seen: list[tuple[int, int]] = []
            for rx, types, flag in crime_live:
                for m in rx.finditer(s.norm):
                    if any(x <= m.start() < y for x, y in seen):
                        continue
                    seen.append((m.start(), m.end()))
                    a, b = s2o(na + m.start(), na + m.end())
                    s.crime.append(Cue(a, b, types, flag))
            if tf_live:
                for m in tf.finditer(s.norm):
                    if not any(x <= m.start() < y for x, y in seen):
                        seen.append((m.start(), m.end()))
                        a, b = s2o(na + m.start(), na + m.end())
                        s.crime.append(Cue(a, b, ("terrorist_financing",), ""))
            s.crime.sort(key=lambda c: c.pos)
        for rx, kind in (enf_live if cued else ()):
            for m in rx.finditer(s.norm):
                if "محتجز" in s.norm[m.start():m.end() + 3]:
                    continue
                a, b = s2o(na + m.start(), na + m.end())
                s.enf.append(Cue(a, b, kind=kind))
        if len(s.enf) > 1:
            s.enf.sort(key=lambda c: c.pos)
        s.policy = pol_live and bool(pol.search(s.norm))
        s.outcomes = {k for k, rx in outc_live if rx.search(s.norm)}
        s.marks = {k for k, rx in marks_live if rx.search(s.norm)}
    # Mentions: one pass each over the whole text, handed to the sentence that holds them.
    for a, b, kn in find_known_names(nt):
        oa, ob = s2o(a, b)
        if (s := owner(oa)) and ob <= s.end and not (injected and _overlaps(oa, ob, injected)):
            s.names.append((oa, ob, kn))
    nums = find_numbers(text)
    if injected:
        nums = [n for n in nums if not _overlaps(n.start, n.end, injected)]
    for n in nums:
        if (s := owner(n.num_start if n.num_start >= 0 else n.start)):
            s.numbers.append(n)
    for mm in find_money(text, nums):
        if (s := owner(mm.start)) and not (injected and _overlaps(mm.start, max(mm.end, mm.full_end), injected)):
            s.money.append(mm)
    for d in find_dates(text, article.published):
        if (s := owner(d.start)) and not (injected and _overlaps(d.start, d.end, injected)):
            s.dates.append(d)
    for p in find_places(text):
        if (s := owner(p.start)) and not (injected and _overlaps(p.start, p.end, injected)):
            s.places.append(p)
    return out


# ----------------------------------------------------------------------------- grouping helpers
def _specific_place(places: list[PlaceMention], s: Sent, lo: int, hi: int) -> PlaceMention | None:
    """Most specific non-demonym place in [lo, hi) that is not a residence."""
    _, _, _, _, marks, _, _, _ = _tables()
    best = None
    rank = {"sublocality": 0, "locality": 1, "region": 2, "country": 3}
    for p in places:
        if not lo <= p.start < hi or p.kind == "demonym" or p.kind == "sublocality":
            continue
        before = s.text[max(0, p.start - s.start - 25):p.start - s.start]
        if marks["residence"].search(normalize(before).text):
            continue
        if best is None or rank[p.kind] < rank[best.kind]:
            best = p
    return best


def _date_in(s: Sent, lo: int, hi: int) -> DateMention | None:
    for d in s.dates:
        if lo <= d.start < hi and d.precision in ("day", "days", "month", "week", "year"):
            return d
    return None


def _date_key(d: DateMention) -> tuple:
    return (d.year, d.month, d.day, d.weekday, d.part if d.relative else None)


def _dates_conflict(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return False
    if a.date_start and b.date_start and a.date_end and b.date_end:
        return a.date_end < b.date_start or b.date_end < a.date_start
    if a.month and b.month:
        if a.month != b.month:
            return True
        return bool(a.day and b.day and a.day != b.day)
    if a.weekday is not None and b.weekday is not None:
        return a.weekday != b.weekday
    if "today" in (a.part, b.part) or a.weekday is not None or b.weekday is not None:
        return a.part not in ("today", None) or b.part not in ("today", None) if (a.weekday is None) != (b.weekday is None) else False
    return _date_key(a) != _date_key(b)


def _places_conflict(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None:
        return False
    if a.country and b.country and a.country != b.country:
        return True
    if a.kind in ("locality", "region") and b.kind in ("locality", "region"):
        return a.name_en != b.name_en and not (a.region and a.region == b.name_en) and not (b.region and b.region == a.name_en)
    return False


def _family(types) -> set[str]:
    fam = set()
    for t in types:
        if t in _SPECIFIC_CRIME:
            fam.add("kidnap")
        elif t in ("extortion", "cyber_extortion"):
            fam.add("extortion")
        else:
            fam.add(t)
    return fam


# ----------------------------------------------------------------------------- main extraction
def extract(article: Article) -> tuple[Brief, list[Incident], list[AnalysisWarning]]:
    sents = _build_sentences(article)
    incs: list[Inc] = []
    current: Inc | None = None
    current_crime: Inc | None = None
    _, _, _, _, marks, nouns, roles, _ = _tables()

    def anchors(s: Sent, lo: int, hi: int) -> bool:
        return bool(
            any(lo <= m.start < hi for m in s.money)
            or any(lo <= n.start < hi and n.kind == "cardinal" for n in s.numbers)
            or _date_in(s, lo, hi)
            or any(lo <= a < hi and kn.kind == "person" for a, _, kn in s.names)
        )

    def new(kind: IncidentKind, types: list[str], s: Sent, date=None, place=None) -> Inc:
        inc = Inc(kind=kind, types=list(dict.fromkeys(types)), first=s, date=date, place=place)
        inc.add_sent(s)
        inc.background = "background" in s.marks
        incs.append(inc)
        return inc

    for s in sents:
        enf_inc: Inc | None = None
        crime_inc: Inc | None = None
        pol_inc: Inc | None = None
        first_crime = s.crime[0].pos if s.crime else s.end
        strong_crime = [c for c in s.crime if c.flag not in ("weak", "generic")]
        # ---- enforcement frame
        if not s.enf and "aggregate" in s.marks and any(n.kind == "cardinal" for n in s.numbers):
            s.enf.append(Cue(s.start, s.start, kind="statistic"))
        if s.enf and not ("anaphora_case" in s.marks and current_crime is not None):
            lo = s.start
            hi = first_crime if first_crime > s.enf[0].pos else s.end
            date = _date_in(s, lo, hi) or (None if s.crime else _date_in(s, s.start, s.end))
            place = _specific_place(s.places, s, lo, hi) or (None if s.crime else _specific_place(s.places, s, s.start, s.end))
            kind = "aggregate_statistic" if "aggregate" in s.marks else "enforcement_action"
            own_types = [t for c in s.crime for t in c.types if c.flag != "generic"]
            for inc in reversed(incs):
                if inc.kind not in ("enforcement_action", "aggregate_statistic"):
                    continue
                if _dates_conflict(inc.date, date) or _places_conflict(inc.place, place):
                    continue
                if own_types and inc.types and not (_family(own_types) & _family(inc.types)) and (s.money or s.numbers):
                    continue
                enf_inc = inc
                break
            if enf_inc is None and (anchors(s, s.start, s.end) or not incs):
                enf_inc = new(kind, [], s, date or _date_in(s, s.start, s.end),
                              place or _specific_place(s.places, s, s.start, s.end))
            if enf_inc is not None:
                enf_inc.add_sent(s)
                enf_inc.date = enf_inc.date or date
                if "generic" not in s.marks:
                    enf_inc.place = enf_inc.place or place
                for c in s.enf:
                    if c.kind not in enf_inc.actions:
                        enf_inc.actions.append(c.kind)
        # ---- crime frames (clauses split at each strong cue and at "بما في ذلك")
        cuts = sorted({c.pos for c in strong_crime} | {s.start + m.start() for m in re.finditer(r"بما في ذلك", s.text)})
        if s.crime:
            base = [t for c in s.crime for t in c.types]
            base_plain = [t.replace("attempted_", "") if t == "attempted_kidnapping" else t for t in base]
            bounds = list(zip([s.start, *cuts[1:]], [*cuts[1:], s.end], strict=False)) if cuts else [(s.start, s.end)]
            carry: list[str] = []
            for k, (lo, hi) in enumerate(bounds):
                cl = [c for c in s.crime if lo <= c.pos < hi]
                types = (carry + [t for c in cl for t in c.types]) if cl else base_plain
                carry = []
                if k + 1 < len(bounds) and not anchors(s, lo, hi) and not _specific_place(s.places, s, lo, hi) and cl:
                    carry = [t for c in cl for t in c.types]
                    continue
                if _family(types) & {"kidnap"}:
                    types = [t for t in types if t not in ("fraud", "other")] or types
                if all(c.flag == "generic" for c in cl) and cl:
                    continue
                date = _date_in(s, lo, hi)
                place = _specific_place(s.places, s, lo, hi)
                if enf_inc is not None and not place and date is not None and date.precision in ("year", "years"):
                    for t in types:
                        if t not in enf_inc.types and t != "other":
                            enf_inc.types.append(t)
                    continue
                if enf_inc is not None and s.enf and enf_inc.first is not s or (enf_inc is not None and not (date or place)):
                    if not (date or place) or (enf_inc.first is s and not s.enf[0].pos < lo):
                        for t in types:
                            if t not in enf_inc.types and t != "other":
                                enf_inc.types.append(t)
                        if not (date and place):
                            continue
                if "plot" in {c.flag for c in cl} and enf_inc is not None:
                    continue
                generic = "generic" in s.marks
                names = [kn for a, _, kn in s.names if lo <= a < hi and kn.role in ("victim", "target")]
                match = None
                for inc in reversed(incs):
                    if inc.kind != "crime_event":
                        continue
                    if not (_family(types) & _family(inc.types)) and inc.types:
                        if not (set(types) <= {"fraud", "other"} and inc is current_crime):
                            continue
                    if ("attempted_kidnapping" in types) != ("attempted_kidnapping" in inc.types) and (_family(types) == {"kidnap"}):
                        continue
                    if _dates_conflict(inc.date, date) or _places_conflict(inc.place, place):
                        continue
                    inc_names = {kn.name_en for kn, _, r in inc.actors.values() if r in ("victim", "target")}
                    if names and inc_names and not ({n.name_en for n in names} & inc_names):
                        continue
                    if names and not inc_names and inc.date and date is None and inc is not current_crime:
                        continue
                    if (date and inc.date and date.precision == "day" and inc.date.precision == "day"
                            and date.day and inc.date.day and _date_key(date) != _date_key(inc.date)
                            and not (date.date_start and inc.date.date_start)):
                        continue
                    if names and not inc_names and inc.sents and any(kn.role == "victim" for kn in names) and inc.date:
                        continue
                    match = inc
                    break
                if match is None and (generic and not anchors(s, lo, hi)):
                    continue
                if match is None and not (anchors(s, lo, hi) or (not incs)):
                    if current_crime is not None and not (date or place):
                        match = current_crime
                    else:
                        continue
                if match is None:
                    match = new("crime_event", types, s, date, place)
                    if enf_inc is not None or "arrest_ref" in s.marks:
                        target = enf_inc or next((i for i in reversed(incs) if i.kind == "enforcement_action"), None)
                        if target is not None and target is not match:
                            target.links.append(("investigation_of", match))
                else:
                    weak = bool(cl) and all(c.flag == "weak" for c in cl)
                    for t in types:
                        if weak and "kidnap" in _family(match.types):
                            break
                        if t not in match.types:
                            match.types.append(t)
                    if date and (match.date is None or (date.day and not match.date.day)):
                        match.date = date
                    if place and (match.place is None or place.kind == "locality" and match.place.kind == "country"):
                        match.place = place
                match.add_sent(s)
                crime_inc = match
                current_crime = match
        # ---- policy frame
        if s.policy and enf_inc is None and crime_inc is None:
            pol_inc = next((i for i in reversed(incs) if i.kind == "policy_response"), None)
            if pol_inc is None:
                pol_inc = new("policy_response", [], s, _date_in(s, s.start, s.end), None)
            pol_inc.add_sent(s)
            if pol_inc.date is None:
                pol_inc.date = _date_in(s, s.start, s.end)
        primary = crime_inc or enf_inc or pol_inc
        if primary is None and current is not None and (s.money or s.names or s.outcomes or _count_numbers(s)
                                                         or any(rx.search(s.norm) for rx, _, _ in _DESCRIPTORS)):
            primary = current
            if "anaphora_case" in s.marks and current_crime is not None:
                primary = current_crime
            primary.add_sent(s)
        if primary is None:
            continue
        # ---- facts: money by role
        for mm in s.money:
            if mm.is_conversion:
                continue
            role = _money_role(s, mm, roles)
            target = primary
            if role in ("seized", "frozen") and enf_inc is not None:
                target = enf_inc
            elif (role in ("ransom_demanded", "ransom_paid", "extortion_demanded")
                  and (crime_target := crime_inc or current_crime) is not None):
                target = crime_target
            target.add_sent(s)
            if not any(r == role and m.min == mm.min and m.currency == mm.currency and m.max == mm.max for r, m in target.money):
                target.money.append((role, mm))
            else:
                pass
        # ---- facts: counts
        for n, what, end, verb in _counts(s, nouns):
            if what == "arrests":
                target = enf_inc or (current_crime if "anaphora_case" in s.marks else primary)
            elif what in ("perpetrators", "victims"):
                target = crime_inc or current_crime or primary
            else:
                target = enf_inc or primary
            if target is None:
                continue
            if not any(w == what and m.min == n.min and m.max == n.max for w, m, _, _ in target.counts):
                target.counts.append((what, n, end, verb))
                target.add_sent(s)
        # ---- outcomes
        tgt = crime_inc or (current_crime if primary is current_crime or primary is current else None)
        if tgt is not None and tgt.kind == "crime_event":
            if "victim_rescued" in s.outcomes:
                tgt.outcome = "victim_rescued"
            elif "victim_released" in s.outcomes:
                tgt.outcome = "victim_released"
            elif "foiled" in s.outcomes and tgt.outcome == "unknown":
                tgt.outcome = "foiled"
        # ---- actors
        for a, b, kn in s.names:
            role = kn.role
            tgt = primary
            if kn.kind == "state_agency" and enf_inc is not None:
                tgt = enf_inc
            if kn.role in ("victim", "target") and crime_inc is None and current_crime is not None and primary is not enf_inc:
                tgt = current_crime
            if kn.role == "official" and pol_inc is None and primary.kind == "crime_event":
                continue
            key = kn.name_en
            if key in tgt.actors:
                tgt.actors[key][1].append((a, b))
            else:
                tgt.actors[key] = (kn, [(a, b)], role)
        _extra_actors(s, primary if primary.kind == "crime_event" else (crime_inc or primary))
        current = primary
    _split_by_group(sents, incs)
    return _finish(article, sents, incs)


#: a group named as another group's wing counts as that group when splitting schemes.
_GROUP_PARENT = {"al-Qassam Brigades": "Hamas"}
_SCHEME = re.compile(r"(?:مخطط|تبرع)")


def _group_family(s: Sent) -> set[str]:
    return {_GROUP_PARENT.get(kn.name_en, kn.name_en) for _, _, kn in s.names
            if kn.kind == "group" and kn.role == "perpetrator"}


def _split_by_group(sents: list[Sent], incs: list[Inc]) -> None:
    """One crime event per perpetrator group where the article gives each group its own scheme.

    A crime event that names several perpetrator groups is split when at least two of them
    have sentences of their own (one group named, a crime or scheme cue, no enforcement cue);
    each split keeps only those sentences (and a cue-bearing, name-free follow-up), its group,
    and the date and place found there. Links to the merged event point to every split.
    """
    for inc in list(incs):
        if inc.kind != "crime_event":
            continue
        groups = {_GROUP_PARENT.get(kn.name_en, kn.name_en) for kn, _, r in inc.actors.values()
                  if kn.kind == "group" and r == "perpetrator"}
        if len(groups) < 2:
            continue
        own: dict[str, list[Sent]] = {}
        for k, s in enumerate(sents):
            fam = _group_family(s)
            if len(fam) != 1 or s.enf or not (s.crime or _SCHEME.search(s.norm)):
                continue
            g = next(iter(fam))
            if g not in groups:
                continue
            own.setdefault(g, []).append(s)
            nx = sents[k + 1] if k + 1 < len(sents) else None
            if nx is not None and nx.crime and not (nx.names or nx.enf or nx.numbers or nx.money):
                own[g].append(nx)
        if len(own) < 2:
            continue
        splits: list[Inc] = []
        for _g, ss in sorted(own.items(), key=lambda kv: kv[1][0].start):
            types = ["terrorist_financing"] if "terrorist_financing" in inc.types else []
            types += [t for s in ss for c in s.crime if c.flag != "generic" for t in c.types]
            types = list(dict.fromkeys(t.replace("attempted_", "") if t == "attempted_kidnapping" else t
                                       for t in types)) or list(inc.types)
            date = next((d for s in ss if (d := _date_in(s, s.start, s.end))), None)
            place = next((p for s in ss if (p := _specific_place(s.places, s, s.start, s.end))), None)
            new = Inc(kind="crime_event", types=types, first=ss[0], date=date, place=place,
                      outcome=inc.outcome, own_place_only=True)
            for s in ss:
                new.add_sent(s)
                for a, b, kn in s.names:
                    if kn.role in ("enforcer", "official"):
                        continue
                    if kn.name_en in new.actors:
                        new.actors[kn.name_en][1].append((a, b))
                    else:
                        new.actors[kn.name_en] = (kn, [(a, b)], kn.role)
            splits.append(new)
        moved = {name for sp in splits for name in sp.actors}
        rest = groups - set(own)
        at = incs.index(inc)
        if rest:
            for name in [n for n, (kn, _, _) in inc.actors.items() if _GROUP_PARENT.get(n, n) in own]:
                del inc.actors[name]
            at += 1
        else:
            incs.remove(inc)
        incs[at:at] = splits
        for other in incs:
            if any(t is inc for _, t in other.links):
                fresh: list[tuple[LinkRelation, Inc]] = []
                for rel, t in other.links:
                    if t is inc:
                        fresh.extend((rel, sp) for sp in splits)
                        if rest:
                            fresh.append((rel, inc))
                    else:
                        fresh.append((rel, t))
                other.links = fresh
                if other.kind == "enforcement_action":
                    for name in [n for n, (kn, _, r) in other.actors.items()
                                 if (n in moved or _GROUP_PARENT.get(n, n) in own) and r not in ("enforcer", "official")]:
                        del other.actors[name]


def _count_numbers(s: Sent) -> bool:
    return any(n.kind == "cardinal" for n in s.numbers) and not s.money


def _money_role(s: Sent, mm: MoneyMention, roles) -> str:
    before = normalize(s.text[: mm.start - s.start]).text[-90:]
    best, pos = "other", -1
    for rx, role in roles:
        for m in rx.finditer(before):
            if m.start() > pos:
                best, pos = role, m.start()
    if best == "other" and re.search(r"(?:مصادره|صادر|ضبط|تحفظ)", s.norm):
        best = "seized"
    return best


_PEOPLE_EN = {"arrests": "people arrested"}


def _counts(s: Sent, nouns) -> list[tuple[NumberMention, str, int, str]]:
    """Cardinal numbers bound to the noun they count, with the action verb of the sentence."""
    money_spans = [(m.start, m.full_end) for m in s.money] + [(m.start, m.end) for m in s.money]
    out = []
    arrest = any(c.kind in ("arrest", "dismantle") for c in s.enf)
    for n in s.numbers:
        # the action that applies to this count: the enforcement cue nearest to it
        verb = min(s.enf, key=lambda c: min(abs(c.pos - n.end), abs(n.start - c.end))).kind if s.enf else ""
        if n.kind != "cardinal" or any(a <= n.start < b for a, b in money_spans):
            continue
        after = normalize(s.text[n.end - s.start: n.end - s.start + 40]).text.lstrip()
        m = re.match(r"(?:[وفبل]?(?:ال)?)(\w+)", after)
        what = None
        end = n.end
        if m:
            for rx, w in nouns:
                if rx.match(m.group(1)):
                    what = w
                    rest = s.text[n.end - s.start:]
                    wm = re.match(r"\s*[^\s،,.:;()\"“”«»]+", rest)
                    end = n.end + (wm.end() if wm else 0)
                    break
        if what is None:
            back = normalize(s.text[max(0, n.start - s.start - 60): n.start - s.start]).text
            if re.search(r"(?:وعددها|وعددهم|عددها|عددهم|بلغ\s+عددها)\s*$", back):
                for word in reversed(back.split()[:-1][-5:]):
                    word = re.sub(r"^(?:[وفبل]?ال|[وفبل])", "", word)
                    what = next((w for rx, w in nouns if rx.match(word)), None)
                    if what:
                        break
        if what is None:
            continue
        if what == "people":
            if arrest:
                what = "arrests"
            elif _PERP_HINT.search(s.norm):
                what = "perpetrators"
            elif _VICTIM_HINT.search(after[:20]):
                what = "victims"
        # "ستة رجال وامرأة" (six men and a woman): the number is not the whole count. Say "more
        # than 6" rather than undercount, and keep the whole phrase as the raw.
        more = _AND_MORE.match(s.text, min(end, s.end) - s.start)
        if more and n.qualifier == "exact":
            n = dataclasses.replace(n, qualifier="at_least", max=None)
            end = s.start + more.end()
        # the raw must be an exact slice of the article: clamp `end` to the noun word
        out.append((n, what, min(end, s.end), verb))
    return out


_AND_MORE = re.compile(r"\s*و\s*(?:ال)?(?:[اإأ]مر[أا][ةه]|[اإأ]مر[أا]ت(?:ين|ان)|نساء|طفل[ةه]?|فتا[ةه])(?![\u0621-\u064A])")


_DESCRIPTORS: list[tuple[re.Pattern[str], ActorRole, str]] = [
    (re.compile(r"امراه\s+حامل"), "victim", "pregnant woman"),
    (re.compile(r"ابنه\s+وحفيد\s+شاب"), "victim", "daughter and young grandson of a crypto executive"),
    (re.compile(r"ابنه\s+وحفيد(?!\s+شاب)"), "victim", "daughter and grandson of a crypto executive"),
    (re.compile(r"(?:ابنه|ابنته)\s+(?:مدير|رئيس)"), "victim", "daughter of a crypto executive"),
    (re.compile(r"والد\s+(?:رجل\s+اعمال|مليونير)"), "victim", "father of a crypto entrepreneur"),
    (re.compile(r"رجال\s+ملثمين"), "perpetrator", "masked men"),
    (re.compile(r"عصابه\s+ملثمه"), "perpetrator", "a masked gang"),
    (re.compile(r"\(رجل\s+وامراتان\)"), "suspect", "a man and two women"),
]


def _extra_actors(s: Sent, inc: Inc) -> None:
    nt = normalize(s.text)
    for rx, role, desc in _DESCRIPTORS:
        m = rx.search(nt.text)
        if not m or any(a.descriptor_en and desc in a.descriptor_en for a in inc.extra_actors):
            continue
        a, b = nt.span_to_original(m.start(), m.end())
        if role == "victim" and desc == "pregnant woman":
            age = next((n for n in s.numbers if n.kind == "age"), None)
            if age is not None:
                desc = f"{int(age.min)}-year-old pregnant woman"
                a, b = min(a, age.start - s.start), max(b, age.end - s.start)
        count = None
        if role == "perpetrator":
            num = next((n for n in s.numbers if n.kind == "cardinal" and 0 <= m.start() - nt.text.find(n.raw) < 12), None)
            if num is None:
                num = next((n for n in s.numbers if n.kind == "cardinal" and n.end - s.start <= a and a - (n.end - s.start) < 3), None)
            if num is not None:
                count = int(num.min)
                a = min(a, num.start - s.start)
        if role == "suspect":
            count = 3 if any(n.kind == "cardinal" and n.min == 3 for n in s.numbers) else None
        quote = s.text[a:b]
        inc.extra_actors.append(Actor(role=role, kind="person" if role != "perpetrator" else "group",
                                      descriptor_en=desc, count=count,
                                      evidence=[Evidence(quote=quote, start=s.start + a, end=s.start + b, alignment="exact")]))


# ----------------------------------------------------------------------------- records + brief
def _ev(article: Article, a: int, b: int) -> Evidence:
    return Evidence(quote=article.text[a:b], start=a, end=b, alignment="exact")


_TYPE_EN = {
    "kidnapping": "kidnapping", "attempted_kidnapping": "attempted kidnapping", "kidnap_plot": "kidnapping plots",
    "extortion": "extortion", "cyber_extortion": "online extortion", "fraud": "fraud",
    "investment_fraud": "investment fraud", "hack_theft": "hacking", "unlicensed_exchange": "unlicensed crypto exchanges",
    "money_laundering": "money laundering", "illegal_mining": "illegal crypto mining",
    "electricity_theft": "electricity theft", "terrorist_financing": "terrorist financing",
    "ransomware": "ransomware", "robbery": "robbery", "darknet_trade": "darknet trade",
    "physical_assault": "assault", "sanctions_evasion": "sanctions evasion", "other": "crypto-related crime",
}
_COUNT_EN = {
    "arrests": ("person arrested", "people arrested"), "suspects": ("suspect", "suspects"),
    "perpetrators": ("attacker", "attackers"), "victims": ("victim", "victims"),
    "cases": ("criminal case", "criminal cases"), "websites": ("website", "websites"),
    "accounts": ("crypto account", "crypto accounts"), "social_pages": ("social-media page", "social-media pages"),
    "exchanges": ("exchange", "exchanges"), "phone_calls": ("phone call", "phone calls"),
    "people": ("person", "people"), "other": ("item", "items"),
}
_VERB_EN = {"block": "blocked", "seizure": "seized", "shutdown": "shut down", "freeze": "frozen",
            "dismantle": "", "arrest": "", "foil": ""}
_ROLE_EN = {
    "ransom_demanded": "a ransom of {}", "ransom_paid": "a ransom paid of {}", "extortion_demanded": "a demand for {}",
    "loss": "losses of {}", "seized": "{} seized", "frozen": "{} frozen", "laundered": "{} laundered",
    "stolen": "{} stolen", "transferred": "{} transferred", "raised": "{} raised", "illicit_value": "{} in illicit value",
    "other": "{}",
}


def _types_en(types: list[str]) -> str:
    ts = [_TYPE_EN.get(t, t) for t in types if t != "other"] or ["crypto-related crime"]
    return " and ".join(dict.fromkeys(ts))


def _count_en(n: NumberMention, what: str, verb: str) -> str:
    sing, plur = _COUNT_EN[what]
    word = sing if n.min == 1 and n.qualifier == "exact" else plur
    s = f"{n.english()} {word}"
    if "مجموعه" in normalize(n.raw).text:
        s = "a total of " + s
    v = _VERB_EN.get(verb, "")
    if v and what not in ("arrests", "cases", "people", "perpetrators", "victims"):
        s += f" {v}"
    return s


#: Country names written with "the" in running English.
_THE = ("United States", "United Kingdom", "United Arab Emirates", "Netherlands", "Philippines",
        "Czech Republic", "Dominican Republic", "Central African Republic", "Maldives", "Bahamas",
        "Gambia", "Democratic Republic of the Congo")


def _the(name: str) -> str:
    return f"the {name}" if name.startswith(_THE) else name


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _place_en(inc: Inc) -> str:
    p = inc.place
    if p is None:
        return ""
    s = _the(p.name_en)
    if inc.sub_place is not None:
        s += f" ({inc.sub_place.name_en})"
    if p.kind in ("locality", "region") and p.country and p.country in COUNTRY_EN and p.kind != "country":
        s += f", {_the(COUNTRY_EN[p.country])}"
    return s


def _dedup_counts(counts: list) -> list:
    """One count per (what, value): the hedged form wins over an exact repeat of the same value."""
    out: list = []

    def key(n):
        return (n.min, n.max if n.max is not None else n.min)

    for x in counts:
        w, n = x[0], x[1]
        twins = [y for y in counts if y[0] == w and key(y[1]) == key(n)]
        if n.qualifier == "exact" and any(y[1].qualifier != "exact" for y in twins):
            continue
        if any(y[0] == w and key(y[1]) == key(n) for y in out):
            continue
        out.append(x)
    return out


def _dedup_money(money: list[tuple[str, MoneyMention]]) -> list[tuple[str, MoneyMention]]:
    """Drop a bare USD amount that another amount of the same role already states as its USD figure."""
    out = []
    for r, m in money:
        if m.currency == "USD" and any(
                r2 == r and m2 is not m and m2.usd_as_stated
                and m2.usd_as_stated[0] == m.min and (m2.usd_as_stated[1] or m2.usd_as_stated[0]) == (m.max or m.min)
                for r2, m2 in money):
            continue
        if any(r2 == r and m2.min == m.min and m2.max == m.max and m2.currency == m.currency for r2, m2 in out):
            continue
        out.append((r, m))
    return out


_SMALL_WORD = {1: "one", 2: "two"}


def _duration_en(s: Sent) -> str:
    """ "over two years" for a period the sentence states with خلال (the facts' time span)."""
    for n in s.numbers:
        if n.kind == "duration" and n.unit and re.search(r"خلال\s*$", normalize(s.text[max(0, n.start - s.start - 8):n.start - s.start]).text):
            k = int(n.min)
            word = _SMALL_WORD.get(k, n.english())
            return f"over {word} {n.unit}{'s' if k != 1 else ''}"
    return ""


def _small_facts_en(inc: Inc) -> list[str]:
    """Word-form small numbers the Arabic states (a child's age, days held), in English digits."""
    out = []
    for x in inc.sents:
        if inc.scope is not None and not inc.scope[0] <= x.start < inc.scope[1]:
            continue
        for n in x.numbers:
            before = normalize(x.text[max(0, n.start - x.start - 40):n.start - x.start]).text
            k = int(n.min)
            if n.kind == "age" and re.search(r"طفل", before) and n.min <= 2:
                out.append(f"with her {k}-year-old child")
            elif n.kind == "duration" and n.unit and re.search(r"حجز\w*\s*$", before) and n.min <= 2:
                out.append(f"held for {k} {n.unit}{'s' if k != 1 else ''}")
    return list(dict.fromkeys(out))


def _sent_of(inc: Inc, pos: int) -> Sent | None:
    return next((x for x in inc.sents if x.start <= pos < x.end), None)


def _relatives_en(inc: Inc) -> list[str]:
    """Named people the article gives as relatives/associates of the target (never the target)."""
    out = []
    for kn, spans, r in inc.actors.values():
        if r != "relative_of_target" or not spans:
            continue
        x = _sent_of(inc, spans[0][0])
        name = kn.name_en + (f", {kn.descriptor_en}" if kn.descriptor_en else "")
        if x is not None and re.search(r"(?<!\w)(?:ال)?اقارب", x.norm):
            out.append(f"relatives of {name}")
        else:
            out.append(f"linked to {name}")
    return out


def _victim_np(desc: str) -> str:
    return ("the " if desc.startswith(("daughter", "father", "son ", "wife", "mother")) else "a ") + desc


def _agency_np(name: str) -> str:
    return f"the {name}" if re.search(r"Department|Service|Bureau|Ministry|Agency|Office|bank|FBI", name) else name


_VARY = ("It also reports", "The article also reports", "It also cites")


def _summary_en(inc: Inc, *, passive: int = 0, impersonal: bool = False) -> str:
    place = _place_en(inc)
    date = inc.date.english() if inc.date else ""
    money_src = _dedup_money(inc.money)
    count_src = _dedup_counts(inc.counts)
    money = [(_ROLE_EN.get(r, "{}").format(m.english())) for r, m in money_src]
    counts = [_count_en(n, w, v) for w, n, _, v in count_src]
    names = [kn.name_en for kn, _, r in inc.actors.values() if r in ("victim", "target") and kn.kind == "person"]
    descs = [_victim_np(a.descriptor_en) for a in inc.extra_actors if a.role == "victim" and a.descriptor_en]
    perps = [a for a in inc.extra_actors if a.role == "perpetrator"]
    groups = [kn.name_en for kn, _, r in inc.actors.values() if kn.kind == "group"]
    where = f" in {place}" if place else ""
    when = f" {date}" if date else ""
    if inc.kind == "crime_event":
        head = _types_en(inc.types)
        victims = names + descs
        relatives = _relatives_en(inc)
        if not victims and relatives and not (money or counts or perps):
            return f"The targets were described as {' and '.join(relatives)}."
        small = _small_facts_en(inc)
        child = [f for f in small if f.startswith("with her")]
        if victims and child:  # the child goes with the woman it accompanies
            victims[-1] += (", " if len(victims) > 1 else " ") + child[0]
            small.remove(child[0])
        s = _cap(head)
        if victims:
            s += " of " + victims[0]
            if len(victims) > 1:
                s += ", " + ", ".join(victims[1:]) + ","
            if relatives:
                s = s.rstrip(",") + f" ({'; '.join(relatives)})"
        if groups:
            s += f" involving {', '.join(groups)}"
        s += where + when
        if perps:
            p = perps[0]
            s += f" by {p.count} {p.descriptor_en}" if p.count else f" by {p.descriptor_en}"
        extras = money + [c for c in counts if not c.endswith("attackers")] + small
        if extras:
            s += "; " + "; ".join(extras)
        outcome = {"foiled": "it was foiled", "victim_rescued": "the victim was rescued",
                   "victim_released": "the victim was released"}.get(inc.outcome)
        if outcome:
            s += f"; {outcome}"
        return s.rstrip(",").replace(",;", ";") + "."
    if inc.kind == "policy_response":
        off = [kn.name_en + (f", {kn.descriptor_en}," if kn.descriptor_en else "")
               for kn, _, r in inc.actors.values() if r == "official"]
        who = off[0] if off else "The authorities"
        return f"{who} announced a response to {_types_en(inc.types)}{where}{when}.".replace(",,", ",")
    agency = next((kn.name_en for kn, _, r in inc.actors.values() if kn.kind == "state_agency"), None)
    if inc.kind == "aggregate_statistic":
        # facts grouped by the sentence that states them; a date or period stays with its own sentence
        groups_out = []
        items = [(n.start, c, v) for (w, n, _, v), c in zip(count_src, counts, strict=False)]
        items += [(m.start, f, "") for (r, m), f in zip(money_src, money, strict=False)]
        for x in sorted(inc.sents, key=lambda x: x.start):
            mine = sorted((it for it in items if x.start <= it[0] < x.end), key=lambda it: it[0])
            if not mine:
                continue
            texts = [t for _, t, _ in mine]
            verb = _VERB_EN.get(mine[0][2], "")
            if len(texts) > 1 and verb and all(t.endswith(" " + verb) for t in texts):
                texts = [t[: -len(verb) - 1] for t in texts]
                g = ", ".join(texts[:-1]) + " and " + texts[-1] + " " + verb
            else:
                g = ", ".join(texts)
            dur = _duration_en(x)
            if dur:
                g += " " + dur
            if inc.date is not None and x.start <= inc.date.start < x.end and date:
                g += " " + date
            groups_out.append(g)
        if passive and groups_out:
            return f"{_VARY[passive % len(_VARY)]} {'; '.join(groups_out)}."
        s = f"{_cap(place) if place else 'Authorities'}: {_types_en(inc.types)}"
        if groups_out:
            s += " — " + "; ".join(groups_out)
        return s + "."
    who = _agency_np(agency) if agency else (f"authorities in {place}" if place else "the authorities")
    if passive and (impersonal or not agency):
        pieces = [f"{m.english()} was {r}" for r, m in money_src if r in ("seized", "frozen")]
        for w, n, _, v in count_src:
            verb = _VERB_EN.get(v, "")
            if w != "arrests" and verb:
                sing, plur = _COUNT_EN[w]
                pieces.append(f"{n.english()} {sing if n.min == 1 else plur} {'was' if n.min == 1 else 'were'} {verb}")
        covered = len(pieces) == len([1 for r, _ in money_src if r in ("seized", "frozen")]) + len(
            [1 for w, _, _, v in count_src if w != "arrests" and _VERB_EN.get(v, "")])
        if pieces and covered and len(pieces) == len(money_src) + len(count_src):
            s = _cap(" and ".join(pieces))
            s += f" in connection with {_types_en(inc.types)}" if inc.types else ""
            return s + where + when + "."
    acts = []
    arrests = [c for (w, n, _, v), c in zip(count_src, counts, strict=False) if w == "arrests"]
    if arrests:
        arr = [n.english() + " people" + ("" if "مجموعه" not in normalize(n.raw).text else " in total")
               for w, n, _, _ in count_src if w == "arrests"]
        acts.append("arrested " + arr[0] + (f" ({'; '.join(arr[1:])})" if len(arr) > 1 else ""))
    if "dismantle" in inc.actions and not arrests:
        acts.append("dismantled a network")
    if "foil" in inc.actions:
        acts.append("foiled schemes")
    seized = list(dict.fromkeys(m.english() for r, m in money_src if r in ("seized", "frozen")))
    seized_counts = [(w, n) for w, n, _, v in count_src if w not in ("arrests", "people") and v == "seizure"]
    for w, n in seized_counts:
        sing, plur = _COUNT_EN[w]
        seized.append(f"{n.english()} {sing if n.min == 1 and n.qualifier == 'exact' else plur}")
    if seized:
        acts.append("seized " + (", ".join(seized[:-1]) + " and " if len(seized) > 1 else "") + seized[-1])
    others = [c for (w, n, _, v), c in zip(count_src, counts, strict=False)
              if w != "arrests" and not (w != "people" and v == "seizure")]
    if others:
        acts.append("reported " + ", ".join(others))
    other_money = [f for (r, m), f in zip(money_src, money, strict=False) if r not in ("seized", "frozen")]
    if other_money:
        acts.append("reported " + ", ".join(other_money))
    if not acts:
        acts.append("took action")
    s = f"{_cap(who)} " + ", ".join(acts[:-1]) + (" and " if len(acts) > 1 else "") + acts[-1]
    s += f" over {_types_en(inc.types)}" if inc.types else ""
    if agency and place:
        s += where
    return s + when + "."


def _headline_en(inc: Inc) -> str:
    s = _summary_en(inc).rstrip(".")
    if len(s) > 120:
        s = s.split(";")[0]
    if len(s) > 120 and " and reported" in s:
        s = s.split(" and reported")[0].replace(", seized", " and seized")
    if len(s) > 120:
        cut = s.find(", ", 40)
        s = s[:cut] if cut > 0 else s
    return s


def _finish(article: Article, sents: list[Sent], incs: list[Inc]) -> tuple[Brief, list[Incident], list[AnalysisWarning]]:
    warnings: list[AnalysisWarning] = []
    # Article-level country for incidents with no place.
    votes: dict[str, int] = {}
    for s in sents:
        for p in s.places:
            if p.country:
                votes[p.country] = votes.get(p.country, 0) + (2 if p.kind != "demonym" else 1)
    top = max(votes, key=lambda k: votes[k]) if votes else None
    for inc in incs:
        if inc.kind == "crime_event" and not inc.types:
            inc.types = ["other"]
        if not inc.types:
            lead = next((i for i in incs if i.types and i.kind != "policy_response"), None)
            inc.types = list(lead.types) if lead else ["other"]
        if {"attempted_kidnapping", "kidnapping"} <= set(inc.types):
            inc.types.remove("kidnapping")
        if {"cyber_extortion", "extortion"} <= set(inc.types):
            inc.types.remove("extortion")
        if inc.kind == "crime_event" and inc.outcome == "unknown":
            if "attempted_kidnapping" in inc.types:
                inc.outcome = "attempted"
            elif "kidnapping" in inc.types:
                inc.outcome = "completed"
        if inc.kind == "enforcement_action":
            inc.outcome = "completed"
        # sub-place (arrondissement) in the incident's first sentence
        for s in inc.sents[:1]:
            sp = next((p for p in s.places if p.kind == "sublocality"), None)
            if sp is not None:
                inc.sub_place = sp
        if inc.place is None and top and not inc.own_place_only:
            first_country = next((p for s in inc.sents for p in s.places
                                  if p.country == top and p.kind in ("country", "demonym")), None)
            code = top
            inc.place = PlaceMention(first_country.start if first_country else -1,
                                     first_country.end if first_country else -1,
                                     first_country.raw if first_country else "", code,
                                     COUNTRY_EN.get(code, code), "country")
    incs = [i for i in incs if i.sents]
    # Salience: the first incident that is not a policy response leads.
    main = next((i for i in incs if i.kind != "policy_response"), incs[0] if incs else None)
    ids = {id(inc): f"i{k + 1}" for k, inc in enumerate(incs)}
    records: list[Incident] = []
    for inc in incs:
        fs = _fact_sents(inc)
        en = _summary_en(inc)
        foreign = _foreign_en(inc, incs, fs)
        if foreign:
            en = en.rstrip(".") + "; " + "; ".join(foreign) + "."
        # a sentence whose numbers the English does not carry stays out of the pair
        inc.ar_sents = [x for x in fs if x is inc.first or not _uncovered(en, [x])] or fs[:1]
        inc.en = en
    for inc in incs:
        salience = "main" if inc is main else ("background" if inc.background else "secondary")
        inc.sents[0]
        records.append(Incident(
            id=ids[id(inc)], kind=inc.kind, crime_types=[_lit(_CRIME_TYPES, t) for t in inc.types],
            outcome=inc.outcome, salience=salience,
            summary_en=inc.en, summary_ar=" ".join(x.text for x in inc.ar_sents),
            date=_date_record(article, inc.date), place=_place_record(article, inc),
            actors=_actors(article, inc), money=[_money_record(article, r, m) for r, m in inc.money],
            counts=[_count_record(article, w, n, e) for w, n, e, _ in inc.counts],
            links=[Link(relation=rel, target=ids[id(t)]) for rel, t in inc.links if id(t) in ids],
            evidence=[_ev(article, s.start, s.end) for s in inc.sents[:3]],
        ))
    if not records:
        warnings.append(AnalysisWarning(code="no_incident",
                                        message="no concrete incident found (explainer or background article)"))
    brief = _brief(article, sents, incs, records)
    return brief, records, warnings


_EN_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*[–-]\s*(\d[\d,]*(?:\.\d+)?))?(?:\s+(thousand|million|billion))?")
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, None: 1.0}


def _foreign_en(inc: Inc, incs: list[Inc], xs: list[Sent]) -> list[str]:
    """Amounts and counts stated in `xs` but filed under another incident (e.g. the demand of
    the crime whose arrests this sentence reports), in English."""
    have = {(m.min, m.max, m.currency) for _, m in inc.money}
    have |= {(m.usd_as_stated[0], m.usd_as_stated[1], "USD") for _, m in inc.money if m.usd_as_stated}
    hc = {(n.min, n.max) for _, n, _, _ in inc.counts}
    out: list[str] = []
    for o in incs:
        if o is inc:
            continue
        for r, mm in o.money:
            if any(x.start <= mm.start < x.end for x in xs) and (mm.min, mm.max, mm.currency) not in have:
                out.append(_ROLE_EN.get(r, "{}").format(mm.english()))
                have.add((mm.min, mm.max, mm.currency))
        for w, n, _, v in o.counts:
            if any(x.start <= n.start < x.end for x in xs) and (n.min, n.max) not in hc:
                out.append(_count_en(n, w, v))
                hc.add((n.min, n.max))
    return out


def _uncovered(english: str, sents: list[Sent]) -> list[NumberMention]:
    """Numbers the Arabic sentences state that the English does not (AR/EN parity).

    Dates, years and times are left out, and so are values up to 2: Arabic writes them as
    word forms (عامين، يومين) that grounding does not compare either.
    """
    have: set[float] = set()
    for m in _EN_NUM.finditer(english):
        for g in (m.group(1), m.group(2)):
            if g:
                have.add(float(g.replace(",", "")) * _EN_SCALE[m.group(3)])
    out = []
    for x in sents:
        for n in x.numbers:
            if n.kind in ("year", "date", "vague", "time") or n.min <= 2:
                continue
            if n.min in have or (n.max is not None and n.max in have):
                continue
            out.append(n)
    return out


def _fact_sents(inc: Inc) -> list[Sent]:
    """The incident's sentences that hold a fact its English summary prints, in article order."""
    spans = [inc.first.start]
    spans += [m.start for _, m in inc.money] + [n.start for _, n, _, _ in inc.counts]
    if inc.date is not None:
        spans.append(inc.date.start)
    if inc.place is not None and inc.place.start >= 0:
        spans.append(inc.place.start)
    if inc.sub_place is not None:
        spans.append(inc.sub_place.start)
    spans += [e.start for a in inc.extra_actors for e in a.evidence if e.start is not None]
    spans += [sp[0][0] for kn, sp, r in inc.actors.values() if sp]
    return [x for x in sorted(inc.sents, key=lambda x: x.start) if any(x.start <= p < x.end for p in spans)]


def _restricted(inc: Inc, lo: int, hi: int) -> Inc:
    """A copy of `inc` keeping only facts stated inside [lo, hi) (for a headline)."""
    import copy

    c = copy.copy(inc)
    c.scope = (lo, hi)
    c.money = [(r, m) for r, m in inc.money if lo <= m.start < hi]
    c.counts = [x for x in inc.counts if lo <= x[1].start < hi]
    # a value repeated here but filed at its first mention still belongs to this sentence
    for x in inc.sents:
        if not lo <= x.start < hi:
            continue
        for mm in x.money:
            if mm.is_conversion or any(m is mm for _, m in c.money):
                continue
            hit = next((r for r, m in inc.money if (m.min, m.max, m.currency) == (mm.min, mm.max, mm.currency)), None)
            if hit and not any((m.min, m.max, m.currency) == (mm.min, mm.max, mm.currency) for _, m in c.money):
                c.money.append((hit, mm))
    c.date = inc.date if inc.date is not None and lo <= inc.date.start < hi else None
    c.extra_actors = [a for a in inc.extra_actors if all(lo <= (e.start or -1) < hi for e in a.evidence)]
    c.actors = {k: v for k, v in inc.actors.items() if any(lo <= a < hi for a, _ in v[1])}
    if inc.sub_place is not None and not lo <= inc.sub_place.start < hi:
        c.sub_place = None
    return c


def _date_record(article: Article, d: DateMention | None) -> DateWindow:
    if d is None:
        return DateWindow()
    return DateWindow(start=d.date_start, end=d.date_end, year=d.year, month=d.month, day=d.day,
                      precision=_lit(_DATE_PRECISIONS, d.precision), raw=d.raw,
                      anchored_to_publication=d.anchored_to_publication, evidence=[_ev(article, d.start, d.end)])


def _place_record(article: Article, inc: Inc) -> Place:
    p = inc.place
    if p is None:
        return Place()
    ev = [_ev(article, p.start, p.end)] if p.start >= 0 else []
    name_ar = p.raw or None
    locality = p.locality
    if inc.sub_place is not None and locality:
        locality = f"{locality} ({inc.sub_place.name_en})"
        ev.append(_ev(article, inc.sub_place.start, inc.sub_place.end))
    return Place(country=p.country, region=p.region, locality=locality, name_ar=name_ar,
                 precision=_lit(_PLACE_PRECISIONS, p.precision) if ev else "country", evidence=ev)


def _actors(article: Article, inc: Inc) -> list[Actor]:
    out = []
    for kn, spans, role in inc.actors.values():
        names_ar = list(dict.fromkeys(article.text[a:b] for a, b in spans if re.search(r"[\u0600-\u06FF]", article.text[a:b])))
        out.append(Actor(role=_lit(_ACTOR_ROLES, role), kind=_lit(_ACTOR_KINDS, kn.kind), name_en=kn.name_en,
                         names_ar=names_ar,
                         descriptor_en=kn.descriptor_en, evidence=[_ev(article, a, b) for a, b in spans[:3]]))
    out.extend(inc.extra_actors)
    return out


def _money_record(article: Article, role: str, m: MoneyMention) -> Money:
    usd = m.usd_as_stated
    end = m.full_end if m.full_end > 0 else m.end
    return Money(role=_lit(_MONEY_ROLES, role), min=m.min, max=m.max, qualifier=_lit(_QUALIFIERS, m.qualifier),
                 currency=m.currency, currency_kind=_lit(_CURRENCY_KINDS, m.currency_kind),
                 raw=article.text[m.start:end],
                 usd_as_stated_min=usd[0] if usd else None, usd_as_stated_max=usd[1] if usd else None,
                 evidence=[_ev(article, m.start, end)])


def _count_record(article: Article, what: str, n: NumberMention, end: int) -> Count:
    return Count(what=_lit(_COUNT_WHATS, what), min=int(n.min), max=None if n.max is None else int(n.max),
                 qualifier=_lit(_QUALIFIERS, n.qualifier),
                 raw=article.text[n.start:end], evidence=[_ev(article, n.start, end)])


#: How the brief contract counts summary sentences (summarizer.evals._text.sentences).
_AR_SPLIT = re.compile(r"(?<=[.!؟?])\s+")
_EN_SPLIT = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<!\b[A-Z]\.)(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")
_SUMMARY_MIN, _SUMMARY_MAX = 3, 5


def _count(texts: list[str], rx: re.Pattern[str]) -> int:
    text = " ".join(texts).strip()
    return len([p for p in rx.split(text) if p.strip()]) if text else 0


def _summary_sents(sents: list[Sent], incs: list[Inc], order: list[int]) -> list[Sent]:
    """3–5 of the article's own sentences for the Arabic summary, in article order.

    First each incident's opening sentence (salience order), then its other fact sentences,
    then, while fewer than three, other substantive sentences with a cue.
    """
    facts = [_fact_sents(incs[k]) for k in order]
    # the lead incident's opening, then sentences stating an amount, then the other openings
    ranked = facts[0][:1] if facts else []
    ranked += [x for fs in facts for x in fs if x.money and any(not m.is_conversion for m in x.money)]
    ranked += [fs[0] for fs in facts[1:] if fs]
    primary: list[Sent] = []
    for x in ranked:
        if not any(x is y for y in primary):
            primary.append(x)
    secondary = [x for fs in facts for x in fs[1:] if not any(x is y for y in primary)]
    extra = [s for s in sents if len(s.text.split()) >= 6 and not s.text.rstrip().endswith("؟")
             and (s.crime or s.enf or s.policy or s.names) and not s.numbers and not s.money]
    chosen: list[Sent] = []

    def n(xs: list[Sent]) -> int:  # the larger of the Arabic count and the English one (one per sentence)
        return max(_count([x.text for x in xs], _AR_SPLIT), len(xs))

    pool: list[Sent] = []
    for x in primary + secondary + extra:
        if not any(x is y for y in pool):
            pool.append(x)
    for k, x in enumerate(pool):
        if k >= len(primary) + len(secondary) and _count([c.text for c in chosen], _AR_SPLIT) >= _SUMMARY_MIN:
            break
        trial = sorted([*chosen, x], key=lambda s: s.start)
        if n(trial) <= _SUMMARY_MAX:
            chosen = trial
        if n(chosen) >= _SUMMARY_MAX:
            break
    return chosen


def _context_en(x: Sent, inc: Inc | None) -> str:
    """A number-free English sentence for an Arabic sentence that adds context, not facts."""
    types = _types_en(inc.types if inc is not None and inc.types else
                      [t for c in x.crime for t in c.types if c.flag != "generic"] or ["other"])
    country = next((COUNTRY_EN.get(p.country, p.country) for p in x.places if p.country), None)
    where = f" in {country}" if country else ""
    if x.policy or (inc is not None and inc.kind == "policy_response"):
        return f"Officials announced measures against {types}{where}."
    if re.search(r"(?:احال|القضا|محكم)", x.norm) and x.enf or re.search(r"احال\w*\s+(?:\S+\s+){0,4}?(?:ال)?متهم", x.norm):
        return "The suspects were referred to the judicial authorities."
    if x.enf:
        return f"Authorities reported further action over {types}{where}."
    if "background" in x.marks:
        return f"The article recalls earlier cases of {types}{where}."
    if "generic" in x.marks or inc is None:
        return f"The article describes the wider problem of {types}{where}."
    return f"The article adds detail on the {types} case{where}."


def _opening(en: str) -> str:
    return " ".join(en.split()[:4])


def _sent_en(x: Sent, incs: list[Inc], order: list[int], said: set[str]) -> str:
    """The English counterpart of one Arabic summary sentence: the same facts, the same numbers."""
    owners = [incs[k] for k in order if x in incs[k].sents]
    inc = next((i for i in owners if x in _fact_sents(i)), owners[0] if owners else None)
    en = ""
    if inc is not None:
        r = _restricted(inc, x.start, x.end)
        if x is not inc.first:
            r.actions = [a for a in inc.actions if any(c.kind == a for c in x.enf)]
        if x is inc.first or r.money or r.counts or r.date or r.extra_actors or r.actors:
            en = _summary_en(r)
            # vary a repeated opening ("Authorities in …" twice): say what was done instead
            repeats = sum(_opening(en) == _opening(o) or o.startswith(_VARY) for o in said) if en else 0
            if repeats and r.kind in ("enforcement_action", "aggregate_statistic"):
                en = _summary_en(r, passive=repeats)
            official = next((kn for kn, sp, role in inc.actors.values() if role == "official"
                             and any(x.start <= a < x.end for a, _ in sp)), None)
            if (official is not None and r.kind == "enforcement_action" and re.search(r"(?<!\w)(?:و)?قال", x.norm)
                    and (r.money or r.counts)):
                body = _summary_en(r, passive=1, impersonal=True)
                if not body.startswith(("The ", "Authorities", "authorities")):
                    who = official.name_en  # the descriptor stays in the records (its capitals read as names)
                    en = f"{who} said {body[:1].lower() + body[1:]}"
        extra = _foreign_en(r, incs, [x]) if en else []
        if en and extra:
            en = en.rstrip(".") + "; " + "; ".join(extra) + "."
        groups = [kn.name_en for o in owners for kn, spans, _ in o.actors.values()
                  if kn.kind == "group" and any(x.start <= a < x.end for a, _ in spans)]
        groups += [kn.name_en for _, _, kn in x.names  # groups a split moved to their own events
                   if kn.kind == "group" and any(o.kind == "enforcement_action" and o.links for o in owners)]
        groups = [g for g in dict.fromkeys(groups) if g not in en]
        if en and groups:
            en = en.rstrip(".") + f" (involving {', '.join(groups)})."
        if en and "فيديو" in x.norm and any(role == "extortion_demanded" and x.start <= mm.start < x.end
                                            for o in owners for role, mm in o.money):
            en = en.rstrip(".") + ", in exchange for not publishing a video."
    if not en or en in said:
        en = _context_en(x, inc)
    said.add(en)
    return en


def _brief(article: Article, sents: list[Sent], incs: list[Inc], records: list[Incident]) -> Brief:
    lead = [s for s in sents if len(s.text.split()) >= 4 and not s.text.rstrip().endswith("؟")]
    lead = lead or sents
    fallback = article.content.strip()[:200] if not lead else ""
    head = lead[0].text if lead else fallback
    order = sorted(range(len(records)), key=lambda k: {"main": 0, "secondary": 1, "background": 2}[records[k].salience])
    if records:
        main = incs[order[0]]
        hs = main.first
        head = hs.text
        r = _restricted(main, hs.start, hs.end)
        headline_en = _headline_en(r)
        if _uncovered(headline_en, [hs]):  # the short form dropped a number the Arabic headline states
            headline_en = _summary_en(r)
            extra = _foreign_en(r, incs, [hs])
            if extra:
                headline_en = headline_en.rstrip(".") + "; " + "; ".join(extra)
        headline_en = headline_en.rstrip(".")
        chosen = _summary_sents(sents, incs, order)
        said: set[str] = set()
        pairs = [(_sent_en(x, incs, order, said), x) for x in chosen]
        kept = [(en, x) for en, x in pairs if not _uncovered(en, [x])]
        if len(kept) >= _SUMMARY_MIN:
            pairs = kept
        summary_en = " ".join(en for en, _ in pairs)
        body = [x.text for _, x in pairs]
        if len(records) >= 3:
            points = [KeyPoint(en=records[k].summary_en, ar=records[k].summary_ar,
                               evidence=[_ev(article, x.start, x.end) for x in incs[k].ar_sents])
                      for k in order[:7]]
        else:  # few incidents: one key point per distinct fact sentence (summary ones first)
            kp = list(chosen)
            for k in order:
                for x in _fact_sents(incs[k]):
                    if len(kp) < 7 and not any(x is y for y in kp):
                        kp.append(x)
            said_kp: set[str] = set()
            kp_pairs = [(_sent_en(x, incs, order, said_kp), x) for x in kp]
            kept = [(en, x) for en, x in kp_pairs if not _uncovered(en, [x])]
            points = [KeyPoint(en=en, ar=x.text, evidence=[_ev(article, x.start, x.end)])
                      for en, x in (kept if len(kept) >= 3 else kp_pairs)]
    else:
        headline_en = "No concrete crypto-crime incident reported (background or explainer article)"
        chosen = []
        # the English says no number: quote only lead sentences that state none either
        plain = [s for s in lead if not _uncovered("", [s])]
        if len(plain) >= _SUMMARY_MIN:
            lead = plain
        for s in lead:
            if len(s.text.split()) >= 6 and _count([x.text for x in [*chosen, s]], _AR_SPLIT) <= _SUMMARY_MAX:
                chosen.append(s)
            if _count([x.text for x in chosen], _AR_SPLIT) >= _SUMMARY_MIN:
                break
        body = [x.text for x in chosen]
        summary_en = ("The rule engine found no concrete incident in this article. It reads as background "
                      "or explanation. The Arabic summary quotes its lead sentences.")
        points = [KeyPoint(en="Lead passage of the article (Arabic, quoted as printed).", ar=s.text,
                           evidence=[_ev(article, s.start, s.end)]) for s in lead[:3]]
        if not points:
            points = [KeyPoint(en="Article text (Arabic, quoted as printed).", ar=head)]
    return Brief(headline_en=headline_en, headline_ar=head, summary_en=summary_en,
                 summary_ar=" ".join(body) or head, key_points=points)


__all__ = ["extract", "RULESET_VERSION", "Normalized"]
