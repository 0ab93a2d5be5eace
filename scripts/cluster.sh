#!/usr/bin/env bash
# make cluster: the 137 Hotline as a city deploys it on several machines, here on one, all
# on 127.0.0.1 (issue 19, item 4):
#
#   HAProxy :8180 (both nodes) / :8185 (node 1 only) / stats :8199
#     |-- /websocket --> node1 gevent :8182, node2 gevent :8184
#     `-- the rest   --> node1 http :8181,  node2 http :8183   (health check /web/health)
#   Odoo node1, node2: workers=2 + a gevent process each, one shared data_dir (filestore
#     and sessions), proxy_mode; read-only routes and reports on the replica
#   PostgreSQL primary :5441 --streaming--> replica :5442 (pg_basebackup -R, hot standby)
#
#   cluster.sh start   start everything and stay in the foreground (Ctrl-C stops it all)
#   cluster.sh up      start everything and return (then: cluster.sh stop)
#   cluster.sh stop    stop everything started here (pidfiles, process groups, pg_ctl)
#   cluster.sh status  what runs
#   cluster.sh node-kill N / node-start N / pg-restart   the fault drill's faults
#
# Settings (environment): CLUSTER_DIR (default $CACHE/cluster), CLUSTER_DB (hotline),
# CLUSTER_PORT_BASE (8180), PG_PRIMARY_PORT (5441), PG_REPLICA_PORT (5442), PGBIN (the
# newest /usr/lib/postgresql/*/bin), HAPROXY (a haproxy binary; default: Debian's,
# fetched into $CACHE/haproxy-root), CLUSTER_WORKERS (2).
set -euo pipefail
source "$(dirname "$0")/env.sh"
CL=${CLUSTER_DIR:-"$CACHE/cluster"}
DB=${CLUSTER_DB:-hotline}
BASE=${CLUSTER_PORT_BASE:-8180}
LB_PORT=$BASE
LB_ONE_PORT=$((BASE + 5))
STATS_PORT=$((BASE + 19))
PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-5441}
PG_REPLICA_PORT=${PG_REPLICA_PORT:-5442}
WORKERS=${CLUSTER_WORKERS:-2}
PGBIN=${PGBIN:-$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)}
RUN="$CL/run"
LOG="$CL/log"
PRIMARY="$CL/pg-primary"
REPLICA="$CL/pg-replica"
DATA="$CL/data"
PGPASS_FILE="$CL/pg-password"
# PostgreSQL writes its logs as its own user
PGLOG="$CL/pg-log"
log() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }

# multi-process Odoo starts its gevent process as `python sys.argv[0] gevent`: it needs a
# script (odoo-bin, Debian's /usr/bin/odoo), `python -m odoo` would not do
if [ -f "$ODOO_PARENT/odoo-bin" ]; then
    NODE_BIN=("$VENV/bin/python" "$ODOO_PARENT/odoo-bin")
else
    NODE_BIN=("$VENV/bin/python" "$CACHE/odoo-root/usr/bin/odoo")
fi

node_http_port() { echo $((BASE + 2 * $1 - 1)); }
node_gevent_port() { echo $((BASE + 2 * $1)); }

# PostgreSQL refuses to run as root: as root its clusters belong to the postgres user
if [ "$(id -u)" = 0 ]; then
    PG_OWNER=postgres
    as_pg() { runuser -u postgres -- "$@"; }
else
    PG_OWNER=$(id -un)
    as_pg() { "$@"; }
fi

haproxy_bin() {
    if [ -n "${HAPROXY:-}" ]; then
        echo "$HAPROXY"
    else
        echo "$CACHE/haproxy-root/usr/sbin/haproxy"
    fi
}
haproxy_env() {
    local root="$CACHE/haproxy-root" multiarch
    multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
    echo "LD_LIBRARY_PATH=$root/usr/lib/$multiarch:$root/usr/lib"
}

pidfile() { echo "$RUN/$1.pid"; }
alive() {
    local pid
    pid=$(cat "$(pidfile "$1")" 2>/dev/null) || return 1
    kill -0 "$pid" 2>/dev/null
}

# a process in its own session: its pid is its process group, so a stop (or kill -9)
# reaches the workers and the gevent process too
spawn() {
    local name=$1
    shift
    setsid "$@" >>"$LOG/$name.log" 2>&1 </dev/null &
    echo $! >"$(pidfile "$name")"
}

stop_group() {
    local name=$1 signal=${2:-TERM} pid i
    pid=$(cat "$(pidfile "$name")" 2>/dev/null) || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill "-$signal" -- "-$pid" 2>/dev/null || true
        for i in $(seq 1 60); do
            # the whole group, not only its leader
            pgrep -g "$pid" >/dev/null 2>&1 || break
            sleep 0.25
        done
        pgrep -g "$pid" >/dev/null 2>&1 && kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$(pidfile "$name")"
}

