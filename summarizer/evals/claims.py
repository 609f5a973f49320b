"""The scorers an editor would run: false claims, must-not-say, facts, incidents, warnings, readability.

These judge a brief the way an editor who checks it against the Arabic does. Per case:

- `false_claims`       claims that contradict the gold, each counted once:
  record values (a money or count entry whose value or role is not the gold's for that incident,
  or that belongs to another incident; a place or date that is not the incident's; an actor in the
  wrong role; any incident at all in an article that reports none), English brief sentences that
  print a number the gold does not sanction (a page count, a phone digit, a "read also" figure),
  and every `must_not_say` hit. The Arabic brief is not scored here: the rule engine's is the
  article's own sentences, and an LLM's is held to the same facts by grounding's AR/EN check.
- `must_not_say`       the gold's listed misreadings that the output makes (record or English)
- `key_fact_recall`    share of all gold key facts the English brief carries
- `incident_count_ok`  1 when the number of incidents is within the gold's (required … + optional)
- `warn_true` / `warn_false` / `claims_flagged`  warnings that point at a false claim / at a
  correct value, and false claims with a warning on them; the report pools them into
  `warning_precision` and `warning_recall`. Only warnings that point into the output count
  (`incidents[…]`, `brief…`); article-level notes (boilerplate, encoding, omissions) do not.
- `readable`           the English brief passes every applicable check: `read_headline` (names
  what, where and who as the gold's `headline` lists), `read_no_repeat` (no sentence twice),
  `read_latin_names` (actors the article prints in Latin script appear in the English),
  `read_crypto` (crypto named when the article is about crypto), `read_short` (sentences ≤ 35 words)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ..records import ArticleAnalysis, Incident
from . import _text
from .dataset import Case, GoldIncident, MustNotSay, RecordClaim, SeedCase

MAX_SENTENCE_WORDS = 35
#: Warning paths that point into the output (the rest are article-level notes).
_OUTPUT_PATH = re.compile(r"^(?:incidents\[\d+\]|brief)")
_CRYPTO = re.compile(r"crypto|bitcoin|\bbtc\b|ether|usdt|tether|stablecoin|blockchain|digital (?:currenc|asset|coin)|"
                     r"virtual currenc|\btokens?\b|\bwallets?\b|\bcoins?\b|mining rig|\bnft", re.I)
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9.&'’-]*(?:\s+[A-Za-z0-9][A-Za-z0-9.&'’-]*)*")
_N = re.compile(r"\{N:([0-9.eE+]+)\}")


@dataclass(frozen=True)
class FalseClaim:
    path: str
    detail: str


# ---- {N:x}: a number as English prints it ---------------------------------------------------------

def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=1024)
def number_pattern(value: float) -> str:
    """A regex for `value` in English: "5 million", "5m", "5,000,000", "$5 million", "5.0 million"."""
    forms: list[str] = []
    for scale, words in ((1e12, r"(?:\s?trillion|\s?tn)"), (1e9, r"(?:\s?billion|\s?bn|b)"),
                         (1e6, r"(?:\s?million|\s?mn|\s?mln|m)"), (1e3, r"(?:\s?thousand|k)")):
        if value >= scale:
            head = value / scale
            forms.append(re.escape(_fmt(head)) + r"(?:\.0+)?" + words + r"\b")
    whole = int(value) if float(value).is_integer() else None
    if whole is not None:
        forms.append(re.escape(f"{whole:,}"))
        forms.append(str(whole))
    else:
        forms.append(re.escape(_fmt(value)))
    return r"(?:(?:US\$|\$|€|£|[A-Z]{3}\s?)\s?)?(?<![\d.,])(?:" + "|".join(forms) + r")(?![\d,]|\.\d)"


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A `must_not_say` English pattern with its `{N:x}` placeholders expanded."""
    return re.compile(_N.sub(lambda m: number_pattern(float(m.group(1))), pattern), re.I)


def check_patterns(sc: SeedCase) -> list[str]:
    """Problems with a case's `must_not_say` patterns: one that does not compile, or that
    matches the gold's own key facts (it would flag a correct brief)."""
    problems = []
    for item in sc.must_not_say:
        for pat in item.en:
            try:
                rx = compile_pattern(pat)
            except re.error as exc:
                problems.append(f"must_not_say {item.id}: pattern {pat!r} does not compile ({exc})")
                continue
            for fact in sc.key_facts:
                if rx.search(fact.en):
                    problems.append(f"must_not_say {item.id}: pattern {pat!r} matches key fact {fact.id!r}")
    return problems


