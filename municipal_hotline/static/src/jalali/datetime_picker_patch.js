/**
 * The date picker in Jalali months for Persian users: the title, the day grid, the
 * month and year grids and the previous/next buttons follow the Jalali calendar; a
 * clicked day is the Gregorian DateTime of that Jalali day, so the stored value is
 * right. Every picker of the web client is this component (date fields, the search
 * bar's custom filters, the calendar view's mini calendar...).
 *
 * While Jalali, `state.focusDate` is the first day of the Jalali period on screen
 * (month, year, decade or century), as a Gregorian DateTime.
 */
import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { isInRange, today } from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { patch } from "@web/core/utils/patch";
import { JALALI_MONTHS, addJalaliMonths, monthLength, toPersianDigits } from "./jalali";
import { fromJalali, isJalaliActive, jalaliOf } from "./jalali_dates";

const DAYS_PER_WEEK = 7;
const WEEKS_PER_MONTH = 6;
const GRID_COUNT = 10;
const GRID_MARGIN = 1;

/** Jalali months to step by, per precision level */
const JALALI_STEPS = { days: 1, months: 12, years: 120, decades: 1200 };

const startOfLocalWeek = (date) => {
    const { weekStart } = localization;
    return date.set({ weekday: date.weekday < weekStart ? weekStart - 7 : weekStart });
};

function dateItem({ range, label, isOutOfRange = false, isValid = true, extraClass = "" }) {
    return {
        id: range[0].toISODate(),
        includesToday: isInRange(today(), range),
        isOutOfRange,
        isValid,
        label: toPersianDigits(label),
        range,
        extraClass,
    };
}

/** First day of the Jalali period of the given precision that contains `date` */
function startOfJalaliPeriod(date, precision) {
    const { jy, jm } = jalaliOf(date);
    const span = { days: 0, months: 1, years: 10, decades: 100 }[precision];
    if (!span) {
        return fromJalali(jy, jm, 1, date);
    }
    return fromJalali(Math.floor(jy / span) * span, 1, 1, date);
}

function endOfJalaliYears(jy, years, ref) {
    return fromJalali(jy + years, 1, 1, ref)
        .minus({ day: 1 })
        .endOf("day");
}

