# Switchboard developer commands. `make serve` and `make test` create the environment when needed.
PYTHON ?= python3
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
UV := $(PYTHON) -m uv

.PHONY: setup serve test test-sqlite test-clients codegen codegen-check graphiql lint format schema schema-check migration bench clean

$(BIN)/switchboard: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	UV_PYTHON=$(PYTHON) $(UV) sync --frozen --compile-bytecode
	@touch $@

setup: $(BIN)/switchboard ## create .venv from uv.lock

serve: setup ## start the server on embedded defaults (honours SWITCHBOARD_HOST/PORT/DATA_DIR)
	$(BIN)/switchboard serve

test: setup ## run the whole test suite (SQLite and Postgres)
	$(BIN)/pytest

clients/node_modules/.package-lock.json: clients/package.json clients/package-lock.json clients/lib/package.json clients/web/package.json
	cd clients && npm ci --prefer-offline

test-clients: setup clients/node_modules/.package-lock.json ## client tests: GraphiQL in headless Chromium; graphql-ws, graphql-sse, Apollo Client and urql in Node
	cd clients && npm test

codegen: clients/node_modules/.package-lock.json ## regenerate clients/generated (typed documents, trusted-documents manifest, possibleTypes); commit it
	cd clients && npm run codegen

codegen-check: clients/node_modules/.package-lock.json ## fail when clients/generated is stale against schema.graphql and clients/operations
	cd clients && npm run codegen:check

graphiql: ## rebuild the GraphiQL bundle in app/static/graphiql from clients/graphiql (commit the result)
	cd clients/graphiql && npm ci --prefer-offline && npm run build

lint: setup ## ruff + mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: setup ## re-export schema.graphql from the live schema
	$(BIN)/switchboard export-schema -o schema.graphql

migration: setup ## make migration m="what changed": autogenerate an Alembic revision
	$(BIN)/python -c "from alembic import command; from services.db.migrate import alembic_config; \
	command.revision(alembic_config(), message='$(m)', autogenerate=True)"

bench: setup ## print throughput/latency figures (see bench/README.md)
	$(BIN)/python bench/http_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