def check_facts(sc: SeedCase) -> list[str]:
    """Problems with a case's key facts: an English fact that fails its own term groups, or that
    prints a number the gold does not allow (the gold would then count its own fact as false)."""
    from .scorers import _has_term

    problems = []
    allowed = allowed_values(sc)
    for f in sc.key_facts:
        folded = _text.fold(f.en)
        for group in f.en_terms:
            if not any(_has_term(folded, t) for t in group):
                problems.append(f"key fact {f.id}: its English has none of {group}")
        for n in _text.english_numbers(f.en):
            hedged = [k for k in sc.key_numbers if k.hedge and any(_text.same_number(v, k.value) for v in n.values)]
            if hedged and not n.hedged:
                problems.append(f"key fact {f.id}: {n.raw.strip()!r} drops the hedge of {hedged[0].raw!r}")
            if not all(any(_text.same_number(v, a, hedged=h or n.hedged) for a, h in allowed) for v in n.values):
                problems.append(f"key fact {f.id}: {n.raw.strip()!r} is not a gold number (add it to allowed_numbers)")
    return problems


# ---- the English sentences of an output -------------------------------------------------------------

def en_sentences(analysis: ArticleAnalysis) -> list[tuple[str, str]]:
    """(path, sentence) for every English sentence an editor reads, with grounding's paths."""
    b = analysis.brief
    out = [("brief.headline", b.headline_en)]
    out += [("brief.summary", s) for s in _text.sentences(b.summary_en, "en")]
    out += [(f"brief.key_points[{k}]", p.en) for k, p in enumerate(b.key_points)]
    out += [(f"incidents[{i}].summary", s) for i, inc in enumerate(analysis.incidents)
            for s in _text.sentences(inc.summary_en, "en")]
    return [(p, s) for p, s in out if s.strip()]


# ---- record claims ----------------------------------------------------------------------------------

def _fits_date(inc: Incident, year: int | None, month: int | None, day: int | None) -> bool:
    d = inc.date
    days = [x for x in (d.start, d.end) if x is not None]
    if days:
        return all((year is None or x.year == year) and (month is None or x.month == month)
                   and (day is None or x.day == day) for x in days)
    stated = (d.year, d.month, d.day)
    if stated == (None, None, None):
        return False
    return all(want is None or got == want for want, got in zip((year, month, day), stated, strict=True))


def record_hits(claim: RecordClaim, analysis: ArticleAnalysis) -> list[str]:
    """Paths of the output's record values that make this false claim."""
    hits: list[str] = []
    for i, inc in enumerate(analysis.incidents):
        if claim.money is not None:
            hits += [f"incidents[{i}].money[{j}]" for j, m in enumerate(inc.money)
                     if m.role in claim.money.role and _has_value((m.min, m.max), claim.money.value)
                     and _kind_ok(inc, claim.money.kind)]
        elif claim.count is not None:
            hits += [f"incidents[{i}].counts[{j}]" for j, c in enumerate(inc.counts)
                     if c.what in claim.count.what and _has_value((c.min, c.max), claim.count.value)
                     and _kind_ok(inc, claim.count.kind)]
        elif claim.place is not None:
            if (inc.place.country or "").upper() == claim.place.country and _kind_ok(inc, claim.place.kind):
                hits.append(f"incidents[{i}].place")
        elif claim.date is not None:
            dc = claim.date
            if _kind_ok(inc, dc.kind) and _fits_date(inc, dc.year, dc.month, dc.day):
                hits.append(f"incidents[{i}].date")
        elif claim.actor is not None:
            names = [_text.fold(n) for n in claim.actor.name]
            for j, a in enumerate(inc.actors):
                mine = [_text.fold(n) for n in [*(a.names_ar), a.name_en or ""] if n]
                if a.role in claim.actor.role and any(n and (n == m or n in m) for n in names for m in mine):
                    hits.append(f"incidents[{i}].actors[{j}]")
    return hits


def _kind_ok(inc: Incident, kinds: Sequence[str]) -> bool:
    return not kinds or inc.kind in kinds


def _has_value(values: Sequence[float | None], want: float) -> bool:
    return any(v is not None and _text.same_number(v, want) for v in values)


# ---- false claims -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class MustNotSayHit:
    item: MustNotSay
    record: list[str]  # paths of record values making the claim
    en: list[str]  # paths of English sentences making it

    @property
    def path(self) -> str:
        return (self.record or self.en)[0]


