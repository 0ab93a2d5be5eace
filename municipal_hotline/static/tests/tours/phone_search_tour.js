import { registry } from "@web/core/registry";

// The caller says "I called before": the operator types the number and presses Enter.
registry.category("web_tour.tours").add("municipal_hotline_phone_search", {
    steps: () => [
        {
            content: "The requests list",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Type the caller's number in Persian digits",
            trigger: ".o_searchview_input",
            run: "edit ۰۹۱۸ ۳۳۳ ۴۴۵۵",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The caller's requests are found",
            trigger: ".o_data_row td[name=name]:contains(Tour phone request 0)",
        },
        {
            trigger: ".o_data_row td[name=name]:contains(Tour phone request 2)",
        },
        {
            content: "Only theirs",
            trigger: ".o_list_view:not(:has(.o_data_row td[name=name]:contains(Another caller)))",
        },
    ],
});
