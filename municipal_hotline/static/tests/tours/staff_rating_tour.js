import { registry } from "@web/core/registry";

function rate(question, value) {
    return {
        content: `Rate "${question}" ${value}`,
        trigger: `div.js_question-wrapper:contains("${question}") label:contains("${value}")`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("municipal_hotline_staff_rating_counter", {
    steps: () => [
        {
            content: "The citizen gives an optional phone number",
            trigger: "input#hotline_phone",
            run: "edit 0912 123 4567",
        },
        {
            content: "and starts the survey",
            trigger: "button.o_hotline_rating_start",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Start the survey",
            trigger: 'button.btn:contains("Start")',
            run: "click",
        },
        rate("courteous", 5),
        rate("know the subject", 4),
        rate("How quickly", 3),
        rate("Overall", 4),
        {
            content: "Leave a comment",
            trigger: 'div.js_question-wrapper:contains("Anything you would like to add") textarea',
            run: "edit Clear and kind explanations.",
        },
        {
            content: "Submit",
            trigger: 'button[value="finish"]',
            run: "click",
        },
        {
            content: "Confirm the submission",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Thank-you page",
            trigger: '.o_survey_finished:contains("Thank you")',
        },
    ],
});
