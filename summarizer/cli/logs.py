"""`summarizer logs`: browse the ledger (every run, its attempts, cost and output).

    summarizer logs                       the 20 newest runs (a table)
    summarizer logs -n 100 --status error --model openai/gpt-4o-mini
    summarizer logs -q "نانت"             full-text search (FTS5; substring match without it)
    summarizer logs --jsonl -n 0 > runs.jsonl   export everything (-n 0 = no limit)
    summarizer logs show 42               one run with every attempt's raw response
    summarizer logs path                  where the database is
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

logs_app = typer.Typer(
    name="logs",
    help="Browse the ledger of runs: list, filter, search, export.",
    invoke_without_command=True,
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)

LedgerOpt = Annotated[Path | None, typer.Option("--ledger", help="Ledger database (default: "
                                                "$SUMMARIZER_LEDGER or the user data dir).")]


def _ledger(path: Path | None):  # noqa: ANN202
    from ..ledger import Ledger

    return Ledger(path, log=False)  # reading never creates a database


@logs_app.callback()
def logs_list(
    ctx: typer.Context,
    n: Annotated[int, typer.Option("-n", "--count", help="How many runs, newest first (0 = all).")] = 20,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Only runs of this model.")] = None,
    prompt: Annotated[str | None, typer.Option("--prompt", help="Only this prompt version (or prefix).")] = None,
    status: Annotated[str | None, typer.Option("--status", help="ok, error or cached.")] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="Only runs of this engine.")] = None,
    query: Annotated[str | None, typer.Option("-q", "--query", help="Full-text search in source, "
                                              "errors and output.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array on stdout.")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line on stdout.")] = False,
    attempts: Annotated[bool, typer.Option("--attempts", help="Include every attempt (raw responses) "
                                           "in --json/--jsonl.")] = False,
    ledger_path: LedgerOpt = None,
) -> None:
    """List runs from the ledger, newest first."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"ledger": ledger_path}
        return
    from ..errors import ConfigError, SummarizerError
    from ._errors import fail

    if status is not None and status not in ("ok", "error", "cached"):
        raise fail(ConfigError(f"--status must be ok, error or cached, not {status!r}"))
    if as_json and as_jsonl:
        raise fail(ConfigError("choose one of --json and --jsonl"))
    try:
        ledger = _ledger(ledger_path)
        rows = ledger.runs(limit=None if n <= 0 else n, model=model, prompt=prompt, status=status,
                           engine=engine, query=query)
    except SummarizerError as exc:
        raise fail(exc) from None
    except Exception as exc:  # e.g. a malformed FTS query  # noqa: BLE001
        raise fail(ConfigError(f"cannot search the ledger: {exc}")) from None
    if as_json or as_jsonl:
        dicts = [r.to_dict(with_attempts=ledger.attempts(r.id) if attempts else None) for r in rows]
        if as_json:
            sys.stdout.write(json.dumps(dicts, ensure_ascii=False, indent=2) + "\n")
        else:
            for d in dicts:
                sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        return
    if not rows:
        print("no runs" + ("" if ledger.path.exists() else f" (no ledger yet at {ledger.path})"),
              file=sys.stderr)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=False)
    if not console.is_terminal:
        console.width = max(console.width, 160)
    table = Table(show_lines=False, pad_edge=False, box=None)
    for col in ("id", "when (UTC)", "status", "source", "engine/model", "prompt", "tries", "tokens",
                "cost $", "secs", "error"):
        wrap = col in ("source", "error")
        table.add_column(col, overflow="fold" if wrap else "ellipsis", no_wrap=not wrap)
    for r in rows:
        tokens = "" if r.input_tokens is None else f"{r.input_tokens}+{r.output_tokens}"
        cost = "" if r.cost_usd is None else f"{r.cost_usd:.4f}"
        table.add_row(str(r.id), r.created_at[:19].replace("T", " "), r.status, r.source or "",
                      "/".join(x for x in (r.engine, r.model) if x), r.prompt_version or "", str(r.attempts),
                      tokens, cost, "" if r.latency_s is None else f"{r.latency_s:.2f}",
                      (r.error or "")[:120])
    console.print(table)


@logs_app.command("path")
def logs_path(ctx: typer.Context, ledger_path: LedgerOpt = None) -> None:
    """Print the ledger database path."""
    from ..ledger import default_path

    parent = (ctx.obj or {}).get("ledger") if ctx.obj else None
    print(ledger_path or parent or default_path())


@logs_app.command("show")
def logs_show(ctx: typer.Context, run_id: Annotated[int, typer.Argument(help="Run id from `summarizer logs`.")],
              ledger_path: LedgerOpt = None) -> None:
    """Print one run as JSON, with every attempt's raw response and error."""
    from ..errors import ConfigError
    from ._errors import fail

    ledger = _ledger(ledger_path or (ctx.obj or {}).get("ledger"))
    row = ledger.get(run_id)
    if row is None:
        raise fail(ConfigError(f"no run {run_id} in {ledger.path}"))
    sys.stdout.write(json.dumps(row.to_dict(with_attempts=ledger.attempts(run_id)),
                                ensure_ascii=False, indent=2) + "\n")


def register(app: typer.Typer) -> None:
    """Add `summarizer logs` (and `logs path`, `logs show`) to the main app."""
    app.add_typer(logs_app, name="logs")
