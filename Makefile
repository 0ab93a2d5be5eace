# 137 Hotline: `make run` serves Odoo with the addon and demo data, `make test` runs the suite.
SHELL := /bin/bash
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test lint bench clean format i18n screenshots

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run.sh

test: setup
	@bash scripts/test.sh

lint: setup
	@bash scripts/lint.sh

bench: setup
	@bash scripts/bench.sh

clean:
	rm -rf .cache

format: setup
	@.cache/venv/bin/ruff format municipal_hotline tests benchmarks
	@.cache/venv/bin/ruff check --fix municipal_hotline tests benchmarks

i18n: setup
	@bash scripts/i18n.sh

# screenshots of a running `make run` (Persian and English) into docs/screenshots
screenshots:
	@[ -d .cache/node/node_modules/playwright-core ] || (mkdir -p .cache/node && cd .cache/node && npm install --silent playwright-core@1)
	@BASE=$${BASE:-http://$${HOST:-127.0.0.1}:$${PORT:-8069}} NODE_MODULES_DIR=$(CURDIR)/.cache/node/node_modules node scripts/screenshots.mjs $(SHOTS)
