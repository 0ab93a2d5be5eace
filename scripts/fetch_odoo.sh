#!/usr/bin/env bash
# Fetch Odoo 19 from Debian (suite sid) by package name into a project-local root.
#
# The machine's apt configuration is never changed: a private apt state/cache lives in
# $CACHE/apt, and the Debian mirror is read from the machine's own apt sources.
set -euo pipefail

CACHE=${HOTLINE_CACHE:-"$(cd "$(dirname "$0")/.." && pwd)/.cache"}
ROOT="$CACHE/odoo-root"
APTDIR="$CACHE/apt"
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

# --- read the Debian mirror and the stable codename from the machine's apt sources ---------
debian_mirror() {
    local files=() f
    [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && files+=("$f")
    done
    [ ${#files[@]} -gt 0 ] || return 1
    # deb822 (.sources): URIs lines; one-line format: "deb [opts] URI suite ..."
    awk '
        /^[[:space:]]*#/ { next }
        /^URIs:/ { for (i = 2; i <= NF; i++) print $i; next }
        /^deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }
    ' "${files[@]}" | grep -E '/debian/?$' | grep -v -- '-security' | head -n 1
}

MIRROR=${HOTLINE_DEBIAN_MIRROR:-$(debian_mirror || true)}
[ -n "$MIRROR" ] || die "no Debian mirror found in /etc/apt/sources.list(.d); set HOTLINE_DEBIAN_MIRROR"
CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$CODENAME" ] || die "cannot read VERSION_CODENAME from /etc/os-release"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$KEYRING" ] || die "$KEYRING is missing (install debian-archive-keyring)"

# --- private apt state ------------------------------------------------------------------
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/etc/preferences.d" "$DEBS"
cat > "$APTDIR/sources.list" <<SRC
deb [signed-by=$KEYRING] $MIRROR sid main
deb [signed-by=$KEYRING] $MIRROR $CODENAME main
SRC
APT_OPTS=(
    -o "Dir::Etc::SourceList=$APTDIR/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::Etc::PreferencesParts=$APTDIR/etc/preferences.d"
    -o "Dir::State::Lists=$APTDIR/lists"
    -o "Dir::State::status=/dev/null"
    -o "Dir::Cache=$APTDIR/cache"
    -o "APT::Get::List-Cleanup=0"
    -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=root"
)
log "updating private apt lists (sid + $CODENAME)"
apt-get "${APT_OPTS[@]}" -qq update

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
