import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import { PortalHomeCounters } from "@portal/interactions/portal_home_counters";
import {
    hasEasternDigits,
    toLatinDigits,
    toPersianDigits,
} from "@municipal_hotline/jalali/jalali";
import { isJalaliActive } from "@municipal_hotline/jalali/jalali_dates";

/** The portal's inputs of numbers: phones, digits, coordinates, dates. */
export const PORTAL_DIGIT_INPUTS = [
    "input[type='tel']",
    "input[type='number']",
    "input[inputmode='numeric']",
    "input[inputmode='decimal']",
    "input.o_hotline_digits",
].join(", ");

/**
 * Persian (۰-۹) and Arabic (٠-٩) digits typed or pasted in a portal form's number
 * inputs become Latin digits as they are typed: what the citizen sees is what is
 * sent. The server reads Eastern digits too (tools/phone.py latin_digits), for
 * browsers without JavaScript.
 */
export class HotlineEasternDigits extends Interaction {
    static selector = "form";
    dynamicContent = {
        [PORTAL_DIGIT_INPUTS]: { "t-on-input": this.onInput },
    };

    /**
     * @param {InputEvent} ev
     */
    onInput(ev) {
        const input = ev.currentTarget;
        if (!hasEasternDigits(input.value)) {
            return;
        }
        // one character for one: the caret stays where it was
        const { selectionStart, selectionEnd } = input;
        input.value = toLatinDigits(input.value);
        if (selectionStart !== null && input.type !== "number") {
            input.setSelectionRange(selectionStart, selectionEnd);
        }
    }
}

registry.category("public.interactions").add("municipal_hotline.eastern_digits", HotlineEasternDigits);

/** The counts of "My account" (requests, referrals...) in Persian digits on Persian pages. */
patch(PortalHomeCounters.prototype, {
    async updateCounters() {
        await super.updateCounters();
        if (isJalaliActive()) {
            for (const counter of this.el.querySelectorAll("[data-placeholder_count]")) {
                counter.textContent = toPersianDigits(counter.textContent);
            }
        }
    },
});
