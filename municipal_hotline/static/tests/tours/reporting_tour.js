import { registry } from "@web/core/registry";

// The director opens the ticket analysis: a pivot of districts, then the graph.
registry.category("web_tour.tours").add("municipal_hotline_reporting", {
    steps: () => [
        {
            content: "The analysis opens as a pivot of requests per district",
            trigger: ".o_pivot th:contains('# Requests')",
        },
        {
            content: "... with the on-time rate beside the count",
            trigger: ".o_pivot th:contains('On-time Rate (%)')",
        },
        {
            content: "Rows are districts",
            trigger: ".o_pivot th:contains('Test district A')",
        },
        {
            content: "Switch to the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph is drawn",
            trigger: ".o_graph_renderer canvas",
        },
    ],
});

// The director's dashboard loads (no error) and opens on the current month.
registry.category("web_tour.tours").add("municipal_hotline_dashboard", {
    steps: () => [
        {
            content: "The dashboard is rendered, not an error",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer",
            timeout: 40000, // the spreadsheet bundle is loaded lazily
        },
        {
            content: "Its period filter is the current month",
            trigger: ".o_spreadsheet_dashboard_action:contains('Month to Date')",
        },
    ],
});
