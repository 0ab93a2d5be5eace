import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("municipal_hotline_open_menu", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the 137 Hotline app from the apps menu",
            trigger: ".o_app[data-menu-xmlid='municipal_hotline.menu_hotline_root']",
            run: "click",
        },
        {
            content: "The requests list is shown",
            trigger: ".o_action_manager .o_list_view, .o_action_manager .o_kanban_view",
        },
    ],
});
