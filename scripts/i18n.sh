#!/usr/bin/env bash
# make i18n: merge the module's terms into municipal_hotline/i18n/fa.po (the single source of Persian).
set -euo pipefail
source "$(dirname "$0")/env.sh"
DB=${TEST_DB:-hotline_test}
"$VENV/bin/pip" install -q polib 2>/dev/null || true
ODOO_CONF="$ODOO_CONF" "$VENV/bin/python" "$HERE/scripts/i18n.py" "$DB"
