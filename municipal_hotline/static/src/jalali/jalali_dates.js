/**
 * The Jalali calendar for users whose language is Persian.
 *
 * Odoo's date helpers (@web/core/l10n/dates: formatDate, formatDateTime, parseDate,
 * parseDateTime, toLocaleDateString...) are imported by name into every module that
 * uses them, so patching their module's exports would reach nobody. They all end in
 * luxon's DateTime though, which is one global object: the patches below sit there.
 *
 * - luxon itself stays Gregorian (Settings.defaultOutputCalendar "gregory"): its
 *   arithmetic, its month names and every machine format (serializeDate...) keep
 *   meaning the Gregorian calendar, so "December 2026" is no longer titled "آذر 2026";
 * - the user's own date formats (localization.dateFormat and dateTimeFormat, i.e.
 *   what formatDate/formatDateTime write and parseDate/parseDateTime read) are
 *   written and read in Jalali with Persian digits, through jalali.js;
 * - human-readable strings (toLocaleString: lists, chatter, activities) are Jalali
 *   with Persian digits, always carry the year and never the seconds: numeric ones
 *   ("۱۴۰۴/۰۹/۱۱ ۱۹:۵۵") through jalali.js, long ones ("سه‌شنبه ۱۱ آذر ۱۴۰۴") through
 *   Intl's persian calendar.
 *
 * Users of any other language see no change, except that Persian and Arabic digits
 * typed in a date are read.
 *
 * The portal loads this file too (web.assets_frontend): the dates its chatter writes
 * in the browser are Jalali on Persian pages, as the pages' server-rendered dates are
 * (tools/jalali.py format_date).
 */
import { localization } from "@web/core/l10n/localization";
import { user } from "@web/core/user";
import { patch } from "@web/core/utils/patch";
import {
    JALALI_MONTHS,
    hasEasternDigits,
    isValidJalali,
    toGregorian,
    toJalali,
    toLatinDigits,
    toPersianDigits,
} from "./jalali";

const { DateTime, Settings } = luxon;

/** Years below this, typed by a Persian user, are Jalali years; from it on, Gregorian. */
const FIRST_GREGORIAN_YEAR = 1700;

// the web client knows the user's language; portal and public pages (web.assets_frontend)
// only say it in <html lang="fa-IR">
const JALALI_USER = /^fa(?:[-_]|$)/.test(user.lang || document.documentElement.lang || "");

/**
 * @returns {boolean} whether the current user reads dates in the Jalali calendar
 *  (their language is Persian)
 */
export function isJalaliActive() {
    return JALALI_USER;
}

if (isJalaliActive()) {
    // Intl's Persian locale defaults to the persian calendar: without this, luxon
    // would name a Gregorian month after the Jalali month its first day falls in.
    Settings.defaultOutputCalendar = "gregory";
}

//-----------------------------------------------------------------------------
// Jalali <-> luxon
//-----------------------------------------------------------------------------

/**
 * @param {luxon.DateTime} dt
 * @returns {{jy: number, jm: number, jd: number}} the Jalali day of dt, in dt's zone
 */
export function jalaliOf(dt) {
    return toJalali(dt.year, dt.month, dt.day);
}

/**
 * @param {number} jy
 * @param {number} jm
 * @param {number} [jd=1]
 * @param {luxon.DateTime} [ref] the zone and locale of the result (default: the user's)
 * @returns {luxon.DateTime} the start of that Jalali day
 */
export function fromJalali(jy, jm, jd = 1, ref = null) {
    const { gy, gm, gd } = toGregorian(jy, jm, jd);
    const base = ref || DateTime.local();
    return base.set({ year: gy, month: gm, day: gd }).startOf("day");
}

/**
 * @param {string} token a run of one luxon format letter, e.g. "yyyy" or "MM"
 * @returns {string | null} its Jalali value, or null when the token is no date part
 */
function jalaliToken(token, { jy, jm, jd }) {
    const pad = (n, size) => String(n).padStart(size, "0");
    switch (token[0]) {
        case "y":
            return token.length === 2 ? pad(jy % 100, 2) : pad(jy, token.length);
        case "M":
        case "L":
            return token.length >= 3 ? JALALI_MONTHS[jm - 1] : pad(jm, token.length);
        case "d":
            return token.length <= 2 ? pad(jd, token.length) : null;
    }
    return null;
}

