#!/usr/bin/env bash
# make i18n: rebuild municipal_hotline/i18n/fa.po from the module and i18n/parts/*.po.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DB=${TEST_DB:-hotline_test}
"$VENV/bin/pip" install -q polib 2>/dev/null || true
ODOO_CONF="$ODOO_CONF" "$VENV/bin/python" "$HERE/scripts/i18n.py" "$DB"
