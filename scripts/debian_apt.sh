#!/usr/bin/env bash
# Sourced by fetch_odoo.sh and fetch_haproxy.sh: a private apt state under $CACHE/apt.
#   in:  CACHE
#   out: APT_OPTS (apt-get options of the private state), CODENAME (the machine's Debian
#        release), private_apt_update (writes sources.list and updates the lists)
# The machine's apt configuration is never changed; the Debian mirror is read from the
# machine's own apt sources (or HOTLINE_DEBIAN_MIRROR).
: "${CACHE:?}"
APTDIR="$CACHE/apt"

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

CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
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

# sid (Odoo 19) and the machine's stable release, in the private state
private_apt_update() {
    local mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    mirror=${HOTLINE_DEBIAN_MIRROR:-$(debian_mirror || true)}
    [ -n "$mirror" ] || { echo "no Debian mirror found in /etc/apt/sources.list(.d); set HOTLINE_DEBIAN_MIRROR" >&2; return 1; }
    [ -n "$CODENAME" ] || { echo "cannot read VERSION_CODENAME from /etc/os-release" >&2; return 1; }
    [ -f "$keyring" ] || { echo "$keyring is missing (install debian-archive-keyring)" >&2; return 1; }
    mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/etc/preferences.d"
    cat > "$APTDIR/sources.list" <<SRC
deb [signed-by=$keyring] $mirror sid main
deb [signed-by=$keyring] $mirror $CODENAME main
SRC
    apt-get "${APT_OPTS[@]}" -qq update
}
