import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";

import { getMapConfig } from "./map_picker_field";
import { AGE_CLASSES, createMap, loadLeaflet } from "./leaflet_loader";

const SUPERVISOR_GROUP = "municipal_hotline.group_hotline_supervisor";

/**
 * Staff map of the open requests the user may read, filtered like the requests list
 * (category, district, stage, overdue), clustered, each request coloured by its age.
 * Supervisors also get a heat map of a Jalali month's requests. The points come from
 * helpdesk.ticket.hotline_map_points: ids, points, category, stage, district and age
 * only. The time to fetch and to render the clusters is shown (and kept in
 * data-render-ms for the tour that measures 10,000 requests).
 */
export class HotlineStaffMap extends Component {
    static template = "municipal_hotline.StaffMap";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.mapRef = useRef("map");
        this.rootRef = useRef("root");
        this.ageClasses = AGE_CLASSES;
        this.state = useState({
            mode: "open",
            categoryId: "",
            districtId: "",
            stageId: "",
            overdue: false,
            month: "",
            months: [],
            count: 0,
            truncated: false,
            loading: false,
            fetchMs: null,
            renderMs: null,
            degraded: false,
        });
        onWillStart(async () => {
            const [config, categories, districts, stages, isSupervisor] = await Promise.all([
                getMapConfig(this.orm),
                this.orm.searchRead("helpdesk.ticket.category", [], ["complete_name"]),
                this.orm.searchRead("hotline.district", [], ["name"]),
                this.orm.searchRead("helpdesk.ticket.stage", [["closed", "=", false]], ["name"]),
                user.hasGroup(SUPERVISOR_GROUP),
            ]);
            // the category's full path is computed, not stored: sorted here
            categories.sort((a, b) => a.complete_name.localeCompare(b.complete_name));
            Object.assign(this, { config, categories, districts, stages, isSupervisor });
            try {
                this.L = await loadLeaflet();
            } catch {
                this.state.degraded = true;
            }
        });
        onMounted(() => {
            if (this.state.degraded) {
                return;
            }
            this.map = createMap(this.L, this.mapRef.el, this.config, {
                zoom: 12,
                onTilesFailed: () => {
                    this.state.degraded = true;
                },
            });
            this.clusters = this.L.markerClusterGroup({
                chunkedLoading: true,
                chunkProgress: (processed, total) => this.onChunk(processed, total),
                iconCreateFunction: (cluster) => this.clusterIcon(cluster),
            });
            this.clusters.on("click", (ev) => this.openTicket(ev.layer.options.ticketId));
            this.map.addLayer(this.clusters);
            this.icons = AGE_CLASSES.map((cls, index) =>
                this.L.divIcon({
                    className: `o_hotline_pin o_hotline_age_${index}`,
                    iconSize: [14, 14],
                })
            );
            this.load();
        });
        onWillUnmount(() => this.map?.remove());
    }

    /** The list's filters as a domain (same fields as the requests' search filters). */
    get domain() {
        const domain = [];
        if (this.state.categoryId) {
            domain.push(["category_id", "child_of", parseInt(this.state.categoryId)]);
        }
        if (this.state.districtId) {
            domain.push(["district_id", "=", parseInt(this.state.districtId)]);
        }
        if (this.state.stageId) {
            domain.push(["stage_id", "=", parseInt(this.state.stageId)]);
        }
        if (this.state.overdue) {
            domain.push(["is_overdue", "=", true]);
        }
        return domain;
    }

    ageIndex(days) {
        return AGE_CLASSES.findIndex((cls) => days <= cls.max);
    }

    clusterIcon(cluster) {
        let oldest = 0;
        for (const marker of cluster.getAllChildMarkers()) {
            oldest = Math.max(oldest, marker.options.ageIndex);
        }
        const count = cluster.getChildCount();
        const size = count < 100 ? 34 : count < 1000 ? 42 : 50;
        return this.L.divIcon({
            html: `<div><span>${count}</span></div>`,
            className: `marker-cluster o_hotline_cluster o_hotline_age_${oldest}`,
            iconSize: [size, size],
        });
    }

    async load() {
        if (!this.map) {
            return;
        }
        this.state.loading = true;
        this.rootRef.el.dataset.state = "loading";
        const t0 = performance.now();
        this.clusters.clearLayers();
        this.heat?.remove();
        this.heat = null;
        if (this.state.mode === "heat") {
            const data = await this.orm.call("helpdesk.ticket", "hotline_map_heat", [], {
                jalali_month: this.state.month || false,
                domain: this.domain,
            });
            this.state.months = data.months;
            this.state.month = data.month;
            this.state.fetchMs = Math.round(performance.now() - t0);
            const t1 = performance.now();
            this.heat = this.L.heatLayer(data.points, { radius: 18, blur: 14 }).addTo(this.map);
            this.finish(data.points.length, false, t1);
            return;
        }
        const data = await this.orm.call("helpdesk.ticket", "hotline_map_points", [], {
            domain: this.domain,
        });
        this.state.fetchMs = Math.round(performance.now() - t0);
        this.renderStart = performance.now();
        this.pending = { count: data.points.length, truncated: data.truncated };
        const markers = data.points.map(([id, lat, lon, , , , age]) => {
            const ageIndex = this.ageIndex(age);
            return this.L.marker([lat, lon], {
                icon: this.icons[ageIndex],
                ticketId: id,
                ageIndex,
                keyboard: false,
            });
        });
        if (!markers.length) {
            this.finish(0, data.truncated, this.renderStart);
            return;
        }
        this.clusters.addLayers(markers);
    }

    onChunk(processed, total) {
        if (processed === total && this.pending) {
            const { count, truncated } = this.pending;
            this.pending = null;
            this.finish(count, truncated, this.renderStart);
        }
    }

    finish(count, truncated, start) {
        this.state.renderMs = Math.round(performance.now() - start);
        this.state.count = count;
        this.state.truncated = truncated;
        this.state.loading = false;
        const el = this.rootRef.el;
        el.dataset.count = String(count);
        el.dataset.fetchMs = String(this.state.fetchMs);
        el.dataset.renderMs = String(this.state.renderMs);
        el.dataset.state = "ready";
    }

    setFilter(key, value) {
        this.state[key] = value;
        this.load();
    }

    setMode(mode) {
        this.state.mode = mode;
        this.load();
    }

    openTicket(id) {
        if (!id) {
            return;
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "helpdesk.ticket",
            res_id: id,
            views: [[false, "form"]],
            name: _t("Request"),
        });
    }
}

registry.category("actions").add("municipal_hotline.staff_map", HotlineStaffMap);
