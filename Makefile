# Radloop: `make demo` runs the app on this machine; `make test` runs every test suite.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# pytest-xdist workers for `make test`: two keep a 2-core host busy while one waits on a browser, a Celery worker or
# the PACS (tests/conftest.py's scheduler keeps each test file, and the shared test PACS's tests, on one worker).
PYTEST_WORKERS ?= 2
export PORT

.PHONY: help install build demo serve worker test test-fast lint migrate services chromium caddy dicom3tools orthanc clean

help:
	@echo "make demo   - install, migrate SQLite, import the demo sample, start API + worker, print the URL"
	@echo "make test   - install, start Postgres/Redis if needed, run the linters, type checkers and every test suite"
	@echo "make lint   - ruff, mypy --strict, TypeScript type check, ESLint"

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(shell find frontend/src frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)
	cd frontend && npm run build --silent

install: $(VENV)/.installed frontend/node_modules/.installed

build: frontend/dist/index.html

migrate: $(VENV)/.installed
	$(PY) -m backend.cli init-db

demo: install build migrate
	$(PY) -m backend.cli seed-demo
	@mkdir -p var
	@echo "Starting the worker (embedded broker, no Redis) and the API..."
	@$(VENV)/bin/celery -A worker.celery_app worker --pool=solo -Q gpu,cpu --without-gossip --without-mingle \
		--without-heartbeat -l warning > var/worker.log 2>&1 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null || true' EXIT INT TERM; \
	echo ""; echo "Radloop is starting at  http://$(HOST):$(PORT)/   (worker log: var/worker.log; Ctrl+C stops both)"; echo ""; \
	$(VENV)/bin/uvicorn backend.main:app --host $(HOST) --port $(PORT) --log-level warning

services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
	@echo "services: postgres $$(pg_isready -h 127.0.0.1 -p 5432 | cut -d- -f2), redis $$(redis-cli -h 127.0.0.1 ping)"

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@chromium --version

# tests/test_deployment.py adapts and validates deploy/Caddyfile with a real Caddy (Debian's package, ~12 MB).
caddy:
	@command -v caddy >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null)
	@caddy version

# tests/seg validates every DICOM SEG Radloop writes with David Clunie's dciodvfy (Debian's dicom3tools).
dicom3tools:
	@command -v dciodvfy >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dicom3tools >/dev/null)
	@command -v dciodvfy

# tests/pacs import from a real PACS: Debian's Orthanc with its DICOMweb plugin, a private instance on 127.0.0.1
# (first free port from 8042, config/database/log in var/orthanc-test, wiped on every start; see scripts/orthanc/).
orthanc:
	@(command -v Orthanc >/dev/null && dpkg -s orthanc-dicomweb >/dev/null 2>&1 && command -v curl >/dev/null) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq orthanc orthanc-dicomweb curl >/dev/null)
	@scripts/orthanc/orthanc.sh start

test: install build services chromium caddy dicom3tools orthanc
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy backend worker benchmarks
	cd frontend && npm run --silent typecheck && npm run --silent lint && npm test --silent
	$(PY) -m pytest -v -p no:cacheprovider --durations=15 -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy backend worker benchmarks
	cd frontend && npm run --silent typecheck && npm run --silent lint

clean:
	@scripts/orthanc/orthanc.sh stop || true
	rm -rf var frontend/dist test-artifacts
