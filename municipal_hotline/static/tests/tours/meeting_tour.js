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
