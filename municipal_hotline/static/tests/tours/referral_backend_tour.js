import { registry } from "@web/core/registry";

// An operator refers a request to its agency, then looks at the referrals in every view.
registry.category("web_tour.tours").add("hotline_referral_backend_tour", {
    steps: () => [
        {
            content: "Refer the request",
            trigger: ".o_form_view button[name='action_refer_to_agency']",
            run: "click",
        },
        {
            content: "The category's agency is proposed",
            trigger: ".modal .o_field_widget[name='agency_ids'] .o_tag",
        },
        {
            content: "Refer and send",
            trigger: ".modal button[name='action_refer']",
            run: "click",
        },
        {
            content: "The referral is sent",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Sent')",
        },
        {
            content: "Back to the request",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Burst main')",
            run: "click",
        },
        {
            content: "Open its referrals from the smart button",
            trigger: ".o_form_view button[name='action_view_referrals']",
            run: "click",
        },
        {
            content: "The list shows referrals",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Kanban",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            trigger: ".o_kanban_view .o_kanban_record",
        },
        {
            content: "Pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            trigger: ".o_pivot table",
        },
        {
            content: "Graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_renderer canvas",
        },
    ],
});

// In Persian: the request's form shows its referrals and the agency's answer in a tab.
registry.category("web_tour.tours").add("hotline_referral_answer_tab_tour", {
    steps: () => [
        {
            content: "Open the referrals tab (ارجاع‌ها)",
            trigger: ".o_form_view .o_notebook a[name='referrals']:contains('ارجاع‌ها')",
            run: "click",
        },
        {
            content: "The agency's answer column is labelled in Persian",
            trigger: ".o_form_view .o_field_widget[name='referral_ids'] th:contains('پاسخ دستگاه')",
        },
        {
            content: "The water company's answer is on the request",
            trigger:
                ".o_form_view .o_field_widget[name='referral_ids'] .o_data_row:contains('Test Water Company'):contains('Crew sent')",
        },
        {
            content: "Its state: answered (پاسخ‌داده‌شده)",
            trigger:
                ".o_form_view .o_field_widget[name='referral_ids'] .o_data_row:contains('پاسخ‌داده‌شده')",
        },
    ],
});
