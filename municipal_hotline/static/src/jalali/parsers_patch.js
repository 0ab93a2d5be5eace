/**
 * Odoo's number and date parsers only read Latin digits: every parser of the
 * "parsers" registry (the documented way to read a typed value by field type) reads
 * Persian (۰-۹) and Arabic (٠-٩) digits too, as Latin ones. The number fields
 * themselves also get Latin digits as they are typed (eastern_digits_service.js).
 */
import { registry } from "@web/core/registry";
import { hasEasternDigits, toLatinDigits } from "./jalali";

export const EASTERN_DIGIT_PARSERS = [
    "date",
    "datetime",
    "float",
    "float_time",
    "integer",
    "many2one_reference",
    "monetary",
    "percentage",
];

/**
 * @param {Function} parse
 * @returns {Function} parse, reading Eastern digits as Latin ones
 */
export function latinDigitsFirst(parse) {
    return (value, ...args) =>
        parse(typeof value === "string" && hasEasternDigits(value) ? toLatinDigits(value) : value, ...args);
}

const parsers = registry.category("parsers");
for (const type of EASTERN_DIGIT_PARSERS) {
    if (parsers.contains(type)) {
        parsers.add(type, latinDigitsFirst(parsers.get(type)), { force: true });
    }
}
