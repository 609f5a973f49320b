"""Applying a plan: the Arabic text, English and Arabic gold strings, and the whole gold, rewritten."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..._english_numbers import _WORDS as _EN_WORDS
from ...arabic.normalize import normalize
from ...arabic.numbers import find_numbers
from .. import _text
from .common import Edit, Role, _dedupe, _fmt_mantissa, _isint, _rule_regex, _same, _vals
from .dates import _date_edits, _en_date_edits
from .model import _Ctx, _Seed
from .numbers import _ar_number_edits, _en_format, _en_number_edits

# ---- edits ---------------------------------------------------------------------------------------


def _resolve(cands: list[Edit], taken: list[Edit]) -> list[Edit]:
    """`taken` edits first, then the longest of overlapping candidates."""
    out = list(taken)
    for e in sorted(cands, key=lambda e: (e[0], -(e[1] - e[0]))):
        if all(e[1] <= o[0] or e[0] >= o[1] for o in out):
            out.append(e)
    return sorted(out)


def _apply(s: str, edits: list[Edit]) -> tuple[str, Callable[[int, bool], int]]:
    parts: list[str] = []
    table: list[tuple[int, int, int, int]] = []
    pos = 0
    size = 0
    for a, b, r in edits:
        parts.append(s[pos:a])
        size += a - pos
        table.append((a, b, size, size + len(r)))
        parts.append(r)
        size += len(r)
        pos = b
    parts.append(s[pos:])

    def at(p: int, end: bool) -> int:
        shift = 0
        for a, b, na, nb in table:
            if p <= a:
                break
            if p >= b:
                shift = nb - b
                continue
            return nb if end else na  # inside an edit: the quote takes the whole new word
        return p + shift

    return "".join(parts), at


def _identity_span(start: int, end: int) -> tuple[int, int]:
    return start, end


# ---- strings -------------------------------------------------------------------------------------

def _rewrite_ar(s: str, ctx: _Ctx, *, folded: bool = False) -> tuple[str, Callable[[int, bool], int]]:
    """Arabic `s` (text, a gold string, or a folded term) with every substitution applied."""
    span: Callable[[int, int], tuple[int, int]]
    if folded:
        base = hay = _text.fold(s)
        span = _identity_span
    else:
        base = s
        norm = normalize(s)
        hay = norm.text
        span = norm.span_to_original
    taken = _ar_number_edits(base, ctx) + _date_edits(base, ctx)
    cands: list[Edit] = []
    for form in ctx.keep:
        for m in _rule_regex(form, False, folded).finditer(hay):
            a, b = span(m.start(), m.end())
            cands.append((a, b, base[a:b]))
    for rule in ctx.ar_rules:
        for m in rule.regex(folded).finditer(hay):
            a, b = span(m.start(), m.end())
            cands.append((a, b, rule.render(m)))
    new, at = _apply(base, _resolve(cands, taken))
    return (_text.fold(new) if folded else new), at


def _rewrite_en(s: str, ctx: _Ctx, *, term: bool = False) -> str:
    taken = _resolve(_en_number_edits(s, ctx, term=term), _en_date_edits(s, ctx))
    cands = [(m.start(), m.end(), r.new) for r in ctx.en_rules for m in r.regex().finditer(s)]
    new, _ = _apply(s, _resolve(cands, taken))
    return _ARTICLE.sub(_article, new) if taken else new


#: "a 8 million …" → "an 8 million …" after a number changed (and back).
_ARTICLE = re.compile(r"\b([Aa])n? (?=(\d[\d,.]*|[a-z]+)\b)")


def _article(m: re.Match[str]) -> str:
    word = m.group(2).replace(",", "")
    if word[0].isdigit():
        head = re.match(r"\d+", word)
        digits = head.group() if head else word
        group = digits[: (len(digits) - 1) % 3 + 1]  # the digits read first: 11 of 11000, 8 of 8.5
        vowel = digits.startswith("8") or group in ("11", "18")
    elif word.lower() in _EN_WORDS:
        vowel = word.lower().startswith(("eight", "eleven"))
    else:
        return m.group()
    return m.group(1) + ("n " if vowel else " ")


def _en_terms(term: str, ctx: _Ctx) -> list[str]:
    bare = re.fullmatch(r"\s*(thousand|million|billion)\s*", term, re.I)
    if bare:
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9}[bare.group(1).lower()]
        news = ctx.value(scale, ("amount", None))
        if news:
            return [f"{int(news[0]):,}" if _isint(news[0]) else f"{news[0]:g}"]
    if re.fullmatch(r"\d+(?:\.\d+)?", term.strip()) and not ctx.value(float(term)):
        news = ctx.mantissa(float(term))
        if news:
            return [_en_format(x, term.strip()) for x in news]
    return [_rewrite_en(term, ctx, term=True)]


def _ar_terms(term: str, ctx: _Ctx) -> list[str]:
    t = _text.fold(term).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        if not ctx.value(float(t)):
            news = ctx.mantissa(float(t))
            if news:
                return [_fmt_mantissa(x, comma=False) for x in news]
    return [_rewrite_ar(term, ctx, folded=True)[0]]


def _group_terms(groups: list[list[str]], fn: Callable[[str, _Ctx], list[str]], ctx: _Ctx) -> list[list[str]]:
    return [_dedupe(x for t in g for x in fn(t, ctx)) for g in groups]


def _map_values(v: float | None, ctx: _Ctx, role: Role | None = ("amount", None)) -> float | None:
    if v is None:
        return None
    news = ctx.value(v, role)
    return news[0] if news else v


def _map_date(d: dict[str, Any] | None, ctx: _Ctx) -> dict[str, Any] | None:
    if d is None:
        return None
    d = dict(d)
    m, day = d.get("month"), d.get("day")
    if m is not None and day is not None and (m, day) in ctx.days:
        d["day"] = ctx.days[(m, day)]
    if m is not None:
        d["month"] = ctx.months.get(m, m)
    return d


def _rewrite_pattern(p: str, ctx: _Ctx) -> str:
    def num(m: re.Match[str]) -> str:
        v = float(m.group(1))
        news = ctx.value(v)
        return "{N:%s}" % (_fmt_mantissa(news[0], comma=False) if news else m.group(1))

    parts = re.split(r"(\{N:[0-9.eE+]+\})", p)
    out = []
    for part in parts:
        if part.startswith("{N:"):
            out.append(re.sub(r"\{N:([0-9.eE+]+)\}", num, part))
        else:
            cands = [(m.start(), m.end(), r.new) for r in ctx.en_rules for m in r.regex().finditer(part)]
            out.append(_apply(part, _resolve(cands, []))[0])
    return "".join(out)


# ---- the gold ------------------------------------------------------------------------------------

@dataclass
class _GoldWriter:
    """Rewrites the fields of a gold dump (`SeedCase.model_dump()`) in place."""

    seed: _Seed
    ctx: _Ctx
    new_text: str
    at: Callable[[int, bool], int]

    def quote(self, q: str | None) -> str | None:
        """A quote of the text, mapped through the text edits (so it stays verbatim)."""
        if q is None:
            return None
        a = self.seed.text.find(q)
        if a < 0:
            return _rewrite_ar(q, self.ctx)[0]
        return self.new_text[self.at(a, False):self.at(a + len(q), True)]

    def ar(self, s: str) -> str:
        return _rewrite_ar(s, self.ctx)[0]

    def en(self, s: str) -> str:
        return _rewrite_en(s, self.ctx)

    def key_numbers(self, g: dict[str, Any]) -> None:
        ctx = self.ctx
        key_roles = {kid: keys for kid, (_slot, keys) in self.seed.key_slot.items()}
        for kn in g.get("key_numbers", []):
            keys = key_roles.get(kn["id"], [])
            for f in ("value", "max"):
                v = kn.get(f)
                if v is None:
                    continue
                role = next((r for r, old in keys if _same(old, v)), None)
                kn[f] = _map_values(v, ctx, role) if role is not None else v
            kn["unit"] = ctx.currencies.get(kn["unit"], kn["unit"])
            kn["raw"] = self.quote(kn["raw"])

    def allowed_numbers(self, g: dict[str, Any]) -> None:
        new_nums = {v for n in find_numbers(self.new_text) for v in _vals(n)}
        allowed: list[float] = []
        for v in g.get("allowed_numbers", []):
            news = self.ctx.value(float(v))
            allowed += news
            if not news or any(_same(v, x) for x in new_nums):
                allowed.append(v)
        g["allowed_numbers"] = _dedupe(allowed)

    def names_and_facts(self, g: dict[str, Any]) -> None:
        ctx, ar, en = self.ctx, self.ar, self.en
        for e in g.get("entities", []):
            e["en"] = _dedupe(en(x) for x in e["en"])
            e["ar"] = _dedupe(ar(x) for x in e["ar"])
        for f in g.get("key_facts", []):
            f["en"], f["ar"] = en(f["en"]), ar(f["ar"])
            f["en_terms"] = _group_terms(f["en_terms"], _en_terms, ctx)
            f["ar_terms"] = _group_terms(f["ar_terms"], _ar_terms, ctx)
        if g.get("headline"):
            for name in ("what", "where", "who"):
                g["headline"][name] = _dedupe(x for t in g["headline"].get(name, []) for x in _en_terms(t, ctx))

    def incidents(self, g: dict[str, Any]) -> None:
        ctx, ar, en, quote = self.ctx, self.ar, self.en, self.quote
        for inc in g.get("incidents", []):
            inc["country"] = [None if c is None else ctx.countries.get(c, c) for c in inc["country"]]
            inc["date"] = [_map_date(d, ctx) for d in inc["date"]]
            for a in inc.get("actors", []):
                a["name_en"] = en(a["name_en"])
                a["aliases_en"] = _dedupe(en(x) for x in a.get("aliases_en", []))
                a["names_ar"] = _dedupe(ar(x) for x in a["names_ar"])
            for m in inc.get("money", []):
                m["currency"] = ctx.currencies.get(m["currency"], m["currency"])
                for f in ("min", "max", "usd_as_stated_min"):
                    m[f] = _map_values(m.get(f), ctx)
                if "raw" in m:
                    m["raw"] = quote(m["raw"])
            for c in inc.get("counts", []):
                for r in (c, *c.get("alt", [])):
                    r["min"], r["max"] = _map_values(r.get("min"), ctx), _map_values(r.get("max"), ctx)
                if "raw" in c:
                    c["raw"] = quote(c["raw"])
            if "evidence" in inc:
                inc["evidence"] = quote(inc["evidence"])

    def must_not_say(self, g: dict[str, Any]) -> None:
        ctx, en = self.ctx, self.en
        for item in g.get("must_not_say", []):
            item["claim"] = en(item["claim"])
            item["en"] = [_rewrite_pattern(p, ctx) for p in item.get("en", [])]
            rec = item.get("record")
            if rec:
                for f in ("money", "count"):
                    if rec.get(f):
                        rec[f]["value"] = _map_values(rec[f]["value"], ctx)
                if rec.get("place"):
                    rec["place"]["country"] = ctx.countries.get(rec["place"]["country"], rec["place"]["country"])
                if rec.get("date"):
                    rec["date"] = _map_date(rec["date"], ctx)
                if rec.get("actor"):
                    rec["actor"]["name"] = _dedupe(en(x) for x in rec["actor"]["name"])


def _rewrite_gold(seed: _Seed, ctx: _Ctx, k: int, new_text: str, at: Callable[[int, bool], int]) -> dict[str, Any]:
    g = seed.gold.model_dump()
    g["id"] = f"{seed.gold.id}~cf{k}"
    w = _GoldWriter(seed, ctx, new_text, at)
    w.key_numbers(g)
    w.allowed_numbers(g)
    w.names_and_facts(g)
    w.incidents(g)
    w.must_not_say(g)
    return g
