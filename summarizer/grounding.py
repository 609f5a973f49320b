"""Grounding: tie every quote, number and name in an analysis to the Arabic article.

`verify(analysis, article)` checks, without any model or network:

- **quotes** — each `Evidence.quote` is aligned to `Article.text` (exact → normalised → fuzzy
  ≥ 90); offsets and `alignment` are written into the annotated copy. A quote not found is
  `ungrounded_quote`; one found only in page boilerplate is `boilerplate_quote`.
- **numbers** — every amount in the brief (both languages, incident summaries too) and in the
  records (`Money`, `Count`, `Actor.count`) must match a number in the article proper after
  normalisation (0.5% tolerance, 5% when the article hedges): `ungrounded_number`. A hedged
  article number (أكثر من، نحو) must keep its hedge in English and in the records:
  `dropped_hedge`. Years, dates, times and the values 0–2 (Arabic writes them as word forms:
  رجلين، عامين) are not checked.
- **names** — every capitalised name in the English text and every actor/place name must be
  in the article: an Arabic spelling (folded, fuzzy, alias table) or Latin text kept as is:
  `unknown_name`.
- **AR/EN agreement** — the amounts in each English/Arabic pair (headline, summary, each key
  point, each incident summary) are the same set: `ar_en_mismatch`.
- **omissions** (warnings) — an amount, a count, a country or a crime cue in the article proper
  that no incident carries: `possible_omission`.

Every violation is also appended to `annotated.warnings`; nothing is dropped or passed silently.
"""

from __future__ import annotations

import bisect
import re
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from ._align import FUZZY_THRESHOLD, Folded, align, find_folded_in, fold, fold_text
from ._arabic_numbers import ArNumber, numbers
from ._english_numbers import EnNumber, find_english_numbers
from ._names import ALIASES, CRIME_CUES, GENERIC, PLACES, casefold_latin, english_forms
from .article import Article
from .errors import GroundingError
from .records import AnalysisWarning, ArticleAnalysis

__all__ = ["GroundingReport", "Violation", "verify", "KINDS"]

#: Every violation kind, with its default severity.
KINDS: dict[str, str] = {
    "ungrounded_quote": "error",
    "boilerplate_quote": "error",
    "ungrounded_number": "error",
    "dropped_hedge": "error",
    "unknown_name": "error",
    "ar_en_mismatch": "error",
    "injected_quote": "error",
    "possible_omission": "warning",
    "prompt_injection": "warning",
}
EXACT_TOLERANCE = 0.005
HEDGED_TOLERANCE = 0.05
#: Values at or under this are not checked: Arabic writes 1 and 2 as word forms (رجلين، عامين).
SMALL = 2.0


@dataclass
class Violation:
    """One grounding failure. `value` is the exact ungrounded item (quote, number, name)."""

    kind: str
    path: str
    detail: str
    severity: str = "error"
    value: str | None = None


