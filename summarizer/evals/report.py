"""Reports: report.json (machine-readable, what `compare`/`gate`/`bless` read), report.md,
a self-contained report.html (Arabic blocks right-to-left) and the terminal table."""

from __future__ import annotations

import datetime as dt
import html
import json
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .scorers import FIELDS, SUM_METRICS, FieldCounts

REPORT_SCHEMA = "summarizer.eval-report/1"
#: Metrics in table order; SUM_METRICS are totals, the rest means over scored cases.
#: The editor's columns come first: they are what decides whether a brief can be trusted.
EDITOR_METRICS = ("false_claims", "must_not_say", "key_fact_recall", "incident_count_ok", "warn_true", "warn_false",
                  "claims_flagged", "readable", "read_headline", "read_no_repeat", "read_latin_names",
                  "read_crypto", "read_short")
METRICS = EDITOR_METRICS + (
    "contract", "invented_numbers", "injection_leaks", "key_number_recall", "hedge_kept", "number_agreement",
    "entity_recall", "invented_names", "fact_coverage", "record_f1", "record_precision", "record_recall",
    "record_invented", "record_wrong", "grounding_rate")
SHORT = {"contract": "contract", "invented_numbers": "inv#", "injection_leaks": "inject", "key_number_recall": "key#",
         "hedge_kept": "hedge", "number_agreement": "ar=en", "entity_recall": "ent", "invented_names": "invName",
         "fact_coverage": "facts", "record_f1": "recF1", "record_precision": "recP", "record_recall": "recR",
         "record_invented": "FA", "record_wrong": "FD", "grounding_rate": "ground",
         "false_claims": "false", "must_not_say": "MNS", "key_fact_recall": "kfR", "incident_count_ok": "#inc",
         "warn_true": "wTrue", "warn_false": "wFalse", "claims_flagged": "flagged", "readable": "read",
         "read_headline": "rHead", "read_no_repeat": "rRep", "read_latin_names": "rLatin", "read_crypto": "rCrypto",
         "read_short": "rShort", "false_claims_per_case": "false/case", "warning_precision": "warnP",
         "warning_recall": "warnR"}
#: The terminal table's columns (the report files have every metric).
TABLE = ("false_claims", "must_not_say", "key_fact_recall", "incident_count_ok", "readable", "warn_true",
         "warn_false", "claims_flagged", "contract", "invented_numbers", "key_number_recall", "record_f1",
         "grounding_rate")


def case_entry(r: Any, case_gates: dict[str, dict[str, float]]) -> dict[str, Any]:
    """One case of report.json from a runner `CaseResult`."""
    entry: dict[str, Any] = {"id": r.case.id, "seed": r.case.seed_id, "variant": r.case.variant,
                             "split": r.case.split, "status": r.status, "source": r.source, "store_key": r.key, "error": r.error,
                             "usage": r.usage, "latency_s": r.latency_s}
    if r.score is not None:
        entry.update(r.score.to_dict())
        entry["failed_gates"] = failed_case_gates(entry["metrics"], case_gates)
        entry["passed"] = not entry["failed_gates"]
        b = r.analysis.brief
        entry["brief"] = {"headline_en": b.headline_en, "summary_en": b.summary_en,
                          "headline_ar": b.headline_ar, "summary_ar": b.summary_ar}
    else:
        entry["passed"] = False
    return entry


def failed_case_gates(metrics: dict[str, float | None], gates: dict[str, dict[str, float]]) -> list[str]:
    out = []
    for name, rule in gates.items():
        v = metrics.get(name)
        if v is None:
            continue
        if "min" in rule and v < rule["min"]:
            out.append(f"{name}={v:g} < {rule['min']:g}")
        if "max" in rule and v > rule["max"]:
            out.append(f"{name}={v:g} > {rule['max']:g}")
    return out


