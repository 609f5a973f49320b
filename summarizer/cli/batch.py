"""`summarizer batch`: many articles → one JSONL file, resumable, one line per article.

Exit codes: 0 every article ok (or already done); 1 some articles failed (their error lines
are in --out); 2 usage error (bad option, unknown engine, no model, --out locked or not
writable, ledger cannot be opened); 3 no article succeeded and every failure was an input
error (missing, empty, binary, undecodable file); 4 no article succeeded and every failure was
an engine/provider error, or the provider refused the API key: the run stopped at the first
authentication failure, articles not started have no line, and re-running the same command
after fixing the key finishes them; 130 interrupted (re-run the same command to finish).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def batch(
    inputs: Annotated[list[str], typer.Argument(help="Article files, directories or glob patterns "
                                                     "(quote globs: 'news/**/*.txt').", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="JSONL results file: one line per article; "
                                                          "re-run the same command to resume.")],
    concurrency: Annotated[int, typer.Option("--concurrency", "-j", min=1, max=256,
                                             help="Articles in flight at once.")] = 4,
    engine: Annotated[str | None, typer.Option(help="rules or llm. Default: llm if a model is set, else rules.")
                      ] = None,
    model: Annotated[str | None, typer.Option(help="litellm model string, or local / local:PATH.gguf. "
                                                   "Default: $SUMMARIZER_MODEL.")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, metavar="SECONDS",
                                                  help="Seconds to wait for each LLM request (default 120); "
                                                       "ignored by the rules engine.", show_default=False)
                       ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not answer from the ledger's cache.")] = False,
    no_log: Annotated[bool, typer.Option("--no-log", help="Do not record these runs in the ledger.")] = False,
    ledger_path: Annotated[Path | None, typer.Option("--ledger", help="Ledger database (default: "
                                                     "$SUMMARIZER_LEDGER or the user data dir).")] = None,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress",
                                                  help="Progress bar on stderr (default: when a terminal).")
                        ] = None,
) -> None:
    """Analyse many articles into a JSONL file, with bounded concurrency; safe to interrupt and resume."""
    import asyncio

    from ..batch import run_batch
    from ..errors import SummarizerError
    from ._errors import fail, one_line

    try:
        ledger = None
        if not (no_log and no_cache):
            from ..ledger import Ledger

            ledger = Ledger(ledger_path, log=not no_log)
            ledger.open()
    except SummarizerError as exc:
        raise fail(exc) from None

    from rich.console import Console

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    show = console.is_terminal if progress is None else progress
    bar = _Bar(console) if show else None

    def on_event(kind: str, line: dict) -> None:
        if kind == "start":
            if bar:
                bar.start(line["total"], line["skipped"])
            return
        if kind == "failed" and line.get("error_type") != "AuthenticationError":  # said once, at the end
            msg = f"error: {one_line(line['error'])}"
            if bar:
                bar.progress.console.print(msg, markup=False, highlight=False)
            else:
                print(msg, file=sys.stderr, flush=True)
        if bar:
            bar.advance(kind)

    try:
        summary = asyncio.run(run_batch(inputs, out, engine=engine, model=model, concurrency=concurrency,
                                        ledger=ledger, use_cache=not no_cache, on_event=on_event,
                                        timeout=timeout))
    except SummarizerError as exc:
        if bar:
            bar.stop()
        raise fail(exc) from None
    except KeyboardInterrupt:
        if bar:
            bar.stop()
        print(f"interrupted: finished lines are in {out}; run the same command again to finish",
              file=sys.stderr)
        raise typer.Exit(code=130) from None
    finally:
        if ledger is not None:
            ledger.close()
    if bar:
        bar.stop()
    if summary.torn_lines:
        print(f"note: dropped {summary.torn_lines} torn line(s) left in {out} by an interrupted run",
              file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    stop_line = summary.stop_line()
    if stop_line:
        print(f"error: {stop_line}", file=sys.stderr)
    if summary.total == 0:
        print("error: no article files found in " + ", ".join(inputs), file=sys.stderr)
        raise typer.Exit(code=3)
    raise typer.Exit(code=summary.exit_code)


class _Bar:
    """A rich progress bar with done / failed / cached counts."""

    def __init__(self, console) -> None:  # noqa: ANN001
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("batch"), BarColumn(), MofNCompleteColumn(),
            TextColumn("ok {task.fields[ok]} · failed {task.fields[failed]} · cached {task.fields[cached]}"),
            TimeElapsedColumn(), console=console, transient=False)
        self.task = None
        self.counts = {"ok": 0, "failed": 0, "cached": 0}

    def start(self, total: int, skipped: int) -> None:
        self.progress.start()
        c = self.counts
        self.task = self.progress.add_task("batch", total=total, completed=skipped,
                                           ok=c["ok"], failed=c["failed"], cached=c["cached"])

    def advance(self, kind: str) -> None:
        if kind == "cached":
            self.counts["cached"] += 1
            self.counts["ok"] += 1
        else:
            self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.task is not None:
            c = self.counts
            self.progress.update(self.task, advance=1, ok=c["ok"], failed=c["failed"], cached=c["cached"])

    def stop(self) -> None:
        self.progress.stop()


def register(app: typer.Typer) -> None:
    """Add `summarizer batch` to the main app."""
    app.command()(batch)
