import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// An operator back from a break gets a call: the PBX's signed ring event (posted by the
// test over HTTP) pops Take a Call with the number and the caller's earlier requests;
// the operator saves the request, which becomes the call's outcome.
registry.category("web_tour.tours").add("municipal_hotline_screen_pop", {
    url: "/odoo/action-municipal_hotline.hotline_call_action_my",
    steps: () => [
        {
            content: "Back from the break: switch the phone to available",
            trigger: ".o_hotline_phone_state button[data-state=paused]",
            run: "click",
        },
        {
            trigger: ".o_hotline_phone_state button[data-state=available]",
        },
        {
            content: "The call rings: Take a Call opens with the number filled in",
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input:value(09121112233)",
            timeout: 30000,
        },
        {
            content: "The caller is known",
            trigger: ".o_hotline_intake .o_field_widget[name=partner_id]:contains(Screen Pop Caller)",
        },
        {
            content: "Their earlier request shows before they say a word",
            trigger: ".o_field_widget[name=caller_ticket_ids] .o_data_row:contains(Earlier broken light)",
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
            run: "editor Pothole again in front of number 12",
        },
        ...stepUtils.saveForm(),
        {
            content: "The tracking code to read to the caller",
            trigger: ".o_hotline_tracking_code:visible .o_field_widget[name=number]:contains(-)",
        },
    ],
});

// The same call answered on the spot: "Answered, no request" and the inquiry, two clicks.
registry.category("web_tour.tours").add("municipal_hotline_call_no_request", {
    url: "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
    steps: () => [
        {
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input",
            content: "The number, still being typed when the button is clicked",
            run: "edit 09121112233",
        },
        {
            content: "First click: the call ended without a request",
            trigger: ".o_hotline_no_request",
            run: "click",
        },
        {
            content: "Second click: what was answered",
            trigger: ".o_hotline_reason:contains(Fees and permits)",
            run: "click",
        },
        {
            content: "Logged, and a fresh form for the next call",
            trigger: ".o_notification:contains(Call logged.)",
        },
        {
            trigger: ".o_hotline_intake .o_field_widget[name=caller_phone] input:value()",
        },
    ],
});
