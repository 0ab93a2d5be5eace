import { loadBundle } from "@web/core/assets";

/**
 * Maps of the hotline, shared by the portal and the back office: Leaflet and its two
 * plugins are loaded only when a map is shown (the municipal_hotline.assets_leaflet
 * bundle, vendored under static/lib), never from a CDN.
 */
export const LEAFLET_BUNDLE = "municipal_hotline.assets_leaflet";
// a tile server that loads no tile in this time is as good as down
export const TILE_TIMEOUT_MS = 10000;

export async function loadLeaflet() {
    await loadBundle(LEAFLET_BUNDLE);
    const L = window.L;
    L.Icon.Default.imagePath = "/municipal_hotline/static/lib/leaflet/images/";
    return L;
}

function escapeHtml(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
}

/**
 * A map in `el`, with the company's tiles. `onTilesFailed` is called once when the
 * tile server does not answer (an error before any tile loaded, or nothing within
 * TILE_TIMEOUT_MS): the caller then falls back to the address.
 */
export function createMap(L, el, config, { onTilesFailed, zoom = 13, center } = {}) {
    const map = L.map(el, { zoomControl: true, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.setView(center || config.center, zoom);
    const tiles = L.tileLayer(config.tile_url, {
        maxZoom: 19,
        attribution: escapeHtml(config.attribution),
    });
    let loaded = 0;
    let failed = false;
    const fail = () => {
        if (!failed && !loaded) {
            failed = true;
            el.dataset.tiles = "failed";
            onTilesFailed?.();
        }
    };
    tiles.on("tileload", () => {
        loaded++;
        el.dataset.tiles = "loaded";
    });
    tiles.on("tileerror", fail);
    const timer = setTimeout(fail, TILE_TIMEOUT_MS);
    map.on("unload", () => clearTimeout(timer));
    tiles.addTo(map);
    return map;
}

/** Colour of a request by its age in days: fresh green to old red. */
export const AGE_CLASSES = [
    { max: 3, color: "#2e7d32" },
    { max: 7, color: "#f9a825" },
    { max: 30, color: "#ef6c00" },
    { max: Infinity, color: "#c62828" },
];

export function ageColor(days) {
    return AGE_CLASSES.find((cls) => days <= cls.max).color;
}

/** A coordinate as the form stores it (7 decimals, like the fields). */
export function formatCoordinate(value) {
    return (Math.round(value * 1e7) / 1e7).toFixed(7);
}
