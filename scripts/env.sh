# Sourced by the other scripts: paths and the Odoo config for this checkout.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE=${HOTLINE_CACHE:-"$HERE/.cache"}
VENV="$CACHE/venv"
SITE=$(cat "$CACHE/site-packages")
if [ -n "${ODOO_SRC:-}" ]; then ODOO_PARENT="$ODOO_SRC"; else ODOO_PARENT=$(cat "$CACHE/odoo-parent"); fi
ADDONS_PATH="$ODOO_PARENT/odoo/addons,$SITE/odoo/addons,$HERE"
# one config per checkout, so several worktrees can share one cache
ODOO_CONF="$CACHE/odoo-$(printf %s "$HERE" | sha1sum | cut -c1-8).conf"
# a launcher script, not `python -m odoo`: when a request outlives limit_time_real the
# server re-executes its own command line, which `-m odoo` turns into a broken
# `python .../odoo/__main__.py`
ODOO_LAUNCHER="$CACHE/odoo-bin"
if [ ! -f "$ODOO_LAUNCHER" ]; then
    printf '#!/usr/bin/env python3\nimport odoo.cli\n\nif __name__ == "__main__":\n    odoo.cli.main()\n' \
        > "$ODOO_LAUNCHER.$$" && mv "$ODOO_LAUNCHER.$$" "$ODOO_LAUNCHER"
fi
ODOO_BIN=("$VENV/bin/python" "$ODOO_LAUNCHER")
# Odoo looks up rtlcss (right-to-left CSS for Persian) on PATH
export PATH="$CACHE/node/node_modules/.bin:$PATH"

write_odoo_conf() {
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $ADDONS_PATH
data_dir = $CACHE/filestore
$( [ -n "${PGHOST:-}" ] && echo "db_host = $PGHOST" )
$( [ -n "${PGPORT:-}" ] && echo "db_port = $PGPORT" )
$( [ -n "${PGUSER:-}" ] && echo "db_user = $PGUSER" )
$( [ -n "${PGPASSWORD:-}" ] && echo "db_password = $PGPASSWORD" )
list_db = True
http_port = ${HTTP_PORT:-8069}
without_demo = False
CONF
}
write_odoo_conf
