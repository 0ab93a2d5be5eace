import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

import { createMap, loadLeaflet } from "./leaflet_loader";

let configPromise = null;

/** The company's map settings, asked once per page. */
export function getMapConfig(orm) {
    configPromise ||= orm.call("helpdesk.ticket", "hotline_map_config", []);
    return configPromise;
}

/**
 * Take a Call's point picker, on the latitude field (the longitude is its sibling):
 * click the map to set the point, or search an address when the company has an
 * address search service. When the map or its tiles do not load, the widget says so
 * and the operator relies on the address.
 */
export class HotlineMapPickerField extends Component {
    static template = "municipal_hotline.MapPickerField";
    static props = { ...standardFieldProps, longitudeField: { type: String } };

    setup() {
        this.orm = useService("orm");
        this.mapRef = useRef("map");
        this.state = useState({ degraded: false, query: "", results: [], searchError: "" });
        onWillStart(async () => {
            this.config = await getMapConfig(this.orm);
            try {
                this.L = await loadLeaflet();
            } catch {
                this.state.degraded = true;
            }
        });
        onMounted(() => this.mountMap());
        onPatched(() => this.syncPin());
        onWillUnmount(() => this.map?.remove());
    }

    get point() {
        const data = this.props.record.data;
        const lat = data[this.props.name];
        const lng = data[this.props.longitudeField];
        return lat || lng ? [lat, lng] : null;
    }

    mountMap() {
        if (this.state.degraded || !this.mapRef.el) {
            return;
        }
        const point = this.point;
        this.map = createMap(this.L, this.mapRef.el, this.config, {
            center: point || this.config.center,
            zoom: point ? 16 : 12,
            onTilesFailed: () => {
                this.state.degraded = true;
            },
        });
        if (!this.props.readonly) {
            this.map.on("click", (ev) => this.setPoint([ev.latlng.lat, ev.latlng.lng]));
        }
        this.syncPin();
    }

    syncPin() {
        if (!this.map) {
            return;
        }
        const point = this.point;
        if (!point) {
            this.marker?.remove();
            this.marker = null;
            return;
        }
        if (!this.marker) {
            this.marker = this.L.marker(point, { draggable: !this.props.readonly });
            this.marker.on("dragend", () => {
                const { lat, lng } = this.marker.getLatLng();
                this.setPoint([lat, lng]);
            });
            this.marker.addTo(this.map);
        } else {
            this.marker.setLatLng(point);
        }
    }

    async setPoint([lat, lng], extra = {}) {
        await this.props.record.update({
            [this.props.name]: Math.round(lat * 1e7) / 1e7,
            [this.props.longitudeField]: Math.round(lng * 1e7) / 1e7,
            ...extra,
        });
    }

    clearPoint() {
        this.props.record.update({ [this.props.name]: 0, [this.props.longitudeField]: 0 });
    }

    onSearchKeydown(ev) {
        if (ev.key === "Enter") {
            this.onSearch(ev);
        }
    }

    async onSearch(ev) {
        ev.preventDefault();
        const query = this.state.query.trim();
        this.state.results = [];
        this.state.searchError = "";
        if (!query || !this.config.geocoder_url) {
            return;
        }
        const url = new URL(this.config.geocoder_url, window.location.origin);
        url.searchParams.set("format", "json");
        url.searchParams.set("limit", "5");
        url.searchParams.set("q", query);
        try {
            const response = await fetch(url, {
                headers: { "Accept-Language": document.documentElement.lang || "fa" },
            });
            const results = await response.json();
            this.state.results = results.slice(0, 5).map((r) => ({
                label: r.display_name,
                lat: parseFloat(r.lat),
                lng: parseFloat(r.lon),
            }));
            if (!this.state.results.length) {
                this.state.searchError = _t("No place found: click the map instead.");
            }
        } catch {
            this.state.searchError = _t("The address search is not available.");
        }
    }

    async chooseResult(result) {
        const extra = this.props.record.data.address ? {} : { address: result.label.slice(0, 300) };
        await this.setPoint([result.lat, result.lng], extra);
        this.state.results = [];
        this.map?.setView([result.lat, result.lng], 17);
    }
}

export const hotlineMapPickerField = {
    component: HotlineMapPickerField,
    displayName: _t("Map"),
    supportedTypes: ["float"],
    extractProps: ({ options }) => ({
        longitudeField: options.longitude_field || "longitude",
    }),
};

registry.category("fields").add("hotline_map_picker", hotlineMapPickerField);
