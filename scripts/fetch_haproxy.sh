#!/usr/bin/env bash
# HAProxy from Debian (the machine's stable release) into $CACHE/haproxy-root, for `make
# cluster`: apt-get download + dpkg-deb -x through the private apt state, so nothing is
# installed on the machine. The libraries the machine lacks (Lua, opentracing) come along
# and are found through LD_LIBRARY_PATH (see haproxy_env below).
#   HAPROXY=/path/to/haproxy  use that binary instead (nothing is fetched)
set -euo pipefail
CACHE=${HOTLINE_CACHE:-"$(cd "$(dirname "$0")/.." && pwd)/.cache"}
ROOT="$CACHE/haproxy-root"
STAMP="$ROOT/.complete"
MULTIARCH=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
PACKAGES="haproxy liblua5.3-0 libopentracing-c-wrapper0 libopentracing1"
log() { printf '[fetch-haproxy] %s\n' "$*"; }
die() { printf '[fetch-haproxy] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -n "${HAPROXY:-}" ] || [ -f "$STAMP" ]; then
    exit 0
fi
# shellcheck source=debian_apt.sh
source "$(dirname "$0")/debian_apt.sh"
if ! compgen -G "$APTDIR/lists/*${CODENAME}*Packages*" >/dev/null; then
    log "updating private apt lists (sid + $CODENAME)"
    private_apt_update || die "the private apt state could not be updated"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pkgs=()
for p in $PACKAGES; do pkgs+=("$p/$CODENAME"); done
log "downloading: ${pkgs[*]}"
(cd "$tmp" && apt-get "${APT_OPTS[@]}" -qq download "${pkgs[@]}") || die "apt-get download failed"
rm -rf "$ROOT"
mkdir -p "$ROOT"
for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
missing=$(LD_LIBRARY_PATH="$ROOT/usr/lib/$MULTIARCH:$ROOT/usr/lib" ldd "$ROOT/usr/sbin/haproxy" | grep 'not found' || true)
[ -z "$missing" ] || die "haproxy needs libraries this machine lacks: $missing"
version=$(LD_LIBRARY_PATH="$ROOT/usr/lib/$MULTIARCH:$ROOT/usr/lib" "$ROOT/usr/sbin/haproxy" -v) ||
    die "haproxy does not run"
echo "${version%%$'\n'*}" >"$STAMP"
log "$(cat "$STAMP") ready in $ROOT"
