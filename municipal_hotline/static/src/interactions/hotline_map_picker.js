import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { _t } from "@web/core/l10n/translation";

import { createMap, formatCoordinate, loadLeaflet } from "../map/leaflet_loader";

/**
 * The request form's point picker, made for a phone: tap the map or drag the pin,
 * or "Use my position". The point goes to the latitude/longitude inputs, which stay
 * the form's own fields: without JavaScript, or when the map or its tiles do not load,
 * the citizen still describes the place in the address field (and may type the
 * coordinates).
 */
export class HotlineMapPicker extends Interaction {
    static selector = ".o_hotline_map_picker";
    dynamicContent = {
        ".o_hotline_locate": { "t-on-click": this.onLocate },
        "#latitude, #longitude": { "t-on-change": this.onTyped },
    };

    setup() {
        this.config = JSON.parse(this.el.dataset.mapConfig || "{}");
        this.canvas = this.el.querySelector(".o_hotline_map_canvas");
        this.latitude = this.el.querySelector("#latitude");
        this.longitude = this.el.querySelector("#longitude");
    }

    async willStart() {
        try {
            this.L = await this.waitFor(loadLeaflet());
        } catch {
            this.L = null;
        }
    }

    start() {
        if (!this.L || !this.config.tile_url) {
            this.degrade();
            return;
        }
        this.canvas.classList.remove("d-none");
        const point = this.currentPoint();
        this.map = createMap(this.L, this.canvas, this.config, {
            center: point || this.config.center,
            zoom: point ? 17 : 13,
            onTilesFailed: () => this.degrade(),
        });
        if (point) {
            this.placePin(point);
        }
        this.map.on("click", (ev) => this.setPoint(ev.latlng));
        this.el.classList.add("o_hotline_map_ready");
    }

    destroy() {
        this.map?.remove();
    }

    /** The map is gone: the address (and the coordinates) remain. */
    degrade() {
        this.canvas.classList.add("d-none");
        this.el.querySelector(".o_hotline_map_help")?.classList.add("d-none");
        this.el.querySelector(".o_hotline_map_notice").classList.remove("d-none");
        this.el.classList.add("o_hotline_map_degraded");
    }

    currentPoint() {
        const lat = parseFloat(this.latitude.value);
        const lng = parseFloat(this.longitude.value);
        if (Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90) {
            return [lat, lng];
        }
        return null;
    }

    placePin(latlng) {
        if (!this.marker) {
            this.marker = this.L.marker(latlng, {
                draggable: true,
                autoPan: true,
                title: _t("The place of the problem: drag to move"),
            }).addTo(this.map);
            this.marker.on("dragend", () => this.setPoint(this.marker.getLatLng(), false));
        } else {
            this.marker.setLatLng(latlng);
        }
    }

    setPoint(latlng, movePin = true) {
        const { lat, lng } = this.L.latLng(latlng);
        this.latitude.value = formatCoordinate(lat);
        this.longitude.value = formatCoordinate(lng);
        if (movePin) {
            this.placePin([lat, lng]);
        }
        this.el.classList.add("o_hotline_point_set");
    }

    onTyped() {
        const point = this.currentPoint();
        if (point && this.map) {
            this.placePin(point);
            this.map.setView(point, Math.max(this.map.getZoom(), 16));
        }
    }

    onLocate() {
        const status = this.el.querySelector(".o_hotline_locate_status");
        if (!navigator.geolocation) {
            status.textContent = _t("Your browser cannot tell your position.");
            return;
        }
        status.textContent = _t("Finding your position…");
        navigator.geolocation.getCurrentPosition(
            (position) => {
                const point = [position.coords.latitude, position.coords.longitude];
                this.setPoint(point);
                this.map?.setView(point, 17);
                status.textContent = "";
            },
            () => {
                status.textContent = _t(
                    "Your position is not available: tap the map or describe the place."
                );
            },
            { enableHighAccuracy: true, timeout: 15000 }
        );
    }
}

registry
    .category("public.interactions")
    .add("municipal_hotline.map_picker", HotlineMapPicker);
