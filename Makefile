# Quire's everyday commands. `make demo` sets up and starts the site; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install serve test lint format bench bench-demo clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Quire needs $(PYTHON) on PATH (or set PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## Set up everything (venv, dependencies, database, demo content) and start Quire.
demo: $(STAMP)
	$(MANAGE) migrate --noinput -v 1
	$(MANAGE) quire_setup
	$(MANAGE) quire_demo --if-empty
	@echo ""
	@echo "Quire is starting at http://$(HOST):$(PORT)/  (editing: http://$(HOST):$(PORT)/admin/)"
	@echo ""
	@# The task worker (notification emails) runs beside the server and stops with it.
	$(MANAGE) db_worker --interval 2 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## Run Quire as in production: granian and the task worker, each started again when it dies
## (docs/configuration.md, "A production start"). Export SECRET_KEY and ALLOWED_HOSTS first.
serve: $(STAMP)
	DJANGO_SETTINGS_MODULE=quire.settings.production $(MANAGE) collectstatic --noinput -v 0
	DJANGO_SETTINGS_MODULE=quire.settings.production $(MANAGE) quire_serve --host $(HOST) --port $(PORT)

## Run the whole test suite (DATABASE_URL and CACHE_URL choose the servers; default SQLite).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile -q --ignore=tests/browser --ignore=tests/transactional $(PYTEST_ARGS)
	@# Real-browser and real-commit tests apart from the rest: they empty the database (each
	@# of the two processes its own), and start servers and workers on ports of their own.
	$(BIN)/python -m pytest -n 2 --dist loadfile -q tests/browser tests/transactional $(PYTEST_ARGS)

## Style, the layers' contracts (docs/architecture.md), imports hidden in functions, dead
## code (vulture) and undeclared or unused dependencies (deptry).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python lint/inner_imports.py
	$(BIN)/vulture
	$(BIN)/deptry .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Page speed over HTTP: Quire against nginx and a bare Wagtail site in one run (needs wrk
## and nginx; BENCH_ARGS="--hubs 100000 --database postgres --cache redis --write").
bench: $(STAMP)
	$(BIN)/python bench/page_speed.py $(BENCH_ARGS)

## 100,000 hubs into a separate SQLite database, for scale benchmarks.
bench-demo: $(STAMP)
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(MANAGE) migrate --noinput -v 0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(MANAGE) quire_demo --authors 200 --articles 100000

clean:
	rm -rf var/ .pytest_cache
