"""An engine that answers from the gold: the scorers' self-check (it must score 1.0).

`summarizer eval --engine oracle` runs it; tests use `oracle_analysis()` and then break one
thing at a time to see exactly one metric drop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..article import Article
from ..engines import EngineRun
from ..records import (
    Actor,
    ArticleAnalysis,
    Brief,
    Count,
    DateWindow,
    Incident,
    KeyPoint,
    Money,
    Outcome,
    Place,
    Provenance,
)
from .dataset import GoldDate, KeyNumber, SeedCase


def _window(g: GoldDate | None) -> DateWindow:
    if g is None:
        return DateWindow()
    if g.until is not None:
        return DateWindow(start=g.first_day(), end=g.until.last_day(), precision="days")
    year = g.year or 2000
    if g.day and g.month:
        d = dt.date(year, g.month, g.day)
        return DateWindow(start=d, end=d, precision="day")
    if g.month:
        nxt = dt.date(year + (g.month == 12), g.month % 12 + 1, 1)
        return DateWindow(start=dt.date(year, g.month, 1), end=nxt - dt.timedelta(days=1), precision="month")
    return DateWindow(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), precision="year")


def _amount(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def _en_number(k: KeyNumber) -> str:
    cur = k.unit if k.unit.isupper() and len(k.unit) == 3 else None
    amount = _amount(k.value) + (f"–{_amount(k.max)}" if k.max is not None else "")
    text = f"{cur} {amount}" if cur else f"{amount} {k.unit}"
    return ("more than " if k.hedge else "") + text


def oracle_analysis(gold: SeedCase, article_sha256: str = "0" * 64) -> ArticleAnalysis:
    facts = gold.key_facts
    ents = [e for e in gold.entities if e.critical]
    nums = [k for k in gold.key_numbers if k.critical]
    figures_en = "; ".join(_en_number(k) for k in nums)
    figures_ar = "؛ ".join(("أكثر من " + k.raw) if k.hedge and not k.raw.startswith(("أكثر", "نحو", "ما يقارب"))
                           else k.raw for k in nums)
    summary_en = (" ".join(f.en for f in facts[:3]) + f" Key figures: {figures_en}."
                  + " Named: " + ", ".join(e.en[0] for e in ents) + ".")
    summary_ar = (" ".join(f.ar for f in facts[:3]) + f" أرقام رئيسية: {figures_ar}."
                  + " ورد ذكر: " + "، ".join(e.ar[0] for e in ents) + ".")
    points = [KeyPoint(en=f.en, ar=f.ar) for f in facts[:7]]  # the summary holds the first 3 (3–5 sentences)
    while len(points) < 3:
        points.append(KeyPoint(en="Named: " + ", ".join(e.en[0] for e in ents) + ".",
                               ar="ورد ذكر: " + "، ".join(e.ar[0] for e in ents) + "."))
    brief = Brief(headline_en=facts[0].en, headline_ar=facts[0].ar, summary_en=summary_en, summary_ar=summary_ar,
                  key_points=points)
    incidents = []
    for g in gold.incidents:
        types = list(g.crime_types.required) or list(g.crime_types.also_ok[:1]) or ["other"]
        stated: list[Outcome] = [o for o in g.outcome if o is not None]
        outcome: Outcome = stated[0] if stated else "unknown"
        incidents.append(Incident(
            id=g.id, kind=g.kind[0], crime_types=types, outcome=outcome, salience=g.salience[0],
            summary_en=f"Incident {g.id}.", summary_ar=f"الحادثة {g.id}.",
            date=_window(next((d for d in g.date if d is not None), None)),
            place=Place(country=next((c for c in g.country if c is not None), None)),
            actors=[Actor(role=a.role[0], kind=a.kind[0], name_en=a.name_en, names_ar=list(a.names_ar))
                    for a in g.actors],
            money=[Money(role=m.role[0], min=m.min, max=m.max, qualifier=m.qualifier[0], currency=m.currency,
                         raw=str(m.min), usd_as_stated_min=m.usd_as_stated_min) for m in g.money],
            counts=[Count(what=c.what[0], min=None if c.min is None else int(c.min),
                          max=None if c.max is None else int(c.max), qualifier=c.qualifier[0], raw=str(c.min))
                    for c in g.counts],
        ))
    return ArticleAnalysis(brief=brief, incidents=incidents,
                           provenance=Provenance(engine="oracle", article_sha256=article_sha256))


class OracleEngine:
    """Answers each eval case from its gold (looked up by article sha256)."""

    name = "oracle"
    accepts_feedback = False

    def __init__(self, golds: dict[str, SeedCase]) -> None:
        self._golds = golds

    def fingerprint(self) -> dict[str, str]:
        return {"engine": "oracle"}

    async def analyze(self, article: Article, *, feedback: Sequence[str] = ()) -> EngineRun:
        return EngineRun(analysis=oracle_analysis(self._golds[article.sha256], article.sha256))
