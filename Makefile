# Two commands: `make run` serves the marketplace, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
AXE := node_modules/axe-core/axe.min.js

.PHONY: setup run serve test lint format migrate demo messages e2e-setup e2e bench clean

$(VENV)/.installed: requirements/base.txt requirements/test.txt requirements/dev.txt pyproject.toml
	@echo "==> Creating virtualenv in $(VENV) and installing pinned dependencies"
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/dev.txt
	$(PIP) install --quiet --no-deps -e .
	@touch $@

setup: $(VENV)/.installed messages $(AXE)

messages: $(VENV)/.installed
	@$(PY) manage.py compile_translations

# axe-core (accessibility checks of the browser tests) from the npm registry, only if npm exists.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: skipping axe-core (the accessibility checks will be skipped)"; fi

# Browser tests need Debian's chromium (Playwright drives it; no browser download).
e2e-setup: setup
	@test -x /usr/bin/chromium || (echo "Installing chromium (needs root)"; apt-get update -qq && apt-get install -y -qq chromium)
	@test -f $(AXE) || (echo "npm is required for the accessibility checks: apt-get install -y npm"; exit 1)

e2e: e2e-setup
	$(PY) -m pytest -m browser tests/e2e $(PYTEST_ARGS)

bench: migrate
	$(PY) benchmarks/pages.py

migrate: setup
	$(PY) manage.py migrate_all

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	@echo ""
	@echo "  GlobalMarket is starting:"
	@echo "    Europe  http://eu.localhost:$(PORT)/"
	@echo "    MENA    http://mena.localhost:$(PORT)/"
	@echo "    Regions http://localhost:$(PORT)/   API docs http://localhost:$(PORT)/api/docs/"
	@echo "  Demo accounts (password demo-pass-2026): customer@, vendor@, staff@demo.globalmarket.test"
	@echo ""
	$(PY) -m uvicorn config.asgi:application --host $(HOST) --port $(PORT) --no-access-log --reload --reload-dir globalmarket --reload-dir templates

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static var/media
