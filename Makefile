# Every target bootstraps its own environment: only python3 (3.11+) and make are needed.
UV_VERSION := 0.13.9
UV := .uv/bin/uv
BIN := .venv/bin
SNAPSHOT := $(abspath ../shared/taxonomy)
PG_URL := postgresql+psycopg://postgres@127.0.0.1:5432/test
# `serve` loads the shared snapshot on first start unless told otherwise.
SERVE_SNAPSHOT := $(or $(JOBBMATCH_TAXONOMY_SNAPSHOT),$(if $(wildcard $(SNAPSHOT)/concepts.jsonl),$(SNAPSHOT),))

.PHONY: help install serve test test-postgres fuzz lint fmt openapi check
help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(UV):
	python3 -m venv .uv && .uv/bin/python -m pip install -q "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet && touch $@

install: .venv/.synced ## Create or update .venv from uv.lock

serve: install ## Migrate, load the taxonomy and serve on $JOBBMATCH_HOST:$JOBBMATCH_PORT (127.0.0.1:8000)
	$(if $(SERVE_SNAPSHOT),JOBBMATCH_TAXONOMY_SNAPSHOT=$(SERVE_SNAPSHOT)) $(BIN)/jobbmatch serve

test: install ## Run the whole test suite (PostgreSQL too when JOBBMATCH_TEST_DATABASE_URL is set)
	$(BIN)/pytest

test-postgres: install ## Run the suite on the local PostgreSQL
	JOBBMATCH_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest

fuzz: install ## schemathesis over the whole spec, every check and phase, longer, on both databases
	FUZZ_MAX_EXAMPLES=$(or $(FUZZ_MAX_EXAMPLES),100) $(BIN)/pytest api_tests/test_fuzz.py
	FUZZ_MAX_EXAMPLES=$(or $(FUZZ_MAX_EXAMPLES),100) JOBBMATCH_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest api_tests/test_fuzz.py

lint: install ## ruff, mypy (strict) and the import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

fmt: install ## Format and autofix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: install ## Regenerate openapi/openapi.json
	$(BIN)/jobbmatch openapi

check: lint test test-postgres ## Everything CI runs
