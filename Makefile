# Two commands: `make run` serves the demo shop, `make test` runs every test.
# Both set up everything a fresh machine needs: the virtual environment, bun, the database.

SHELL := /bin/bash
PORT ?= 3000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

# No network beyond package registries: no telemetry, no update check, bun from npm.
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_USE_SYSTEM_BUN := 1
export PYTHONDONTWRITEBYTECODE := 1

BUN_DIR = $(shell scripts/ensure_bun.sh)
WITH_TOOLS = PATH="$(BUN_DIR):$(CURDIR)/$(VENV)/bin:$$PATH"

.PHONY: run test test-scale unit e2e setup db bench clean

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	@scripts/ensure_bun.sh >/dev/null

db: setup
	$(PY) -m shop.cli migrate
	$(PY) -m shop.cli seed --if-empty

run: db
	@echo ""
	@echo "  Maison Lumen is starting at http://localhost:$(PORT)/"
	@echo "  Back-office: http://localhost:$(PORT)/admin/login"
	@echo "  Demo merchant: merchant@maison-lumen.example / $${DEMO_PASSWORD:-lumen-demo-2026}"
	@echo ""
	$(WITH_TOOLS) STORE_ENV=$${STORE_ENV:-dev} $(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT)

unit: setup
	@scripts/ensure_nginx.sh >/dev/null
	$(PY) -m pytest tests --ignore=tests/e2e -q

# `make e2e BASE_URL=https://staging.example` runs the browser suite against a running shop (local when unset).
e2e: setup
	@scripts/ensure_chromium.sh >/dev/null
	@scripts/ensure_nginx.sh >/dev/null
	$(WITH_TOOLS) BASE_URL="$(BASE_URL)" $(PY) -m pytest tests/e2e -q --html=test-artifacts/e2e-report.html

test: setup
	@scripts/ensure_chromium.sh >/dev/null
	@scripts/ensure_nginx.sh >/dev/null
	$(WITH_TOOLS) $(PY) -m pytest tests -q --html=test-artifacts/test-report.html
	$(MAKE) --no-print-directory test-scale

# The production set-up: service tests on PostgreSQL, browser smoke tests on PostgreSQL + Redis with 2 workers.
# scripts/services.sh installs (Debian packages), starts and afterwards stops both on loopback ports.
test-scale: setup
	@scripts/ensure_chromium.sh >/dev/null
	$(WITH_TOOLS) PY=$(PY) scripts/test_scale.sh

bench: setup
	@scripts/ensure_chromium.sh >/dev/null
	$(WITH_TOOLS) $(PY) -m bench.run
	$(WITH_TOOLS) $(PY) -m bench.page_loads
	$(PY) -m bench.enumeration

clean:
	rm -rf .web .states $(VENV) .tools

# Operations (README, "Production"): a backup folder under backups/, and the restore drill on a scratch database.
.PHONY: backup restore-drill
backup: setup
	scripts/backup.sh

restore-drill: setup
	scripts/restore_drill.sh

# Lighthouse scores of the main pages, mobile and desktop (slow: about 10 minutes). `make lighthouse BASE_URL=...`
# measures a running shop; unset, it starts its own.
.PHONY: lighthouse
lighthouse: setup
	@scripts/ensure_chromium.sh >/dev/null
	$(WITH_TOOLS) $(PY) -m bench.lighthouse $(BASE_URL)

# The load test over Reflex's event protocol (bench/load/): customers and merchants at 50, 200 and 500, next to
# the bare Reflex floor, on SQLite and (with scripts/services.sh) on PostgreSQL + Redis. `make load LOAD_ARGS="--levels 50"`.
.PHONY: load
load: setup
	$(WITH_TOOLS) $(PY) -u -m bench.load $(LOAD_ARGS)
