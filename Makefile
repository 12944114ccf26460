# wijkhulp — `make run` sets everything up and serves the app; `make test` sets up and runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wijkhulp
DB_FILE := instance/wijkhulp.sqlite3
PG_ADMIN_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
VENDOR := wijkhulp/static/vendor

.PHONY: run setup install assets translations db test test-sqlite test-postgresql e2e bench bench-pages clean extract-messages help

help:
	@echo "make run    set everything up and serve http://127.0.0.1:$(PORT)"
	@echo "make test   set everything up and run the whole test suite (SQLite, then PostgreSQL if it answers)"
	@echo "make e2e    run only the browser journeys (needs Debian's chromium)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# NL Design System CSS and axe-core from the npm registry, copied into static/ (never a CDN).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the pages still work, with the plain stylesheet only."; fi

$(VENDOR)/.installed: node_modules/.installed
	@if [ -d node_modules/@utrecht/component-library-css ]; then \
	  mkdir -p $(VENDOR)/utrecht $(VENDOR)/theme $(VENDOR)/axe && \
	  cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/index.css && \
	  cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/theme/theme.css && \
	  cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/axe.min.js && touch $@; fi

assets: $(VENDOR)/.installed

translations: install
	@$(BIN)/pybabel -q compile -d wijkhulp/translations

# A local secret key, made once; instance/ is git-ignored.
instance/config.py:
	@mkdir -p instance
	@$(PYTHON) -c "import secrets; print('# Local settings (git-ignored). Made by make.'); print('SECRET_KEY = ' + repr(secrets.token_hex(32)))" > $@
	@echo "Made instance/config.py with a new secret key."

setup: install assets translations instance/config.py

# Migrations, postcode data, and demo data when the database is new. One local process: rate limits may be
# counted in memory (production refuses that without REDIS_URL, see README).
db: export WIJKHULP_RATELIMIT_ALLOW_MEMORY := true
db: setup
	@new=0; [ -f $(DB_FILE) ] || new=1; \
	$(BIN)/flask db upgrade && $(BIN)/flask postcodes ensure && \
	if [ $$new = 1 ] || [ "$(SEED)" = 1 ]; then WIJKHULP_BASE_URL=http://127.0.0.1:$(PORT) $(BIN)/flask demo seed; fi

run: db
	@echo ""
	@echo "wijkhulp runs on http://127.0.0.1:$(PORT)  (stop with Ctrl+C)"
	@echo "Demo logins, password wijkhulp-demo:"
	@echo "  anna@example.org, bram@example.org (residents), manager@example.org, admin@example.org"
	@echo "  manager2fa@example.org has two-step sign-in on: its key is printed by 'flask demo seed' (make run SEED=1)"
	@echo "Mail is printed here, in the console."
	@echo ""
	WIJKHULP_MAIL_BACKEND=console WIJKHULP_MAIL_DELIVER_AFTER_REQUEST=true \
	WIJKHULP_REQUIRE_STAFF_2FA=false WIJKHULP_RATELIMIT_ALLOW_MEMORY=true \
	WIJKHULP_BASE_URL=http://127.0.0.1:$(PORT) \
	$(BIN)/flask --debug run --host 127.0.0.1 --port $(PORT)

test: setup
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ] || $(BIN)/python scripts/pg_test_db.py --check "$(PG_ADMIN_URL)"; then \
	  $(MAKE) --no-print-directory test-postgresql; \
	else echo "PostgreSQL does not answer on 127.0.0.1:5432 and TEST_DATABASE_URL is not set: ran SQLite only."; fi

test-sqlite: setup
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgresql: setup
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(BIN)/python -m pytest $(PYTEST_ARGS); \
	else $(BIN)/python scripts/pg_test_db.py --run "$(PG_ADMIN_URL)" -- $(BIN)/python -m pytest $(PYTEST_ARGS); fi

# The journeys bring their own SQLite database, app server and SMTP catcher (tests/e2e/README.md).
# `make e2e` also saves every checked page at 360 and 1280 px under test-artifacts/screenshots/ (E2E_SCREENSHOTS=0
# to skip); `make test` does not, to keep CI short.
e2e: setup
	env -u TEST_DATABASE_URL E2E_SCREENSHOTS=$${E2E_SCREENSHOTS:-1} $(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m bench.nearby --sizes 10000,100000 --backend sqlite

# The hot pages under gunicorn (2 sync workers, gunicorn is a dependency) against bare Flask (bench/README.md).
bench-pages: setup
	$(BIN)/python -m bench.pages --size 100000

extract-messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --ignore-dirs='.* __pycache__' -o wijkhulp/translations/messages.pot --no-location --sort-output wijkhulp
	$(BIN)/pybabel -q update -i wijkhulp/translations/messages.pot -d wijkhulp/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache
