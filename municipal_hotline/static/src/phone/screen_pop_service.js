import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

export const INTAKE_ACTION = "municipal_hotline.helpdesk_ticket_action_intake";

/**
 * Screen pop: the PBX reports a call ringing at the operator's extension
 * (controllers/pbx.py), the server sends "hotline/screen_pop" on the operator's bus
 * channel, and Take a Call opens with the number filled in (the caller's history
 * shows from the number) and the call's id in the context, so that saving the
 * request links it to the call.
 */
export const hotlineScreenPopService = {
    dependencies: ["action", "bus_service", "notification"],
    start(env, { action, bus_service, notification }) {
        bus_service.subscribe("hotline/screen_pop", async (payload) => {
            notification.add(payload.caller_phone || _t("Unknown number"), {
                title: _t("Incoming call"),
                type: "info",
            });
            await action.doAction(INTAKE_ACTION, {
                clearBreadcrumbs: true,
                additionalContext: {
                    default_caller_phone: payload.caller_phone,
                    hotline_call_id: payload.call_id,
                },
            });
        });
        bus_service.start();
    },
};

registry.category("services").add("hotline_screen_pop", hotlineScreenPopService);
