import json
from datetime import date, datetime

from odoo.tests import TransactionCase, tagged

from ..tools.jalali import gregorian_to_jalali, jalali_to_gregorian
from .common import GROUP, HotlineHttpCase

ACTION = "/odoo/action-municipal_hotline.helpdesk_ticket_action_hotline"


class TestJalaliArithmetic(TransactionCase):
    """tools/jalali.py at the calendar's edges (static/src/jalali/jalali.js mirrors it)."""

    def test_leap_years_1403_and_1408_have_a_30th_of_esfand(self):
        self.assertEqual(jalali_to_gregorian(1403, 12, 30), date(2025, 3, 20))
        self.assertEqual(jalali_to_gregorian(1408, 12, 30), date(2030, 3, 20))
        for common_year in (1404, 1405, 1406, 1407):
            with self.assertRaises(ValueError, msg=f"{common_year} is not leap"):
                jalali_to_gregorian(common_year, 12, 30)

    def test_last_day_of_esfand_and_first_of_farvardin(self):
        """Nowruz follows the last day of Esfand, whether it is the 29th or the 30th."""
        cases = [
            ((1403, 12, 30), date(2025, 3, 20)),
            ((1404, 1, 1), date(2025, 3, 21)),
            ((1404, 12, 29), date(2026, 3, 20)),
            ((1405, 1, 1), date(2026, 3, 21)),
            ((1407, 12, 29), date(2029, 3, 19)),
            ((1408, 1, 1), date(2029, 3, 20)),
            ((1408, 12, 30), date(2030, 3, 20)),
            ((1409, 1, 1), date(2030, 3, 21)),
        ]
        for jalali, gregorian in cases:
            self.assertEqual(jalali_to_gregorian(*jalali), gregorian, jalali)
            self.assertEqual(
                gregorian_to_jalali(gregorian.year, gregorian.month, gregorian.day),
                jalali,
                gregorian,
            )

    def test_days_that_do_not_exist_are_refused(self):
        for day in [(1404, 7, 31), (1404, 13, 1), (1404, 0, 10), (1404, 1, 0)]:
            with self.assertRaises(ValueError, msg=str(day)):
                jalali_to_gregorian(*day)

    def test_round_trip_1300_to_1500(self):
        day = jalali_to_gregorian(1300, 1, 1)
        last = jalali_to_gregorian(1500, 12, 29)
        while day <= last:
            jalali = gregorian_to_jalali(day.year, day.month, day.day)
            self.assertEqual(jalali_to_gregorian(*jalali), day)
            day = date.fromordinal(day.toordinal() + 1)


@tagged("post_install", "-at_install")
class TestJalaliWebClient(HotlineHttpCase):
    """In Chromium: Persian users read and pick dates in Jalali, English users in Gregorian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls._create_users(
            persian=("jalali_fa", GROUP + "supervisor", "Persian Director"),
            english=("jalali_en", GROUP + "supervisor", "English Director"),
        )
        cls.persian.write({"lang": "fa_IR", "tz": "Asia/Tehran"})
        cls.english.write({"lang": "en_US", "tz": "Asia/Tehran"})
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Jalali tour request",
                "description": "A request filed on 1404/09/11.",
                # 1405/07/18 10:00 in Tehran
                "date_deadline": datetime(2026, 10, 10, 6, 30),
            }
        )
        # filed on 2025-12-02 at noon in Tehran: 1404/09/11
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            (datetime(2025, 12, 2, 8, 30), cls.ticket.id),
        )
        cls.ticket._jalali_refresh_sql()
        cls.ticket.invalidate_recordset()
        cls._build_web_client_bundles()

    def test_persian_list_shows_jalali_dates(self):
        self.start_tour(ACTION, "municipal_hotline_jalali_list", login="jalali_fa")

    def test_persian_picker_stores_the_gregorian_day(self):
        """20 Azar 1405, picked two Jalali months after Mehr, is 11 December 2026
        (at the time of day the deadline had)."""
        self.start_tour(
            f"{ACTION}/{self.ticket.id}",
            "municipal_hotline_jalali_picker",
            login="jalali_fa",
        )
        self.assertEqual(self.ticket.date_deadline, datetime(2026, 12, 11, 6, 30))

    def test_persian_typing_reads_jalali_dates(self):
        """1404/09/12 09:15, typed in Persian digits, is 2025-12-03 09:15 (the tests'
        browser runs in UTC, as Odoo sets TZ=UTC for itself and its children)."""
        self.start_tour(
            f"{ACTION}/{self.ticket.id}",
            "municipal_hotline_jalali_typing",
            login="jalali_fa",
        )
        self.assertEqual(self.ticket.date_deadline, datetime(2025, 12, 3, 9, 15))

    def test_persian_pivot_groups_by_jalali_month(self):
        self.start_tour(
            "/odoo/action-municipal_hotline.hotline_ticket_report_action",
            "municipal_hotline_jalali_pivot",
            login="jalali_fa",
        )

    def test_english_user_keeps_gregorian_dates(self):
        self.start_tour(ACTION, "municipal_hotline_jalali_english", login="jalali_en")

    def test_browser_arithmetic_matches_python(self):
        """jalali.js and tools/jalali.py agree on every Jalali year from 1300 to 1500
        (its first day and whether it is leap: every other day follows), and the
        browser's Intl persian calendar (used for long dates) agrees with both."""
        years = {
            jy: [*jalali_to_gregorian(jy, 1, 1).timetuple()[:3], self._is_leap(jy)]
            for jy in range(1300, 1501)
        }
        code = (
            f"const years = {json.dumps(years)};"
            + """
            const J = odoo.loader.modules.get("@municipal_hotline/jalali/jalali");
            const intl = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", {
                year: "numeric", month: "numeric", day: "numeric", timeZone: "UTC",
            });
            const errors = [];
            for (const [jy, [gy, gm, gd, leap]] of Object.entries(years)) {
                const g = J.toGregorian(+jy, 1, 1);
                const j = J.toJalali(gy, gm, gd);
                if (g.gy !== gy || g.gm !== gm || g.gd !== gd || j.jy !== +jy || j.jm !== 1
                        || j.jd !== 1 || J.isLeap(+jy) !== leap
                        || J.monthLength(+jy, 12) !== (leap ? 30 : 29)) {
                    errors.push(jy);
                }
                const parts = Object.fromEntries(intl.formatToParts(
                    new Date(Date.UTC(gy, gm - 1, gd))).map((p) => [p.type, p.value]));
                if (+parts.year !== +jy || +parts.month !== 1 || +parts.day !== 1) {
                    errors.push("Intl " + jy);
                }
            }
            if (errors.length) {
                console.error("Jalali years that differ: " + errors.join(", "));
            } else {
                console.log("test successful");
            }
        """
        )
        self.browser_js("/odoo", code, ready="odoo.isReady", login="jalali_en")

    @staticmethod
    def _is_leap(jy):
        try:
            jalali_to_gregorian(jy, 12, 30)
        except ValueError:
            return False
        return True
