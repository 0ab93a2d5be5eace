#!/usr/bin/env bash
# make bench: a city-sized database (municipal_hotline installed WITHOUT demo data, tickets
# loaded in bulk SQL), then the measurements of benchmarks/run.py.
#   SIZE=1000000       tickets to load (the database is reused while it holds this size)
#   BENCH_DB=name      database (default: hotline_bench)
#   BENCH_RUNS=30      timed runs per measurement
#   BENCH_PEER_DB=name the peer: only helpdesk_mgmt, the same requests (default: <db>_peer)
set -euo pipefail
source "$(dirname "$0")/env.sh"
DB=${BENCH_DB:-hotline_bench}
SIZE=${SIZE:-1000000}
cd "$HERE"

installed() {
    psql -d "$DB" -Atqc "select 1 from ir_module_module where name='municipal_hotline' and state='installed'" 2>/dev/null | grep -q 1
}
if installed; then
    loaded=$(psql -d "$DB" -Atqc "select value from ir_config_parameter where key='municipal_hotline.bench_size'")
    tickets=$(psql -d "$DB" -Atqc "select count(*) from helpdesk_ticket")
    if [ "$loaded" != "$SIZE" ] && [ "$tickets" != 0 ]; then
        echo "[bench] $DB holds ${loaded:-no complete} load, not $SIZE tickets: rebuilding it"
        dropdb --force "$DB"
    fi
fi
if installed; then
    echo "[bench] updating municipal_hotline in $DB"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$DB" -u municipal_hotline --stop-after-init \
        --log-level=warn --no-http
else
    dropdb --if-exists --force "$DB" >/dev/null
    echo "[bench] installing municipal_hotline without demo data into $DB"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$DB" -i municipal_hotline --without-demo \
        --stop-after-init --log-level=warn --no-http
fi
# the peer: helpdesk_mgmt alone, the requests are copied into it by benchmarks/peer.py
PEER=${BENCH_PEER_DB:-${DB}_peer}
if ! psql -d "$PEER" -Atqc "select 1 from ir_module_module where name='helpdesk_mgmt' and state='installed'" 2>/dev/null | grep -q 1; then
    dropdb --if-exists --force "$PEER" >/dev/null
    echo "[bench] installing helpdesk_mgmt alone without demo data into $PEER"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$PEER" -i helpdesk_mgmt --without-demo \
        --stop-after-init --log-level=warn --no-http
fi
exec "$VENV/bin/python" -m benchmarks.run --config "$ODOO_CONF" --db "$DB" --size "$SIZE" \
    --runs "${BENCH_RUNS:-30}" --peer-db "$PEER"
