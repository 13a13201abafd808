# EstateDesk: `make run` to try it, `make test` to test it. Nothing else is needed but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= estatedesk.settings.dev

.PHONY: install run serve migrate demo test e2e lint format ci clean screenshots query-budgets

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

install: $(BIN)/.installed

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# The background worker (reminders, webhooks) runs beside the server under a supervisor that
# restarts it if it exits, and stops with it; /health/ shows its heartbeat.
run: demo
	@echo "EstateDesk on http://127.0.0.1:$(PORT)/ with its background worker (Ctrl-C stops both)"
	@$(MANAGE) supervise_worker -- --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy estatedesk
	DJANGO_SETTINGS_MODULE=estatedesk.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=estatedesk.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=estatedesk.settings.test $(BIN)/pytest -m "not e2e" -n auto \
		--cov --cov-report=term:skip-covered $(PYTEST_ARGS)

# Re-baseline the pinned query counts (core/testing/query_budgets.json) after a deliberate change;
# with DATABASE_URL set, for that database's vendor. Commit the file with the change.
query-budgets: install
	ESTATEDESK_QUERY_BUDGETS=rewrite DJANGO_SETTINGS_MODULE=estatedesk.settings.test \
		$(BIN)/pytest -p no:cacheprovider -q -k query_budget $(PYTEST_ARGS)

# End-to-end tests in headless Chromium: needs Debian's chromium (`apt-get install chromium`).
e2e: install
	ESTATEDESK_E2E=1 DJANGO_SETTINGS_MODULE=estatedesk.settings.test $(BIN)/pytest -m e2e $(PYTEST_ARGS)

screenshots: install
	$(BIN)/python -m estatedesk.e2e.screenshots

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache .ruff_cache

# Benchmark suite (bench/README.md): `make bench-data SIZE=100000 && make bench`, DB=postgres for
# PostgreSQL, WRITE_DOCS=1 to update docs/benchmarks.md, BENCH_ARGS for more (--runs, --only,
# --explain, --profile, --verbose). Timing is reported, not a gate; a wrong answer fails.
SIZE ?= 100000
DB ?= sqlite
BENCH_ARGS ?=
.PHONY: bench-data bench bench-smoke

bench-data: install
	$(BIN)/python -m bench.generate --size $(SIZE) --db $(DB)

bench: bench-data
	$(BIN)/python -m bench.run --size $(SIZE) --db $(DB) $(if $(filter 1,$(WRITE_DOCS)),--write-docs) $(BENCH_ARGS)

# CI: 2,000 contacts on SQLite, 3 runs per scenario; it checks the answers, not the timing.
bench-smoke: install
	$(BIN)/python -m bench.generate --size 2000 --db sqlite
	$(BIN)/python -m bench.run --size 2000 --db sqlite --smoke

# Load and soak (bench/load.py): gunicorn on 127.0.0.1 (LOAD_PORT, else a free port) over the
# bench data set, driven by locust's agent journeys (bench/locustfile.py) for a bounded time;
# results are printed and written to bench/results/. `make load SIZE=2000 LOAD_USERS=20`;
# LOAD_ARGS="--wait 0,0" finds the peak; `make soak` runs half of LOAD_USERS for SOAK_MINUTES
# and samples the workers' memory.
LOAD_USERS ?= 40
LOAD_SECONDS ?= 60
LOAD_PORT ?= 0
LOAD_WORKERS ?= 3
SOAK_MINUTES ?= 30
LOAD_ARGS ?=
.PHONY: load soak

load: bench-data
	$(BIN)/python -m bench.load --size $(SIZE) --db $(DB) --users $(LOAD_USERS) \
		--seconds $(LOAD_SECONDS) --port $(LOAD_PORT) --workers $(LOAD_WORKERS) $(LOAD_ARGS)

soak: bench-data
	$(BIN)/python -m bench.load --size $(SIZE) --db $(DB) --users $(LOAD_USERS) --soak \
		--minutes $(SOAK_MINUTES) --port $(LOAD_PORT) --workers $(LOAD_WORKERS) $(LOAD_ARGS)
