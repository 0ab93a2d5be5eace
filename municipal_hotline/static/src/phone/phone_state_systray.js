import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";

/**
 * The operator's phone in the systray: available or paused (a break), one click to
 * switch. Shown to users with a phone extension only.
 */
export class HotlinePhoneState extends Component {
    static template = "municipal_hotline.PhoneState";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.state = useState({ extension: false, phoneState: "available" });
        onWillStart(async () => {
            const [values] = await this.orm.read(
                "res.users",
                [user.userId],
                ["hotline_extension", "hotline_phone_state"]
            );
            this.state.extension = values.hotline_extension;
            this.state.phoneState = values.hotline_phone_state;
        });
    }

    async toggle() {
        this.state.phoneState = await this.orm.call(
            "res.users",
            "action_hotline_toggle_pause",
            [[user.userId]]
        );
    }
}

registry
    .category("systray")
    .add("municipal_hotline.phone_state", { Component: HotlinePhoneState }, { sequence: 30 });
