import { appTranslateFn } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

// tests/test_persian_ui.py creates the request "Figures tour request", filed 7 h 37 min
// ago, and opens these tours as a Persian (or an English) supervisor.

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