def must_not_say_hits(gold: SeedCase, analysis: ArticleAnalysis,
                      sentences: list[tuple[str, str]]) -> list[MustNotSayHit]:
    """The gold's `must_not_say` items the output makes, each with where it makes them."""
    hits = []
    for item in gold.must_not_say:
        rec = record_hits(item.record, analysis) if item.record is not None else []
        en = [p for p, s in sentences if any(compile_pattern(pat).search(s) for pat in item.en)]
        if rec or en:
            hits.append(MustNotSayHit(item, rec, en))
    return hits


def false_claims(case: Case, analysis: ArticleAnalysis, pairs: Sequence[tuple[int, int]],
                 mns: Sequence[MustNotSayHit] | None = None) -> list[FalseClaim]:
    """Every claim of the output that contradicts the gold, once each (see the module docstring)."""
    from .scorers import _assign, _count_pair, _date_ok, _money_pair

    gold = case.gold
    out: dict[str, FalseClaim] = {}

    def add(path: str, detail: str, key: str | None = None) -> None:
        out.setdefault(key or path, FalseClaim(path, detail))

    matched = dict(pairs)
    for pi, inc in enumerate(analysis.incidents):
        path = f"incidents[{pi}]"
        gi = matched.get(pi)
        if gi is None:
            _unmatched_incident(gold, inc, path, add)
            continue
        g = gold.incidents[gi]
        if g.optional:
            continue
        money = [(j, m) for j, m in enumerate(inc.money) if m.min is not None or m.max is not None]
        mp, free_m, _ = _assign([m for _, m in money], g.money, _money_pair)
        for a, b, score in mp:
            j, m = money[a]
            gm = g.money[b]
            if score < 2:
                add(f"{path}.money[{j}]", f"{m.raw or m.min}: {m.currency}, the gold amount is {gm.currency}")
            elif m.role not in gm.role:
                add(f"{path}.money[{j}]", f"{m.raw or m.min} is {'/'.join(gm.role)} in the article, not {m.role}")
        for a in free_m:  # a second mention of a gold amount of this incident is a repeat, not a claim
            j, m = money[a]
            if not any(_money_pair(m, gm) == 2 and m.role in gm.role for gm in g.money):
                add(f"{path}.money[{j}]", _stray_value(gold, gi, m.min, m.max, f"{m.role} {m.raw or m.min}"))
        counts = [(j, c) for j, c in enumerate(inc.counts) if c.min is not None or c.max is not None]
        cp, free_c, _ = _assign([c for _, c in counts], g.counts, _count_pair)
        for a, b, score in cp:
            j, c = counts[a]
            if score < 2:
                add(f"{path}.counts[{j}]", f"{c.raw or c.min} counts {'/'.join(g.counts[b].what)}, not {c.what}")
        for a in free_c:
            j, c = counts[a]
            if not any(_count_pair(c, gc) == 2 for gc in g.counts):
                add(f"{path}.counts[{j}]", _stray_value(gold, gi, c.min, c.max, f"{c.what} {c.raw or c.min}"))
        country = (inc.place.country or "").upper() or None
        if country is not None and country not in g.country:
            where = "/".join(c for c in g.country if c) or "not stated"
            add(f"{path}.place", f"placed in {country}; the article puts incident {g.id} in {where}")
        if _date_ok(inc.date, g) in ("fa", "fd"):
            add(f"{path}.date", f"dated {inc.date.raw or inc.date.start}; not incident {g.id}'s date")
        _actor_roles(inc, g, path, add)
    if not gold.incidents and analysis.incidents:
        add("incidents", f"{len(analysis.incidents)} incident(s) in an article that reports none")
    sentences = en_sentences(analysis)
    if mns is None:
        mns = must_not_say_hits(gold, analysis, sentences)
    for hit in mns:
        for p in hit.record:
            out[p] = FalseClaim(p, f"must not say: {hit.item.claim}")
        if hit.en:
            add(hit.en[0], f"must not say: {hit.item.claim}", f"{hit.en[0]}: {hit.item.claim}")
    for p, detail in _stray_numbers(gold, sentences):  # a sentence can print several
        add(p, detail, f"{p}: {detail}")
    return list(out.values())


def _stray_value(gold: SeedCase, gi: int | None, lo: float | None, hi: float | None, what: str) -> str:
    for k, other in enumerate(gold.incidents):
        if k == gi:
            continue
        values = [x for m in other.money for x in (m.min, m.max)] + [x for c in other.counts for x in (c.min, c.max)]
        if any(v is not None and _has_value((lo, hi), v) for v in values):
            return f"{what} belongs to incident {other.id}, not this one"
    return f"{what} is not a figure the article gives for this incident"


