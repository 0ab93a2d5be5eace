import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// An operator opens a new report: the request reported nearby is proposed; they link
// the new one as its duplicate, open the master and resolve it.
registry.category("web_tour.tours").add("municipal_hotline_duplicate", {
    steps: () => [
        {
            content: "The request reported nearby is proposed",
            trigger: ".o_hotline_duplicate_proposals:visible .o_data_row:contains(Tour master light)",
        },
        {
            content: "Link this request as its duplicate",
            trigger: ".o_hotline_duplicate_proposals .o_hotline_link_duplicate",
            run: "click",
        },
        {
            content: "The request now shows its master",
            trigger: ".o_hotline_duplicate_of:visible .o_field_widget[name=duplicate_of_id] a",
            run: "click",
        },
        {
            content: "The master counts two reporters",
            trigger: ".o_hotline_reporters:visible:contains(2)",
        },
        {
            content: "Open the folded stages",
            trigger: ".o_statusbar_status .dropdown-toggle.o_first:visible:enabled",
            run: "click",
        },
        {
            content: "Resolve the master",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Resolved)",
            run: "click",
        },
        {
            content: "The master is resolved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Resolved)",
        },
        ...stepUtils.saveForm(),
    ],
});
