# Family Links Hub: `make run` (demo on http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The first Python >= 3.11 on the PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& echo $$p && break; done)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages clean

$(BIN)/.runtime: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(BIN)/.dev: requirements-dev.txt $(BIN)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

# Demo run: migrate, seed the demo, start the background worker and Daphne.
# Links in e-mails and calendar feeds point at the address served here, unless
# SITE_URL is given.
run: export STAFF_REQUIRE_2FA ?= false
run: SITE_URL ?= http://$(HOST):$(PORT)
run: $(BIN)/.runtime
	$(BIN)/python manage.py migrate --noinput
	SITE_URL='$(SITE_URL)' $(BIN)/python manage.py seed_demo
	@echo "Starting the background worker (reminders) and Daphne on http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
	@SITE_URL='$(SITE_URL)' $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SITE_URL='$(SITE_URL)' $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# The whole suite: lint, format check, then pytest on PostgreSQL and Redis when
# they answer on this machine (or DATABASE_URL/REDIS_URL), else the embedded default.
test: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/test_services.py $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the translation catalogues after changing strings (needs GNU gettext).
# compilemessages runs `msgfmt --check-format`: a translation that drops or misspells
# a placeholder such as %(name)s stops the build. Then report the coverage per language.
messages: $(BIN)/.runtime
	$(BIN)/python manage.py makemessages --all --ignore=.venv --ignore=staticfiles --ignore=locale_vendor --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv
	$(BIN)/python manage.py translation_coverage

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-db.sqlite3*
