#!/usr/bin/env bash
# make run: create or update the database with municipal_hotline and demo data, then serve Odoo.
#   DB=hotline HOST=127.0.0.1 PORT=8069
set -euo pipefail
source "$(dirname "$0")/env.sh"
DB=${DB:-hotline}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8069}

if psql -d "$DB" -Atqc "select 1 from ir_module_module where name='municipal_hotline' and state='installed'" 2>/dev/null | grep -q 1; then
    echo "[run] updating municipal_hotline in $DB"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$DB" -u municipal_hotline --stop-after-init --log-level=warn --log-handler=py.warnings:ERROR --no-http
else
    echo "[run] installing municipal_hotline with demo data into $DB"
    "${ODOO_BIN[@]}" -c "$ODOO_CONF" -d "$DB" -i municipal_hotline --with-demo --stop-after-init \
        --log-level=warn --log-handler=py.warnings:ERROR --no-http --load-language=fa_IR,en_US
fi
source "$(dirname "$0")/run_conf.sh"
cat <<MSG

  137 Hotline is starting on http://$HOST:$PORT/odoo  (database $DB)
  Demo logins (password = login):
    admin / admin          hotline director (Supervisor)
    operator / operator    call taker
    expert / expert        expert
    manager1 / manager1    manager of district 1
    manager2..8            the other districts' managers
    citizen / citizen      a citizen on the portal (/my/requests, /my/requests/new, /my/meetings)
    agency / agency        the water & sewage company on the portal (/my/referrals)
  Without login: /hotline/lookup (tracking code), /hotline/rate/demo-counter1 (counter rating)

MSG
exec "${ODOO_BIN[@]}" -c "$RUN_CONF" -d "$DB" --log-handler=py.warnings:ERROR --http-interface="$HOST" --http-port="$PORT" \
    ${ODOO_ARGS:-}
