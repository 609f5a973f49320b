"""Rule-engine internals: sentence facts → incidents → brief. See `rules.py`."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

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
    AnalysisWarning,
    Brief,
    Count,
    DateWindow,
    Evidence,
    Incident,
    KeyPoint,
    Link,
    Money,
    Place,
)

RULESET_VERSION = "rules-1.2"


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
    kind: str
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
    outcome: str = "unknown"
    background: bool = False
    links: list[tuple[str, Inc]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    generic_only: bool = False

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

    def new(kind: str, types: list[str], s: Sent, date=None, place=None) -> Inc:
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
            elif role in ("ransom_demanded", "ransom_paid", "extortion_demanded") and (crime_inc or current_crime):
                target = crime_inc or current_crime
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
    return _finish(article, sents, incs)


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
    verb = next((c.kind for c in s.enf), "")
    for n in s.numbers:
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
        # the raw must be an exact slice of the article: clamp `end` to the noun word
        out.append((n, what, min(end, s.end), verb))
    return out


_DESCRIPTORS = [
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


def _summary_en(inc: Inc) -> str:
    place = _place_en(inc)
    date = inc.date.english() if inc.date else ""
    money = [(_ROLE_EN.get(r, "{}").format(m.english())) for r, m in inc.money]
    counts = [_count_en(n, w, v) for w, n, _, v in inc.counts]
    names = [kn.name_en for kn, _, r in inc.actors.values() if r in ("victim", "target") and kn.kind == "person"]
    descs = [a.descriptor_en for a in inc.extra_actors if a.role == "victim" and a.descriptor_en]
    perps = [a for a in inc.extra_actors if a.role == "perpetrator"]
    groups = [kn.name_en for kn, _, r in inc.actors.values() if kn.kind == "group"]
    where = f" in {place}" if place else ""
    when = f" {date}" if date else ""
    if inc.kind == "crime_event":
        head = _types_en(inc.types)
        s = head[:1].upper() + head[1:]
        victim = ", ".join(names + [("a " + d) for d in descs])
        if victim:
            s += f" targeting {victim}"
        if groups:
            s += f" involving {', '.join(groups)}"
        s += where + when
        if perps:
            p = perps[0]
            s += f" by {p.count} {p.descriptor_en}" if p.count else f" by {p.descriptor_en}"
        extras = money + [c for c in counts if not c.endswith("attackers")]
        if extras:
            s += "; " + "; ".join(extras)
        outcome = {"foiled": "it was foiled", "victim_rescued": "the victim was rescued",
                   "victim_released": "the victim was released"}.get(inc.outcome)
        if outcome:
            s += f"; {outcome}"
        return s + "."
    if inc.kind == "policy_response":
        off = [kn.name_en + (f", {kn.descriptor_en}," if kn.descriptor_en else "")
               for kn, _, r in inc.actors.values() if r == "official"]
        who = off[0] if off else "The authorities"
        return f"{who} announced a response to {_types_en(inc.types)}{where}{when}.".replace(",,", ",")
    agency = next((kn.name_en for kn, _, r in inc.actors.values() if kn.kind == "state_agency"), None)
    if inc.kind == "aggregate_statistic":
        facts = counts + money
        s = f"{place or 'Authorities'}: {_types_en(inc.types)}"
        if facts:
            s += " — " + "; ".join(facts)
        return s + (f" ({date})" if date else "") + "."
    who = agency or (f"Authorities in {place}" if place else "Authorities")
    acts = []
    arrests = [c for (w, n, _, v), c in zip(inc.counts, counts, strict=False) if w == "arrests"]
    if arrests:
        arr = [n.english() + " people" + ("" if "مجموعه" not in normalize(n.raw).text else " in total")
               for w, n, _, _ in inc.counts if w == "arrests"]
        acts.append("arrested " + arr[0] + (f" ({'; '.join(arr[1:])})" if len(arr) > 1 else ""))
    if "dismantle" in inc.actions and not arrests:
        acts.append("dismantled a network")
    if "foil" in inc.actions:
        acts.append("foiled schemes")
    seized = [m for r, m in inc.money if r in ("seized", "frozen")]
    if seized:
        acts.append("seized " + " and ".join(dict.fromkeys(m.english() for m in seized)))
    others = [c for (w, n, _, v), c in zip(inc.counts, counts, strict=False) if w != "arrests"]
    if others:
        acts.append("reported " + ", ".join(others))
    other_money = [f for (r, m), f in zip(inc.money, money, strict=False) if r not in ("seized", "frozen")]
    if other_money:
        acts.append("reported " + ", ".join(other_money))
    if not acts:
        acts.append("took action")
    s = f"{who} " + ", ".join(acts[:-1]) + (" and " if len(acts) > 1 else "") + acts[-1]
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
        if inc.place is None and top:
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
        salience = "main" if inc is main else ("background" if inc.background else "secondary")
        inc.sents[0]
        records.append(Incident(
            id=ids[id(inc)], kind=inc.kind, crime_types=inc.types, outcome=inc.outcome, salience=salience,
            summary_en=_balance(_summary_en(inc), _fact_sents(inc)), summary_ar=" ".join(x.text for x in _fact_sents(inc)),
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


def _balance(english: str, sents: list[Sent]) -> str:
    """Append the numbers the Arabic sentences state but the English does not (parity)."""
    have: set[float] = set()
    for m in _EN_NUM.finditer(english):
        for g in (m.group(1), m.group(2)):
            if g:
                have.add(float(g.replace(",", "")) * _EN_SCALE[m.group(3)])
    missing = []
    for x in sents:
        for n in x.numbers:
            if n.kind in ("year", "date", "vague") or n.min in have or (n.max is not None and n.max in have):
                continue
            if n.kind == "cardinal":
                missing.append(n.english())
            elif n.kind in ("age", "duration"):
                missing.append(f"{int(n.min)} {n.unit or ''}s".strip() if n.min != 1 else f"1 {n.unit}")
            elif n.kind == "ordinal":
                missing.append(f"number {int(n.min)}")
            elif n.kind == "time":
                missing.append(n.raw)
            have.update({n.min, n.max or n.min})
    if missing:
        english = english.rstrip(".") + "; the passage also states: " + ", ".join(dict.fromkeys(missing)) + "."
    return english


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
    c.money = [(r, m) for r, m in inc.money if lo <= m.start < hi]
    c.counts = [x for x in inc.counts if lo <= x[1].start < hi]
    c.date = inc.date if inc.date is not None and lo <= inc.date.start < hi else None
    c.extra_actors = [a for a in inc.extra_actors if all(lo <= (e.start or -1) < hi for e in a.evidence)]
    c.actors = {k: v for k, v in inc.actors.items() if any(lo <= a < hi for a, _ in v[1])}
    if inc.sub_place is not None and not lo <= inc.sub_place.start < hi:
        c.sub_place = None
    return c


def _date_record(article: Article, d: DateMention | None) -> DateWindow:
    if d is None:
        return DateWindow()
    return DateWindow(start=d.date_start, end=d.date_end, precision=d.precision, raw=d.raw,
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
                 precision=p.precision if ev else "country", evidence=ev)


def _actors(article: Article, inc: Inc) -> list[Actor]:
    out = []
    for kn, spans, role in inc.actors.values():
        names_ar = list(dict.fromkeys(article.text[a:b] for a, b in spans if re.search(r"[\u0600-\u06FF]", article.text[a:b])))
        out.append(Actor(role=role, kind=kn.kind, name_en=kn.name_en, names_ar=names_ar,
                         descriptor_en=kn.descriptor_en, evidence=[_ev(article, a, b) for a, b in spans[:3]]))
    out.extend(inc.extra_actors)
    return out


def _money_record(article: Article, role: str, m: MoneyMention) -> Money:
    usd = m.usd_as_stated
    end = m.full_end if m.full_end > 0 else m.end
    return Money(role=role, min=m.min, max=m.max, qualifier=m.qualifier, currency=m.currency,
                 currency_kind=m.currency_kind, raw=article.text[m.start:end],
                 usd_as_stated_min=usd[0] if usd else None, usd_as_stated_max=usd[1] if usd else None,
                 evidence=[_ev(article, m.start, end)])


def _count_record(article: Article, what: str, n: NumberMention, end: int) -> Count:
    return Count(what=what, min=int(n.min), max=None if n.max is None else int(n.max), qualifier=n.qualifier,
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
        # money stated here but filed under another incident (e.g. the demand of the crime
        # whose arrest this sentence reports)
        extra = [_ROLE_EN.get(role, "{}").format(mm.english()) for o in owners if o is not inc
                 for role, mm in o.money if x.start <= mm.start < x.end]
        if en and extra:
            en = en.rstrip(".") + "; " + "; ".join(extra) + "."
        groups = [kn.name_en for o in owners for kn, spans, _ in o.actors.values()
                  if kn.kind == "group" and any(x.start <= a < x.end for a, _ in spans)]
        groups = [g for g in dict.fromkeys(groups) if g not in en]
        if en and groups:
            en = en.rstrip(".") + f" (involving {', '.join(groups)})."
        if en and "فيديو" in x.norm and any(role == "extortion_demanded" and x.start <= mm.start < x.end
                                            for o in owners for role, mm in o.money):
            en = en.rstrip(".") + ", in exchange for not publishing a video."
    if not en or en in said:
        en = _context_en(x, inc)
    said.add(en)
    return _balance(en, [x])


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
        headline_en = _balance(_headline_en(_restricted(main, hs.start, hs.end)), [hs]).rstrip(".")
        chosen = _summary_sents(sents, incs, order)
        said: set[str] = set()
        pairs = [(_sent_en(x, incs, order, said), x) for x in chosen]
        summary_en = " ".join(en for en, _ in pairs)
        body = [x.text for _, x in pairs]
        if len(records) >= 3:
            points = [KeyPoint(en=records[k].summary_en, ar=records[k].summary_ar,
                               evidence=[_ev(article, x.start, x.end) for x in _fact_sents(incs[k])])
                      for k in order[:7]]
        else:  # few incidents: one key point per distinct fact sentence (summary ones first)
            kp = list(chosen)
            for k in order:
                for x in _fact_sents(incs[k]):
                    if len(kp) < 7 and not any(x is y for y in kp):
                        kp.append(x)
            said_kp: set[str] = set()
            points = [KeyPoint(en=_sent_en(x, incs, order, said_kp), ar=x.text, evidence=[_ev(article, x.start, x.end)])
                      for x in kp]
    else:
        headline_en = "No concrete crypto-crime incident reported (background or explainer article)"
        chosen = []
        for s in lead:
            if len(s.text.split()) >= 6 and _count([x.text for x in [*chosen, s]], _AR_SPLIT) <= _SUMMARY_MAX:
                chosen.append(s)
            if _count([x.text for x in chosen], _AR_SPLIT) >= _SUMMARY_MIN:
                break
        body = [x.text for x in chosen]
        summary_en = _balance("The rule engine found no concrete incident in this article. It reads as background "
                              "or explanation. The Arabic summary quotes its lead sentences.", chosen)
        points = [KeyPoint(en=_balance("Lead passage of the article (Arabic, quoted as printed).", [s]), ar=s.text,
                           evidence=[_ev(article, s.start, s.end)]) for s in lead[:3]]
        if not points:
            points = [KeyPoint(en="Article text (Arabic, quoted as printed).", ar=head)]
    return Brief(headline_en=headline_en, headline_ar=head, summary_en=summary_en,
                 summary_ar=" ".join(body) or head, key_points=points)


__all__ = ["extract", "RULESET_VERSION", "Normalized"]
