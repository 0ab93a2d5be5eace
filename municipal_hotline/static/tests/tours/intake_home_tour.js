import { registry } from "@web/core/registry";

// An operator logs in and is on Take a Call; a caller hangs up: discard, a fresh call form.
registry.category("web_tour.tours").add("municipal_hotline_intake_home", {
    steps: () => [
        {
            content: "After login the operator is on Take a Call",
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input",
            run: "edit ۰۹۱۸ ۱۱۱ ۲۲۳۳",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=partner_name] input",
            run: "edit Hung Up Caller",
        },
        {
            content: "The caller hangs up: discard the call",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            content: "Still on Take a Call, on a fresh form",
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input:value(/^$/)",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=partner_name] input:value(/^$/)",
        },
        {
            content: "Not in Discuss",
            trigger: "body:not(:has(.o-mail-Discuss))",
        },
    ],
});
