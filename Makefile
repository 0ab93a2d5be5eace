# 137 Hotline: `make run` serves Odoo with the addon and demo data, `make test` runs the suite.
SHELL := /bin/bash
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test lint bench clean format i18n screenshots walkthrough vendor

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

.PHONY: cluster cluster-stop load backup restore backup-drill

# two Odoo nodes behind HAProxy, a PostgreSQL primary and its streaming replica (issue 19)
cluster: setup
	@bash scripts/cluster.sh start

cluster-stop:
	@bash scripts/cluster.sh stop

# Locust on the cluster: one node, two nodes, then the fault drill (issue 19)
load: setup
	@bash scripts/load.sh

# pg_dump + filestore tar of DB (default hotline) into BACKUP_DIR; restore one (BACKUP=...)
# into DB; the drill restores the newest into a new database and compares (issue 19)
backup: setup
	@bash scripts/backup.sh backup

restore: setup
	@bash scripts/backup.sh restore

backup-drill: setup
	@bash scripts/backup.sh drill

clean:
	rm -rf .cache

format: setup
	@.cache/venv/bin/ruff format municipal_hotline tests benchmarks
	@.cache/venv/bin/ruff check --fix municipal_hotline tests benchmarks

i18n: setup
	@bash scripts/i18n.sh

# the maps' libraries (Leaflet and two plugins) from npm into municipal_hotline/static/lib;
# committed, run only to change a version
vendor:
	@bash scripts/vendor.sh

# playwright-core (the browser is Debian's Chromium) next to rtlcss in the runtime's node folder
CACHE_DIR := $(or $(HOTLINE_CACHE),$(CURDIR)/.cache)
NODE_DIR := $(CACHE_DIR)/node
BROWSER_ENV = BASE=$${BASE:-http://$${HOST:-127.0.0.1}:$${PORT:-8069}} NODE_MODULES_DIR=$(NODE_DIR)/node_modules
define PLAYWRIGHT
@[ -d $(NODE_DIR)/node_modules/playwright-core ] || (mkdir -p $(NODE_DIR) && npm install --silent --prefix $(NODE_DIR) playwright-core@1)
endef

# screenshots of a running `make run` (Persian and English) into docs/screenshots
screenshots:
	$(PLAYWRIGHT)
	@$(BROWSER_ENV) node scripts/screenshots.mjs $(SHOTS)

# every role's main flow on a running `make run`, timed, screenshotted and checked (issue 14);
# the screenshots are then reduced to 256 colours
walkthrough:
	$(PLAYWRIGHT)
	@$(BROWSER_ENV) node scripts/walkthrough.mjs $(ROLES); rc=$$?; \
	[ ! -x $(CACHE_DIR)/venv/bin/python ] || $(CACHE_DIR)/venv/bin/python -c 'import glob, os, sys; from PIL import Image; \
	[Image.open(f).convert("RGB").quantize(256, dither=Image.Dither.NONE).save(f, optimize=True) for f in glob.glob(os.path.join(sys.argv[1], "walk_*.png"))]' \
	$${OUT:-docs/screenshots} || true; exit $$rc
