import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

import { createMap, loadLeaflet } from "../map/leaflet_loader";

/**
 * The public map of open requests (/hotline/map, when the city publishes it): a
 * cluster per neighbourhood, each point the request's category and status at a
 * rounded position. The server sends nothing more (see /hotline/map/points).
 */
export class HotlinePublicMap extends Interaction {
    static selector = ".o_hotline_public_map";

    async willStart() {
        this.config = JSON.parse(this.el.dataset.mapConfig || "{}");
        try {
            this.L = await this.waitFor(loadLeaflet());
            const response = await this.waitFor(fetch("/hotline/map/points"));
            this.points = (await this.waitFor(response.json())).points;
        } catch {
            this.L = null;
        }
    }

    start() {
        const canvas = this.el.querySelector(".o_hotline_map_canvas");
        const notice = this.el.querySelector(".o_hotline_map_notice");
        if (!this.L) {
            notice.classList.remove("d-none");
            return;
        }
        canvas.classList.remove("d-none");
        const L = this.L;
        this.map = createMap(L, canvas, this.config, {
            onTilesFailed: () => notice.classList.remove("d-none"),
        });
        const clusters = L.markerClusterGroup({ chunkedLoading: true });
        clusters.addLayers(
            this.points.map((point) => {
                const popup = document.createElement("div");
                const title = document.createElement("strong");
                title.textContent = point.category;
                const status = document.createElement("div");
                status.textContent = point.status;
                popup.append(title, status);
                return L.circleMarker([point.lat, point.lon], { radius: 7 }).bindPopup(popup);
            })
        );
        this.map.addLayer(clusters);
        this.el.dataset.points = String(this.points.length);
    }

    destroy() {
        this.map?.remove();
    }
}

registry
    .category("public.interactions")
    .add("municipal_hotline.public_map", HotlinePublicMap);
