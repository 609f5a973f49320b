"""`summarizer verify RESULT.json ARTICLE`: check a saved analysis against its article."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._errors import PARTIAL, fail


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


def verify(
    result: Annotated[Path, typer.Argument(help="An analysis as JSON (from `summarizer brief --format json`).",
                                           show_default=False)],
    article: Annotated[Path, typer.Argument(help="The article file it was made from.", show_default=False)],
    fmt: Annotated[ReportFormat, typer.Option("--format", help="table for people; json for programs.")
                   ] = ReportFormat.table,
    warnings: Annotated[bool, typer.Option("--warnings/--no-warnings",
                                           help="Also list warnings (possible omissions).")] = True,
) -> None:
    """Check every quote, number and name in RESULT against ARTICLE.

    Exit 0 when grounded (warnings allowed), 1 when any error-level violation is found.
    """
    import json

    from pydantic import ValidationError

    from ..article import read_article
    from ..errors import InputError, SummarizerError
    from ..grounding import verify as run_verify
    from ..records import ArticleAnalysis

    try:
        if not result.is_file():
            raise InputError("no such file", source=str(result))
        try:
            data = json.loads(result.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"not a JSON analysis ({exc})", source=str(result)) from None
        if isinstance(data, list) and len(data) == 1:
            data = data[0]
        try:
            analysis = ArticleAnalysis.model_validate(data)
        except ValidationError as exc:
            raise InputError(f"not an analysis: {exc.error_count()} schema error(s), first: "
                             f"{exc.errors()[0]['loc']} {exc.errors()[0]['msg']}", source=str(result)) from None
        art = read_article(article)
        report = run_verify(analysis, art)
    except SummarizerError as exc:
        raise fail(exc) from None

    if fmt is ReportFormat.json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_table(report, str(article), show_warnings=warnings)
    if not report.ok:
        raise typer.Exit(code=PARTIAL)


def _print_table(report, source: str, *, show_warnings: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    rows = [v for v in report.violations if show_warnings or v.severity == "error"]
    rate = report.grounding_rate

    def pct(x: float | None) -> str:
        return "–" if x is None else f"{x:.0%}"

    if rows:
        table = Table(title=f"Grounding: {source}", show_lines=False)
        table.add_column("severity")
        table.add_column("kind")
        table.add_column("path", overflow="fold")
        table.add_column("detail", overflow="fold")
        for v in rows:
            style = "red" if v.severity == "error" else "yellow"
            table.add_row(f"[{style}]{v.severity}[/]", v.kind, v.path, v.detail)
        console.print(table)
    errors = len(report.errors)
    status = "[green]grounded[/]" if report.ok else f"[red]{errors} error(s)[/]"
    console.print(
        f"{status}; quotes {report.quotes_aligned}/{report.quotes_total} ({pct(rate['quotes'])}), "
        f"numbers {report.numbers_grounded}/{report.numbers_checked} ({pct(rate['numbers'])}), "
        f"names {report.names_grounded}/{report.names_checked} ({pct(rate['names'])}); "
        f"{len(report.violations) - errors} warning(s)"
    )


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to the main app."""
    app.command("verify")(verify)
