/**
 * The graph view's figures (its axes and tooltips) in the reader's digits. The graph
 * view is in the lazily loaded bundle (web.assets_backend_lazy), hence this file.
 */
import { patch } from "@web/core/utils/patch";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { readerDigits } from "@municipal_hotline/jalali/persian_digits_patch";

patch(GraphRenderer.prototype, {
    formatValue(...args) {
        return readerDigits(super.formatValue(...args));
    },
    getScaleOptions() {
        const scales = super.getScaleOptions();
        for (const axis of Object.values(scales)) {
            const callback = axis.ticks?.callback;
            if (callback) {
                axis.ticks.callback = (...args) => readerDigits(callback(...args));
            }
        }
        return scales;
    },
});
