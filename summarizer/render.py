"""Render an `ArticleAnalysis` for people (markdown) or programs (json / jsonl)."""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from typing import Literal

from .grounding import KINDS
from .records import ArticleAnalysis, Incident, Money

Lang = Literal["en", "ar", "both"]
Format = Literal["md", "json", "jsonl"]


def render(analyses: Iterable[ArticleAnalysis], *, fmt: Format = "md", lang: Lang = "en") -> str:
    """Render one or more analyses. `lang` applies to markdown; JSON always carries both languages."""
    items = list(analyses)
    if fmt == "json":
        if len(items) == 1:
            return items[0].model_dump_json(indent=2) + "\n"
        return json.dumps([a.model_dump(mode="json") for a in items], ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(a.model_dump_json() + "\n" for a in items)
    return "\n---\n\n".join(markdown(a, lang=lang) for a in items)


def markdown(a: ArticleAnalysis, *, lang: Lang = "en") -> str:
    """A readable brief: headline, summary, key points, incidents, then every warning.

    When grounding found values it could not trace to the article, a line above the headline
    says so: an editor reading only the top must not take an unchecked brief for a clean one.
    """
    parts: list[str] = []
    ungrounded = sum(KINDS.get(w.code) == "error" for w in a.warnings)
    if ungrounded:
        parts.append(f"> **Check before use:** {ungrounded} value(s) in this brief could not be traced to the "
                     "article (see Warnings).")
    if lang in ("en", "both"):
        parts.append(_brief_md(a.brief.headline_en, a.brief.summary_en, [p.en for p in a.brief.key_points],
                               "Key points"))
    if lang in ("ar", "both"):
        parts.append(_brief_md(a.brief.headline_ar, a.brief.summary_ar, [p.ar for p in a.brief.key_points],
                               "النقاط الرئيسية"))
    if a.incidents:
        parts.append("## Incidents\n\n" + "\n".join(_incident_md(i, lang) for i in a.incidents))
    if a.warnings:
        parts.append("## Warnings\n\n" + "\n".join(
            f"- **{w.code}**: {w.message}" + (f" (`{w.path}`)" if w.path else "") for w in a.warnings))
    p = a.provenance
    footer = f"_Engine: {p.engine}" + (f" · model {p.model}" if p.model else "")
    if p.prompt_version:
        footer += f" · prompt {p.prompt_version}"
    footer += f" · source {p.source}_" if p.source else "_"
    parts.append(footer)
    return "\n\n".join(parts) + "\n"


def _brief_md(headline: str, summary: str, points: list[str], points_title: str) -> str:
    bullets = "\n".join(f"- {p}" for p in points)
    return f"# {headline}\n\n{summary}\n\n## {points_title}\n\n{bullets}"


def _incident_md(i: Incident, lang: Lang) -> str:
    what = ", ".join(t.replace("_", " ") for t in i.crime_types)
    where = ", ".join(x for x in (i.place.locality, i.place.region, i.place.country) if x) or "place not reported"
    when = _when(i)
    summary = i.summary_ar if lang == "ar" else i.summary_en
    lines = [f"- **{i.id}** ({i.kind.replace('_', ' ')}, {i.salience}): {what} — {where} — {when}",
             f"  {summary}"]
    for m in i.money:
        lines.append(f"  - money, {m.role.replace('_', ' ')}: {format_money(m)}")
    for c in i.counts:
        lines.append(f"  - {c.what.replace('_', ' ')}: {_range(c.min, c.max, c.qualifier)}")
    for actor in i.actors:
        name = actor.name_en or (actor.names_ar[0] if actor.names_ar else "unnamed")
        extra = f", {actor.descriptor_en}" if actor.descriptor_en else ""
        lines.append(f"  - {actor.role.replace('_', ' ')}: {name}{extra}")
    return "\n".join(lines)


def _when(i: Incident) -> str:
    """The date window; else the parts the article states ("13 May"); else the phrase as printed."""
    d = i.date
    if d.start:
        return d.start.isoformat() + (f" – {d.end.isoformat()}" if d.end and d.end != d.start else "")
    if d.month:
        return " ".join(str(x) for x in (d.day, calendar.month_name[d.month], d.year) if x)
    if d.year:
        return str(d.year)
    return f"«{d.raw}» (as printed)" if d.raw else "date not reported"


def format_money(m: Money) -> str:
    text = f"{_range(m.min, m.max, m.qualifier)} {m.currency}"
    if m.usd_as_stated_min is not None:
        text += f" (article: {_range(m.usd_as_stated_min, m.usd_as_stated_max, m.qualifier)} USD)"
    return text


def _range(lo: float | None, hi: float | None, qualifier: str) -> str:
    def num(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"

    if lo is None and hi is None:
        return "not reported"
    if qualifier == "range" and lo is not None and hi is not None and hi != lo:
        return f"{num(lo)}–{num(hi)}"
    value = num(lo if lo is not None else hi)  # type: ignore[arg-type]
    prefix = {"approx": "about ", "at_least": "more than ", "at_most": "less than "}.get(qualifier, "")
    return prefix + value
