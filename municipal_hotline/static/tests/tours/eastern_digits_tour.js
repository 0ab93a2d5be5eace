import { registry } from "@web/core/registry";

// tests/test_jalali_portal.py opens an agency's form and checks in Python that
// "۱۲۳" typed in its response time (an integer field) was saved as 123.

const HOURS = ".o_field_widget[name=hotline_response_hours] input";

registry.category("web_tour.tours").add("municipal_hotline_eastern_digits", {
    steps: () => [
        {
            content: "The parsers registry reads Persian and Arabic digits",
            trigger: ".o_form_view",
            run() {
                const parsers = registry.category("parsers");
                const checks = [
                    [parsers.get("integer")("۱۲۳"), 123],
                    [parsers.get("float")("٣٫٥"), 3.5],
                    [parsers.get("monetary")("۱,۲۵۰.۵"), 1250.5],
                ];
                for (const [parsed, expected] of checks) {
                    if (parsed !== expected) {
                        throw new Error(`parsed ${parsed}, expected ${expected}`);
                    }
                }
            },
        },
        {
            content: "Open the 137 Hotline tab",
            trigger: ".o_notebook_headers a[name=hotline_agency]",
            run: "click",
        },
        {
            content: "Type the response time in Persian digits",
            trigger: HOURS,
            run: "edit ۱۲۳",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved as 123",
            trigger: `.o_form_saved ${HOURS}:value(123)`,
        },
    ],
});