def _unmatched_incident(gold: SeedCase, inc: Incident, path: str, add) -> None:
    """An incident the gold does not have: its amounts and place are claims all the same."""
    from .scorers import _count_pair, _money_pair

    for j, m in enumerate(inc.money):
        if (m.min is not None or m.max is not None) and not any(
                _money_pair(m, gm) == 2 and m.role in gm.role for g in gold.incidents for gm in g.money):
            add(f"{path}.money[{j}]", _stray_value(gold, None, m.min, m.max, f"{m.role} {m.raw or m.min}"))
    for j, c in enumerate(inc.counts):
        if (c.min is not None or c.max is not None) and not any(
                _count_pair(c, gc) == 2 for g in gold.incidents for gc in g.counts):
            add(f"{path}.counts[{j}]", _stray_value(gold, None, c.min, c.max, f"{c.what} {c.raw or c.min}"))
    country = (inc.place.country or "").upper()
    if country and gold.incidents and not any(country in g.country for g in gold.incidents):
        add(f"{path}.place", f"placed in {country}, where the article reports no incident")


def _actor_roles(inc: Incident, g: GoldIncident, path: str, add) -> None:
    from .scorers import _actor_pair, _assign

    actors = [(j, a) for j, a in enumerate(inc.actors) if a.name_en or a.names_ar]
    ap, _, _ = _assign([a for _, a in actors], g.actors, _actor_pair)
    for a, b, _score in ap:
        j, actor = actors[a]
        ga = g.actors[b]
        if actor.role not in ga.role:
            add(f"{path}.actors[{j}]", f"{ga.name_en} is {'/'.join(ga.role)} in the article, not {actor.role}")


def allowed_values(gold: SeedCase) -> list[tuple[float, bool]]:
    """Every number a faithful English brief may print, with whether the article hedges it."""
    vals: list[tuple[float, bool]] = [(float(v), False) for v in gold.allowed_numbers]
    for k in gold.key_numbers:
        vals += [(v, k.hedge) for v in k.values]
    for g in gold.incidents:
        for m in g.money:
            hedged = "approx" in m.qualifier
            vals += [(v, hedged) for v in (m.min, m.max, m.usd_as_stated_min) if v is not None]
        for c in g.counts:
            for reading in (c, *c.alt):
                vals += [(v, "approx" in reading.qualifier) for v in (reading.min, reading.max) if v is not None]
        for d in g.date:
            if d is not None:
                ends = [d] + ([d.until] if d.until is not None else [])
                vals += [(float(v), False) for e in ends for v in (e.year, e.day) if v is not None]
    if gold.published is not None:
        vals += [(float(gold.published.year), False), (float(gold.published.day), False)]
    return vals


def _stray_numbers(gold: SeedCase, sentences: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Numbers the English prints that the gold does not sanction, each value once."""
    out: list[tuple[str, str]] = []
    allowed = allowed_values(gold)
    seen: set[float] = set()
    for p, s in sentences:
        for n in _text.english_numbers(s):
            for v in n.values:
                if v in seen or any(_text.same_number(v, a, hedged=h or n.hedged) for a, h in allowed):
                    continue
                seen.add(v)
                out.append((p, f"{n.raw.strip()!r}: the article gives no such figure as a fact"))
    return out


# ---- the editor's metrics ---------------------------------------------------------------------------

def _related(a: str, b: str) -> bool:
    """True when one path is the other or lies inside it ("brief" ⊃ "brief.summary")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short)] in ".["


def score_editor(case: Case, analysis: ArticleAnalysis, pairs: Sequence[tuple[int, int]],
                 findings: list) -> dict[str, float | None]:
    from .scorers import Finding, _has_term, brief_text

    gold = case.gold
    sentences = en_sentences(analysis)
    mns = must_not_say_hits(gold, analysis, sentences)
    claims = false_claims(case, analysis, pairs, mns)
    findings += [Finding("false_claims", c.detail, c.path) for c in claims]
    findings += [Finding("must_not_say", f"{h.item.id}: {h.item.claim}", h.path) for h in mns]
    folded = _text.fold(brief_text(analysis, "en"))

    facts = gold.key_facts
    hit = 0
    for f in facts:
        if all(any(_has_term(folded, t) for t in g) for g in f.en_terms):
            hit += 1
        else:
            findings.append(Finding("key_fact_recall", f"missed fact {f.id!r}: {f.en}", "brief"))
    required = sum(not g.optional for g in gold.incidents)
    n = len(analysis.incidents)
    count_ok = required <= n <= len(gold.incidents)
    if not count_ok:
        want = f"{required}" + (f"–{len(gold.incidents)}" if len(gold.incidents) > required else "")
        findings.append(Finding("incident_count_ok", f"{n} incident(s); the article reports {want}", "incidents"))
    warn_true = warn_false = 0
    pointed = [w for w in analysis.warnings if w.path and _OUTPUT_PATH.match(w.path)]
    for w in pointed:
        assert w.path is not None
        if any(_related(w.path, c.path) for c in claims):
            warn_true += 1
        else:
            warn_false += 1
            findings.append(Finding("warn_false", f"false alarm: {w.code}: {w.message}", w.path))
    flagged = 0
    for c in claims:
        if any(w.path and _related(w.path, c.path) for w in pointed):
            flagged += 1
        else:
            findings.append(Finding("claims_flagged", f"no warning on a false claim: {c.detail}", c.path))
    metrics: dict[str, float | None] = {
        "false_claims": float(len(claims)),
        "must_not_say": float(len(mns)),
        "key_fact_recall": hit / len(facts) if facts else None,
        "incident_count_ok": 1.0 if count_ok else 0.0,
        "warn_true": float(warn_true),
        "warn_false": float(warn_false),
        "claims_flagged": float(flagged),
    }
    metrics.update(readability(case, analysis, sentences, findings))
    return metrics


