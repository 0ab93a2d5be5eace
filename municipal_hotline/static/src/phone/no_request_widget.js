import { Component, useState } from "@odoo/owl";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { INTAKE_ACTION } from "./screen_pop_service";

/**
 * "Answered, no request" on Take a Call: two clicks log the call that ends without a
 * request, the button and then what was answered (the city's inquiry list), or
 * "Transferred" / "Call back". The screen-popped call is the one logged (its id is in
 * the form's context); without one, a call of the operator's is recorded. The form is
 * then fresh for the next call, nothing saved as a request.
 */
export class HotlineNoRequestButton extends Component {
    static template = "municipal_hotline.NoRequestButton";
    static components = { Dropdown, DropdownItem };
    static props = standardWidgetProps;

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.state = useState({ reasons: [] });
    }

    async loadReasons() {
        this.state.reasons = await this.orm.searchRead(
            "hotline.call.reason",
            [],
            ["name"],
            { order: "sequence, name, id" }
        );
    }

    async log(outcome, reasonId = false) {
        const record = this.props.record;
        // the number being typed: committed and its onchange done
        await record.getChanges();
        await this.orm.call("hotline.call", "log_without_request", [outcome], {
            reason_id: reasonId,
            call_id: record.context.hotline_call_id || false,
            phone: record.data.caller_phone || false,
        });
        await record.discard();
        await this.action.doAction(INTAKE_ACTION, { clearBreadcrumbs: true });
        this.notification.add(_t("Call logged."), { type: "success" });
    }
}

registry.category("view_widgets").add("hotline_call_no_request", {
    component: HotlineNoRequestButton,
});
