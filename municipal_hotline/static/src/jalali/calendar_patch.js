/**
 * The calendar view's titles in Jalali for Persian users. FullCalendar already numbers
 * the days in Jalali through the browser's Persian locale, but the view's own title
 * named the Gregorian period ("دسامبر 2026"); it now names the Jalali months, days and
 * years the grid covers ("آذر – دی ۱۴۰۵"). The mini calendar is the date picker.
 */
import { CalendarCommonRenderer } from "@web/views/calendar/calendar_common/calendar_common_renderer";
import { CalendarController } from "@web/views/calendar/calendar_controller";
import { patch } from "@web/core/utils/patch";
import { JALALI_MONTHS, toPersianDigits } from "./jalali";
import { isJalaliActive, jalaliOf } from "./jalali_dates";

const { DateTime } = luxon;

/**
 * @param {luxon.DateTime} start
 * @param {luxon.DateTime} end
 * @returns {string} "آذر ۱۴۰۵", "آذر – دی ۱۴۰۵" or "اسفند ۱۴۰۴ – فروردین ۱۴۰۵"
 */
export function jalaliMonthSpan(start, end) {
    const from = jalaliOf(start);
    const to = jalaliOf(end);
    const month = (j) => JALALI_MONTHS[j.jm - 1];
    const year = (j) => toPersianDigits(j.jy);
    if (from.jy !== to.jy) {
        return `${month(from)} ${year(from)} – ${month(to)} ${year(to)}`;
    }
    if (from.jm !== to.jm) {
        return `${month(from)} – ${month(to)} ${year(to)}`;
    }
    return `${month(from)} ${year(from)}`;
}

patch(CalendarController.prototype, {
    get today() {
        return isJalaliActive() ? toPersianDigits(jalaliOf(DateTime.now()).jd) : super.today;
    },
    get currentYear() {
        if (!isJalaliActive()) {
            return super.currentYear;
        }
        const from = jalaliOf(this.date.startOf("year")).jy;
        const to = jalaliOf(this.date.endOf("year")).jy;
        return toPersianDigits(from === to ? `${from}` : `${from} – ${to}`);
    },
    get currentMonth() {
        if (!isJalaliActive()) {
            return super.currentMonth;
        }
        return jalaliMonthSpan(this.date.startOf("month"), this.date.endOf("month"));
    },
    get weekHeader() {
        if (!isJalaliActive()) {
            return super.weekHeader;
        }
        return jalaliMonthSpan(this.model.rangeStart, this.model.rangeEnd);
    },
    get dayHeader() {
        if (!isJalaliActive()) {
            return super.dayHeader;
        }
        const { jy, jm, jd } = jalaliOf(this.date);
        return toPersianDigits(`${jd} ${JALALI_MONTHS[jm - 1]} ${jy}`);
    },
});

patch(CalendarCommonRenderer.prototype, {
    getStartTime(record) {
        const time = super.getStartTime(record);
        return isJalaliActive() ? toPersianDigits(time) : time;
    },
    getEndTime(record) {
        const time = super.getEndTime(record);
        return isJalaliActive() ? toPersianDigits(time) : time;
    },
});
