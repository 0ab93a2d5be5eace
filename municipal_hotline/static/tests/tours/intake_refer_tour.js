import { registry } from "@web/core/registry";

// A water leak: not the municipality's duty. Save & refer it without leaving the call.
registry.category("web_tour.tours").add("municipal_hotline_intake_refer", {
    steps: () => [
        {
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input",
            run: "edit ۰۹۱۸ ۵۵۵ ۶۶۷۷",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=partner_name] input",
            run: "edit Refer Tour Caller",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=category_id] input",
            run: "edit نشتی لوله آب",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(نشتی لوله آب)",
            run: "click",
        },
        {
            content: "The agency in charge is shown",
            trigger: ".o_hotline_out_of_jurisdiction:visible",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=description] .odoo-editor-editable",
            run: "editor Water pouring from a broken pipe",
        },
        {
            content: "Save the call and refer it",
            trigger: ".o_hotline_intake button[name=action_refer_to_agency]",
            run: "click",
        },
        {
            content: "The agency is proposed",
            trigger: ".modal .o_field_widget[name=agency_ids] .o_tag",
        },
        {
            trigger: ".modal button[name=action_refer]",
            run: "click",
        },
        {
            content: "Back on the call: the tracking code to read to the caller",
            trigger:
                "body:not(:has(.modal)) .o_hotline_tracking_code:visible .o_field_widget[name=number]:contains(-)",
        },
    ],
});
