#!/usr/bin/env bash
# Set up everything `make run` and `make test` need; idempotent, a second run takes seconds.
#   - Odoo 19 (Debian's odoo-19 from sid, or $ODOO_SRC: an existing Odoo 19 source tree)
#   - a venv with Odoo's requirements, pytest-odoo and the OCA addons
#   - a reachable PostgreSQL with a role for the current user
#   - Chromium for browser tours (when packages may be installed)
set -euo pipefail

HERE="$(cd "$(dirname "$0")/.." && pwd)"
CACHE=${HOTLINE_CACHE:-"$HERE/.cache"}
VENV="$CACHE/venv"
PY=${PYTHON:-python3}
log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_updated=""
apt_install() {
    can_install || return 1
    if [ -z "$apt_updated" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get -qq update >/dev/null && apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends "$@" >/dev/null
}

# --- Odoo source -----------------------------------------------------------------------
if [ -n "${ODOO_SRC:-}" ]; then
    [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)"
    ODOO_PARENT="$ODOO_SRC"
else
    bash "$HERE/scripts/fetch_odoo.sh"
    ODOO_PARENT=$(cat "$CACHE/odoo-parent")
fi

# --- venv --------------------------------------------------------------------------------
REQ_HASH=$(cat "$HERE/requirements.txt" "$HERE/requirements-oca.txt" | sha1sum | cut -c1-12)
if [ ! -f "$VENV/.req-$REQ_HASH" ]; then
    command -v "$PY" >/dev/null || die "$PY not found"
    if ! "$PY" -c 'import sys; assert (3, 10) <= sys.version_info[:2] <= (3, 13)' 2>/dev/null; then
        die "Odoo 19 needs Python 3.10 to 3.13 (set PYTHON=...)"
    fi
    "$PY" -c 'import ensurepip' 2>/dev/null || apt_install python3-venv || true
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
    # python-magic needs libmagic, psycopg2 needs libpq headers and a compiler
    if ! ldconfig -p | grep -q libmagic.so || ! command -v pg_config >/dev/null; then
        apt_install libmagic1 libpq-dev gcc python3-dev || true
    fi
    log "installing Python requirements into $VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt" 2> >(grep -v "is ignored: it is neither" >&2)
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$HERE/requirements-oca.txt" 2> >(grep -v "is ignored: it is neither" >&2)
    rm -f "$VENV"/.req-*
    touch "$VENV/.req-$REQ_HASH"
fi
SITE=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$ODOO_PARENT" > "$SITE/odoo19-source.pth"
[ -d "$SITE/odoo/addons/helpdesk_mgmt" ] || die "helpdesk_mgmt wheel missing from $SITE"
[ -d "$SITE/odoo/addons/auditlog" ] || die "auditlog wheel missing from $SITE"

# --- PostgreSQL --------------------------------------------------------------------------
pg_ok() { psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; }
if ! pg_ok; then
    if ! command -v pg_lsclusters >/dev/null && can_install; then
        log "installing PostgreSQL"
        apt_install postgresql postgresql-client || true
    fi
    if command -v pg_lsclusters >/dev/null; then
        for v in $(pg_lsclusters -h | awk '{print $1"/"$2}'); do
            pg_ctlcluster --skip-systemctl-redirect "${v%/*}" "${v#*/}" start 2>/dev/null || true
        done
    fi
    # a fresh server has no role for us yet: create one as the postgres superuser
    if ! pg_ok && [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
        runuser -u postgres -- psql -Atqc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$(id -un)') THEN CREATE ROLE \"$(id -un)\" LOGIN SUPERUSER; END IF; END\$\$" >/dev/null 2>&1 || true
    fi
    pg_ok || die "no PostgreSQL answers (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-}). Install and start one (Debian: apt-get install postgresql) and give your user a role (createuser -s $(id -un))."
fi

# --- Chromium for tours ------------------------------------------------------------------
if ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then
    if can_install; then
        log "installing Debian's chromium for browser tours"
        apt_install chromium || log "chromium could not be installed: tours will be skipped"
    else
        log "no Chromium and no permission to install it: browser tours will be skipped"
    fi
fi

# --- rtlcss: Odoo builds the right-to-left (Persian) CSS with it (env.sh puts it on PATH) --
if [ ! -x "$CACHE/node/node_modules/.bin/rtlcss" ]; then
    if command -v npm >/dev/null; then
        log "installing rtlcss from npm into $CACHE/node for right-to-left pages"
        mkdir -p "$CACHE/node"
        npm install --silent --prefix "$CACHE/node" rtlcss@4 >/dev/null 2>&1 ||
            log "rtlcss could not be installed: Persian pages will be laid out left to right"
    else
        log "no npm: Persian pages will be laid out left to right (install npm, then make setup)"
    fi
fi

echo "$SITE" > "$CACHE/site-packages"
