"""`summarizer eval`: the eval suite prompt authors run before every prompt change.

    summarizer eval [--split dev|test|all] [--engine rules|llm|oracle] [--model M] [--prompt NAME] [--cases GLOB]
                    [--rescore] [--out DIR]
    summarizer eval check
    summarizer eval compare BASELINE.json CANDIDATE.json
    summarizer eval bless [REPORT.json]

Tune on `--split dev`; report `--split test`. `check` validates every gold case against its
article and fails when a phrase of a test article appears in the package or the prompts.

Exit codes: 0 pass, 1 regression past the thresholds in evals/config.yaml, 2 incomplete (a
missing output, an engine error, no case run) or a usage error. Heavy imports stay inside the
command functions so `summarizer --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer

INCOMPLETE = 2


def _default_evals_dir() -> Path:
    from ..evals.dataset import EVALS_DIR

    return EVALS_DIR


def register(app: typer.Typer) -> None:
    """Add `summarizer eval` (with `compare` and `bless`) to the main app."""
    eval_app = typer.Typer(help="Score an engine/prompt on the gold set and gate on regressions.",
                           no_args_is_help=False, invoke_without_command=True)

    @eval_app.callback(invoke_without_command=True)
    def run(
        ctx: typer.Context,
        engine: str = typer.Option(None, "--engine", "-e", help="rules (default), llm, or oracle (gold; self-check)."),
        model: str = typer.Option(None, "--model", "-m", help="Model for the llm engine."),
        prompt: str = typer.Option(None, "--prompt", help="Prompt name/version to evaluate (llm engines)."),
        cases: str = typer.Option(None, "--cases", help="Glob(s) over case ids, comma-separated, e.g. 's002*'."),
        split: str = typer.Option("all", "--split", help="dev (tune on it), test (report it) or all."),
        rescore: bool = typer.Option(False, "--rescore", help="Score stored outputs only; never call the engine."),
        out: Path = typer.Option(None, "--out", "-o", help="Report folder (default reports/eval-<timestamp>)."),
        evals_dir: Path = typer.Option(None, "--evals-dir", help="Dataset/config/baselines/runs folder.",
                                       hidden=True),
        concurrency: int = typer.Option(4, "--concurrency", min=1),
    ) -> None:
        """Run (or load stored outputs), score, print the table, write report.md/.json/.html, gate."""
        if ctx.invoked_subcommand is not None:
            return
        if split not in ("dev", "test", "all"):
            print(f"error: --split must be dev, test or all, not {split!r}", file=sys.stderr)
            raise typer.Exit(INCOMPLETE)
        code = run_eval(engine=engine, model=model, prompt=prompt, cases=cases, split=split, rescore=rescore,
                        out=out, evals_dir=evals_dir, concurrency=concurrency)
        raise typer.Exit(code)

    @eval_app.command("check")
    def check_cmd(evals_dir: Path = typer.Option(None, "--evals-dir", hidden=True)) -> None:
        """Validate the gold against the articles; fail if a test article's phrase is in the code."""
        raise typer.Exit(run_check(evals_dir or _default_evals_dir()))

    @eval_app.command("compare")
    def compare_cmd(
        baseline: Path = typer.Argument(..., exists=True, dir_okay=False, help="Baseline report.json."),
        candidate: Path = typer.Argument(..., exists=True, dir_okay=False, help="Candidate report.json."),
        out: Path = typer.Option(None, "--out", "-o", help="Write compare.md and compare.json here."),
    ) -> None:
        """Pair cases; show new invented facts first, then deltas, flips, tokens/cost/latency."""
        from ..evals.compare import compare, to_markdown

        cmp = compare(_read_json(baseline), _read_json(candidate))
        md = to_markdown(cmp)
        print(md)
        if out:
            out.mkdir(parents=True, exist_ok=True)
            (out / "compare.md").write_text(md, encoding="utf-8")
            (out / "compare.json").write_text(json.dumps(cmp, ensure_ascii=False, indent=1), encoding="utf-8")
        bad = cmp["new_invented"] or any(f["to"] == "fail" for f in cmp["flips"])
        raise typer.Exit(1 if bad else 0)

    @eval_app.command("bless")
    def bless_cmd(
        report: Path = typer.Argument(None, help="report.json to bless (default: the newest under reports/)."),
        name: str = typer.Option(None, "--name", help="Baseline name (default: rules, or the prompt name)."),
        evals_dir: Path = typer.Option(None, "--evals-dir", hidden=True),
    ) -> None:
        """Make a complete run the committed baseline: evals/baselines/<name>.json."""
        from ..evals.gate import baseline_name

        evals_dir = evals_dir or _default_evals_dir()
        if report is None:
            found = sorted(Path("reports").glob("eval-*/report.json"), key=lambda p: p.stat().st_mtime)
            if not found:
                print("error: no report given and none under reports/", file=sys.stderr)
                raise typer.Exit(INCOMPLETE)
            report = found[-1]
        data = _read_json(report)
        if any(c["status"] != "ok" for c in data["cases"]) or not data["cases"]:
            print("error: refusing to bless an incomplete run", file=sys.stderr)
            raise typer.Exit(INCOMPLETE)
        if data["dataset"]["cases"] != len(data["cases"]):
            print("error: refusing to bless a partial run (--cases): a baseline covers every case", file=sys.stderr)
            raise typer.Exit(INCOMPLETE)
        target = evals_dir / "baselines" / f"{name or baseline_name(data['engine'])}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data.pop("gate", None)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"blessed {report} → {target}")

    app.add_typer(eval_app, name="eval")


