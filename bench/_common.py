"""Shared helpers for the `bench_*.py` scripts. Importing this module does nothing but define.

Every benchmark prints human-readable lines and, last, one machine-readable line::

    BENCH_RESULT {"name": ..., "measured": ..., "raw": ..., "ratio": ..., "target": ..., "met": ...}

which `run_all.py` collects into the table. `met` is true/false, or null for "skipped".
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
RESULT_TAG = "BENCH_RESULT "


def emit(name: str, *, measured: str, raw: str, ratio: float | None, ratio_text: str | None = None,
         target: str, met: bool | None, notes: str = "", extra: dict[str, Any] | None = None) -> None:
    """Print the one result line `run_all.py` reads (and a readable summary above it)."""
    ratio_s = ratio_text or (f"{ratio:.2f}×" if ratio is not None else "—")
    verdict = "skipped" if met is None else ("yes" if met else "NO")
    print(f"[{name}] measured: {measured} | raw: {raw} | ratio: {ratio_s} | target: {target} | met: {verdict}")
    if notes:
        print(f"[{name}] notes: {notes}")
    row = {"name": name, "measured": measured, "raw": raw, "ratio": ratio, "ratio_text": ratio_s,
           "target": target, "met": met, "notes": notes, "extra": extra or {}}
    print(RESULT_TAG + json.dumps(row, ensure_ascii=False), flush=True)


def median_time(fn: Callable[[], object], reps: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


@contextlib.contextmanager
def chat_server(*, latency: float = 0.0, max_requests: int = 1000, lifetime_s: float = 240.0,
                rules: bool = True) -> Iterator[dict]:
    """`python -m summarizer.testing` in its own process (so the server's work never competes
    with the measured client for the GIL). Yields {"base_url": ..., "stats": {...}}; the stats
    (requests served, by fault) are filled in when the block exits.

    `rules=True` answers with the rule engine's (grounded) output, as a competent model would:
    then no grounding re-ask inflates the call count, and the ratio measures our overhead."""
    cmd = [sys.executable, "-m", "summarizer.testing", "--latency", str(latency),
           "--max-requests", str(max_requests), "--lifetime", str(lifetime_s)] + (["--rules"] if rules else [])
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    info: dict[str, Any] = {"stats": {}}
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        if not line.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"chat server did not start (got {line!r})")
        info["base_url"] = line
        yield info
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        for ln in (out or "").splitlines():
            if ln.startswith("{"):
                with contextlib.suppress(ValueError):
                    info["stats"] = json.loads(ln)


def quiet_litellm() -> None:
    """litellm logs a warning per new event loop (each `summarize()` call makes one); keep the
    bench output readable. The warning itself is reported as a finding (see README)."""
    import logging

    os.environ.setdefault("LITELLM_LOG", "ERROR")
    for name in ("LiteLLM", "litellm", "LiteLLM Router", "LiteLLM Proxy"):
        logging.getLogger(name).setLevel(logging.ERROR)