const JALALI_LEVELS = {
    days: {
        getTitle: (date) => {
            const { jy, jm } = jalaliOf(date);
            return `${JALALI_MONTHS[jm - 1]} ${toPersianDigits(jy)}`;
        },
        getItems: (date, { maxDate, minDate, isDateValid, dayCellClass }) => {
            const { jy, jm } = jalaliOf(date);
            const first = fromJalali(jy, jm, 1, date);
            const monthRange = [first, first.plus({ day: monthLength(jy, jm) - 1 }).endOf("day")];
            const weeks = [];
            let day = startOfLocalWeek(first);
            for (let w = 0; w < WEEKS_PER_MONTH; w++) {
                const days = [];
                for (let d = 0; d < DAYS_PER_WEEK; d++) {
                    const range = [day, day.endOf("day")];
                    days.push(
                        dateItem({
                            range,
                            label: jalaliOf(day).jd,
                            isOutOfRange: !isInRange(day, monthRange),
                            isValid:
                                isInRange(range, [minDate, maxDate]) &&
                                (isDateValid ? isDateValid(day) : true),
                            extraClass: dayCellClass?.(day) || "",
                        }),
                    );
                    day = day.plus({ day: 1 });
                }
                weeks.push({ number: toPersianDigits(days[3].range[0].weekNumber), days });
            }
            // the weekday labels are the core ones (see onWillRender)
            return [{ id: "__month__0", number: jm, daysOfWeek: [], weeks }];
        },
    },
    months: {
        getTitle: (date) => toPersianDigits(jalaliOf(date).jy),
        getItems: (date, { maxDate, minDate }) => {
            const { jy } = jalaliOf(date);
            return JALALI_MONTHS.map((name, i) => {
                const start = fromJalali(jy, i + 1, 1, date);
                const end = start.plus({ day: monthLength(jy, i + 1) - 1 }).endOf("day");
                return dateItem({
                    range: [start, end],
                    label: name,
                    isValid: isInRange([start, end], [minDate, maxDate]),
                });
            });
        },
    },
    years: {
        getTitle: (date) => {
            const decade = Math.floor(jalaliOf(date).jy / 10) * 10;
            return toPersianDigits(`${decade - 1} - ${decade + 10}`);
        },
        getItems: (date, { maxDate, minDate }) => {
            const decade = Math.floor(jalaliOf(date).jy / 10) * 10;
            const items = [];
            for (let i = -GRID_MARGIN; i < GRID_COUNT + GRID_MARGIN; i++) {
                const range = [
                    fromJalali(decade + i, 1, 1, date),
                    endOfJalaliYears(decade + i, 1, date),
                ];
                items.push(
                    dateItem({
                        range,
                        label: decade + i,
                        isOutOfRange: i < 0 || i >= GRID_COUNT,
                        isValid: isInRange(range, [minDate, maxDate]),
                    }),
                );
            }
            return items;
        },
    },
    decades: {
        getTitle: (date) => {
            const century = Math.floor(jalaliOf(date).jy / 100) * 100;
            return toPersianDigits(`${century - 10} - ${century + 100}`);
        },
        getItems: (date, { maxDate, minDate }) => {
            const century = Math.floor(jalaliOf(date).jy / 100) * 100;
            const items = [];
            for (let i = -GRID_MARGIN; i < GRID_COUNT + GRID_MARGIN; i++) {
                const jy = century + i * 10;
                const range = [fromJalali(jy, 1, 1, date), endOfJalaliYears(jy, 10, date)];
                items.push(
                    dateItem({
                        range,
                        label: jy,
                        isOutOfRange: i < 0 || i >= GRID_COUNT,
                        isValid: isInRange(range, [minDate, maxDate]),
                    }),
                );
            }
            return items;
        },
    },
};

patch(DateTimePicker.prototype, {
    adjustFocus(values, focusedDateIndex) {
        if (!isJalaliActive() || (!this.shouldAdjustFocusDate && this.state.focusDate)) {
            return super.adjustFocus(values, focusedDateIndex);
        }
        const dateToFocus =
            values[focusedDateIndex] || values[focusedDateIndex === 1 ? 0 : 1] || today();
        this.shouldAdjustFocusDate = false;
        this.state.focusDate = this.clamp(startOfJalaliPeriod(dateToFocus, "days"));
    },

    onWillRender() {
        super.onWillRender();
        if (!isJalaliActive()) {
            return;
        }
        const { dayCellClass, isDateValid } = this.props;
        const { precision } = this.state;
        const level = JALALI_LEVELS[precision];
        const focusDate = startOfJalaliPeriod(this.state.focusDate, precision);
        const items = level.getItems(focusDate, {
            maxDate: this.maxDate,
            minDate: this.minDate,
            isDateValid,
            dayCellClass,
        });
        if (precision === "days") {
            // weekday names (from the locale's week start) are the same in both calendars
            items[0].daysOfWeek = this.items[0].daysOfWeek;
        }
        this.title = level.getTitle(focusDate);
        this.items = items;
    },

    next(ev) {
        if (!isJalaliActive()) {
            return super.next(ev);
        }
        ev.preventDefault();
        this.state.focusDate = this.clamp(this.stepJalali(1));
    },

    previous(ev) {
        if (!isJalaliActive()) {
            return super.previous(ev);
        }
        ev.preventDefault();
        this.state.focusDate = this.clamp(this.stepJalali(-1));
    },

    /**
     * @param {1 | -1} direction
     * @returns {luxon.DateTime} the first day of the next (previous) Jalali period
     */
    stepJalali(direction) {
        const { precision, focusDate } = this.state;
        const start = startOfJalaliPeriod(focusDate, precision);
        const { jy, jm } = jalaliOf(start);
        const next = addJalaliMonths(jy, jm, direction * JALALI_STEPS[precision]);
        return fromJalali(next.jy, next.jm, 1, focusDate);
    },
});
