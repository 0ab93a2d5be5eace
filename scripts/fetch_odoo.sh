#!/usr/bin/env bash
# Fetch Odoo 19 from Debian (suite sid) by package name into a project-local root.
#
# The machine's apt configuration is never changed: a private apt state/cache lives in
# $CACHE/apt, and the Debian mirror is read from the machine's own apt sources.
set -euo pipefail

CACHE=${HOTLINE_CACHE:-"$(cd "$(dirname "$0")/.." && pwd)/.cache"}
ROOT="$CACHE/odoo-root"
DEBS="$CACHE/debs"
STAMP="$ROOT/.complete"
SID_PACKAGES="odoo-19 libjs-jquery libjs-underscore libjs-jquery-form fonts-roboto-unhinted fonts-montserrat fonts-ocr-b"
STABLE_PACKAGES="fonts-font-awesome fonts-inconsolata"
SELFIE_VERSION="0.1.1675465747"
SELFIE_PATH="odoo/addons/mail/static/lib/selfie_segmentation/selfie_segmentation.js"

log() { printf '[fetch-odoo] %s\n' "$*"; }
die() { printf '[fetch-odoo] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -f "$STAMP" ]; then
    exit 0
fi

# --- private apt state (the Debian mirror read from the machine's apt sources) -----------
# shellcheck source=debian_apt.sh
source "$(dirname "$0")/debian_apt.sh"
mkdir -p "$DEBS"
log "updating private apt lists (sid + $CODENAME)"
private_apt_update || die "the private apt state could not be updated"

cd "$DEBS"
rm -f ./*.deb
pkgs=()
for p in $SID_PACKAGES; do pkgs+=("$p/sid"); done
for p in $STABLE_PACKAGES; do pkgs+=("$p/$CODENAME"); done
log "downloading: ${pkgs[*]}"
apt-get "${APT_OPTS[@]}" -qq download "${pkgs[@]}"
ODOO_DEB=$(ls odoo-19_*.deb)
VERSION=$(dpkg-deb -f "$ODOO_DEB" Version)
case "$VERSION" in
    19.0*) ;;
    *) die "sid serves odoo-19 $VERSION, expected a 19.0 release" ;;
esac
log "fetched odoo-19 $VERSION"

rm -rf "$ROOT"
mkdir -p "$ROOT"
for deb in ./*.deb; do
    dpkg-deb -x "$deb" "$ROOT"
done

ODOO_PARENT=$(dirname "$(find "$ROOT/usr/lib" -maxdepth 4 -type d -name odoo -path '*-packages/odoo' | head -n 1)")
[ -d "$ODOO_PARENT/odoo" ] || die "no odoo package found in the extracted tree"

# --- the file Debian strips that the backend bundle lists -------------------------------
if [ ! -f "$ODOO_PARENT/$SELFIE_PATH" ]; then
    command -v npm >/dev/null || die "npm is needed to fetch @mediapipe/selfie_segmentation"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "@mediapipe/selfie_segmentation@$SELFIE_VERSION" >/dev/null \
        && tar -xzf ./*.tgz)
    mkdir -p "$(dirname "$ODOO_PARENT/$SELFIE_PATH")"
    cp "$tmp/package/selfie_segmentation.js" "$ODOO_PARENT/$SELFIE_PATH"
    rm -rf "$tmp"
fi

# --- symlinks into /usr/share must point inside our root ---------------------------------
# Debian links static files to other packages by absolute paths; rewrite them to the root.
while IFS= read -r link; do
    target=$(readlink "$link")
    case "$target" in
        /*) ln -sfn "$ROOT$target" "$link" ;;
    esac
done < <(find "$ROOT" -type l)
broken=$(find "$ROOT" -xtype l)
if [ -n "$broken" ]; then
    printf '%s\n' "$broken" >&2
    die "broken symlinks left in the Odoo tree (the web client would answer 500)"
fi

echo "$ODOO_PARENT" > "$CACHE/odoo-parent"
echo "$VERSION" > "$STAMP"
log "Odoo $VERSION ready in $ODOO_PARENT"
