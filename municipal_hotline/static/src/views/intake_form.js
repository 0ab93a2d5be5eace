import { registry } from "@web/core/registry";
import { FormController } from "@web/views/form/form_controller";
import { formView } from "@web/views/form/form_view";

/**
 * Take a Call: discarding a call that was not saved (the caller hung up) gives a fresh
 * call form, where the form view would go back to the previous screen (or to Discuss
 * when Take a Call is the operator's home screen).
 */
export class HotlineIntakeFormController extends FormController {
    async discard() {
        if (!this.model.root.isNew || this.env.inDialog || this.props.discardRecord) {
            return super.discard();
        }
        await this.model.root.discard();
        await this.model.load({ resId: false });
    }
}

registry.category("views").add("hotline_intake_form", {
    ...formView,
    Controller: HotlineIntakeFormController,
});
