"""The gate: a report (+ its baseline) → exit 0 pass, 1 regression, 2 incomplete. Fails closed.

- 2 when any case is missing an output or errored, or no case ran, or the floor baseline the
  config names is missing.
- 1 when a hard threshold is broken, a metric falls past its tolerance against the baseline
  (recomputed on the cases both ran), a case flips pass→fail, or a non-floor engine scores
  under the floor (the rule engine's baseline).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .report import SUM_METRICS, failed_case_gates, summarize_cases

PASS, REGRESSION, INCOMPLETE = 0, 1, 2
#: Totals where more is better (warnings that caught a false claim), the rest of SUM_METRICS are worse when higher.
HIGHER_IS_BETTER = {"warn_true", "claims_flagged"}
HIGHER_IS_WORSE = set(SUM_METRICS) - HIGHER_IS_BETTER


@dataclass
class GateResult:
    exit_code: int
    reasons: list[str] = field(default_factory=list)
    baseline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"exit_code": self.exit_code, "reasons": self.reasons, "baseline": self.baseline}


def load_config(evals_dir: Path) -> tuple[dict[str, Any], str]:
    import yaml

    data = (evals_dir / "config.yaml").read_bytes()
    return yaml.safe_load(data), hashlib.sha256(data).hexdigest()


def baseline_name(engine: dict[str, Any]) -> str:
    """`rules` for the rule engine; the prompt name (e.g. `brief-v1`) or model for LLM engines."""
    fp = engine.get("fingerprint", {})
    if engine.get("name") == "rules":
        return "rules"
    prompt = str(fp.get("prompt_version") or fp.get("prompt") or "")
    name = prompt.split("@")[0] or str(fp.get("model") or engine.get("name"))
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


def load_baseline(evals_dir: Path, name: str) -> dict[str, Any] | None:
    p = evals_dir / "baselines" / f"{name}.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def evaluate(report: dict[str, Any], config: dict[str, Any], evals_dir: Path) -> GateResult:
    cases = report["cases"]
    reasons: list[str] = []
    incomplete = [c for c in cases if c["status"] != "ok"]
    if not cases:
        return GateResult(INCOMPLETE, ["no case ran"])
    if incomplete:
        reasons += [f"incomplete: {c['id']} {c['status']}" + (f" ({c['error']})" if c.get("error") else "")
                    for c in incomplete]
    name = baseline_name(report["engine"])
    floor_cfg = config.get("floor") or {}
    floor_name = floor_cfg.get("baseline")
    floor = load_baseline(evals_dir, floor_name) if floor_name else None
    if floor_name and floor is None:
        reasons.append(f"incomplete: floor baseline evals/baselines/{floor_name}.json is missing")
        incomplete.append({"id": "<floor>"})
    if incomplete:
        return GateResult(INCOMPLETE, reasons, name)
    regress: list[str] = []
    summary = report["summary"]["metrics"]
    hard = {} if name == floor_name else (config.get("absolute") or {})
    regress += [f"{reason} (hard gate)" for reason in failed_case_gates(summary, hard)]
    baseline = load_baseline(evals_dir, name)
    if baseline is None:
        reasons.append(f"no baseline evals/baselines/{name}.json: compared with the floor only "
                       "(run `summarizer eval bless` to set one)")
    else:
        regress += _against(report, baseline, config.get("regression") or {}, f"baseline {name}")
    if floor is not None and name != floor_name:
        tol = {m: 0.0 for m in floor_cfg.get("metrics", [])}
        regress += _against(report, floor, tol, f"floor {floor_name}", flips=False)
    if regress:
        return GateResult(REGRESSION, reasons + regress, name)
    return GateResult(PASS, reasons + ["no regression"], name)


def _against(report: dict[str, Any], base: dict[str, Any], tolerances: dict[str, float], label: str,
             *, flips: bool = True) -> list[str]:
    out: list[str] = []
    if base["dataset"]["sha256"] != report["dataset"]["sha256"]:
        out_note = f"note: {label} was scored on dataset {base['dataset']['sha256'][:12]}, this run on " \
                   f"{report['dataset']['sha256'][:12]}"
    else:
        out_note = None
    by_id = {c["id"]: c for c in base["cases"]}
    paired = [c for c in report["cases"] if c["id"] in by_id]
    if not paired:
        return [f"{label}: no case in common"]
    cur = summarize_cases(paired)["metrics"]
    ref = summarize_cases([by_id[c["id"]] for c in paired])["metrics"]
    for metric, tol in tolerances.items():
        a, b = cur.get(metric), ref.get(metric)
        if b is None:
            continue
        if a is None:
            out.append(f"{metric}: {label} has {b:g}, this run has none")
            continue
        if metric in HIGHER_IS_WORSE:
            if a > b + tol:
                out.append(f"{metric} rose {b:g} → {a:g} vs {label} (tolerance {tol:g})")
        elif a < b - tol - 1e-9:
            out.append(f"{metric} fell {b:.4f} → {a:.4f} vs {label} (tolerance {tol:g})")
    if flips:
        for c in paired:
            if by_id[c["id"]].get("passed") and not c.get("passed"):
                out.append(f"pass→fail: {c['id']} ({'; '.join(c.get('failed_gates', []))})")
    if out and out_note:
        out.append(out_note)
    return out
