# mistral-client developer tasks. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.install-stamp
# `make bench PEERS=1`: the SDKs we compare against live in their own venv, with this
# project installed there too (runtime dependencies only), never in ours.
PEER_VENV := .venv-peers
PEER_STAMP := $(PEER_VENV)/.install-stamp
CHECKED := overlay scripts tests

.PHONY: help install generate check-generated surface lint typecheck docs pyright test bench fault-campaign fuzz demo emulator clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,emulator,cli]'
	touch $(STAMP)

$(PEER_STAMP): pyproject.toml scripts/bench-peers.txt
	test -x $(PEER_VENV)/bin/python || $(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PEER_VENV)/bin/python -m pip install --quiet -e . -r scripts/bench-peers.txt
	touch $(PEER_STAMP)

install: $(STAMP) ## Create .venv and install the project editable with dev and emulator extras

generate: $(STAMP) ## Regenerate generated/ from openapi.yaml and generator-config.yaml
	$(PY) scripts/generate.py

check-generated: $(STAMP) ## Fail if generated/ differs from a fresh generation
	$(PY) scripts/generate.py --check

surface: $(STAMP) ## Rewrite _param_docs.py, _literals.py and the resource stubs (after editing openapi.yaml or a resource)
	$(PY) scripts/gen_surface.py

lint: $(STAMP) ## ruff check and format check on overlay/, scripts/, tests/
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)

# Where a resource module has a .pyi stub, mypy reads the stub and skips the module's body:
# the first run checks callers against the stubs, the second the bodies (stubs left out; its
# own cache, as the two runs see different files for the same modules).
typecheck: $(STAMP) ## mypy --strict on overlay/, scripts/, tests/ and generated/
	$(BIN)/mypy $(CHECKED)
	$(BIN)/mypy --exclude '\.pyi$$' --cache-dir .mypy_cache/bodies overlay
	$(BIN)/mypy generated/mistral_generated

docs: $(STAMP) ## Build the API reference site into site/ (offline; warnings are errors)
	$(BIN)/mkdocs build --strict --quiet

pyright: $(STAMP) ## Show that pyright sees the typed surface (parameters, Literals, helpers)
	$(PY) scripts/check_pyright.py

# `coverage run` rather than pytest-cov: our pytest11 plugin imports mistral_client before
# pytest-cov would start measuring, which hides module-level lines.
test: lint typecheck docs ## Lint, typecheck, docs, then the whole suite with coverage (overlay >= 90%)
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report --fail-under=90

bench: $(STAMP) $(if $(PEERS),$(PEER_STAMP)) ## Benchmarks as ratios to raw httpx (PEERS=1: also httpx2, mistralai, openai)
	$(PY) scripts/bench.py $(if $(PEERS),--peers $(PEER_VENV))
	$(PY) scripts/bench_observability.py
	$(PY) scripts/bench_stream.py
	$(PY) scripts/bench_batch.py
	$(PY) scripts/bench_resilience.py

fault-campaign: $(STAMP) ## Fault campaign: 10,000 mixed calls against the emulator, 20% faults
	$(PY) scripts/fault_campaign.py --calls 10000 --fault-rate 0.2

fuzz: $(STAMP) ## Any argument to any method: sent, or refused before sending (1000 per method)
	$(PY) scripts/fuzz_arguments.py 1000

demo: $(STAMP) ## Tour every API domain (offline emulator, or the real API if MISTRAL_API_KEY is set)
	$(PY) scripts/demo.py

emulator: $(STAMP) ## Run the local Mistral API emulator on port 8000
	$(PY) -m mistral_client.testing --port 8000

clean: ## Remove the venv and caches
	rm -rf $(VENV) $(PEER_VENV) .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov .hypothesis site
