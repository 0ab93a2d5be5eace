/**
 * Jalali (Solar Hijri) calendar arithmetic, the JavaScript twin of
 * municipal_hotline/tools/jalali.py: the same 33-year arithmetic cycle (8 leap
 * years per cycle, the first year of each 4-year block being leap), which agrees
 * day for day with jalaali-js (Borkowski) and with the browser's Intl "persian"
 * calendar from 1800 to 2255 AD. No dependency: usable from any module.
 */

// Day number of a Gregorian date on the scale of tools/jalali.py
// (gregorian_to_jalali), 12053 days being one 33-year Jalali cycle.
const G_DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const JALALI_EPOCH_SHIFT = 1595;
const DAYS_PER_CYCLE = 12053; // 33 years
const DAYS_PER_BLOCK = 1461; // 4 years, the first one leap

const div = (a, b) => Math.floor(a / b);
const mod = (a, b) => a - Math.floor(a / b) * b;

function gregorianDayNumber(gy, gm, gd) {
    const gy2 = gm > 2 ? gy + 1 : gy;
    return (
        355666 +
        365 * gy +
        div(gy2 + 3, 4) -
        div(gy2 + 99, 100) +
        div(gy2 + 399, 400) +
        gd +
        G_DAYS_BEFORE[gm - 1]
    );
}

// 1970-01-01 on that scale: the bridge to Date for the way back
const UNIX_EPOCH_DAY = gregorianDayNumber(1970, 1, 1);

function jalaliDayNumber(jy, jm, jd) {
    const y = jy + JALALI_EPOCH_SHIFT;
    const inCycle = mod(y, 33);
    const k = mod(inCycle, 4); // year of its 4-year block (0 = the block's leap year)
    const dayOfYear = (jm < 7 ? (jm - 1) * 31 : 186 + (jm - 7) * 30) + jd - 1;
    return (
        DAYS_PER_CYCLE * div(y, 33) +
        DAYS_PER_BLOCK * div(inCycle, 4) +
        k * 365 +
        (k > 0 ? 1 : 0) +
        dayOfYear
    );
}

/**
 * @param {number} gy Gregorian year
 * @param {number} gm Gregorian month (1-12)
 * @param {number} gd Gregorian day (1-31)
 * @returns {{jy: number, jm: number, jd: number}}
 */
export function toJalali(gy, gm, gd) {
    let days = gregorianDayNumber(gy, gm, gd);
    let jy = -JALALI_EPOCH_SHIFT + 33 * div(days, DAYS_PER_CYCLE);
    days = mod(days, DAYS_PER_CYCLE);
    jy += 4 * div(days, DAYS_PER_BLOCK);
    days = mod(days, DAYS_PER_BLOCK);
    if (days > 365) {
        jy += div(days - 1, 365);
        days = mod(days - 1, 365);
    }
    if (days < 186) {
        return { jy, jm: 1 + div(days, 31), jd: 1 + mod(days, 31) };
    }
    return { jy, jm: 7 + div(days - 186, 30), jd: 1 + mod(days - 186, 30) };
}

/**
 * @param {number} jy Jalali year
 * @param {number} jm Jalali month (1 = Farvardin ... 12 = Esfand)
 * @param {number} jd Jalali day (1-31)
 * @returns {{gy: number, gm: number, gd: number}}
 */
export function toGregorian(jy, jm, jd) {
    const date = new Date((jalaliDayNumber(jy, jm, jd) - UNIX_EPOCH_DAY) * 86400000);
    return { gy: date.getUTCFullYear(), gm: date.getUTCMonth() + 1, gd: date.getUTCDate() };
}

/**
 * @param {number} jy
 * @returns {boolean} whether Esfand of that year has 30 days
 */
export function isLeap(jy) {
    return jalaliDayNumber(jy + 1, 1, 1) - jalaliDayNumber(jy, 1, 1) === 366;
}

/**
 * @param {number} jy
 * @param {number} jm
 * @returns {number} 31 for the first six months, 30 for the next five, 29 or 30 for Esfand
 */
export function monthLength(jy, jm) {
    if (jm <= 6) {
        return 31;
    }
    if (jm <= 11) {
        return 30;
    }
    return isLeap(jy) ? 30 : 29;
}

/**
 * @returns {boolean} whether (jy, jm, jd) is a day of the Jalali calendar
 */
export function isValidJalali(jy, jm, jd) {
    return (
        Number.isInteger(jy) &&
        Number.isInteger(jm) &&
        Number.isInteger(jd) &&
        jm >= 1 &&
        jm <= 12 &&
        jd >= 1 &&
        jd <= monthLength(jy, jm)
    );
}

/**
 * Adds months to a Jalali (year, month), e.g. (1404, 12) + 1 = (1405, 1).
 * @returns {{jy: number, jm: number}}
 */
export function addJalaliMonths(jy, jm, months) {
    const index = jy * 12 + (jm - 1) + months;
    return { jy: div(index, 12), jm: mod(index, 12) + 1 };
}

export const JALALI_MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

const PERSIAN_ZERO = 0x06f0; // ۰
const ARABIC_ZERO = 0x0660; // ٠

/**
 * "1404" -> "۱۴۰۴"
 * @param {string|number} text
 */
export function toPersianDigits(text) {
    return String(text).replace(/[0-9]/g, (d) => String.fromCharCode(PERSIAN_ZERO + Number(d)));
}

/**
 * "۱۴۰۴" or "١٤٠٤" -> "1404"; the Arabic decimal and thousands separators
 * (٫ and ٬) become "." and ",".
 * @param {string} text
 */
export function toLatinDigits(text) {
    return text
        .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - PERSIAN_ZERO))
        .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - ARABIC_ZERO))
        .replace(/\u066B/g, ".")
        .replace(/\u066C/g, ",");
}

/**
 * @param {string} text
 * @returns {boolean} whether the text has Persian or Arabic-Indic digits
 */
export function hasEasternDigits(text) {
    return /[\u06F0-\u06F9\u0660-\u0669]/.test(text);
}
