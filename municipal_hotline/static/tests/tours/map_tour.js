import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// Maps: the citizen's point picker on a phone (tiles up, tiles down) and the staff map.
// Selectors use classes and names, never labels: the tours run in Persian.

function categoryPath() {
    const id = parseInt(new URLSearchParams(window.location.search).get("tour_category"));
    const nodes = JSON.parse(document.querySelector(".o_hotline_category").dataset.categories);
    const path = [];
    for (let node = nodes.find((n) => n.id === id); node; ) {
        path.unshift(node.id);
        node = nodes.find((n) => n.id === node.parent_id);
    }
    return path;
}

function fillRequest() {
    const steps = [0, 1].map((level) => ({
        content: `Category, step ${level + 1}`,
        trigger: `.o_hotline_category_step[data-level='${level}']`,
        run() {
            const value = categoryPath()[level];
            if (value) {
                this.anchor.value = String(value);
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            }
        },
    }));
    return [
        ...steps,
        {
            content: "Describe the problem",
            trigger: "textarea[name=description]",
            run: "edit چاله‌ای عمیق جلوی مدرسه",
        },
        { content: "District", trigger: "select[name=district_id]", run: "selectByIndex 1" },
        { content: "Address", trigger: "input[name=address]", run: "edit خیابان مدرس، کوچه ۱۲" },
        { content: "Phone", trigger: "input[name=phone]", run: "edit 09181234567" },
    ];
}

const submit = [
    { content: "Send", trigger: ".o_hotline_submit", run: "click", expectUnloadPage: true },
    {
        content: "The tracking code is shown",
        trigger: ".o_hotline_submitted .o_hotline_tracking_code:not(:empty)",
    },
];

registry.category("web_tour.tours").add("municipal_hotline_map_picker", {
    steps: () => [
        {
            content: "The map shows, its tiles loaded",
            trigger: ".o_hotline_map_picker.o_hotline_map_ready .o_hotline_map_canvas[data-tiles=loaded]",
        },
        ...fillRequest(),
        {
            content: "Tap the map at the place of the problem",
            trigger: ".o_hotline_map_picker .o_hotline_map_canvas",
            run: "click",
        },
        {
            content: "A pin is placed and the point filled in",
            trigger: ".o_hotline_map_picker.o_hotline_point_set .leaflet-marker-icon",
        },
        {
            content: "The latitude is set",
            trigger: ".o_hotline_map_picker",
            run() {
                const lat = parseFloat(document.querySelector("#latitude").value);
                const lng = parseFloat(document.querySelector("#longitude").value);
                if (!(lat > 30 && lat < 40 && lng > 40 && lng < 55)) {
                    throw new Error(`unexpected point ${lat}, ${lng}`);
                }
            },
        },
        ...submit,
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_map_picker_degraded", {
    steps: () => [
        {
            content: "The tiles do not load: a notice, the map is hidden",
            trigger: ".o_hotline_map_picker.o_hotline_map_degraded .o_hotline_map_notice:visible",
        },
        {
            content: "The map canvas is hidden",
            trigger: ".o_hotline_map_picker .o_hotline_map_canvas.d-none:not(:visible)",
        },
        ...fillRequest(),
        ...submit,
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_staff_map", {
    steps: () => [
        {
            content: "The map asks for the open requests",
            trigger: ".o_hotline_staff_map[data-state]",
            timeout: 60000,
        },
        {
            content: "The open requests are clustered on the map",
            trigger: ".o_hotline_staff_map[data-state=ready] .o_hotline_cluster",
            timeout: 60000,
        },
        {
            content: "Report the figures",
            trigger: ".o_hotline_staff_map[data-state=ready]",
            run() {
                const data = this.anchor.dataset;
                console.info(
                    `hotline_staff_map count=${data.count} fetch_ms=${data.fetchMs} render_ms=${data.renderMs}`
                );
            },
        },
        {
            content: "Filter: overdue requests only",
            trigger: ".o_hotline_map_overdue",
            run: "click",
        },
        {
            content: "The map is reloaded with the filter",
            trigger: ".o_hotline_staff_map[data-state=ready]",
            timeout: 60000,
        },
    ],
});

// Take a Call: the operator clicks the map at the place the caller describes.
registry.category("web_tour.tours").add("municipal_hotline_intake_map", {
    steps: () => [
        {
            content: "Type the caller's number",
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input",
            run: "edit 09127771234",
        },
        {
            content: "Unknown number: give the caller's name",
            trigger: ".o_field_widget[name=partner_name] input",
            run: "edit Map Caller",
        },
        {
            content: "Choose the category",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit Pothole",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Pothole)",
            run: "click",
        },
        {
            content: "Describe what the caller says",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable",
            run: "editor A deep hole in front of the school",
        },
        {
            content: "The map's tiles are loaded",
            trigger: ".o_hotline_map_picker_field .o_hotline_map_canvas[data-tiles=loaded]",
        },
        {
            content: "Click the map at the place of the problem",
            trigger: ".o_hotline_map_picker_field .o_hotline_map_canvas",
            run: "click",
        },
        {
            content: "A pin marks the point",
            trigger: ".o_hotline_map_picker_field .leaflet-marker-icon",
        },
        ...stepUtils.saveForm(),
        {
            content: "The tracking code to read to the caller",
            trigger: ".o_hotline_tracking_code:visible .o_field_widget[name=number]:contains(-)",
        },
    ],
});
