import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A caller who will not give a name: the toggle first, on an empty form, saves nothing.
registry.category("web_tour.tours").add("municipal_hotline_intake_anonymous", {
    steps: () => [
        {
            content: "The caller stays anonymous",
            trigger: ".o_hotline_intake .o_field_widget[name=is_anonymous] input",
            run: "click",
        },
        {
            content: "No name is asked",
            trigger: ".o_hotline_intake:not(:has(.o_field_widget[name=partner_name]))",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=address] input",
            run: "edit Anonymous tour street",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=description] .odoo-editor-editable",
            run: "editor Smell of gas in the street",
        },
        {
            content: "Nothing was saved: no missing field flagged, no error shown",
            trigger: ".o_hotline_intake:not(:has(.o_field_invalid))",
        },
        {
            trigger: "body:not(:has(.o_notification))",
        },
        {
            trigger: ".o_hotline_intake:not(:has(.o_hotline_tracking_code))",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=category_id] input",
            run: "edit بوی گاز",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(بوی گاز)",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "The tracking code to read to the caller",
            trigger: ".o_hotline_tracking_code:visible .o_field_widget[name=number]:contains(-)",
        },
    ],
});
