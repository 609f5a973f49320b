"""The `summarizer` command. Each command lives in its own module and registers itself here.

Nothing heavy is imported at module level anywhere under `cli/`: `summarizer --help` must not
load litellm, instructor or openai.
"""

from __future__ import annotations

import sys

import typer

from ..errors import SummarizerError
from . import batch, brief, evals, logs, verify
from ._errors import exit_code_for, one_line

app = typer.Typer(
    name="summarizer",
    help="Bilingual Arabic/English briefs and grounded incident records from Arabic crypto-crime news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

for _module in (brief, verify, evals, batch, logs):
    _module.register(app)


def main() -> None:
    """Console entry point: a last safety net so user errors never show a traceback."""
    try:
        app()
    except SummarizerError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        sys.exit(exit_code_for(exc))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