wait_http() {
    local url=$1 seconds=${2:-120} i
    for i in $(seq 1 $((seconds * 2))); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ]; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

pg_password() { cat "$PGPASS_FILE"; }
primary_psql() { PGPASSWORD=$(pg_password) psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U odoo "$@"; }
replica_psql() { PGPASSWORD=$(pg_password) psql -h 127.0.0.1 -p "$PG_REPLICA_PORT" -U odoo "$@"; }

# --- PostgreSQL ---------------------------------------------------------------------------
init_primary() {
    [ -x "$PGBIN/initdb" ] || die "no PostgreSQL server binaries (initdb) in '$PGBIN'; set PGBIN"
    [ -f "$PRIMARY/.hotline-ready" ] && return 0
    if [ -f "$PRIMARY/PG_VERSION" ]; then
        # a creation that stopped half-way: start again
        as_pg "$PGBIN/pg_ctl" -D "$PRIMARY" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PRIMARY"
    fi
    log "creating the primary PostgreSQL cluster in $PRIMARY (port $PG_PRIMARY_PORT)"
    [ -s "$PGPASS_FILE" ] || (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$PGPASS_FILE")
    mkdir -p "$PRIMARY"
    chown "$PG_OWNER" "$PRIMARY"
    chmod 700 "$PRIMARY"
    local pwfile
    pwfile=$(mktemp)
    pg_password >"$pwfile"
    chown "$PG_OWNER" "$pwfile"
    as_pg "$PGBIN/initdb" -D "$PRIMARY" -U odoo --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 >"$LOG/initdb.log"
    rm -f "$pwfile"
    as_pg tee -a "$PRIMARY/postgresql.conf" >/dev/null <<CONF
# --- 137 Hotline cluster (scripts/cluster.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PRIMARY_PORT
unix_socket_directories = '$RUN'
max_connections = 200
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 5
wal_keep_size = 512MB
hot_standby = on
hot_standby_feedback = on
CONF
    as_pg tee -a "$PRIMARY/pg_hba.conf" >/dev/null <<HBA
host    replication     replicator      127.0.0.1/32            scram-sha-256
HBA
    as_pg "$PGBIN/pg_ctl" -D "$PRIMARY" -l "$PGLOG/primary.log" -w start >/dev/null
    primary_psql -d postgres -qc "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$(pg_password)'"
    as_pg touch "$PRIMARY/.hotline-ready"
}

start_primary() {
    as_pg "$PGBIN/pg_ctl" -D "$PRIMARY" status >/dev/null 2>&1 ||
        as_pg "$PGBIN/pg_ctl" -D "$PRIMARY" -l "$PGLOG/primary.log" -w start >/dev/null
}

# the replica is built afresh from the primary at every start: a few seconds for a
# city's database, and never a replica that drifted
start_replica() {
    as_pg "$PGBIN/pg_ctl" -D "$REPLICA" status >/dev/null 2>&1 &&
        as_pg "$PGBIN/pg_ctl" -D "$REPLICA" -m fast -w stop >/dev/null
    rm -rf "$REPLICA"
    mkdir -p "$REPLICA"
    chown "$PG_OWNER" "$REPLICA"
    chmod 700 "$REPLICA"
    log "building the replica with pg_basebackup (port $PG_REPLICA_PORT)"
    as_pg env PGPASSWORD="$(pg_password)" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" \
        -U replicator -D "$REPLICA" -R -X stream -c fast
    echo "port = $PG_REPLICA_PORT" | as_pg tee -a "$REPLICA/postgresql.auto.conf" >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$REPLICA" -l "$PGLOG/replica.log" -w start >/dev/null
    [ "$(replica_psql -d postgres -Atc 'select pg_is_in_recovery()')" = t ] ||
        die "the replica on $PG_REPLICA_PORT is not in recovery"
}

stop_pg() {
    local dir
    for dir in "$REPLICA" "$PRIMARY"; do
        [ -f "$dir/PG_VERSION" ] || continue
        as_pg "$PGBIN/pg_ctl" -D "$dir" status >/dev/null 2>&1 &&
            as_pg "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    done
}

# --- Odoo ---------------------------------------------------------------------------------
master_password() {
    local file="$CL/master-password"
    [ -s "$file" ] || (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$file")
    cat "$file"
}

write_node_conf() {
    local n=$1
    (
        umask 077
        cat >"$CL/node$n.conf" <<CONF
[options]
addons_path = $ADDONS_PATH
; one data_dir for both nodes: the filestore and the sessions are shared
data_dir = $DATA
admin_passwd = $(master_password)
list_db = False
dbfilter = ^$DB\$
proxy_mode = True
http_interface = 127.0.0.1
http_port = $(node_http_port "$n")
gevent_port = $(node_gevent_port "$n")
workers = $WORKERS
max_cron_threads = 1
limit_time_cpu = 60
limit_time_real = 120
limit_memory_soft = 1610612736
limit_memory_hard = 2147483648
db_host = 127.0.0.1
db_port = $PG_PRIMARY_PORT
db_user = odoo
db_password = $(pg_password)
db_maxconn = 32
; read-only routes (web_read_group of the analyses, reports, portal pages) on the replica
db_replica_host = 127.0.0.1
db_replica_port = $PG_REPLICA_PORT
log_level = info
log_handler = :INFO,py.warnings:ERROR
CONF
    )
}

addon_key() {
    (cd "$HERE" && cat "$CACHE/odoo-parent" 2>/dev/null; find municipal_hotline -type f ! -name '*.pyc' ! -path '*/tests/*' -print0 |
        sort -z | xargs -0 sha1sum) | sha1sum | cut -c1-10
}

install_db() {
    local key installed
    key=$(addon_key)
    installed=$(primary_psql -d "$DB" -Atqc "select 1 from ir_module_module where name='municipal_hotline' and state='installed'" 2>/dev/null || true)
    if [ "$installed" != 1 ]; then
        log "installing municipal_hotline with demo data into $DB on the primary (a few minutes)"
        "${ODOO_BIN[@]}" -c "$CL/node1.conf" -d "$DB" -i municipal_hotline --with-demo --stop-after-init \
            --load-language=fa_IR,en_US --no-http --log-level=warn --log-handler=py.warnings:ERROR \
            >"$LOG/install.log" 2>&1 || die "the install failed: see $LOG/install.log"
    elif [ "$(cat "$CL/installed-key" 2>/dev/null)" != "$key" ]; then
        log "updating municipal_hotline in $DB (the addon changed)"
        "${ODOO_BIN[@]}" -c "$CL/node1.conf" -d "$DB" -u municipal_hotline --stop-after-init \
            --no-http --log-level=warn --log-handler=py.warnings:ERROR \
            >"$LOG/install.log" 2>&1 || die "the update failed: see $LOG/install.log"
    fi
    echo "$key" >"$CL/installed-key"
}

node_start() {
    local n=$1
    alive "node$n" && return 0
    spawn "node$n" "${NODE_BIN[@]}" -c "$CL/node$n.conf"
}

node_wait() {
    local port
    # the HTTP workers, and the gevent process HAProxy's health check asks
    for port in $(node_http_port "$1") $(node_gevent_port "$1"); do
        wait_http "http://127.0.0.1:$port/web/health" "${2:-180}" ||
            die "node $1 does not answer on :$port/web/health (see $LOG/node$1.log)"
    done
}

# --- HAProxy ------------------------------------------------------------------------------
write_haproxy_conf() {
    # Each node takes WORKERS x 2 requests at a time, the rest wait in HAProxy's queue
    # (and go to the other node when theirs fails). The health check asks /web/health of
    # the node's gevent process: it answers while every HTTP worker is busy with a long
    # request, and dies with the node.
    local n servers_http="" servers_ws="" one_http one_ws maxconn=$((WORKERS * 2))
    # a refused connection marks the node down at once (observe layer4), not after
    # three failed checks: until then leastconn would send every retry to the dead node
    server_check() {
        echo "check port $(node_gevent_port "$1") inter 2s fall 3 rise 2 observe layer4 error-limit 1 on-error mark-down"
    }
    for n in 1 2; do
        servers_http+="    server node$n 127.0.0.1:$(node_http_port "$n") maxconn $maxconn $(server_check "$n")"$'\n'
        servers_ws+="    server node$n 127.0.0.1:$(node_gevent_port "$n") $(server_check "$n")"$'\n'
    done
    one_http="    server node1 127.0.0.1:$(node_http_port 1) maxconn $maxconn $(server_check 1)"
    one_ws="    server node1 127.0.0.1:$(node_gevent_port 1) $(server_check 1)"
    cat >"$CL/haproxy.cfg" <<CFG
# written by scripts/cluster.sh
global
    maxconn 2000
    stats socket $RUN/haproxy.sock mode 600 level admin

defaults
    mode http
    log global
    option httplog
    option forwardfor
    timeout connect 5s
    timeout client 130s
    timeout server 130s
    timeout tunnel 1h
    timeout check 5s
    timeout queue 60s
    # a refused connection goes to the other node; a request once sent is never replayed
    retries 3
    option redispatch 1
    retry-on conn-failure

frontend hotline
    bind 127.0.0.1:$LB_PORT
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
    use_backend odoo_websocket if { path_beg /websocket }
    default_backend odoo_http

# node 1 alone, for the one-node figures of make load
frontend hotline_one_node
    bind 127.0.0.1:$LB_ONE_PORT
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
    use_backend odoo_websocket_one if { path_beg /websocket }
    default_backend odoo_http_one

backend odoo_http
    balance leastconn
    option httpchk
    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
$servers_http
backend odoo_websocket
    balance source
    option httpchk
    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
$servers_ws
backend odoo_http_one
    option httpchk
    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
$one_http

backend odoo_websocket_one
    option httpchk
    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
$one_ws

listen stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /
    stats refresh 5s
CFG
}

haproxy_start() {
    alive haproxy && return 0
    local bin
    bin=$(haproxy_bin)
    [ -x "$bin" ] || die "no haproxy at $bin"
    # shellcheck disable=SC2046
    env $(haproxy_env) "$bin" -c -q -f "$CL/haproxy.cfg" || die "haproxy refuses $CL/haproxy.cfg"
    # shellcheck disable=SC2046
    spawn haproxy env $(haproxy_env) "$bin" -db -f "$CL/haproxy.cfg"
}

# --- commands -----------------------------------------------------------------------------
cmd_stop() {
    local name
    for name in haproxy node2 node1; do
        if alive "$name"; then log "stopping $name"; fi
        stop_group "$name"
    done
    if [ -d "$CL" ]; then
        stop_pg
    fi
    log "stopped"
}

cmd_up() {
    mkdir -p "$CL" "$RUN" "$LOG" "$PGLOG" "$DATA"
    # the secrets in it are 600; as root, the postgres user must reach its folders
    chmod 711 "$CL"
    chown "$PG_OWNER" "$RUN" "$PGLOG"
    bash "$HERE/scripts/fetch_haproxy.sh"
    init_primary
    start_primary
    write_node_conf 1
    write_node_conf 2
    install_db
    start_replica
    write_haproxy_conf
    log "starting Odoo node 1 (:$(node_http_port 1), gevent :$(node_gevent_port 1)) and node 2 (:$(node_http_port 2), gevent :$(node_gevent_port 2))"
    node_start 1
    node_start 2
    node_wait 1
    node_wait 2
    haproxy_start
    wait_http "http://127.0.0.1:$LB_PORT/web/health" 30 || die "HAProxy does not answer on $LB_PORT (see $LOG/haproxy.log)"
    cat <<MSG

  137 Hotline cluster (database $DB), everything on 127.0.0.1:
    http://127.0.0.1:$LB_PORT/odoo         HAProxy, both nodes (websocket to the gevent ports)
    http://127.0.0.1:$LB_ONE_PORT/odoo         HAProxy, node 1 only
    http://127.0.0.1:$STATS_PORT/              HAProxy statistics
    node 1 :$(node_http_port 1) (gevent :$(node_gevent_port 1)), node 2 :$(node_http_port 2) (gevent :$(node_gevent_port 2)), workers=$WORKERS each
    PostgreSQL primary :$PG_PRIMARY_PORT, streaming replica :$PG_REPLICA_PORT (read-only routes)
    shared filestore $DATA/filestore/$DB, logs in $LOG
  Demo logins as in make run (admin/admin, operator/operator, citizen/citizen, agency/agency).

MSG
}

cmd_status() {
    local name
    for name in node1 node2 haproxy; do
        if alive "$name"; then echo "$name: running (pid $(cat "$(pidfile "$name")"))"; else echo "$name: stopped"; fi
    done
    for name in "$PRIMARY" "$REPLICA"; do
        if [ -f "$name/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$name" status >/dev/null 2>&1; then
            echo "$(basename "$name"): running"
        else
            echo "$(basename "$name"): stopped"
        fi
    done
}

case "${1:-start}" in
    start)
        trap 'cmd_stop' EXIT
        trap 'exit 130' INT TERM
        cmd_up
        log "running in the foreground: Ctrl-C stops the whole cluster"
        while alive haproxy; do sleep 2; done
        log "HAProxy exited"
        ;;
    up)
        # a failed start leaves nothing running
        trap 'cmd_stop' EXIT
        cmd_up
        trap - EXIT
        ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    node-kill) stop_group "node$2" KILL ;;
    node-start)
        node_start "$2"
        node_wait "$2"
        ;;
    pg-restart) as_pg "$PGBIN/pg_ctl" -D "$PRIMARY" -m fast -w restart -l "$PGLOG/primary.log" >/dev/null ;;
    psql) shift; primary_psql "$@" ;;
    psql-replica) shift; replica_psql "$@" ;;
    env)
        echo "CLUSTER_DIR=$CL CLUSTER_DB=$DB LB_PORT=$LB_PORT LB_ONE_PORT=$LB_ONE_PORT PG_PRIMARY_PORT=$PG_PRIMARY_PORT PG_REPLICA_PORT=$PG_REPLICA_PORT DATA_DIR=$DATA"
        ;;
    *) die "usage: cluster.sh start|up|stop|status|node-kill N|node-start N|pg-restart|psql|env" ;;
esac
