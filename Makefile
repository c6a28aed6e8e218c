# authgate: `make run` serves the API and the web app; `make test` runs every check.
SHELL := /bin/bash
UV := python3 -m uv
VENV := .venv
BIN := $(VENV)/bin
WEB_SOURCES := $(shell find web/src web/public web/package.json web/next.config.ts -type f 2>/dev/null)
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: install run test lint typecheck test-python test-web web dist bench clean

install: $(VENV)/.installed web

# uv itself comes from PyPI the first time; the environment follows uv.lock exactly.
$(VENV)/.installed: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

web: $(if $(wildcard web/package.json),web/out/index.html)

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/out/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build
	@touch $@

# dist/: the sdist and the wheel, each with the web app's static export inside
# (hatch_build.py puts web/out there and refuses to build without it; CHANGELOG.md).
dist: web
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	rm -rf dist
	$(UV) build --out-dir dist
	@ls -l dist/*.whl dist/*.tar.gz

run: install
	$(BIN)/authgate serve

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench hatch_build.py
	$(BIN)/ruff format --check src tests bench hatch_build.py

typecheck: $(VENV)/.installed
	$(BIN)/mypy src

# The browser tests run in their own session: sync Playwright keeps an event loop
# running in the main thread, which the asyncio tests cannot share. tests/packaging
# builds the sdist and the wheel (uv, and web/out: `web`) and installs the wheel in a
# fresh venv (about half a minute; `-m "not packaging"` leaves it out).
test-python: install web tests/oidc_provider/node_modules/.package-lock.json
	$(BIN)/pytest --ignore=tests/e2e
	$(BIN)/pytest tests/e2e

# The OpenID provider the OIDC tests run against (tests/oidc_provider.py).
tests/oidc_provider/node_modules/.package-lock.json: tests/oidc_provider/package-lock.json
	cd tests/oidc_provider && npm ci --no-audit --no-fund
	@touch $@

test-web: web
	cd web && npm run lint && npm run typecheck && npm run check-types && npm run test && npm run size

# The web app's API types, from the service's OpenAPI document (web/README.md, "API types").
web-types: $(VENV)/.installed web/node_modules/.package-lock.json
	$(BIN)/python web/scripts/openapi.py web/src/types/openapi.json
	cd web && npm run types

test: lint typecheck test-web test-python

# Measures the API against a bare FastAPI app (bench/README.md); the web build is not needed.
bench: $(VENV)/.installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) web/node_modules web/out web/.next