@dataclass
class GroundingReport:
    """What `verify` found. `annotated` is the analysis with offsets and warnings filled in."""

    annotated: ArticleAnalysis
    violations: list[Violation] = field(default_factory=list)
    quotes_total: int = 0
    quotes_aligned: int = 0
    numbers_checked: int = 0
    numbers_grounded: int = 0
    names_checked: int = 0
    names_grounded: int = 0
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(v.severity == "error" for v in self.violations)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "error"]

    @property
    def grounding_rate(self) -> dict[str, float | None]:
        """Aligned quotes / quotes, grounded numbers / numbers checked, names likewise (None: none)."""

        def rate(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {"quotes": rate(self.quotes_aligned, self.quotes_total),
                "numbers": rate(self.numbers_grounded, self.numbers_checked),
                "names": rate(self.names_grounded, self.names_checked)}

    def feedback_lines(self) -> list[str]:
        """The exact ungrounded items, one line each, for the LLM re-ask."""
        return [f"{v.path}: {v.detail}" for v in self.violations if v.severity == "error"]

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for v in self.violations:
            counts[v.kind] = counts.get(v.kind, 0) + 1
        return {
            "ok": self.ok,
            "grounding_rate": self.grounding_rate,
            "quotes": {"total": self.quotes_total, "aligned": self.quotes_aligned},
            "numbers": {"checked": self.numbers_checked, "grounded": self.numbers_grounded},
            "names": {"checked": self.names_checked, "grounded": self.names_grounded},
            "counts": counts,
            "violations": [asdict(v) for v in self.violations],
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


# ---- per-article context (built once, cached) -----------------------------------------------


@dataclass
class _Context:
    article: Article
    folded: Folded
    lines: list[tuple[int, int]]  # folded spans of article-proper lines
    content_folded: str
    numbers: list[ArNumber]  # amounts in the article proper (no years/dates)
    latin_tokens: set[str]
    alias_names: list[tuple[str, ...]]  # token tuples of English names whose Arabic is present
    countries: dict[str, int]
    injected: list[tuple[int, int]]  # original spans of instruction-like text (prompt injection)
    line_texts: list[str] = field(default_factory=list)  # folded text of each span in `lines`
    found: dict[str, bool] = field(default_factory=dict)  # memo of `find` per needle
    matches: dict[float, list[ArNumber]] = field(default_factory=dict)  # memo of `_Checker._matches`

    def find(self, needle: str) -> bool:
        """`find_folded(needle, folded, lines)`, memoised for this article."""
        hit = self.found.get(needle)
        if hit is None:
            hit = self.found[needle] = find_folded_in(fold_text(needle), self.line_texts, FUZZY_THRESHOLD,
                                                      joined=self.content_folded)
        return hit

    def in_injected(self, start: int, end: int) -> bool:
        covered = sum(max(0, min(end, b) - max(start, a)) for a, b in self.injected)
        return end > start and covered * 2 > (end - start)


#: Per-article contexts, least recently used first; bounded so a long batch keeps flat memory.
_CACHE: OrderedDict[tuple[str, int], _Context] = OrderedDict()
_CACHE_SIZE = 64
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ0-9'’\-]*(?:\.[A-Za-z]{2,})*")


def _context(article: Article) -> _Context:
    key = (article.sha256 or str(hash(article.text)), len(article.text))
    ctx = _CACHE.get(key)
    if ctx is not None and ctx.article.text == article.text and ctx.article.boilerplate == article.boilerplate:
        _CACHE.move_to_end(key)
        return ctx
    text = article.text
    folded = fold(text)
    injected = list(article.injected)
    spans = [(a, b) for a, b in article.content_spans()
             if not any(max(0, min(b, y) - max(a, x)) * 2 > (b - a) for x, y in injected)]
    offs = folded.offsets
    lines = []
    for a, b in spans:
        fa, fb = bisect.bisect_left(offs, a), bisect.bisect_left(offs, b)
        if fb > fa:
            lines.append((fa, fb))
    line_texts = [folded.text[a:b] for a, b in lines]
    content_folded = "\n".join(line_texts)
    nums = [n for a, b in spans for n in _shift(numbers(text[a:b]), a)
            if not n.is_year and not n.is_date]
    latin = {casefold_latin(w.rstrip(".'’")) for a, b in spans for w in _LATIN_WORD.findall(text[a:b])}
    alias_names = []
    for en_tokens, latin_forms, ar_folded in _ALIAS_FORMS:
        if (any(f in content_folded for f in latin_forms) or any(f and f in content_folded for f in ar_folded)
                or any(find_folded_in(f, line_texts, FUZZY_THRESHOLD, joined=content_folded) for f in ar_folded)):
            alias_names += en_tokens
    countries: dict[str, int] = {}
    for iso, forms in _COUNTRY_FORMS:
        # A pattern can only match where its folded form occurs: test that first (cheap).
        n = sum(len(rx.findall(content_folded)) for f, rx in forms if f in content_folded)
        if n:
            countries[iso] = countries.get(iso, 0) + n
    ctx = _Context(article, folded, lines, content_folded, nums, latin, alias_names, countries, injected,
                   line_texts)
    _CACHE[key] = ctx
    _CACHE.move_to_end(key)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return ctx


def _shift(nums: list[ArNumber], by: int) -> Iterator[ArNumber]:
    for n in nums:
        yield ArNumber(n.start + by, n.end + by, n.raw, n.min, n.max, n.qualifier, n.is_year, n.is_date,
                       n.currency, n.conversion, n.amount)


_TOKEN_SPLIT = re.compile(r"[\s\-]+")


@lru_cache(maxsize=8192)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(casefold_latin(t) for t in _TOKEN_SPLIT.split(name.replace("’s", "").replace("'s", "")) if t)


def _alias_forms() -> list[tuple[list[tuple[str, ...]], list[str], list[str]]]:
    """Per alias entry: its English names as token tuples, its Latin forms (casefolded: they must be
    printed as is) and its Arabic forms (folded: found folded or fuzzily)."""
    out = []
    for key_en, ar_forms in ALIASES.items():
        latin = [f.casefold() for f in ar_forms if re.fullmatch(r"[A-Za-z .\-]+", f)]
        arabic = [fold_text(f) for f in ar_forms if not re.fullmatch(r"[A-Za-z .\-]+", f)]
        out.append(([_tokens(f) for f in english_forms(key_en)], latin, arabic))
    return out


def _alias_by_tokens() -> dict[frozenset[str], list[str]]:
    """English name (token set) → folded Arabic spellings of the first alias entry carrying it."""
    out: dict[frozenset[str], list[str]] = {}
    for key_en, forms in ALIASES.items():
        folded_forms = [fold_text(f) for f in forms]
        for f in english_forms(key_en):
            out.setdefault(frozenset(_tokens(f)), folded_forms)
    return out


def _country_forms() -> list[tuple[str, list[tuple[str, re.Pattern[str]]]]]:
    out = []
    for _name, (iso, ar_forms) in PLACES.items():
        if iso:
            forms = [fold_text(f) for f in set(ar_forms)]
            out.append((iso, [(f, re.compile(rf"(?<![\u0621-\u064A])(?:[وبل]|ال)?{re.escape(f)}")) for f in forms]))
    return out


_ALIAS_FORMS = _alias_forms()
_ALIAS_BY_TOKENS = _alias_by_tokens()
_COUNTRY_FORMS = _country_forms()


# ---- the walk --------------------------------------------------------------------------------


class _Checker:
    def __init__(self, analysis: ArticleAnalysis, article: Article) -> None:
        self.ctx = _context(article)
        self.article = article
        self.data = analysis.model_dump(mode="python")
        self.report_violations: list[Violation] = []
        self.q_total = self.q_ok = self.n_checked = self.n_ok = self.names_checked = self.names_ok = 0

    def add(self, kind: str, path: str, detail: str, value: str | None = None) -> None:
        self.report_violations.append(Violation(kind, path, detail, KINDS[kind], value))

    # -- quotes
    def quotes(self) -> None:
        for path, ev in _evidence(self.data):
            self.q_total += 1
            a = align(ev["quote"], self.article.text, self.ctx.folded, self._excluded, self.ctx.lines)
            ev["start"], ev["end"], ev["alignment"] = a.start, a.end, a.kind
            short = _short(ev["quote"])
            if a.kind in ("exact", "normalized", "fuzzy"):
                self.q_ok += 1
            elif a.kind == "boilerplate" and a.start is not None and self.ctx.in_injected(a.start, a.end or a.start):
                self.add("injected_quote", path,
                         f"quote «{short}» is instruction-like text planted in the page (prompt injection), "
                         "not reporting; do not use it", ev["quote"])
            elif a.kind == "boilerplate":
                self.add("boilerplate_quote", path,
                         f"quote «{short}» is page boilerplate (ads, read-more, disclaimer), not the article;"
                         " quote the article text", ev["quote"])
            else:
                self.add("ungrounded_quote", path,
                         f"quote «{short}» is not in the article; copy the Arabic verbatim or drop the value",
                         ev["quote"])

    def _excluded(self, start: int, end: int) -> bool:
        return self.article.in_boilerplate(start, end) or self.ctx.in_injected(start, end)

    def injection(self) -> None:
        for a, b in self.ctx.injected:
            line = self.article.text.count("\n", 0, a) + 1
            self.add("prompt_injection", "article",
                     f"line {line} reads like instructions to a model («{_short(self.article.text[a:b], 50)}»); "
                     "it was not used as a source", self.article.text[a:b])

    # -- numbers
    def _matches(self, v: float) -> list[ArNumber]:
        hit = self.ctx.matches.get(v)
        if hit is None:
            hit = self.ctx.matches[v] = self._match(v)
        return hit

    def _match(self, v: float) -> list[ArNumber]:
        out = []
        for n in self.ctx.numbers:
            tol = HEDGED_TOLERANCE if n.hedged else EXACT_TOLERANCE
            if any(abs(v - x) <= tol * max(abs(x), 1.0) for x in n.values):
                out.append(n)
        return out

    def _number(self, path: str, v: float | None, raw: str, *, hedged: bool | None,
                currency: str | None = None) -> None:
        """Check one value; `hedged` None means "don't check the hedge"."""
        if v is None or abs(v) <= SMALL:
            return
        self.n_checked += 1
        matches = self._matches(v)
        if not matches:
            self.add("ungrounded_number", path, f"number {raw} ({_fmt(v)}) is not in the article", raw)
            return
        if currency:
            with_cur = [n for n in matches if n.currency]
            if with_cur and not any(n.currency == currency for n in with_cur):
                self.add("ungrounded_number", path,
                         f"{raw} is printed in {'/'.join(sorted({n.currency or '' for n in with_cur}))}, "
                         f"not {currency}", raw)
                return
        self.n_ok += 1
        if hedged is False and all(n.hedged for n in matches):
            hedges = sorted({n.qualifier for n in matches})
            self.add("dropped_hedge", path,
                     f"{raw}: the article hedges it ({', '.join(hedges)}: «{_short(matches[0].raw, 30)}» "
                     f"after «{_short(self._before(matches[0]), 20)}»); keep the hedge (about / more than)", raw)

    def _before(self, n: ArNumber) -> str:
        return self.article.text[max(0, n.start - 16):n.start].split("\n")[-1]

    def _en(self, path: str, text: str) -> list[EnNumber]:
        found = find_english_numbers(text)
        for n in found:
            for v in n.values:
                self._number(path, v, n.raw, hedged=(n.hedge is not None or n.qualifier == "range"))
        return found

    def _ar(self, path: str, text: str) -> list[ArNumber]:
        found = [n for n in numbers(text) if not n.is_year and not n.is_date]
        for n in found:
            for v in n.values:
                self._number(path, v, n.raw, hedged=n.hedged or n.qualifier == "range")
        return found

    def brief_numbers(self) -> None:
        for path, en, ar in _text_pairs(self.data):
            en_nums = self._en(f"{path}.en" if path.endswith("]") else f"{path}_en", en)
            ar_nums = self._ar(f"{path}.ar" if path.endswith("]") else f"{path}_ar", ar)
            en_vals = [v for n in en_nums for v in n.values if abs(v) > SMALL]
            ar_vals = [v for n in ar_nums for v in n.values if abs(v) > SMALL]
            only_en = sorted({v for v in en_vals if not _near_any(v, ar_vals)})
            only_ar = sorted({v for v in ar_vals if not _near_any(v, en_vals)})
            if only_en or only_ar:
                parts = []
                if only_en:
                    parts.append("only in English: " + ", ".join(_fmt(v) for v in only_en))
                if only_ar:
                    parts.append("only in Arabic: " + ", ".join(_fmt(v) for v in only_ar))
                self.add("ar_en_mismatch", path, f"the English and Arabic text carry different numbers "
                                                 f"({'; '.join(parts)})",
                         ", ".join(_fmt(v) for v in only_en + only_ar))

    def record_numbers(self) -> None:
        for i, inc in enumerate(self.data["incidents"]):
            for j, m in enumerate(inc["money"]):
                p = f"incidents[{i}].money[{j}]"
                exact = m["qualifier"] == "exact"
                self._number(f"{p}.min", m["min"], f"{_fmt(m['min'])} {m['currency']}", hedged=not exact,
                             currency=m["currency"])
                if m["max"] != m["min"]:
                    self._number(f"{p}.max", m["max"], f"{_fmt(m['max'])} {m['currency']}", hedged=not exact,
                                 currency=m["currency"])
                self._number(f"{p}.usd_as_stated_min", m["usd_as_stated_min"], f"{_fmt(m['usd_as_stated_min'])} USD",
                             hedged=None, currency="USD")
                if m["usd_as_stated_max"] != m["usd_as_stated_min"]:
                    self._number(f"{p}.usd_as_stated_max", m["usd_as_stated_max"],
                                 f"{_fmt(m['usd_as_stated_max'])} USD", hedged=None, currency="USD")
                self._raw(f"{p}.raw", m["raw"])
            for j, c in enumerate(inc["counts"]):
                p = f"incidents[{i}].counts[{j}]"
                exact = c["qualifier"] == "exact"
                self._number(f"{p}.min", c["min"], f"{c['min']} {c['what']}", hedged=not exact)
                if c["max"] != c["min"]:
                    self._number(f"{p}.max", c["max"], f"{c['max']} {c['what']}", hedged=not exact)
                self._raw(f"{p}.raw", c["raw"])
            for j, a in enumerate(inc["actors"]):
                self._number(f"incidents[{i}].actors[{j}].count", a["count"], f"{a['count']} people", hedged=None)
            if inc["date"]["raw"]:
                self._raw(f"incidents[{i}].date.raw", inc["date"]["raw"])

    def _raw(self, path: str, raw: str | None) -> None:
        if raw and not self.ctx.find(raw):
            self.add("ungrounded_quote", path, f"raw text «{_short(raw)}» is not in the article; copy it as printed",
                     raw)

    # -- names
    def names(self) -> None:
        allowed: list[tuple[str, ...]] = list(self.ctx.alias_names)
        for i, inc in enumerate(self.data["incidents"]):
            for j, a in enumerate(inc["actors"]):
                p = f"incidents[{i}].actors[{j}]"
                if a["names_ar"]:
                    self.names_checked += 1
                    present = [n for n in a["names_ar"] if self.ctx.find(n)]
                    missing = [n for n in a["names_ar"] if n not in present]
                    if missing:
                        self.add("unknown_name", f"{p}.names_ar",
                                 f"Arabic name {' / '.join(f'«{n}»' for n in missing)} is not in the article", missing[0])
                    elif a["name_en"] and not self._alias_consistent(a["name_en"], a["names_ar"]):
                        self.add("unknown_name", f"{p}.name_en",
                                 f"{a['name_en']!r} is not the person/organisation written "
                                 f"{' / '.join(a['names_ar'])} in the article", a["name_en"])
                    else:
                        self.names_ok += 1
                        if a["name_en"]:
                            allowed.append(_tokens(a["name_en"]))
                elif a["name_en"]:
                    self.names_checked += 1
                    if self._known(_tokens(a["name_en"]), allowed):
                        self.names_ok += 1
                    else:
                        self.add("unknown_name", f"{p}.name_en",
                                 f"{a['name_en']!r} is not named in the article (give names_ar as printed)",
                                 a["name_en"])
            place = inc["place"]
            if place["name_ar"]:
                self.names_checked += 1
                if self.ctx.find(place["name_ar"]):
                    self.names_ok += 1
                else:
                    self.add("unknown_name", f"incidents[{i}].place.name_ar",
                             f"place «{place['name_ar']}» is not in the article", place["name_ar"])
        english = [(p, en) for p, en, _ar in _text_pairs(self.data)]
        lower_words = {w.casefold() for _p, t in english for w in re.findall(r"\b[a-z][a-z\-]+\b", t)}
        # Key points repeat incident summaries: read each distinct text, judge each name, once.
        candidates: dict[str, list[str]] = {}
        known: dict[tuple[str, ...], bool] = {}
        for path, text in english:
            seen: set[tuple[str, ...]] = set()
            if text not in candidates:
                candidates[text] = list(_name_candidates(text, lower_words))
            for cand in candidates[text]:
                toks = _tokens(cand)
                if not toks or toks in seen:
                    continue
                seen.add(toks)
                self.names_checked += 1
                if toks not in known:
                    known[toks] = self._known(toks, allowed)
                if known[toks]:
                    self.names_ok += 1
                else:
                    p = f"{path}.en" if path.endswith("]") else f"{path}_en"
                    self.add("unknown_name", p, f"name {cand!r} is not in the article", cand)

    def _known(self, toks: tuple[str, ...], allowed: list[tuple[str, ...]]) -> bool:
        if all(t in self.ctx.latin_tokens for t in toks):
            return True
        if any(set(toks) <= set(a) for a in allowed):
            return True
        from rapidfuzz import fuzz

        for a in allowed:
            if all(any(fuzz.ratio(t, x) >= 90 for x in a) for t in toks):
                return True
        return all(any(fuzz.ratio(t, x) >= 90 for x in self.ctx.latin_tokens) for t in toks)

    def _alias_consistent(self, name_en: str, names_ar: list[str]) -> bool:
        folded_forms = _ALIAS_BY_TOKENS.get(frozenset(_tokens(name_en)))
        if folded_forms is None:
            return True  # not in the table: nothing to contradict
        from rapidfuzz import fuzz

        return any(fuzz.partial_ratio(fold_text(n), f) >= 90 for n in names_ar for f in folded_forms)

    # -- omissions
    def omissions(self) -> None:
        incs = self.data["incidents"]
        carried: list[float] = []
        counted: list[float] = []
        for inc in incs:
            for m in inc["money"]:
                carried += [x for x in (m["min"], m["max"], m["usd_as_stated_min"], m["usd_as_stated_max"])
                            if x is not None]
            for c in inc["counts"]:
                counted += [x for x in (c["min"], c["max"]) if x is not None]
            counted += [a["count"] for a in inc["actors"] if a["count"] is not None]
        seen: set[float] = set()
        text = self.article.text
        for n in self.ctx.numbers:
            key = n.min
            if key in seen or not n.amount:
                continue
            if n.currency and not n.conversion:
                if not all(_near_any(v, carried, HEDGED_TOLERANCE) for v in n.values):
                    seen.add(key)
                    self.add("possible_omission", "incidents",
                             f"amount «{_short(self._phrase(n), 40)}» (line {text.count(chr(10), 0, n.start) + 1}) "
                             "is in no incident record", n.raw)
            elif not n.currency and n.min > SMALL and _COUNT_NOUN.match(fold_text(text[n.end:n.end + 20])):
                if not all(_near_any(v, counted + carried, HEDGED_TOLERANCE) for v in n.values):
                    seen.add(key)
                    self.add("possible_omission", "incidents",
                             f"count «{_short(self._phrase(n), 40)}» (line {text.count(chr(10), 0, n.start) + 1}) "
                             "is in no incident record", n.raw)
        have_countries = {inc["place"]["country"] for inc in incs if inc["place"]["country"]}
        for iso, k in sorted(self.ctx.countries.items()):
            if k >= 2 and iso not in have_countries:
                self.add("possible_omission", "incidents",
                         f"country {iso} is named {k} times in the article but no incident is placed there", iso)
        have_types = {t for inc in incs for t in inc["crime_types"]}
        for label, rx, types in CRIME_CUES:
            m = rx.search(self.ctx.content_folded)
            if m and not have_types.intersection(types):
                self.add("possible_omission", "incidents",
                         f"the article speaks of {label} («{m.group()}») but no incident has type "
                         f"{' / '.join(types)}", label)

    def _phrase(self, n: ArNumber) -> str:
        return self.article.text[n.start:min(len(self.article.text), n.end + 20)].split("\n")[0]

    def annotated(self) -> ArticleAnalysis:
        warnings = self.data["warnings"]
        have = {(w["code"], w["path"], w["message"]) for w in warnings}
        for v in self.report_violations:
            if (v.kind, v.path, v.detail) not in have:
                warnings.append(AnalysisWarning(code=v.kind, message=v.detail, path=v.path).model_dump())
                have.add((v.kind, v.path, v.detail))
        return ArticleAnalysis.model_validate(self.data)


_COUNT_NOUN = re.compile(
    r"^\s*(?:من\s+)?(?:ال)?(?:شخص|اشخاص|قضي|قضايا|تحقيق|حساب|موقع|مواقع|مكالم|منص|رجال|مبتز|متهم|ضحي|ضحايا|صفح|"
    r"معتقل|موقوف|مشتبه|حالات|حاله|شبك|عصاب|محفظ|جهاز|اجهز|عمليات)"
)


def _near_any(v: float, vals: list[float], tol: float = EXACT_TOLERANCE) -> bool:
    return any(abs(v - x) <= tol * max(abs(x), 1.0) for x in vals)


def _fmt(v: float | None) -> str:
    if v is None:
        return "None"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def _short(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _evidence(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every evidence dict in the analysis, with its path."""

    def walk(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            for k, v in node.items():
                sub = f"{path}.{k}" if path else k
                if k == "evidence" and isinstance(v, list):
                    for j, ev in enumerate(v):
                        yield f"{sub}[{j}]", ev
                else:
                    yield from walk(v, sub)
        elif isinstance(node, list):
            for j, v in enumerate(node):
                yield from walk(v, f"{path}[{j}]")

    yield from walk({"brief": data["brief"], "incidents": data["incidents"]}, "")


def _text_pairs(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    b = data["brief"]
    yield "brief.headline", b["headline_en"], b["headline_ar"]
    yield "brief.summary", b["summary_en"], b["summary_ar"]
    for k, kp in enumerate(b["key_points"]):
        yield f"brief.key_points[{k}]", kp["en"], kp["ar"]
    for i, inc in enumerate(data["incidents"]):
        yield f"incidents[{i}].summary", inc["summary_en"], inc["summary_ar"]


_CONNECT = {"of", "the", "and", "al", "de", "la", "le", "du", "bin", "ibn", "van", "von", "da"}
_SENT_SPLIT = re.compile(r"(?<=[.!?:;•])\s+|\n+|^")


def _name_candidates(text: str, lower_words: set[str]) -> Iterator[str]:
    """Runs of capitalised words that may be names, with generic words split out."""
    for sent in re.split(r"(?<=[.!?:;])\s+|\n+|\s[–—-]\s|\(|\)|\"|“|”", text):
        words = list(re.finditer(r"[A-Za-zÀ-ÖØ-öø-ÿ][\wÀ-ÖØ-öø-ÿ'’.\-]*", sent))
        run: list[str] = []
        for idx, m in enumerate(words):
            w = m.group().rstrip(".,'’").removesuffix("’s").removesuffix("'s")
            if "." in w and not re.search(r"\.[a-z]{2,}$", w):
                w = w.rstrip(".")
            cf = casefold_latin(w)
            is_cap = w[:1].isupper()
            initial = idx == 0
            generic = cf in GENERIC or cf.rstrip("s") in GENERIC or _all_generic_parts(cf) or (
                initial and cf in lower_words)
            if is_cap and not generic:
                run.append(w)
                continue
            if run and cf in _CONNECT and not is_cap:
                run.append(w)
                continue
            yield from _flush(run)
            run = []
        yield from _flush(run)


def _all_generic_parts(cf: str) -> bool:
    parts = [p for p in cf.split("-") if p]
    return len(parts) > 1 and all(p in GENERIC or _is_place(p) for p in parts)


_PLACE_TOKENS = {casefold_latin(t) for k in PLACES for f in english_forms(k) for t in f.split()}
_PLACE_NAMES = {casefold_latin(f) for k in PLACES for f in english_forms(k)}


def _is_place(cf: str) -> bool:
    return cf in _PLACE_TOKENS


def _flush(run: list[str]) -> Iterator[str]:
    while run and casefold_latin(run[-1]) in _CONNECT:
        run = run[:-1]
    if not run:
        return
    name = " ".join(run)
    if casefold_latin(name) in _PLACE_NAMES or all(_is_place(casefold_latin(w)) or casefold_latin(w) in _CONNECT
                                                   for w in run):
        return
    yield name


def verify(analysis: ArticleAnalysis, article: Article) -> GroundingReport:
    """Check `analysis` against `article`; return the annotated analysis and every violation."""
    if not isinstance(article, Article) or not article.text:
        raise GroundingError("verify needs a prepared Article with text")
    t0 = time.perf_counter()
    c = _Checker(analysis, article)
    c.injection()
    c.quotes()
    c.brief_numbers()
    c.record_numbers()
    c.names()
    c.omissions()
    annotated = c.annotated()
    return GroundingReport(
        annotated=annotated, violations=c.report_violations, quotes_total=c.q_total, quotes_aligned=c.q_ok,
        numbers_checked=c.n_checked, numbers_grounded=c.n_ok, names_checked=c.names_checked,
        names_grounded=c.names_ok, elapsed_ms=(time.perf_counter() - t0) * 1000,
    )
