"""`summarizer brief` (the editor's command) and `summarizer schema`."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._errors import PARTIAL, exit_code_for, fail, one_line


class Lang(StrEnum):
    en = "en"
    ar = "ar"
    both = "both"


class Format(StrEnum):
    md = "md"
    json = "json"
    jsonl = "jsonl"


def brief(
    paths: Annotated[list[str], typer.Argument(help="Article files, directories, or - for stdin.",
                                                show_default=False)],
    lang: Annotated[Lang, typer.Option(help="Language of the markdown brief.")] = Lang.en,
    fmt: Annotated[Format, typer.Option("--format", help="md for people; json/jsonl for programs.")] = Format.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    model: Annotated[str | None, typer.Option(help="litellm model string, or local / local:PATH.gguf. "
                                                   "Default: $SUMMARIZER_MODEL.")] = None,
    engine: Annotated[str | None, typer.Option(help="rules or llm. Default: llm if a model is set, else rules.")
                      ] = None,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD, to resolve 'yesterday'.")
                         ] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, metavar="SECONDS",
                                                  help="Seconds to wait for each LLM request (default 120); "
                                                       "ignored by the rules engine.")] = None,
    no_log: Annotated[bool, typer.Option("--no-log", help="Do not record this run in the ledger.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not answer from the ledger's cache.")] = False,
    ledger_path: Annotated[Path | None, typer.Option("--ledger", help="Ledger database (default: "
                                                     "$SUMMARIZER_LEDGER or the user data dir).")] = None,
) -> None:
    """Print the brief of one or more Arabic articles (English markdown by default)."""
    import asyncio

    from ..article import read_article
    from ..batch import Item, expand_inputs
    from ..engines import get_engine
    from ..errors import ConfigError, SummarizerError
    from ..pipeline import asummarize
    from ..render import render

    try:
        pub = dt.date.fromisoformat(published) if published else None
    except ValueError:
        pub = dt.date.min
    if pub is not None and not 1900 <= pub.year <= 2100:
        raise fail(ConfigError(f"--published must be a date YYYY-MM-DD between 1900 and 2100, got {published!r}"))
    # '-' is stdin; everything else expands like `summarizer batch` (dirs, globs, missing paths).
    files: list[Item] = []
    for p in paths:
        files.extend([Item("-")] if p == "-" else expand_inputs([p]))
    if not files:
        raise fail(ConfigError("no article files found in " + ", ".join(paths)))
    if output is not None and any(f.path is not None and _same_file(f.path, output) for f in files):
        raise fail(ConfigError(f"--output {output} is one of the articles: refusing to overwrite it"))
    try:
        eng = get_engine(engine, model, timeout=timeout)
        ledger = _open_ledger(ledger_path, log=not no_log)
    except SummarizerError as exc:
        raise fail(exc) from None

    results = []
    errors: list[SummarizerError] = []

    async def run_all() -> None:
        progress = _progress(len(files))
        task = progress.add_task("articles", total=len(files)) if progress else None
        if progress:
            progress.start()
        try:
            for f in files:
                try:
                    if f.error is not None:
                        raise f.error
                    if f.source == "-":
                        art = read_article(sys.stdin.buffer.read(), name="<stdin>", published=pub)
                    else:
                        assert f.path is not None  # expand_inputs gives every item without an error a path
                        art = read_article(f.path, name=f.source, published=pub)
                    results.append(await asummarize(art, engine=eng, ledger=ledger, use_cache=not no_cache))
                except SummarizerError as exc:
                    errors.append(exc)
                    print(f"error: {one_line(exc)}", file=sys.stderr)
                if progress and task is not None:
                    progress.advance(task)
        finally:
            if progress:
                progress.stop()

    asyncio.run(run_all())
    if results:
        text = render(results, fmt=fmt.value, lang=lang.value)
        if output:
            try:
                _write_atomic(output, text)
            except OSError as exc:
                raise fail(ConfigError(f"cannot write --output {output}: {exc.strerror or exc}")) from None
            if errors:
                print(f"wrote {len(results)} of {len(files)} articles to {output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    if errors:
        if len(files) == 1:
            raise typer.Exit(code=exit_code_for(errors[0]))
        print(f"{len(errors)} of {len(files)} articles failed", file=sys.stderr)
        raise typer.Exit(code=PARTIAL)


def _progress(total: int):  # noqa: ANN202 - rich type only when used
    if total < 2 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=Console(stderr=True), transient=True)


def _open_ledger(path: Path | None, *, log: bool):  # noqa: ANN202
    from ..ledger import Ledger

    return Ledger(path, log=log)


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder: the old file stays whole until the new is."""
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def schema(
    output_dir: Annotated[Path | None, typer.Option("--write", help="Write the schema files into this "
                                                     "directory instead of printing them.")] = None,
) -> None:
    """Print the JSON Schemas of the output records (ArticleAnalysis, ExtractionOutput)."""
    from ..errors import ConfigError
    from ..schemas import dump, json_schemas, write_schemas

    if output_dir:
        try:
            written = write_schemas(output_dir)
        except OSError as exc:
            raise fail(ConfigError(f"cannot write schemas to {output_dir}: {exc.strerror or exc}")) from None
        for p in written:
            print(p)
        return
    sys.stdout.write(dump(json_schemas()))


def register(app: typer.Typer) -> None:
    app.command()(brief)
    app.command()(schema)