def summarize_cases(cases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate case entries: means / totals, micro P/R/F1 per field, usage. Recomputable on any subset."""
    scored = [c for c in cases if c.get("metrics")]
    metrics: dict[str, float | None] = {}
    for m in METRICS:
        vals = [c["metrics"][m] for c in scored if c["metrics"].get(m) is not None]
        if m in SUM_METRICS:
            metrics[m] = float(sum(vals)) if scored else None
        else:
            metrics[m] = round(statistics.fmean(vals), 4) if vals else None
    fields: dict[str, dict[str, Any]] = {}
    total = FieldCounts()
    for f in FIELDS:
        fc = FieldCounts()
        for c in scored:
            fc.add(FieldCounts(**c["fields"][f]))
        total.add(fc)
        fields[f] = {"tp": fc.tp, "fa": fc.fa, "fn": fc.fn, "fd": fc.fd, "precision": _r(fc.precision),
                     "recall": _r(fc.recall), "f1": _r(fc.f1)}
    metrics["record_f1_micro"] = _r(total.f1)
    metrics.update(_pooled(metrics, len(scored)))
    costs = [c.get("usage", {}).get("cost_usd") for c in scored]
    lat = sorted(c["latency_s"] for c in scored if c.get("latency_s") is not None)
    return {
        "cases": {"total": len(cases), "scored": len(scored),
                  "missing": sum(c["status"] == "missing" for c in cases),
                  "error": sum(c["status"] == "error" for c in cases),
                  "passed": sum(bool(c.get("passed")) for c in cases)},
        "metrics": metrics,
        "fields": fields,
        "usage": {
            "input_tokens": sum(c.get("usage", {}).get("input_tokens", 0) for c in scored),
            "output_tokens": sum(c.get("usage", {}).get("output_tokens", 0) for c in scored),
            "requests": sum(c.get("usage", {}).get("requests", 0) for c in scored),
            "cost_usd": None if any(x is None for x in costs) else round(sum(costs), 6),
            "latency_p50_s": _r(lat[len(lat) // 2]) if lat else None,
            "latency_p95_s": _r(lat[min(len(lat) - 1, int(0.95 * len(lat)))]) if lat else None,
        },
    }


def _pooled(m: dict[str, float | None], scored: int) -> dict[str, float | None]:
    """Rates an editor reads: false claims per case, and warnings pooled over every case."""
    t, f, flagged, claims = (m.get(k) or 0.0 for k in ("warn_true", "warn_false", "claims_flagged", "false_claims"))
    return {"false_claims_per_case": _r(claims / scored) if scored else None,
            "warning_precision": _r(t / (t + f)) if t + f else None,
            "warning_recall": _r(flagged / claims) if claims else None}


def by_split(cases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """`summarize_cases` for each split present (the test split is the one to report)."""
    splits = sorted({c.get("split", "dev") for c in cases})
    return {sp: summarize_cases([c for c in cases if c.get("split", "dev") == sp]) for sp in splits}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def build_report(*, results: Iterable[Any], dataset: Any, engine: dict[str, Any], config: dict[str, Any],
                 config_sha256: str, rescore: bool) -> dict[str, Any]:
    cases = [case_entry(r, config.get("case_gates", {})) for r in results]
    return {
        "schema": REPORT_SCHEMA,
        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "dataset": {"path": str(dataset.path.name), "sha256": dataset.sha256, "cases": len(dataset.cases)},
        "config_sha256": config_sha256,
        "engine": engine,
        "rescore": rescore,
        "summary": summarize_cases(cases),
        "splits": by_split(cases),
        "cases": cases,
    }


def fmt(v: float | None, metric: str = "") -> str:
    if v is None:
        return "–"
    if metric in SUM_METRICS:
        return f"{v:g}"
    return f"{v:.2f}"


# ---- writers ----------------------------------------------------------------------------------

def write_reports(report: dict[str, Any], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.json", out / "report.md", out / "report.html"]
    paths[0].write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    paths[1].write_text(to_markdown(report), encoding="utf-8")
    paths[2].write_text(to_html(report), encoding="utf-8")
    return paths


def _gate_lines(report: dict[str, Any]) -> list[str]:
    g = report.get("gate")
    if not g:
        return []
    verdict = {0: "PASS", 1: "FAIL (regression)", 2: "INCOMPLETE"}[g["exit_code"]]
    return [f"**Gate: {verdict}** (exit {g['exit_code']}; baseline: {g.get('baseline') or 'none'})", ""] + [
        f"- {r}" for r in g["reasons"]] + [""]


def to_markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    eng = report["engine"]
    lines = [f"# Eval report — {eng.get('name')} {eng.get('fingerprint', {}).get('model') or ''}".rstrip(), "",
             f"- created: {report['created_at']}", f"- dataset: `{report['dataset']['path']}` sha256 "
             f"`{report['dataset']['sha256']}`", f"- engine fingerprint: `{json.dumps(eng.get('fingerprint'))}`",
             f"- cases: {_counts_text(s['cases'])}", ""]
    lines += _gate_lines(report)
    splits = report.get("splits") or {}
    names = list(splits) or ["all"]
    lines += ["## Summary", "", "| metric | all | " + " | ".join(names) + " |", "|---" * (len(names) + 2) + "|"]
    for m, v in s["metrics"].items():
        lines.append(f"| {m} | {fmt(v, m)} | " + " | ".join(fmt(splits[n]["metrics"].get(m), m) if n in splits
                                                          else "–" for n in names) + " |")
    lines += ["", "## Record fields (micro)", "", "| field | TP | FA (invented) | FN | FD (wrong) | P | R | F1 |",
              "|---|---|---|---|---|---|---|---|"]
    for f, c in s["fields"].items():
        lines.append(f"| {f} | {c['tp']} | {c['fa']} | {c['fn']} | {c['fd']} | {fmt(c['precision'])} | "
                     f"{fmt(c['recall'])} | {fmt(c['f1'])} |")
    lines += ["", "## Cases", "", "| case | split | status | pass | " + " | ".join(SHORT[m] for m in METRICS) + " |",
              "|---" * (len(METRICS) + 4) + "|"]
    for c in report["cases"]:
        vals = [fmt(c.get("metrics", {}).get(m), m) for m in METRICS]
        lines.append(f"| {c['id']} | {c.get('split', 'dev')} | {c['status']} | {'✓' if c['passed'] else '✗'} | "
                     + " | ".join(vals) + " |")
    lines += ["", "## Findings", "", "False claims, missed facts, false alarms and readability, case by case.", ""]
    for c in report["cases"]:
        if c.get("error"):
            lines.append(f"- **{c['id']}**: {c['status']}: {c['error']}")
        for f in c.get("findings", []):
            if f["metric"] in FINDINGS_SHOWN:
                lines.append(f"- **{c['id']}** `{f['metric']}` {f.get('path') or ''}: {f['detail']}")
    return "\n".join(lines) + "\n"


#: Findings listed in report.md (report.html and report.json have all of them).
FINDINGS_SHOWN = ("false_claims", "must_not_say", "key_fact_recall", "incident_count_ok", "warn_false",
                  "claims_flagged", "read_headline", "read_no_repeat", "read_latin_names", "read_crypto",
                  "read_short", "invented_numbers", "injection_leaks", "invented_names", "contract")

_CSS = """body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;
font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px}th{background:#eee}.fail{background:#fdd}
.ok{background:#dfd}[dir=rtl]{font-family:'Noto Naskh Arabic','Amiri',serif;font-size:15px}
details{margin:.5em 0}code{font-size:12px}"""


def to_html(report: dict[str, Any]) -> str:
    e = html.escape
    s = report["summary"]
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Eval report {e(report['created_at'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>Eval report — {e(str(report['engine'].get('name')))}</h1>",
             f"<p>dataset sha256 <code>{e(report['dataset']['sha256'])}</code> · created {e(report['created_at'])}"
             f" · cases {e(_counts_text(s['cases']))}</p>"]
    g = report.get("gate")
    if g:
        cls = "ok" if g["exit_code"] == 0 else "fail"
        parts.append(f'<div class="{cls}"><b>Gate exit {g["exit_code"]}</b><ul>'
                     + "".join(f"<li>{e(r)}</li>" for r in g["reasons"]) + "</ul></div>")
    parts.append("<h2>Summary</h2><table><tr><th>metric</th><th>value</th></tr>"
                 + "".join(f"<tr><td>{e(m)}</td><td>{e(fmt(v, m))}</td></tr>" for m, v in s["metrics"].items())
                 + "</table>")
    parts.append("<h2>Cases</h2><table><tr><th>case</th><th>status</th>"
                 + "".join(f"<th>{e(SHORT[m])}</th>" for m in METRICS) + "</tr>")
    for c in report["cases"]:
        cls = "ok" if c["passed"] else "fail"
        parts.append(f'<tr class="{cls}"><td>{e(c["id"])}</td><td>{e(c["status"])}</td>'
                     + "".join(f"<td>{e(fmt(c.get('metrics', {}).get(m), m))}</td>" for m in METRICS) + "</tr>")
    parts.append("</table><h2>Briefs and findings</h2>")
    for c in report["cases"]:
        parts.append(f"<details><summary>{e(c['id'])} — {e(c['status'])}</summary>")
        if c.get("error"):
            parts.append(f"<p class=fail>{e(c['error'])}</p>")
        b = c.get("brief")
        if b:
            parts.append(f"<h4>{e(b['headline_en'])}</h4><p>{e(b['summary_en'])}</p>"
                         f'<h4 dir="rtl" lang="ar">{e(b["headline_ar"])}</h4><p dir="rtl" lang="ar">'
                         f"{e(b['summary_ar'])}</p>")
        if c.get("findings"):
            parts.append("<ul>" + "".join(
                f"<li><code>{e(f['metric'])}</code> {e(f.get('path') or '')}: <span dir=\"auto\">"
                f"{e(f['detail'])}</span></li>" for f in c["findings"]) + "</ul>")
        parts.append("</details>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def print_table(report: dict[str, Any], console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(width=200)
    t = Table(title=f"summarizer eval — {report['engine'].get('name')}", show_lines=False)
    t.add_column("case", no_wrap=True)
    t.add_column("ok")
    cols = list(TABLE)
    for m in cols:
        t.add_column(SHORT[m], justify="right")
    for c in report["cases"]:
        mark = "[green]✓[/]" if c["passed"] else ("[red]✗[/]" if c["status"] == "ok" else f"[red]{c['status']}[/]")
        t.add_row(c["id"], mark, *(fmt(c.get("metrics", {}).get(m), m) for m in cols))
    rows = [("ALL", report["summary"])] + [(sp.upper(), v) for sp, v in (report.get("splits") or {}).items()]
    for label, s in rows:
        t.add_row(f"[b]{label}[/]", f"{s['cases']['passed']}/{s['cases']['total']}",
                  *(fmt(s["metrics"].get(m), m) for m in cols), style="bold")
    console.print(t)
    for label, s in rows:
        m = s["metrics"]
        console.print(f"{label}: {s['cases']['total']} cases · false claims/case {fmt(m.get('false_claims_per_case'))}"
                      f" · key-fact recall {fmt(m.get('key_fact_recall'))} · incident count exact "
                      f"{fmt(m.get('incident_count_ok'))} · readable {fmt(m.get('readable'))} · warnings "
                      f"precision {fmt(m.get('warning_precision'))} recall {fmt(m.get('warning_recall'))}")


def _counts_text(counts: dict[str, int]) -> str:
    """{"total": 35, "scored": 35, …} → "35 total, 35 scored, …" for people."""
    return ", ".join(f"{n} {k}" for k, n in counts.items())
