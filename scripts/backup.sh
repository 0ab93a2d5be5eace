#!/usr/bin/env bash
# make backup / make restore / make backup-drill (issue 19, item 6): see scripts/backup.py.
#   DB=hotline            the database (make run's by default)
#   BACKUP_DIR=...        where backups go (default $CACHE/backups)
#   BACKUP=path           restore/drill: that backup (a .json manifest, .dump or .tar.gz);
#                         default: restore takes the newest of DB, drill makes a new one
#   RESTORE_DB=name       restore: the new database (refused when it exists)
#   KEEP_DRILL=1          drill: keep the restored database
#   CLUSTER=1             the cluster's primary (127.0.0.1:5441) and shared filestore
#   PGHOST/PGPORT/PGUSER/PGPASSWORD  any other server
set -euo pipefail
source "$(dirname "$0")/env.sh"
cmd=$1
DATA_DIR=${DATA_DIR:-$(sed -n 's/^data_dir *= *//p' "$ODOO_CONF")}
if [ "${CLUSTER:-0}" = 1 ]; then
    CL=${CLUSTER_DIR:-"$CACHE/cluster"}
    export PGHOST=127.0.0.1 PGPORT=${PG_PRIMARY_PORT:-5441} PGUSER=odoo
    PGPASSWORD=$(cat "$CL/pg-password")
    export PGPASSWORD
    DATA_DIR="$CL/data"
    DB=${DB:-${CLUSTER_DB:-hotline}}
fi
args=(--db "${DB:-hotline}" --data-dir "$DATA_DIR" --backup-dir "${BACKUP_DIR:-$CACHE/backups}")
[ -n "${BACKUP:-}" ] && args+=(--backup "$BACKUP")
[ -n "${RESTORE_DB:-}" ] && args+=(--target "$RESTORE_DB")
[ "${KEEP_DRILL:-0}" = 1 ] && args+=(--keep)
exec python3 "$HERE/scripts/backup.py" "$cmd" "${args[@]}"
