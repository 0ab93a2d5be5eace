import { registry } from "@web/core/registry";

// An agency's portal user answers a referral from the 137 hotline.
registry.category("web_tour.tours").add("hotline_referral_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the referrals sent to my agency",
            trigger: "a[href='/my/referrals']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the leak referral",
            trigger: ".o_referral_row a:contains('Leak on Main Street')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Give our reference number",
            trigger: ".o_referral_acknowledge_form input[name='agency_reference']",
            run: "edit ABFA-TOUR-7",
        },
        {
            content: "Acknowledge receipt",
            trigger: "button.o_referral_acknowledge",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Acknowledged",
            trigger: ".o_referral_agency_reference:contains('ABFA-TOUR-7')",
        },
        {
            content: "Write the answer",
            trigger: ".o_referral_answer_form textarea[name='response']",
            run: "edit Crew sent, pipe replaced.",
        },
        {
            content: "Send it",
            trigger: "button.o_referral_send_answer",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The answer is shown",
            trigger: ".o_referral_response:contains('Crew sent')",
        },
    ],
});
