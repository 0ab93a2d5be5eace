import { appTranslateFn } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

// tests/test_persian_ui.py creates the request "Figures tour request", filed 7 h 37 min
// ago, and opens these tours as a Persian (or an English) supervisor.

const REQUEST = "Figures tour request";
const LATIN = /[0-9]/;

/** Terms of web, mail, spreadsheet, survey and portal the hotline's screens show */
const OTHER_MODULES_TERMS = [
    ["Missing required fields", "web"],
    ["Custom Filter", "web"],
    ["The conversation is empty.", "mail"],
    ["Month to Date", "spreadsheet"],
    ["Submit confirmation", "survey"],
];

function checkText(el, test, what) {
    const text = el.textContent.trim();
    if (!test(text)) {
        throw new Error(`${what} reads "${text}"`);
    }
}

registry.category("web_tour.tours").add("municipal_hotline_persian_terms", {
    steps: () => [
        {
            content: "The web client speaks Persian for other modules' terms too",
            trigger: ".o_form_view",
            run() {
                for (const [term, module] of OTHER_MODULES_TERMS) {
                    const shown = String(appTranslateFn(term, module));
                    if (shown === term || !/[\u0600-\u06ff]/.test(shown)) {
                        throw new Error(`${module}: "${term}" reads "${shown}"`);
                    }
                }
            },
        },
        {
            content: "The request's code and title in the breadcrumb, in Persian digits",
            trigger: ".o_last_breadcrumb_item:contains('Figures tour request')",
            run() {
                checkText(
                    this.anchor,
                    (t) => /[۰-۹]+-[۰-۹]+\s-\s/.test(t) && !LATIN.test(t),
                    "the breadcrumb",
                );
            },
        },
        {
            content: "Time in the current stage, in Persian: ۷ ساعت (۷ ساعت و ۳۷ دقیقه)",
            trigger: ".o_statusbar_status .o_arrow_button_current span[title]",
            run() {
                checkText(this.anchor, (t) => t === "۷ ساعت", "the stage's time");
                const full = this.anchor.getAttribute("title");
                if (!/^۷ ساعت و ۳[۷-۹] دقیقه$/.test(full)) {
                    throw new Error(`the stage's time in full reads "${full}"`);
                }
            },
        },
    ],
});

/**
 * @param {boolean} persian whether the figures are in Persian digits (else Latin)
 */
function figuresSteps(persian) {
    const code = persian ? (t) => /^[۰-۹][۰-۹-]*$/.test(t) : (t) => /^[0-9][0-9-]*$/.test(t);
    const figures = persian ? (t) => !LATIN.test(t) : (t) => !/[۰-۹]/.test(t);
    return [
        {
            content: "Search the test request",
            trigger: ".o_searchview_input",
            run: `edit ${REQUEST}`,
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "List: the request's code",
            trigger: `.o_data_row:contains('${REQUEST}') td[name=number]`,
            run() {
                checkText(this.anchor, code, "the code in the list");
            },
        },
        {
            content: "List: a linked record's name",
            trigger: `.o_data_row:contains('${REQUEST}') td[name=district_id]:contains('Zone')`,
            run() {
                checkText(this.anchor, (t) => figures(t) && /\S+\s\S+/.test(t), "the district's name");
            },
        },
        {
            content: "Group the list by district",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: `.o_group_by_menu .o-dropdown-item:contains('${persian ? "منطقه" : "District"}')`,
            run: "click",
        },
        {
            content: "List: the group's name and count",
            trigger: ".o_group_name:contains('Zone')",
            run() {
                checkText(this.anchor, figures, "a group's header");
            },
        },
        {
            content: "Open the kanban",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "Kanban: the request's code",
            trigger: `.o_kanban_record:contains('${REQUEST}')`,
            run() {
                const [shown] = [...this.anchor.querySelectorAll("span")].filter((span) =>
                    /^[0-9۰-۹]{2}-[0-9۰-۹]+$/.test(span.textContent.trim()),
                );
                if (!shown) {
                    throw new Error("no code on the card");
                }
                checkText(shown, code, "the code on the card");
            },
        },
        {
            content: "Kanban: the columns' counts",
            trigger: ".o_kanban_header .o_animated_number",
            run() {
                for (const header of document.querySelectorAll(".o_kanban_header")) {
                    checkText(header, figures, "a column's header");
                }
            },
        },
        {
            content: "Open the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "Pivot: the counts",
            trigger: ".o_pivot .o_pivot_cell_value",
            run() {
                for (const cell of document.querySelectorAll(".o_pivot .o_pivot_cell_value")) {
                    checkText(cell, figures, "a pivot cell");
                }
                // the rows are the districts (the list's grouping): "Zone 12"
                const headers = [...document.querySelectorAll(".o_pivot th span")];
                if (!headers.some((h) => h.textContent.includes("Zone"))) {
                    throw new Error("no district row in the pivot");
                }
                for (const header of headers) {
                    checkText(header, figures, "a pivot header");
                }
                checkText(
                    document.querySelector(".o_pivot .o_pivot_cell_value"),
                    (t) => (persian ? /^[۰-۹][۰-۹.,]*$/ : /^[0-9][0-9.,]*$/).test(t),
                    "the first pivot cell",
                );
            },
        },
    ];
}

registry.category("web_tour.tours").add("municipal_hotline_persian_figures", {
    steps: () => figuresSteps(true),
});

/**
 * The ticket analysis as a graph: the value axis' ticks (drawn on a canvas, read
 * from the chart).
 * @param {boolean} persian whether the figures are in Persian digits (else Latin)
 */
function graphSteps(persian) {
    const figures = persian ? (t) => !LATIN.test(t) : (t) => !/[۰-۹]/.test(t);
    return [
        {
            content: "Open the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "Graph: the axes' figures",
            trigger: ".o_graph_canvas_container canvas",
            run() {
                const chart = window.Chart.getChart(this.anchor);
                const labels = chart.scales.y.ticks.map((tick) => String(tick.label));
                if (!labels.length) {
                    throw new Error("no tick on the axis");
                }
                for (const label of labels) {
                    if (!figures(label) || !(persian ? /[۰-۹]/ : /[0-9]/).test(label)) {
                        throw new Error(`an axis tick reads "${label}"`);
                    }
                }
            },
        },
    ];
}

registry.category("web_tour.tours").add("municipal_hotline_persian_graph", {
    steps: () => graphSteps(true),
});

registry.category("web_tour.tours").add("municipal_hotline_latin_graph", {
    steps: () => graphSteps(false),
});

registry.category("web_tour.tours").add("municipal_hotline_latin_figures", {
    steps: () => figuresSteps(false),
});