def _read_json(path: Path) -> dict:
    """A report.json written by `summarizer eval`, or one `error:` line and exit 2."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        problem = "no such file"
    except IsADirectoryError:
        problem = "is a directory"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problem = f"not a readable JSON report ({' '.join(str(exc).split())[:120]})"
    else:
        if isinstance(data, dict) and isinstance(data.get("cases"), list) and isinstance(data.get("dataset"), dict):
            return data
        problem = "not a report.json written by `summarizer eval`"
    print(f"error: {path}: {problem}", file=sys.stderr)
    raise typer.Exit(INCOMPLETE)


def run_check(evals_dir: Path) -> int:
    """`summarizer eval check`: 0 when the dataset loads clean and no test phrase leaked, else 1."""
    from ..evals.dataset import load_dataset
    from ..evals.leaks import check_repo

    try:
        dataset = load_dataset(evals_dir)
    except (OSError, ValueError) as exc:
        print(f"error: dataset: {exc}", file=sys.stderr)
        return 1
    leaks = check_repo(dataset, evals_dir.parent)
    for leak in leaks[:20]:
        print(f"error: {leak.path}: phrase of test article {leak.article}: «{leak.phrase}»", file=sys.stderr)
    golds = dataset.golds()
    by_split = {sp: sum(g.split == sp for g in golds) for sp in ("dev", "test")}
    print(f"dataset: {len(golds)} gold cases ({by_split['dev']} dev, {by_split['test']} test), "
          f"{len(dataset.cases)} cases with variants; {len(leaks)} test phrase(s) found in the code")
    return 1 if leaks else 0


def run_eval(*, engine: str | None = None, model: str | None = None, prompt: str | None = None,
             cases: str | None = None, split: str = "all", rescore: bool = False, out: Path | None = None,
             evals_dir: Path | None = None, concurrency: int = 4, console: object = None) -> int:
    """The `summarizer eval` command as a function: returns the gate's exit code."""
    from ..errors import SummarizerError
    from ..evals.dataset import load_dataset
    from ..evals.gate import evaluate, load_config
    from ..evals.report import build_report, print_table, write_reports
    from ..evals.runner import run_cases
    from ..evals.store import Store
    from ._errors import fail

    evals_dir = Path(evals_dir or _default_evals_dir())
    dataset = load_dataset(evals_dir)
    selected = dataset.select(cases, split)
    try:
        eng = _engine(engine, model, dataset, prompt.split("@")[0] if prompt else None)
    except SummarizerError as exc:
        raise fail(exc) from exc
    config, config_sha = load_config(evals_dir)
    results = run_cases(selected, eng, Store(evals_dir / "runs"), rescore=rescore, concurrency=concurrency)
    report = build_report(results=results, dataset=dataset,
                          engine={"name": eng.name, "fingerprint": eng.fingerprint()},
                          config=config, config_sha256=config_sha, rescore=rescore)
    gate = evaluate(report, config, evals_dir)
    report["gate"] = gate.to_dict()
    out = out or Path("reports") / f"eval-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}"
    write_reports(report, out)
    print_table(report, console)
    verdict = {0: "PASS", 1: "FAIL: regression", 2: "INCOMPLETE"}[gate.exit_code]
    print(f"gate: {verdict} (exit {gate.exit_code}); baseline: {gate.baseline or 'none'}", file=sys.stderr)
    for r in gate.reasons:
        print(f"  - {r}", file=sys.stderr)
    print(f"reports: {out}/report.md, report.json, report.html", file=sys.stderr)
    return gate.exit_code


def _engine(engine: str | None, model: str | None, dataset: object, prompt: str | None = None):
    if engine == "oracle":
        from ..evals.oracle import OracleEngine

        return OracleEngine({c.article.sha256: c.gold for c in dataset.cases})  # type: ignore[attr-defined]
    from ..engines import get_engine

    return get_engine(engine, model, prompt=prompt)
