"""The one place where errors become exit codes and one-line messages.

    0  success
    1  partial failure: some articles failed, grounding violations (verify), eval regression
    2  usage error: bad option, unknown engine, no model configured (also: eval incomplete)
    3  input error: missing, empty, binary or undecodable article
    4  engine error: the provider failed after retries, or the model's output never validated
"""

from __future__ import annotations

import sys

import typer

from ..errors import ConfigError, EngineError, InputError, SummarizerError

OK, PARTIAL, USAGE, INPUT, ENGINE = 0, 1, 2, 3, 4


def exit_code_for(exc: BaseException) -> int:
    if isinstance(exc, InputError):
        return INPUT
    if isinstance(exc, ConfigError):
        return USAGE
    if isinstance(exc, EngineError):
        return ENGINE
    return PARTIAL


def one_line(exc: BaseException) -> str:
    """The error as one line: no traceback, no multi-line provider dumps."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 400 else text[:397] + "..."


def fail(exc: SummarizerError) -> typer.Exit:
    """Print `error: …` on stderr and return the Exit to raise."""
    print(f"error: {one_line(exc)}", file=sys.stderr)
    return typer.Exit(code=exit_code_for(exc))
