#!/usr/bin/env bash
# make load: start the cluster, run the Locust scenario (one node, two nodes, the fault
# drill), check the saved requests, stop everything (issue 19, item 5).
#   LOAD_USERS=20 LOAD_SECONDS=60 LOAD_FAULT_SECONDS=150 LOAD_REFERRALS=60
#   CLUSTER_* as for scripts/cluster.sh; figures in benchmarks/results/cluster-load.{md,json}
set -euo pipefail
source "$(dirname "$0")/env.sh"
LOAD_VENV="$CACHE/load-venv"
log() { printf '[load] %s\n' "$*"; }

# Locust in a venv of its own: its gevent need not be the one Odoo's venv pins
key=$(sha1sum "$HERE/requirements-load.txt" | cut -c1-12)
if [ ! -f "$LOAD_VENV/.req-$key" ]; then
    log "installing Locust into $LOAD_VENV"
    [ -x "$LOAD_VENV/bin/python" ] || python3 -m venv "$LOAD_VENV"
    "$LOAD_VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements-load.txt" \
        2> >(grep -v "is ignored: it is neither" >&2)
    rm -f "$LOAD_VENV"/.req-*
    touch "$LOAD_VENV/.req-$key"
fi

# whatever happens below, nothing is left running
trap 'bash "$HERE/scripts/cluster.sh" stop' EXIT
bash "$HERE/scripts/cluster.sh" up
base=${CLUSTER_PORT_BASE:-8180}
python3 "$HERE/benchmarks/cluster_load.py" --locust "$LOAD_VENV/bin/locust" \
    --db "${CLUSTER_DB:-hotline}" --lb "http://127.0.0.1:$base" --lb-one "http://127.0.0.1:$((base + 5))" \
    --users "${LOAD_USERS:-20}" --phase-seconds "${LOAD_SECONDS:-60}" \
    --fault-seconds "${LOAD_FAULT_SECONDS:-150}" --referrals "${LOAD_REFERRALS:-60}" \
    --workers "${CLUSTER_WORKERS:-2}" --run-dir "${CLUSTER_DIR:-$CACHE/cluster}/load-run"