/**
 * Rewrites a luxon format so that its year, month and day tokens become quoted
 * Jalali literals; the remaining tokens (hours, weekday...) are luxon's.
 *
 * @param {luxon.DateTime} dt
 * @param {string} format
 * @returns {string}
 */
function toJalaliFormat(dt, format, latinDigits = false) {
    const parts = jalaliOf(dt);
    const digits = latinDigits ? String : toPersianDigits;
    let result = "";
    let i = 0;
    while (i < format.length) {
        const char = format[i];
        if (char === "'") {
            const end = format.indexOf("'", i + 1);
            const stop = end === -1 ? format.length : end + 1;
            result += format.slice(i, stop);
            i = stop;
            continue;
        }
        let j = i;
        while (j < format.length && format[j] === char) {
            j++;
        }
        const token = format.slice(i, j);
        const value = /[a-z]/i.test(char) ? jalaliToken(token, parts) : null;
        result += value === null ? token : `'${digits(value)}'`;
        i = j;
    }
    return result;
}

/**
 * @param {string} format
 * @returns {boolean} whether format is one of the user's display formats
 */
function isUserFormat(format) {
    return (
        "dateFormat" in localization &&
        (format === localization.dateFormat || format === localization.dateTimeFormat)
    );
}

/** luxon's localized macro formats ("DDD": the locale's long date...), Intl-made */
const MACRO_FORMAT = /^(?:D{1,4}|f{1,4}|F{1,4})$/;

//-----------------------------------------------------------------------------
// Parsing
//-----------------------------------------------------------------------------

