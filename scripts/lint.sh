#!/usr/bin/env bash
# make lint: ruff, then pylint-odoo with OCA's mandatory checks, on the addon.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$HERE"
"$VENV/bin/ruff" check municipal_hotline tests benchmarks
"$VENV/bin/ruff" format --check municipal_hotline tests benchmarks
"$VENV/bin/pylint" --rcfile=.pylintrc municipal_hotline
