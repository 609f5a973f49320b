"""Batch runs that lose nothing: many articles → one JSONL file, one line per article.

Every article becomes exactly one line in `--out`::

    {"source": "news/a.txt", "sha256": "…", "ok": true, "cached": false, "result": {…ArticleAnalysis…}}
    {"source": "news/b.txt", "sha256": "…", "ok": false, "error": "news/b.txt: empty input", "error_type": "InputError"}

(`sha256` is absent on an error line when the file could not be read at all.)

How nothing is lost or doubled
- Each line is written with one `os.write` on an `O_APPEND` descriptor, then `fsync`: a
  crash (even SIGKILL) leaves whole lines plus at most one torn final line.
- On start, a torn final line (no trailing newline) is cut off, and the lines already there
  are read: a source with an `ok` line is done and is skipped; a source with only `error`
  lines is tried again and gets a newer line appended.
- At the end of a run that was not interrupted, the file is compacted: rewritten (temp file in
  the same directory, fsync, atomic rename) with exactly one line per source — its `ok` line
  if it has one, else its newest error — in input order, then sources of earlier runs that
  this run did not name. So after a completed run every article is accounted for exactly once.
  A run killed part-way leaves a file that may hold an old error line and a newer line for
  the same source; the next run resolves it.
- A lock file (`.NAME.lock`, `flock`) stops two batch runs writing one `--out` at once.
- A bad API key stops the run early: at the first article that fails with an
  `AuthenticationError`, no new article is started (those in flight finish and get their
  line); articles never started get no line at all, so re-running the same command once the
  key is fixed does exactly them. The summary's `stopped_by` holds the error; exit code 4.

Resume is keyed on `source`, the path as named on the command line (or found in a named
directory): run the same command from the same directory to resume.

Articles go through `summarizer.pipeline.asummarize` — the one code path — with bounded
concurrency, the ledger (log + cache) when given.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import glob
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AuthenticationError, ConfigError, EngineError, InputError, SummarizerError

if TYPE_CHECKING:
    from .engines import Engine
    from .ledger import Ledger

#: Suffixes taken from a directory argument; other files there are ignored.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".text", "")
_GLOB_CHARS = set("*?[")


@dataclass
class Item:
    """One article to run: its label (the `source` in the output) and path, or why not."""

    source: str
    path: Path | None = None
    error: InputError | None = None


@dataclass
class BatchSummary:
    out: Path
    total: int = 0          #: articles named by the inputs
    ok: int = 0             #: ok lines written by this run (cached ones included)
    cached: int = 0         #: of which answered from the ledger cache
    failed: int = 0         #: error lines written by this run
    skipped: int = 0        #: already ok in --out from an earlier run
    retried: int = 0        #: had only an error line from an earlier run, tried again
    torn_lines: int = 0     #: torn/invalid lines dropped from --out
    not_attempted: int = 0  #: left without a line because the run stopped early (`stopped_by`)
    interrupted: bool = False
    stopped_by: AuthenticationError | None = None  #: the error that stopped the run early
    duration_s: float = 0.0
    error_types: Counter[str] = field(default_factory=Counter)

    @property
    def exit_code(self) -> int:
        """0 all ok; 1 some failed; 3 none ok and every failure an input error; 4 none ok and
        every failure an engine/provider error, or stopped early on an authentication failure.
        (2, usage errors, is raised before a run.)"""
        if self.interrupted:
            return 130
        if self.stopped_by is not None:
            return 4
        if not self.failed:
            return 0
        if self.ok == 0 and self.skipped == 0:
            kinds = set(self.error_types)
            if kinds and kinds <= {"InputError"}:
                return 3
            if kinds and kinds <= _ENGINE_ERRORS:
                return 4
        return 1

    def line(self) -> str:
        parts = [f"{self.total} article(s): {self.ok} ok"]
        if self.cached:
            parts[0] += f" ({self.cached} cached)"
        parts.append(f"{self.failed} failed")
        if self.skipped:
            parts.append(f"{self.skipped} already done")
        if self.retried:
            parts.append(f"{self.retried} retried from an earlier run")
        if self.not_attempted:
            parts.append(f"{self.not_attempted} not attempted")
        tail = f" → {self.out} in {self.duration_s:.1f}s"
        return ", ".join(parts) + tail

    def stop_line(self) -> str | None:
        """Why the run stopped early and what to do, as one line; None if it did not stop."""
        exc = self.stopped_by
        if exc is None:
            return None
        if exc.model and exc.key_env:
            why = f"authentication failed for {exc.model}: check {exc.key_env}"
        else:
            why = " ".join(str(exc).split())
        return (f"{why} — stopped after {self.ok + self.failed} article(s); "
                "fix the key and re-run the same command to finish")


_ENGINE_ERRORS = {"EngineError", "ProviderError", "AuthenticationError", "ModelOutputError"}


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

def expand_inputs(specs: Iterable[str | Path]) -> list[Item]:
    """Turn DIR / GLOB / FILE arguments into items, in order, without duplicates.

    A directory gives its article files (recursively, sorted; hidden files skipped; suffixes
    in `ARTICLE_SUFFIXES`). A glob with no match and a missing path each give one item that
    fails with an `InputError`, so nothing named is silently dropped.
    """
    items: list[Item] = []
    seen: set[str] = set()

    def add(item: Item) -> None:
        key = str(item.path.resolve()) if item.path is not None else item.source
        if key not in seen:
            seen.add(key)
            items.append(item)

    for spec in specs:
        s = str(spec)
        p = Path(s)
        if p.is_dir():
            for f in _dir_files(p):
                add(Item(str(f), f))
        elif p.exists() or p.is_symlink():
            add(Item(s, p))
        elif _GLOB_CHARS & set(s):
            matches = sorted(glob.glob(s, recursive=True))
            files = [Path(m) for m in matches if not Path(m).is_dir()]
            for m in matches:
                if Path(m).is_dir():
                    files += _dir_files(Path(m))
            if not files:
                add(Item(s, None, InputError("no files match this pattern", source=s)))
            for f in files:
                add(Item(str(f), f))
        else:
            add(Item(s, None, InputError("no such file", source=s)))
    return items


def _dir_files(d: Path) -> list[Path]:
    out = []
    for f in sorted(d.rglob("*")):
        rel = f.relative_to(d)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if f.is_dir():
            continue
        if f.suffix.lower() in ARTICLE_SUFFIXES or f.is_symlink():
            out.append(f)
    return out


# ---------------------------------------------------------------------------------------------
# The output file
# ---------------------------------------------------------------------------------------------

def _lock_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.lock")


def repair(out: Path) -> tuple[list[dict[str, Any]], int]:
    """Cut a torn final line off `out`; return its lines (dicts) and how many were dropped.

    Only a final line with no newline — what a killed run leaves — is ever cut. A file whose
    whole lines are not batch result lines is someone else's: refused with a `ConfigError`,
    never changed.
    """
    if out.is_dir():
        raise ConfigError(f"--out {out} is a directory: give a file path")
    if not out.exists():
        return [], 0
    try:
        data = out.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read --out {out}: {exc.strerror or exc}") from exc
    complete, _, torn = data.rpartition(b"\n")
    if not complete and torn and not torn.lstrip().startswith(b'{"source"'):
        complete, torn = torn, b""  # one unterminated line that is not ours: validate it below
    lines = []
    for number, raw in enumerate(complete.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError:
            obj = None
        if not isinstance(obj, dict) or "source" not in obj or "ok" not in obj:
            raise ConfigError(f"--out {out} is not a summarizer batch file (line {number} is not a result "
                              "line): refusing to change it; choose another --out")
        lines.append(obj)
    if torn:
        try:
            with open(out, "rb+") as fh:
                fh.truncate(len(data) - len(torn))
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise ConfigError(f"cannot write --out {out}: {exc.strerror or exc}") from exc
    return lines, 1 if torn else 0


def write_line(fd: int, obj: dict[str, Any]) -> None:
    """Append one JSON line with a single write, then fsync."""
    data = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    view = memoryview(data)
    while view:  # a regular file takes it in one write; loop only on a short write (disk full…)
        n = os.write(fd, view)
        view = view[n:]
    os.fsync(fd)


def compact(out: Path, order: Sequence[str] = ()) -> int:
    """Rewrite `out` with one line per source (its ok line, else its newest error line):
    sources in `order` first, then the rest in file order. Atomic. Returns the line count."""
    lines, _ = repair(out)
    best: dict[str, dict[str, Any]] = {}
    first_seen: list[str] = []
    for obj in lines:
        src = obj["source"]
        if src not in best:
            first_seen.append(src)
            best[src] = obj
        elif obj.get("ok") or not best[src].get("ok"):
            best[src] = obj  # a newer line wins, except that an error never replaces an ok
    ordered = [s for s in dict.fromkeys([*order, *first_seen]) if s in best]
    tmp = out.with_name(f".{out.name}.compact-{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        for src in ordered:
            fh.write((json.dumps(best[src], ensure_ascii=False, separators=(",", ":")) + "\n").encode())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    with contextlib.suppress(OSError):
        dfd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    return len(ordered)


@contextlib.contextmanager
def _locked(out: Path):  # type: ignore[no-untyped-def]
    import fcntl

    lock = _lock_path(out)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise ConfigError(f"another batch run is writing {out} (lock {lock})") from None
            raise
        yield
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------

Event = Callable[[str, dict[str, Any]], None]


async def run_batch(
    inputs: Sequence[str | Path] | Sequence[Item],
    out: str | Path,
    *,
    engine: str | Engine | None = None,
    model: str | None = None,
    concurrency: int = 4,
    ledger: Ledger | None = None,
    use_cache: bool = True,
    on_event: Event | None = None,
    timeout: float | None = None,
) -> BatchSummary:
    """Run every input article into `out` (JSONL); see the module docstring for guarantees.

    `on_event(kind, line)` is called after each line is written, kind in
    {"ok", "cached", "failed"}, and once with ("start", {"total", "todo", "skipped"}).
    `timeout` (seconds per LLM request) is passed to `get_engine` when `engine` is a name or
    None; an engine object is used as it is.
    Raises `ConfigError` for usage problems (unknown engine, locked or unwritable --out).
    """
    from .article import read_article
    from .engines import get_engine
    from .pipeline import asummarize

    started = time.perf_counter()
    out = Path(out)
    items = [i if isinstance(i, Item) else None for i in inputs]
    if all(i is not None for i in items) and items:
        todo_items: list[Item] = list(items)  # type: ignore[arg-type]
    else:
        todo_items = expand_inputs([str(i) for i in inputs])  # type: ignore[arg-type]
    summary = BatchSummary(out=out, total=len(todo_items))
    try:
        # ConfigError here: before anything is written
        eng = get_engine(engine, model, timeout=timeout) if engine is None or isinstance(engine, str) else engine
    except ImportError as exc:
        raise ConfigError(f"engine {engine or model or 'rules'!r} is not available: {exc}") from None
    fingerprint = eng.fingerprint()
    emit = on_event or (lambda kind, line: None)
    if ledger is not None:
        ledger.track_hits = True
    if out.parent and not out.parent.exists():
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the directory for --out {out}: {exc.strerror or exc}") from exc
    try:
        ctx = _locked(out)
        ctx.__enter__()
    except OSError as exc:
        raise ConfigError(f"cannot write --out {out}: {exc.strerror or exc}") from exc
    try:
        for stale in out.parent.glob(f".{out.name}.compact-*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        existing, summary.torn_lines = repair(out)
        done = {o["source"] for o in existing if o.get("ok")}
        failed_before = {o["source"] for o in existing if not o.get("ok")} - done
        todo = [i for i in todo_items if i.source not in done]
        summary.skipped = len(todo_items) - len(todo)
        summary.retried = sum(1 for i in todo if i.source in failed_before)
        try:
            fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ConfigError(f"cannot write --out {out}: {exc.strerror or exc}") from exc
        emit("start", {"total": summary.total, "todo": len(todo), "skipped": summary.skipped})
        gate = asyncio.Semaphore(max(1, concurrency))
        stop = asyncio.Event()  # set at the first authentication failure: start nothing more

        def finish(line: dict[str, Any], kind: str) -> None:
            write_line(fd, line)
            if kind == "failed":
                summary.failed += 1
                summary.error_types[line["error_type"]] += 1
            else:
                summary.ok += 1
                summary.cached += kind == "cached"
            emit(kind, line)

        async def one(item: Item) -> None:
            async with gate:
                if stop.is_set():
                    summary.not_attempted += 1
                    return  # no line: a re-run after the key is fixed does this article
                sha = None
                try:
                    if item.error is not None:
                        raise item.error
                    assert item.path is not None
                    article = await asyncio.to_thread(read_article, item.path, name=item.source)
                    sha = article.sha256
                    t0 = time.perf_counter()
                    result = await asummarize(article, engine=eng, ledger=ledger, use_cache=use_cache)
                    hit = ledger is not None and ledger.was_served(result)
                    if hit and ledger is not None:
                        ledger.record(key=ledger.cache_key(article.input_key, fingerprint), article=article,
                                      fingerprint=fingerprint, analysis=result, status="cached",
                                      latency_s=time.perf_counter() - t0)
                except (SummarizerError, Exception) as exc:  # noqa: B014 - one bad article never stops a batch
                    if isinstance(exc, AuthenticationError):  # ...but a bad key stops them all
                        stop.set()
                        if summary.stopped_by is None:
                            summary.stopped_by = exc
                    line = {"source": item.source, **({"sha256": sha} if sha else {}), "ok": False,
                            "error": _message(exc, item.source), "error_type": type(exc).__name__}
                    finish(line, "failed")
                    return
                finish({"source": item.source, "sha256": sha, "ok": True, "cached": bool(hit),
                        "result": result.model_dump(mode="json")}, "cached" if hit else "ok")

        try:
            tasks = [asyncio.ensure_future(one(i)) for i in todo]
            try:
                await asyncio.gather(*tasks)
            except BaseException:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                summary.interrupted = True
                raise
        finally:
            os.close(fd)
        compact(out, order=[i.source for i in todo_items])
    finally:
        ctx.__exit__(None, None, None)
        summary.duration_s = time.perf_counter() - started
    return summary


def _message(exc: BaseException, source: str) -> str:
    msg = str(exc) or type(exc).__name__
    msg = " ".join(msg.split())  # one line
    if isinstance(exc, InputError) or msg.startswith(f"{source}:"):
        return msg
    if isinstance(exc, EngineError | SummarizerError):
        return f"{source}: {msg}"
    return f"{source}: unexpected {type(exc).__name__}: {msg}"


def read_results(out: str | Path) -> list[dict[str, Any]]:
    """The lines of a results file (torn final line ignored, file left untouched)."""
    lines = []
    p = Path(out)
    if not p.exists():
        return lines
    data = p.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
    for raw in data.splitlines():
        with contextlib.suppress(ValueError):
            lines.append(json.loads(raw))
    return lines