def readability(case: Case, analysis: ArticleAnalysis, sentences: list[tuple[str, str]],
                findings: list) -> dict[str, float | None]:
    from .scorers import Finding, mentions

    gold = case.gold
    b = analysis.brief
    checks: dict[str, float | None] = {}
    if gold.headline is not None:
        head = b.headline_en
        missing = [k for k, terms in gold.headline.groups.items()
                   if not any(re.search(rf"(?<![A-Za-z0-9]){re.escape(t.strip())}", head, re.I) for t in terms)]
        checks["read_headline"] = 0.0 if missing else 1.0
        if missing:
            findings.append(Finding("read_headline", f"headline does not say {' / '.join(missing)}: "
                                                     f"{b.headline_en!r}", "brief.headline"))
    else:
        checks["read_headline"] = None
    norm = [(p, re.sub(r"\W+", " ", s.lower()).strip()) for p, s in sentences if not p.startswith("incidents")]
    repeats = [(p, q) for i, (p, a) in enumerate(norm) for q, c in norm[i + 1:] if a and fuzz.ratio(a, c) >= 92]
    checks["read_no_repeat"] = 0.0 if repeats else 1.0
    for p, q in repeats[:3]:
        findings.append(Finding("read_no_repeat", f"{q} repeats {p}", q))
    names = latin_actor_names(gold, case.article.text)
    brief_en = "\n".join(s for p, s in sentences if not p.startswith("incidents"))
    if names:
        absent = [forms[0] for forms in names if not mentions(brief_en, forms)]
        checks["read_latin_names"] = 0.0 if absent else 1.0
        if absent:
            findings.append(Finding("read_latin_names", f"not in the English brief: {', '.join(absent)}", "brief"))
    else:
        checks["read_latin_names"] = None
    if gold.about_crypto:
        checks["read_crypto"] = 1.0 if _CRYPTO.search(brief_en) else 0.0
        if not checks["read_crypto"]:
            findings.append(Finding("read_crypto", "the English brief never names crypto", "brief"))
    else:
        checks["read_crypto"] = None
    long = [(p, len(s.split())) for p, s in sentences if len(s.split()) > MAX_SENTENCE_WORDS]
    checks["read_short"] = 0.0 if long else 1.0
    for p, n in long[:3]:
        findings.append(Finding("read_short", f"{n} words (≤ {MAX_SENTENCE_WORDS})", p))
    applicable = [v for v in checks.values() if v is not None]
    checks["readable"] = 1.0 if all(v == 1.0 for v in applicable) else 0.0
    return checks


_NAMED_ROLES = {"perpetrator", "suspect", "victim", "target"}


def latin_actor_names(gold: SeedCase, text: str) -> list[list[str]]:
    """English forms of the actors and critical entities the article prints in Latin script."""
    latin = {m.group().lower() for m in _LATIN_RUN.finditer(text)}
    blob = " ".join(latin)
    out: list[list[str]] = []
    groups = [e.en for e in gold.entities if e.critical and any(_is_latin(a) and a.lower() in blob for a in e.ar)]
    groups += [g.en_forms for inc in gold.incidents for g in inc.actors
               if not g.optional and set(g.role) & _NAMED_ROLES
               and any(_is_latin(a) and a.lower() in blob for a in g.names_ar)]
    for forms in groups:
        if forms not in out:
            out.append(forms)
    return out


def _is_latin(s: str) -> bool:
    return bool(s) and _text.script_shares(s)[1] > 0.5
