import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// An operator takes a call: number, name, category (guidance shows), save, read the code.
registry.category("web_tour.tours").add("municipal_hotline_intake", {
    url: "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
    steps: () => [
        {
            content: "Type the caller's number, with Persian digits",
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input",
            run: "edit ۰۹۱۲ ۷۷۷ ۶۶۵۵",
        },
        {
            content: "Unknown number: give the caller's name",
            trigger: ".o_field_widget[name=partner_name] input",
            run: "edit Tour Caller",
        },
        {
            content: "Choose the category",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit Gas",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Gas)",
            run: "click",
        },
        {
            content: "The emergency and the guidance show at once",
            trigger: ".o_hotline_emergency:visible",
        },
        {
            trigger: ".o_hotline_guidance:visible",
        },
        {
            content: "The agency in charge is shown",
            trigger: ".o_hotline_out_of_jurisdiction:visible",
        },
        {
            content: "Describe what the caller says",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable",
            run: "editor Strong gas smell in the staircase",
        },
        ...stepUtils.saveForm(),
        {
            content: "The tracking code to read to the caller",
            trigger: ".o_hotline_tracking_code:visible .o_field_widget[name=number]:contains(-)",
        },
    ],
});
