#!/usr/bin/env bash
# Sourced by run.sh (or run alone, for tests): the config `make run` serves with.
#   in:  ODOO_CONF (the checkout's config), CACHE (where the master password is kept), DB
#   out: RUN_CONF, the checkout's config plus what a served database needs:
#        - a random master password (kept in $CACHE/master-password, created once), so
#          the database manager cannot be used by whoever reaches the port;
#        - list_db = False: the database manager and the database list are off;
#        - dbfilter = ^$DB$: only the run database is served.
set -euo pipefail
: "${ODOO_CONF:?}" "${CACHE:?}" "${DB:?}"
MASTER_FILE="$CACHE/master-password"
if [ ! -s "$MASTER_FILE" ]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$MASTER_FILE")
    echo "[run] generated a master password in $MASTER_FILE"
fi
chmod 600 "$MASTER_FILE"
RUN_CONF="${ODOO_CONF%.conf}-run.conf"
{
    grep -vE '^(list_db|admin_passwd|dbfilter)[[:space:]]*=' "$ODOO_CONF"
    echo "admin_passwd = $(cat "$MASTER_FILE")"
    echo "list_db = False"
    echo "dbfilter = ^$DB\$"
    # the first page after a change builds the web client's bundles: minutes on a busy
    # two-core machine, past Odoo's default limit of 120 s (which restarts the server)
    echo "limit_time_real = ${LIMIT_TIME_REAL:-600}"
} > "$RUN_CONF"
chmod 600 "$RUN_CONF"
cat <<MSG
[run] served with $RUN_CONF (for development; see docs/production.conf.example):
        master password  the one in $MASTER_FILE
        list_db = False  no database manager, no database list
        dbfilter = ^$DB\$  only the $DB database
        limit_time_real  ${LIMIT_TIME_REAL:-600} s (the bundles are built on the first page)
MSG
