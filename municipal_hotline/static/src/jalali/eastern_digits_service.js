/**
 * Persian (۰-۹) and Arabic (٠-٩) digits typed or pasted into a numeric, phone, date or
 * time input become Latin digits as they are typed, before the field reads them: Odoo's
 * number parsers only know Latin digits. Text inputs (names, addresses) are left alone.
 */
import { registry } from "@web/core/registry";
import { hasEasternDigits, toLatinDigits } from "./jalali";

export const DIGIT_INPUTS = [
    ".o_field_integer input",
    ".o_field_float input",
    ".o_field_monetary input",
    ".o_field_percentage input",
    ".o_field_float_time input",
    ".o_field_phone input",
    "input.o_datetime_input",
    "input.o_time_picker_input",
    "input[type='tel']",
    "input[inputmode='numeric']",
    "input[inputmode='decimal']",
].join(", ");

/**
 * @param {InputEvent} ev
 */
function onInput(ev) {
    const input = ev.target;
    if (
        input instanceof HTMLInputElement &&
        hasEasternDigits(input.value) &&
        input.matches(DIGIT_INPUTS)
    ) {
        // one character for one: the caret stays where it was
        const { selectionStart, selectionEnd } = input;
        input.value = toLatinDigits(input.value);
        if (selectionStart !== null) {
            input.setSelectionRange(selectionStart, selectionEnd);
        }
    }
}

export const easternDigitsService = {
    start() {
        // capture: runs before the field's own "input" and "change" listeners
        document.addEventListener("input", onInput, { capture: true });
    },
};

registry.category("services").add("municipal_hotline_eastern_digits", easternDigitsService);
