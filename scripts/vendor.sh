#!/usr/bin/env bash
# make vendor: copy the maps' JavaScript libraries from npm into municipal_hotline/static/lib.
# The copies are committed (the addon must work from a fresh clone and when installed into an
# existing Odoo, with no CDN at run time); run this only to change a version, then commit.
#   leaflet 1.9.4 (BSD-2-Clause), leaflet.markercluster 1.5.3 (MIT), leaflet.heat 0.2.0 (BSD-2-Clause)
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
LIB="$HERE/municipal_hotline/static/lib"
LEAFLET=1.9.4 MARKERCLUSTER=1.5.3 HEAT=0.2.0
command -v npm >/dev/null || { echo "[vendor] npm is needed" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" "leaflet.heat@$HEAT" >/dev/null
for pkg in leaflet leaflet.markercluster leaflet.heat; do
    mkdir -p "$pkg" && tar xzf "$pkg"-*.tgz -C "$pkg"
done
# no source maps in the bundles (Odoo would ask for files that are not shipped)
strip_map() { sed '/sourceMappingURL=/d' "$1" > "$2"; }
# Odoo runs rtlcss over the CSS of right-to-left pages: the map's panes and tiles are
# placed by Leaflet itself and must not be mirrored
ltr_css() { { echo '/*rtl:begin:ignore*/'; sed '/sourceMappingURL=/d' "$1"; echo '/*rtl:end:ignore*/'; } > "$2"; }

rm -rf "$LIB/leaflet" "$LIB/leaflet.markercluster" "$LIB/leaflet.heat"
mkdir -p "$LIB/leaflet/images" "$LIB/leaflet.markercluster" "$LIB/leaflet.heat"
strip_map leaflet/package/dist/leaflet.js "$LIB/leaflet/leaflet.js"
ltr_css leaflet/package/dist/leaflet.css "$LIB/leaflet/leaflet.css"
cp leaflet/package/dist/images/*.png "$LIB/leaflet/images/"
cp leaflet/package/LICENSE "$LIB/leaflet/LICENSE"
strip_map leaflet.markercluster/package/dist/leaflet.markercluster.js "$LIB/leaflet.markercluster/leaflet.markercluster.js"
ltr_css leaflet.markercluster/package/dist/MarkerCluster.css "$LIB/leaflet.markercluster/MarkerCluster.css"
ltr_css leaflet.markercluster/package/dist/MarkerCluster.Default.css "$LIB/leaflet.markercluster/MarkerCluster.Default.css"
cp leaflet.markercluster/package/MIT-LICENCE.txt "$LIB/leaflet.markercluster/LICENSE"
strip_map leaflet.heat/package/dist/leaflet-heat.js "$LIB/leaflet.heat/leaflet-heat.js"
cp leaflet.heat/package/LICENSE "$LIB/leaflet.heat/LICENSE"
echo "[vendor] leaflet $LEAFLET, leaflet.markercluster $MARKERCLUSTER, leaflet.heat $HEAT -> $LIB"
