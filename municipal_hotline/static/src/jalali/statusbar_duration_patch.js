/**
 * Time spent in each stage (the stage bar of a request, mail's statusbar_duration
 * widget) in Persian for Persian users: "۷ ساعت" on the button, "۷ ساعت و ۳۷ دقیقه"
 * in its tooltip. Luxon's own wording (Intl's narrow units) gives "7h، 37m" in
 * Persian: English unit letters, Latin digits and two values where one was meant.
 */
import { patch } from "@web/core/utils/patch";
import { StatusBarDurationField } from "@mail/views/fields/statusbar_duration/statusbar_duration_field";
import { toPersianDigits } from "./jalali";
import { isJalaliActive } from "./jalali_dates";

const UNITS = [
    [525600, "سال"],
    [43200, "ماه"],
    [1440, "روز"],
    [60, "ساعت"],
    [1, "دقیقه"],
];

/**
 * @param {number} seconds
 * @param {boolean} full two units ("۲ روز و ۳ ساعت") rather than the largest one
 * @returns {string}
 */
export function formatPersianDuration(seconds, full) {
    let minutes = Math.max(1, Math.floor(seconds / 60));
    const parts = [];
    for (const [size, unit] of UNITS) {
        const count = Math.floor(minutes / size);
        minutes -= count * size;
        if (count) {
            parts.push(`${toPersianDigits(count)} ${unit}`);
        }
    }
    return parts.slice(0, full ? 2 : 1).join(" و ");
}

patch(StatusBarDurationField.prototype, {
    getAllItems() {
        const items = super.getAllItems();
        if (!isJalaliActive()) {
            return items;
        }
        const durations = this.props.record.data.duration_tracking || {};
        for (const item of items) {
            const seconds = durations[item.value];
            if (seconds > 0) {
                item.shortTimeInStage = formatPersianDuration(seconds, false);
                item.fullTimeInStage = formatPersianDuration(seconds, true);
            }
        }
        return items;
    },
});
