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
