#!/usr/bin/env bash
# make test: a fresh throw-away database with municipal_hotline (and its demo data), then pytest-odoo.
#   TEST_DB=name     database name (default: hotline_test)
#   KEEP_DB=1        reuse the database when it exists (update the addon instead of reinstalling)
#   PYTEST_ARGS=...  extra pytest arguments, e.g. "-k referral" or a test file path
set -euo pipefail
source "$(dirname "$0")/env.sh"
DB=${TEST_DB:-hotline_test}
cd "$HERE"

t0=$(date +%s)
if [ "${KEEP_DB:-0}" = 1 ] && psql -d "$DB" -Atqc 'select 1' >/dev/null 2>&1; then
    echo "[test] updating municipal_hotline in $DB"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$DB" -u municipal_hotline --stop-after-init \
        --log-level=warn --no-http
else
    dropdb --if-exists --force "$DB" >/dev/null
    echo "[test] installing municipal_hotline with demo data into a fresh database $DB"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$DB" -i municipal_hotline --with-demo --stop-after-init \
        --log-level=warn --no-http
fi
echo "[test] database ready in $(( $(date +%s) - t0 ))s"

# HttpCase tours need a browser; pytest-odoo runs them only with --odoo-http
set +e
# shellcheck disable=SC2086
"$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$DB" --odoo-http \
    municipal_hotline/tests tests ${PYTEST_ARGS:-}
rc=$?
set -e
# pytest exits 5 when nothing was collected: that is a failure for us too
exit $rc
