"""Benchmark 5: the eval cache — `summarizer eval` twice with an unchanged prompt, LLM engine
("openai/bench" on a ChatServer). The first run generates and stores every output; the second
must find them all (0 server requests) and finish in under 3 s.

Runs in a temporary copy of evals/ (`--evals-dir`, runs/ starting empty), with reports
written there too, so nothing new lands in the committed evals/runs or baselines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from _common import BIN, REPO, emit

TARGET_S = 3.0


def _tree(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*")} if path.exists() else set()


def main() -> None:
    from summarizer.testing import ChatServer

    evals = REPO / "evals"
    before = _tree(evals)
    with tempfile.TemporaryDirectory(prefix="bench-evals-") as tmp:
        tdir = Path(tmp) / "evals"
        tdir.mkdir()
        for name in ("dataset.yaml", "config.yaml"):
            shutil.copy2(evals / name, tdir / name)
        shutil.copytree(evals / "baselines", tdir / "baselines")
        (tdir / "runs").mkdir()
        with ChatServer(max_requests=400, lifetime_s=200) as server:
            env = {**os.environ, "SUMMARIZER_API_BASE": server.base_url, "LITELLM_LOG": "ERROR"}
            env.pop("SUMMARIZER_MODEL", None)
            runs = []
            for n in (1, 2):
                start_req = server.requests
                cmd = [str(BIN / "summarizer"), "eval", "--engine", "llm", "--model", "openai/bench",
                       "--evals-dir", str(tdir), "--out", str(Path(tmp) / f"report{n}")]
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=150)
                wall = time.perf_counter() - t0
                runs.append({"wall_s": wall, "requests": server.requests - start_req, "rc": proc.returncode,
                             "stored": len(list((tdir / "runs").glob("*.json")))})
                print(f"run {n}: {wall:.2f} s, {runs[-1]['requests']} LLM calls, exit {proc.returncode}, "
                      f"{runs[-1]['stored']} stored outputs")
                if proc.returncode not in (0, 1):
                    print(proc.stderr[-2000:])
    leaked = sorted(_tree(evals) - before)
    first, second = runs
    ok = second["requests"] == 0 and second["wall_s"] < TARGET_S and first["requests"] > 0 and not leaked
    emit("5. Eval cache (2nd `summarizer eval`, unchanged prompt)",
         measured=f"2nd run: {second['requests']} LLM calls, {second['wall_s']:.2f} s",
         raw=f"1st run: {first['requests']} LLM calls, {first['wall_s']:.2f} s",
         ratio=second["wall_s"] / first["wall_s"], target=f"0 calls, < {TARGET_S:.0f} s", met=ok,
         notes=f"exit codes {first['rc']}/{second['rc']} (gate verdict, not a bench failure); "
               f"new files in evals/: {leaked or 'none'}",
         extra={"runs": runs, "leaked": leaked})


if __name__ == "__main__":
    main()
