import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// The test (tests/test_jalali_webclient.py) creates the request "Jalali tour request",
// dated 2025-12-02 (1404/09/11), and checks in Python what the tours stored.

const searchRequest = (name) => [
    {
        content: "Search the test request",
        trigger: ".o_searchview_input",
        run: `edit ${name}`,
    },
    {
        trigger: ".o_searchview_input",
        run: "press Enter",
    },
];

const DEADLINE = ".o_field_widget[name=date_deadline]";

registry.category("web_tour.tours").add("municipal_hotline_jalali_list", {
    steps: () => [
        ...searchRequest("Jalali tour request"),
        {
            content: "A Persian user reads the request's date in Jalali: 1404/09/11",
            trigger: ".o_data_row:contains('Jalali tour request'):contains('۱۴۰۴/۰۹/۱۱')",
        },
        {
            content: "and never the Gregorian year",
            trigger: ".o_data_row:contains('Jalali tour request'):not(:contains('2025'))",
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_jalali_picker", {
    steps: () => [
        {
            content: "The deadline (1405/07/18) is shown in Jalali",
            trigger: `${DEADLINE}:contains('۱۴۰۵/۰۷/۱۸')`,
        },
        {
            content: "Open the date picker",
            trigger: `${DEADLINE} button`,
            run: "click",
        },
        {
            content: "The picker shows the Jalali month of the deadline",
            trigger: ".o_datetime_picker_header:contains('مهر ۱۴۰۵')",
        },
        {
            content: "Mehr 1405 starts on a Wednesday: its first week starts on 28 Shahrivar",
            trigger: ".o_week_number_cell + .o_date_item_cell.o_out_of_range:text(۲۸)",
        },
        {
            content: "and 31 Shahrivar is followed by 1 Mehr",
            trigger:
                ".o_date_item_cell.o_out_of_range:text(۳۱) + .o_date_item_cell:not(.o_out_of_range):text(۱)",
        },
        {
            trigger: ".o_datetime_picker .o_next",
            run: "click",
        },
        {
            trigger: ".o_datetime_picker_header:contains('آبان ۱۴۰۵')",
        },
        {
            trigger: ".o_datetime_picker .o_next",
            run: "click",
        },
        {
            content: "Two Jalali months later: Azar 1405",
            trigger: ".o_datetime_picker_header:contains('آذر ۱۴۰۵')",
        },
        {
            content: "Pick the 20th of Azar",
            trigger: ".o_date_item_cell:not(.o_out_of_range):text(۲۰)",
            run: "click",
        },
        {
            trigger: `${DEADLINE} input:value(۱۴۰۵/۰۹/۲۰)`,
        },
        {
            content: "Apply",
            trigger: ".o_datetime_buttons .btn-primary",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            trigger: `${DEADLINE}:contains('۱۴۰۵/۰۹/۲۰')`,
        },
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_jalali_typing", {
    steps: () => [
        {
            content: "Type a Jalali date in Latin digits",
            trigger: `${DEADLINE} button`,
            run: "click",
        },
        {
            trigger: `${DEADLINE} input`,
            run: "edit 1404/09/11 10:00 && press Enter",
        },
        {
            trigger: `${DEADLINE}:contains('۱۴۰۴/۰۹/۱۱ ۱۰:۰۰')`,
        },
        {
            content: "A Jalali day that does not exist is refused, not read as a Gregorian date",
            trigger: `${DEADLINE} button`,
            run: "click",
        },
        {
            trigger: `${DEADLINE} input`,
            run: "edit 1404/12/30 && press Enter",
        },
        {
            trigger: `${DEADLINE}:contains('۱۴۰۴/۰۹/۱۱ ۱۰:۰۰')`,
        },
        {
            content: "Type a Jalali date in Persian digits",
            trigger: `${DEADLINE} button`,
            run: "click",
        },
        {
            trigger: `${DEADLINE} input`,
            run: "edit ۱۴۰۴/۰۹/۱۲ ۰۹:۱۵ && press Enter",
        },
        {
            trigger: `${DEADLINE}:contains('۱۴۰۴/۰۹/۱۲ ۰۹:۱۵')`,
        },
        ...stepUtils.saveForm(),
    ],
});

registry.category("web_tour.tours").add("municipal_hotline_jalali_english", {
    steps: () => [
        ...searchRequest("Jalali tour request"),
        {
            content: "An English user keeps the Gregorian calendar",
            trigger: ".o_data_row:contains('Jalali tour request'):contains('Dec 2, 2025')",
        },
        {
            trigger: ".o_data_row:contains('Jalali tour request'):not(:contains('1404'))",
        },
        {
            trigger: ".o_data_row:contains('Jalali tour request') td[name=name]",
            run: "click",
        },
        {
            trigger: `${DEADLINE} button`,
            run: "click",
        },
        {
            content: "and the Gregorian date picker",
            trigger: ".o_datetime_picker_header:contains('October 2026')",
        },
    ],
});

// The director's pivot (hotline.ticket.report) in Persian: Jalali months as columns.
const PIVOT_HEADER = ".o_pivot thead th";
registry.category("web_tour.tours").add("municipal_hotline_jalali_pivot", {
    steps: () => [
        {
            content: "The analysis opens on this Jalali year",
            trigger: ".o_searchview_facet:contains('سال شمسی جاری')",
        },
        {
            content: "Its columns are Jalali months: Azar of this year",
            trigger: `${PIVOT_HEADER}:contains('آذر')`,
        },
        {
            content: "never a Gregorian month",
            trigger: `.o_pivot:not(:contains('دسامبر')):not(:contains('نوامبر'))`,
        },
        {
            content: "Show every year",
            trigger: ".o_searchview_facet:contains('سال شمسی جاری') .o_facet_remove",
            run: "click",
        },
        {
            content: "The request filed on 1404/09/11 is counted in Azar 1404",
            trigger: `${PIVOT_HEADER}:contains('آذر'):contains('1404'), ${PIVOT_HEADER}:contains('آذر'):contains('۱۴۰۴')`,
        },
    ],
});
