import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A caller without email: the operator takes the call (the tracking code goes by SMS),
// then closes it as "caller informed" (the answer goes by SMS).
registry.category("web_tour.tours").add("municipal_hotline_sms", {
    url: "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
    steps: () => [
        {
            content: "Type the caller's mobile, with Persian digits",
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input",
            run: "edit ۰۹۱۲ ۳۳۳ ۴۴۵۵",
        },
        {
            content: "Unknown number: give the caller's name (no email)",
            trigger: ".o_field_widget[name=partner_name] input",
            run: "edit SMS Tour Caller",
        },
        {
            content: "A private dispute: no public body's duty",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit Private Disputes",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Private Disputes)",
            run: "click",
        },
        {
            content: "Describe what the caller says",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable",
            run: "editor A neighbour's dog barks all night",
        },
        ...stepUtils.saveForm(),
        {
            content: "The tracking code to read to the caller",
            trigger: ".o_hotline_tracking_code:visible .o_field_widget[name=number]:contains(-)",
        },
        {
            content: "The caller was told it is no public body's duty: close",
            trigger: "button[name=action_close_caller_informed]",
            run: "click",
        },
        {
            content: "Closed",
            trigger: ".o_hotline_intake:not(:has(button[name=action_close_caller_informed]))",
        },
    ],
});
