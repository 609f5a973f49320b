# One task runner; CI runs the same targets (.ci/run → make test).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SEED    ?= seeds/000_d003e6070548525d.txt

.PHONY: help install brief test lint eval schemas bench record clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt scripts/install-local.sh
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	scripts/install-local.sh
	@# Headless Chromium for the browser test of the eval's report.html (Debian's package; skipped
	@# with a note where apt-get is not available, and that one test then skips).
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium >/dev/null) || echo "no Chromium: tests/test_report_browser.py will skip"
	touch $(STAMP)

install: $(STAMP) ## create .venv with pinned dependencies (+ llama.cpp built with safe CPU flags)

brief: $(STAMP) ## the main job: English brief of a seed article, offline rule engine
	$(BIN)/summarizer brief $(SEED)

test: $(STAMP) ## the whole test suite: lint, schema drift, pytest (network blocked), dataset + leak check, eval gate
	$(MAKE) lint
	$(BIN)/pytest
	$(BIN)/summarizer eval check
	$(BIN)/summarizer eval --engine rules --split all --out reports/eval-ci

lint: $(STAMP) ## ruff and pyright
	$(BIN)/ruff check summarizer tests bench
	$(BIN)/pyright

eval: $(STAMP) ## run the eval suite on the rule engine (both splits; report the test split)
	$(BIN)/summarizer eval --engine rules

schemas: $(STAMP) ## regenerate schemas/ after changing summarizer/records.py
	$(BIN)/summarizer schema --write schemas

bench: $(STAMP) ## benchmarks, as ratios against the raw alternatives (writes bench/RESULTS.md)
	$(BIN)/python bench/run_all.py

record: $(STAMP) ## re-record every cassette from scratch against a local llama.cpp server
	scripts/install-local.sh record
	scripts/record-cassettes.sh

clean: ## remove the virtual environment and reports
	rm -rf $(VENV) reports
