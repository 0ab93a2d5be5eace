import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("municipal_hotline_meeting_portal_booking", {
    steps: () => [
        {
            content: "Open a session open for booking",
            trigger: ".o_meeting_open_sessions a:contains('Test district A')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Say what the meeting is about",
            trigger: "textarea[name='topic']",
            run: "edit Our lane has no street lights",
        },
        {
            content: "Book the first free slot",
            trigger: ".o_meeting_book",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The booking is confirmed and listed",
            trigger: ".o_meeting_booked",
        },
        {
            content: "Cancel it",
            trigger: ".o_meeting_my_bookings tr:contains('Our lane has no street lights') .o_meeting_cancel",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The booking is cancelled",
            trigger: ".o_meeting_cancelled",
        },
    ],
});

// The host's screens, in Persian: selectors use names, never labels.
registry.category("web_tour.tours").add("municipal_hotline_meeting_not_started", {
    steps: () => [
        {
            content: "The session's form, right to left, with its booking",
            trigger: ".o_web_client.o_rtl .o_form_view .o_field_widget[name=booking_ids] .o_data_row",
        },
        {
            content: "No 'close as held' before the session starts",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_set_held]))",
        },
        {
            content: "No 'attended' nor 'no-show' on the booking",
            trigger: ".o_field_widget[name=booking_ids] .o_data_row:not(:has(button[name=action_attended])):not(:has(button[name=action_no_show]))",
        },
        {
            content: "Open the booking",
            trigger: ".o_field_widget[name=booking_ids] .o_data_row button[name=action_open_host_screen]",
            run: "click",
        },
        {
            content: "The booking's form has no 'attended' either",
            trigger: ".o_form_view .o_field_widget[name=topic]",
        },
        {
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_attended])):not(:has(button[name=action_give_order]))",
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_meeting_host", {
    steps: () => [
        {
            content: "The citizen's requests of every district are counted",
            trigger: ".o_web_client.o_rtl .o_form_view a[name=earlier]",
            run: "click",
        },
        {
            content: "Each is listed with its district",
            trigger: ".o_hotline_earlier_requests tbody tr:contains('Tour request 4 in B'):contains('Test district B')",
        },
        {
            trigger: ".o_hotline_earlier_requests tbody tr:nth-child(5)",
        },
        {
            content: "The citizen came",
            trigger: ".o_form_view button[name=action_attended]",
            run: "click",
        },
        {
            content: "Give an order",
            trigger: ".o_form_view button[name=action_give_order]",
            run: "click",
        },
        {
            content: "Its title is what the citizen raised",
            trigger: ".modal .o_field_widget[name=name] input:value(Our lane has no street lights)",
        },
        {
            content: "Choose its category",
            trigger: ".modal .o_field_widget[name=category_id] input",
            run: "edit خاموشی",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(خاموشی چراغ معابر)",
            run: "click",
        },
        {
            content: "A deadline",
            trigger: ".modal .o_field_widget[name=date_deadline] input",
            run: "edit 1420/01/01 10:00 && press Enter",
        },
        {
            content: "Give the order",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The order is listed",
            trigger: ".o_form_view:not(:has(.modal)) a[name=orders]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=order_ticket_ids] .o_data_row:contains('Our lane has no street lights')",
        },
    ],
});
