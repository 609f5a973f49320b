"""Benchmark 1: CLI cold start — `summarizer --help` against `python -c "import json"`.

Both run as fresh subprocesses, interleaved, several repetitions; the ratio of medians is the
figure. Also checks, with `-X importtime`, that `--help` imports none of litellm, instructor,
openai (they cost seconds and must load on first use only).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from _common import BIN, REPO, emit

HEAVY = ("litellm", "instructor", "openai")
REPS = 9


def _run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def heavy_imports() -> tuple[list[str], int]:
    """Top-level packages from HEAVY that `python -X importtime -m summarizer --help` imports."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "summarizer", "--help"], cwd=REPO,
                          capture_output=True, text=True, check=True)
    found = set()
    modules = 0
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        name = line.rsplit("|", 1)[1].strip()
        if name == "imported package":
            continue
        modules += 1
        top = name.split(".")[0]
        if top in HEAVY:
            found.add(top)
    return sorted(found), modules


def main() -> None:
    cli = [str(BIN / "summarizer"), "--help"]
    raw = [sys.executable, "-c", "import json"]
    _run(cli), _run(raw)  # warm the page cache / .pyc for both
    cli_t, raw_t = [], []
    for _ in range(REPS):
        cli_t.append(_run(cli))
        raw_t.append(_run(raw))
    c, r = statistics.median(cli_t), statistics.median(raw_t)
    ratio = c / r
    heavy, modules = heavy_imports()
    print(f"summarizer --help: median {c * 1000:.0f} ms over {REPS} (min {min(cli_t) * 1000:.0f} ms); "
          f"python -c 'import json': median {r * 1000:.0f} ms")
    print(f"modules imported by --help: {modules}; heavy ones: {heavy or 'none'}")
    emit("1. CLI cold start (`summarizer --help`)",
         measured=f"{c * 1000:.0f} ms (median of {REPS})",
         raw=f"`python -c \"import json\"` {r * 1000:.0f} ms",
         ratio=ratio, target="≤ 4× and no litellm/instructor/openai import",
         met=ratio <= 4 and not heavy,
         notes=f"heavy imports: {', '.join(heavy) if heavy else 'none'} ({modules} modules imported)",
         extra={"cli_s": cli_t, "raw_s": raw_t, "heavy": heavy})


if __name__ == "__main__":
    main()