const NUMBER_GROUPS =
    /^\s*(\d{1,4})(?:\s*[/\-.\s]\s*(\d{1,4}))?(?:\s*[/\-.\s]\s*(\d{1,4}))?(?:\s*[\sT,،]\s*(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?)?\s*$/;
const COMPACT_DATE = /^\s*(\d{4})(\d{2})(\d{2})\s*$/;

/**
 * The order of year, month and day in the user's date format ("yyyy/MM/dd" -> y M d).
 */
function dateOrder() {
    const letters = ("dateFormat" in localization ? localization.dateFormat : "yyyy/MM/dd")
        .replace(/'[^']*'/g, "")
        .replace(/[^yMd]/g, "");
    const order = [...new Set(letters)];
    return order.length === 3 ? order : ["y", "M", "d"];
}

/**
 * Reads a date typed by a Persian user: "1404/09/11", "1404-9-11 14:30", "14040911",
 * "9/11" (this Jalali year), "11" (this Jalali month), in Latin digits (convert
 * Persian and Arabic digits first).
 *
 * @param {string} text
 * @param {string} [zone="default"]
 * @returns {luxon.DateTime | null} a DateTime (invalid if the Jalali date does not
 *  exist), or null when the text is not a Jalali date (e.g. a Gregorian "2025-12-02")
 */
export function parseJalali(text, zone = "default") {
    const now = DateTime.local().setZone(zone);
    const current = jalaliOf(now);
    let numbers;
    let time = [0, 0, 0];
    const compact = text.match(COMPACT_DATE);
    const match = text.match(NUMBER_GROUPS);
    if (compact) {
        numbers = { y: +compact[1], M: +compact[2], d: +compact[3] };
    } else if (match) {
        const groups = match.slice(1, 4).filter(Boolean).map(Number);
        time = match.slice(4, 7).map((n) => Number(n || 0));
        if (groups.length === 3) {
            const order = dateOrder();
            numbers = Object.fromEntries(order.map((key, i) => [key, groups[i]]));
        } else if (groups.length === 2) {
            const order = dateOrder().filter((key) => key !== "y");
            numbers = { y: current.jy, ...Object.fromEntries(order.map((k, i) => [k, groups[i]])) };
        } else if (String(groups[0]).length <= 2 && !match[4]) {
            numbers = { y: current.jy, M: current.jm, d: groups[0] };
        } else {
            return null;
        }
    } else {
        return null;
    }
    let { y, M, d } = numbers;
    if (y < 100) {
        y += y < 50 ? 1400 : 1300;
    }
    if (y >= FIRST_GREGORIAN_YEAR) {
        return null;
    }
    const [hour, minute, second] = time;
    if (!isValidJalali(y, M, d) || hour > 23 || minute > 59 || second > 59) {
        return DateTime.invalid("not a Jalali date", `"${text}" is not a Jalali date`);
    }
    const { gy, gm, gd } = toGregorian(y, M, d);
    return DateTime.fromObject({ year: gy, month: gm, day: gd, hour, minute, second }, { zone });
}

/**
 * parseDateTime (@web/core/l10n/dates), the reader of every date a user types, is
 * the only caller that passes `setZone: true`: it tries fromFormat with the user's
 * format, then with shortened formats, then fromISO and fromSQL. Each attempt goes
 * through here, so a Jalali text is read as Jalali and never as a Gregorian year 1404.
 */
function readTypedDate(original, text, opts) {
    if (!opts?.setZone || typeof text !== "string") {
        return original(text, opts);
    }
    if (hasEasternDigits(text)) {
        text = toLatinDigits(text);
        opts = { ...opts, numberingSystem: "latn" };
    }
    if (isJalaliActive()) {
        const jalali = parseJalali(text, opts.zone);
        if (jalali) {
            return jalali;
        }
        const year = text.match(/\d{4}/);
        if (year && Number(year[0]) < FIRST_GREGORIAN_YEAR) {
            return DateTime.invalid("not a Jalali date");
        }
    }
    return original(text, opts);
}

//-----------------------------------------------------------------------------
// Patches
//-----------------------------------------------------------------------------

const DATE_KEYS = ["year", "month", "day"];

patch(DateTime.prototype, {
    toFormat(format, opts = {}) {
        if (this.isValid && isJalaliActive() && isUserFormat(format)) {
            opts = { numberingSystem: "arabext", ...opts };
            const latin = opts.numberingSystem === "latn";
            return super.toFormat(toJalaliFormat(this, format, latin), opts);
        }
        if (this.isValid && isJalaliActive() && MACRO_FORMAT.test(format)) {
            opts = { outputCalendar: "persian", numberingSystem: "arabext", ...opts };
        }
        return super.toFormat(format, opts);
    },

    toLocaleString(formatOpts = DateTime.DATE_SHORT, opts = {}) {
        if (!this.isValid || !isJalaliActive()) {
            return super.toLocaleString(formatOpts, opts);
        }
        const jalaliOpts = { outputCalendar: "persian", numberingSystem: "arabext", ...opts };
        const hasDate = DATE_KEYS.some((key) => formatOpts[key]);
        if (!hasDate) {
            return super.toLocaleString(formatOpts, jalaliOpts);
        }
        const dayAndMonth = formatOpts.day && formatOpts.month;
        if (!dayAndMonth || formatOpts.weekday || ["long", "narrow"].includes(formatOpts.month)) {
            // long dates: Intl spells them; a day always comes with its year
            const withYear = dayAndMonth
                ? { ...formatOpts, year: formatOpts.year || "numeric" }
                : formatOpts;
            return super.toLocaleString(withYear, jalaliOpts);
        }
        // short dates: 1404/09/11, with the time when asked for; never its seconds,
        // which people do not read (the chatter's date tooltips ask for them)
        let format = "dateFormat" in localization ? localization.dateFormat : "yyyy/MM/dd";
        if (formatOpts.hour) {
            format += " HH:mm";
        }
        return super.toFormat(toJalaliFormat(this, format), { numberingSystem: "arabext" });
    },

    toRelative(options = {}) {
        return super.toRelative(
            isJalaliActive() ? { numberingSystem: "arabext", ...options } : options,
        );
    },

    toRelativeCalendar(options = {}) {
        return super.toRelativeCalendar(
            isJalaliActive() ? { numberingSystem: "arabext", ...options } : options,
        );
    },
});

patch(DateTime, {
    fromFormat(text, format, opts) {
        return readTypedDate((t, o) => super.fromFormat(t, format, o), text, opts);
    },
    fromISO(text, opts) {
        return readTypedDate((t, o) => super.fromISO(t, o), text, opts);
    },
    fromSQL(text, opts) {
        return readTypedDate((t, o) => super.fromSQL(t, o), text, opts);
    },
});

/**
 * @param {luxon.DateTime} dt
 * @returns {string} "۱۴۰۴/۰۹/۱۱" for a Persian user, the user's date format otherwise
 */
export function formatJalaliDate(dt) {
    return dt.toFormat(localization.dateFormat);
}

/**
 * @param {luxon.DateTime} dt
 * @returns {string} "آذر ۱۴۰۴"
 */
export function formatJalaliMonth(dt) {
    const { jy, jm } = jalaliOf(dt);
    return `${JALALI_MONTHS[jm - 1]} ${toPersianDigits(jy)}`;
}
