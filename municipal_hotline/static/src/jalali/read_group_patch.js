/**
 * Groups by day (lists, kanban, pivot and graph headers) are labelled by the server in
 * the Gregorian calendar ("02 دسامبر 2025"); for a Persian user they are relabelled
 * with the Jalali day ("۱۴۰۴/۰۹/۱۱"), read from the group's own start value. Weeks,
 * months, quarters and years are Gregorian periods and keep their Gregorian names;
 * Jalali months and years are stored fields of their own (issue 13, item 2).
 */
import { ORM } from "@web/core/orm_service";
import { deserializeDate, deserializeDateTime } from "@web/core/l10n/dates";
import { patch } from "@web/core/utils/patch";
import { isJalaliActive } from "./jalali_dates";

const DAY_GROUP = /:day$/;

/**
 * @param {Object[]} groups groups of formatted_read_group or web_read_group, nested or not
 */
export function relabelDayGroups(groups) {
    for (const group of groups || []) {
        for (const [key, value] of Object.entries(group)) {
            if (DAY_GROUP.test(key) && Array.isArray(value) && typeof value[0] === "string") {
                // a datetime group starts at the user's midnight, written in UTC
                const start =
                    value[0].length > 10
                        ? deserializeDateTime(value[0])
                        : deserializeDate(value[0]);
                value[1] = start.toLocaleString({
                    year: "numeric",
                    month: "2-digit",
                    day: "2-digit",
                });
            }
        }
        if (Array.isArray(group.__groups)) {
            relabelDayGroups(group.__groups);
        } else if (Array.isArray(group.__groups?.groups)) {
            relabelDayGroups(group.__groups.groups);
        }
    }
    return groups;
}

patch(ORM.prototype, {
    async formattedReadGroup() {
        const groups = await super.formattedReadGroup(...arguments);
        return isJalaliActive() ? relabelDayGroups(groups) : groups;
    },
    async formattedReadGroupingSets() {
        const sets = await super.formattedReadGroupingSets(...arguments);
        if (isJalaliActive()) {
            sets.forEach(relabelDayGroups);
        }
        return sets;
    },
    async webReadGroup() {
        const result = await super.webReadGroup(...arguments);
        if (isJalaliActive()) {
            relabelDayGroups(result.groups);
        }
        return result;
    },
});
