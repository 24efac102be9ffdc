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

.PHONY: run test lint format messages mutants clean

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
	@echo "Starting the task worker (e-mails, reminders, housekeeping) and Daphne on http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
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

# Mutation testing of the modules that enforce rules (SCOPE in scripts/mutants.py),
# by hand: long (minutes per module), not part of `make test`. MODULES=... for some.
mutants: $(BIN)/.dev
	$(BIN)/python scripts/test_services.py $(BIN)/python scripts/mutants.py $(MODULES)

lint: $(BIN)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the translation catalogues after changing strings (needs GNU gettext).
# compilemessages runs `msgfmt --check-format`: a translation that drops or misspells
# a placeholder such as %(name)s stops the build. Then report the coverage per language.
messages: $(BIN)/.runtime
# locale/fa_AF holds only Dari's differences from Persian, some of them Django's own
# strings: makemessages would fill it with every msgid and drop those (--no-obsolete);
# it is not in the list below (makemessages ignores --exclude together with --all).
# locale_vendor holds our wording of allauth's and Django's account strings.
	$(BIN)/python manage.py makemessages --locale=fr --locale=ar --locale=fa --locale=ur --locale=ps --ignore=.venv --ignore=staticfiles --ignore=mutants --ignore=locale_vendor --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=mutants
	$(BIN)/python manage.py translation_coverage

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-db.sqlite3* mutants
