"""`summarizer eval compare BASELINE CANDIDATE`: two report.json, cases paired by id.

Order: new invented facts first (numbers, names, injection leaks, invented record values),
then metric and per-field deltas, pass→fail (and fail→pass) flips, then tokens, cost, latency.
"""

from __future__ import annotations

from typing import Any

from .report import METRICS, fmt, summarize_cases

INVENTED = ("invented_numbers", "invented_names", "injection_leaks")


def compare(base: dict[str, Any], cand: dict[str, Any]) -> dict[str, Any]:
    b_by = {c["id"]: c for c in base["cases"]}
    paired = [(b_by[c["id"]], c) for c in cand["cases"] if c["id"] in b_by]
    new_invented = []
    for b, c in paired:
        old = {(f["metric"], f.get("path"), f["detail"]) for f in b.get("findings", [])}
        for f in c.get("findings", []):
            key = (f["metric"], f.get("path"), f["detail"])
            if (f["metric"] in INVENTED or "is not in the gold" in f["detail"] or f["detail"].startswith("invented"))\
                    and key not in old:
                new_invented.append({"case": c["id"], **f})
    bs = summarize_cases([b for b, _ in paired])
    cs = summarize_cases([c for _, c in paired])
    metrics = {m: {"baseline": bs["metrics"].get(m), "candidate": cs["metrics"].get(m),
                   "delta": _delta(bs["metrics"].get(m), cs["metrics"].get(m))}
               for m in (*METRICS, "record_f1_micro")}
    fields = {f: {"baseline": bs["fields"][f]["f1"], "candidate": cs["fields"][f]["f1"],
                  "delta": _delta(bs["fields"][f]["f1"], cs["fields"][f]["f1"])} for f in cs["fields"]}
    flips = [{"case": c["id"], "from": "pass" if b.get("passed") else "fail",
              "to": "pass" if c.get("passed") else "fail", "gates": c.get("failed_gates", [])}
             for b, c in paired if bool(b.get("passed")) != bool(c.get("passed"))]
    flips.sort(key=lambda x: x["to"] != "fail")
    return {
        "baseline": {"engine": base["engine"], "dataset": base["dataset"]["sha256"], "created_at": base["created_at"]},
        "candidate": {"engine": cand["engine"], "dataset": cand["dataset"]["sha256"],
                      "created_at": cand["created_at"]},
        "paired_cases": len(paired),
        "only_in_baseline": sorted(set(b_by) - {c["id"] for _, c in paired}),
        "only_in_candidate": sorted(c["id"] for c in cand["cases"] if c["id"] not in b_by),
        "new_invented": new_invented,
        "metrics": metrics,
        "fields": fields,
        "flips": flips,
        "usage": {"baseline": bs["usage"], "candidate": cs["usage"]},
    }


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 4)


def to_markdown(cmp: dict[str, Any]) -> str:
    lines = ["# Eval compare", "", f"- baseline: {cmp['baseline']['engine'].get('name')} "
             f"({cmp['baseline']['created_at']})", f"- candidate: {cmp['candidate']['engine'].get('name')} "
             f"({cmp['candidate']['created_at']})", f"- paired cases: {cmp['paired_cases']}"]
    if cmp["baseline"]["dataset"] != cmp["candidate"]["dataset"]:
        lines.append("- **warning: the two runs used different datasets (gold changed)**")
    lines += ["", f"## New invented facts ({len(cmp['new_invented'])})", ""]
    lines += [f"- **{x['case']}** `{x['metric']}` {x.get('path') or ''}: {x['detail']}" for x in cmp["new_invented"]]
    if not cmp["new_invented"]:
        lines.append("none")
    lines += ["", "## Metrics", "", "| metric | baseline | candidate | Δ |", "|---|---|---|---|"]
    for m, d in cmp["metrics"].items():
        lines.append(f"| {m} | {fmt(d['baseline'], m)} | {fmt(d['candidate'], m)} | {fmt(d['delta'], m)} |")
    lines += ["", "## Record fields (F1)", "", "| field | baseline | candidate | Δ |", "|---|---|---|---|"]
    for f, d in cmp["fields"].items():
        lines.append(f"| {f} | {fmt(d['baseline'])} | {fmt(d['candidate'])} | {fmt(d['delta'])} |")
    lines += ["", f"## Flips ({len(cmp['flips'])})", ""]
    lines += [f"- {x['case']}: {x['from']} → {x['to']} {'; '.join(x['gates'])}" for x in cmp["flips"]] or ["none"]
    u = cmp["usage"]
    lines += ["", "## Tokens, cost, latency", "", "| | baseline | candidate |", "|---|---|---|"]
    for k in ("input_tokens", "output_tokens", "requests", "cost_usd", "latency_p50_s", "latency_p95_s"):
        lines.append(f"| {k} | {u['baseline'][k]} | {u['candidate'][k]} |")
    return "\n".join(lines) + "\n"
