/**
 * Persian readers read Persian digits: for users whose language is Persian, the
 * figures of the web client are written with ۰-۹.
 *
 * - the "formatters" registry (the documented way views format a value by type):
 *   list totals, pivot cells, graph tooltips, kanban aggregates, stat buttons...;
 * - the number fields (integer, float, monetary, float_time, percentage), which
 *   import their formatter by name rather than through the registry;
 * - request codes (the char fields of CODE_FIELDS);
 * - the record counts and names of list and kanban groups (web.ListRenderer and
 *   web.KanbanHeader, extended in persian_digits.xml) and of kanban progress bars;
 * - the names of linked records as shown (many2one cells and read-only fields: a
 *   request's "05-000012 - ...") and in the breadcrumbs, phone numbers shown
 *   read-only; the graph's axes are in lazy/graph_digits_patch.js.
 *
 * Inputs keep accepting both digit sets: the parsers read Persian and Arabic digits
 * (parsers_patch.js) and typed Eastern digits become Latin (eastern_digits_service.js).
 * Machine values (what is sent to the server) never go through these formatters.
 */
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import { CharField } from "@web/views/fields/char/char_field";
import { FloatField } from "@web/views/fields/float/float_field";
import { Many2One } from "@web/views/fields/many2one/many2one";
import { PhoneField } from "@web/views/fields/phone/phone_field";
import { FloatTimeField } from "@web/views/fields/float_time/float_time_field";
import { IntegerField } from "@web/views/fields/integer/integer_field";
import { MonetaryField } from "@web/views/fields/monetary/monetary_field";
import { PercentageField } from "@web/views/fields/percentage/percentage_field";
import { Breadcrumbs } from "@web/search/breadcrumbs/breadcrumbs";
import { KanbanHeader } from "@web/views/kanban/kanban_header";
import { ListRenderer } from "@web/views/list/list_renderer";
import { AnimatedNumber } from "@web/views/view_components/animated_number";
import { toPersianDigits } from "./jalali";
import { isJalaliActive } from "./jalali_dates";

export const PERSIAN_DIGIT_FORMATTERS = [
    "float",
    "float_factor",
    "float_time",
    "integer",
    "monetary",
    "percentage",
];

/** Char fields holding codes that people read out (a request's tracking code) */
export const CODE_FIELDS = ["number", "ticket_number"];

/**
 * @param {any} value a formatted value
 * @returns {any} the same, in Persian digits for a Persian user when it is text
 */
export function readerDigits(value) {
    return isJalaliActive() && typeof value === "string" ? toPersianDigits(value) : value;
}

/**
 * @param {Function} format
 * @returns {Function} format, writing Persian digits for a Persian user
 */
export function persianDigitsAfter(format) {
    const formatter = (...args) => readerDigits(format(...args));
    // the registry's formatters may carry their options' reader
    return Object.assign(formatter, format);
}

const formatters = registry.category("formatters");
for (const type of PERSIAN_DIGIT_FORMATTERS) {
    if (formatters.contains(type)) {
        formatters.add(type, persianDigitsAfter(formatters.get(type)), { force: true });
    }
}
// a linked record's name as a list cell shows it
const formatMany2one = formatters.get("many2one");
formatters.add("many2one", Object.assign((...args) => readerDigits(formatMany2one(...args)), formatMany2one), {
    force: true,
});
// lists and kanban cards format a plain char field through the registry
const formatChar = formatters.get("char");
formatters.add(
    "char",
    Object.assign(
        (value, options) =>
            CODE_FIELDS.includes(options?.field?.name)
                ? readerDigits(formatChar(value, options))
                : formatChar(value, options),
        formatChar,
    ),
    { force: true },
);

const readerDigitsValue = {
    get formattedValue() {
        const value = super.formattedValue;
        // an <input type="number"> only takes Latin digits
        return this.props.inputType === "number" ? value : readerDigits(value);
    },
};
for (const Field of [IntegerField, FloatField, MonetaryField, FloatTimeField, PercentageField]) {
    patch(Field.prototype, readerDigitsValue);
}

patch(CharField.prototype, {
    get formattedValue() {
        const value = super.formattedValue;
        return CODE_FIELDS.includes(this.props.name) ? readerDigits(value) : value;
    },
});

patch(AnimatedNumber.prototype, {
    format(value) {
        return readerDigits(super.format(value));
    },
});

// the shown name of a linked record and a phone number (not what is typed: the
// autocomplete searches with what the input holds, the tel: link keeps Latin digits)
export const shownDigits = {
    /**
     * @param {string} text
     * @returns {string} the text in the reader's digits
     */
    hotlineDigits(text) {
        return readerDigits(text);
    },
};
patch(Many2One.prototype, shownDigits);
patch(PhoneField.prototype, shownDigits);
patch(Breadcrumbs.prototype, shownDigits);

const groupCount = {
    /**
     * @param {number} count
     * @returns {string} the count in the reader's digits
     */
    hotlineCount(count) {
        return readerDigits(String(count));
    },
    /**
     * @param {string} name a group's name ("1404 آذر", a code, a number)
     * @returns {string} the name in the reader's digits
     */
    hotlineGroupName(name) {
        return readerDigits(name);
    },
};
patch(KanbanHeader.prototype, groupCount);
patch(ListRenderer.prototype, groupCount);
