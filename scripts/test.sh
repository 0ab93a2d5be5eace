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
FILESTORE="$CACHE/filestore/filestore"
install_fresh() {
    dropdb --if-exists --force "$DB" >/dev/null
    rm -rf "${FILESTORE:?}/$DB"
    echo "[test] installing municipal_hotline with demo data into a fresh database $DB"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$DB" -i municipal_hotline --with-demo --stop-after-init \
        --log-level=warn --log-handler=py.warnings:ERROR --no-http
}
if [ "${KEEP_DB:-0}" = 1 ] && psql -d "$DB" -Atqc 'select 1' >/dev/null 2>&1; then
    echo "[test] updating municipal_hotline in $DB"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$DB" -u municipal_hotline --stop-after-init \
        --log-level=warn --log-handler=py.warnings:ERROR --no-http
else
    # A fresh install is the slow part: keep a template of it, keyed by everything that
    # goes into it, and copy that (database and filestore) while nothing has changed.
    key=$( (echo "$CACHE"; cat "$CACHE/odoo-parent" 2>/dev/null; echo "${ODOO_SRC:-}"; cat requirements*.txt;
            find municipal_hotline -type f ! -name '*.pyc' ! -path '*/tests/*' -print0 | sort -z |
            xargs -0 sha1sum) | sha1sum | cut -c1-10)
    TPL="${DB}_tpl_$key"
    if psql -d "$TPL" -Atqc 'select 1' >/dev/null 2>&1; then
        echo "[test] copying the installed template $TPL to a fresh database $DB"
        dropdb --if-exists --force "$DB" >/dev/null
        createdb -T "$TPL" "$DB"
        rm -rf "${FILESTORE:?}/$DB"
        [ -d "$FILESTORE/$TPL" ] && cp -a "$FILESTORE/$TPL" "$FILESTORE/$DB"
    else
        install_fresh
        for old in $(psql -d postgres -Atqc "select datname from pg_database where datname like '${DB}_tpl_%'"); do
            dropdb --if-exists --force "$old" >/dev/null; rm -rf "${FILESTORE:?}/$old"
        done
        createdb -T "$DB" "$TPL"
        [ -d "$FILESTORE/$DB" ] && cp -a "$FILESTORE/$DB" "$FILESTORE/$TPL"
    fi
fi
echo "[test] database ready in $(( $(date +%s) - t0 ))s"

# HttpCase tours need a browser; pytest-odoo runs them only with --odoo-http
set +e
# the whole suite, unless PYTEST_ARGS names test files or folders of its own
paths="municipal_hotline/tests tests"
for arg in ${PYTEST_ARGS:-}; do [ -e "${arg%%::*}" ] && paths=""; done
# shellcheck disable=SC2086
"$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$DB" --odoo-http --durations=25 \
    $paths ${PYTEST_ARGS:-}
rc=$?
set -e
# pytest exits 5 when nothing was collected: that is a failure for us too
exit $rc
