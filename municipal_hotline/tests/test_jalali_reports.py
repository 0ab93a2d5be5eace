"""Reports by Jalali period: the stored year, month and week of requests, referrals,
meetings and ratings (city time), the same in SQL and in Python, the Jalali filters,
and the analyses grouped by "1404 آذر"."""

import base64
import io
import json
from datetime import date, datetime, timedelta

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from ..tools import jalali_period_keys
from .common import ReportingCase

# 23:30 in Tehran on 30 Azar 1404 (21 December 2025), the month's last evening
AZAR_LAST_EVENING = datetime(2025, 12, 21, 20, 0)
# 00:30 on 1 Dey 1404
DEY_FIRST_NIGHT = datetime(2025, 12, 21, 21, 0)


@tagged("reporting", "jalali")
class TestJalaliPeriods(ReportingCase):
    def _ticket_at(self, utc, name):
        """A request created at ``utc`` (the transaction's time gives create_date)."""
        self.env.flush_all()
        self.env.cr._now = utc
        try:
            return self._create_ticket(name=name)
        finally:
            self.env.cr._now = None

    def _periods(self, record):
        return record.jalali_year, record.jalali_month, record.jalali_week

    def test_last_evening_of_a_jalali_month_stays_in_it(self):
        """23:30 Tehran time on 30 Azar is Azar; 00:30 on 1 Dey is Dey, although
        both are 21 December in UTC."""
        late = self._ticket_at(AZAR_LAST_EVENING, "Last evening")
        night = self._ticket_at(DEY_FIRST_NIGHT, "First night")
        self.assertEqual(self._periods(late), ("1404", "1404-09", "1404-W41"))
        self.assertEqual(self._periods(night), ("1404", "1404-10", "1404-W41"))
        # the set-based path gives the same
        (late | night)._jalali_refresh_sql()
        self.assertEqual(late.jalali_month, "1404-09")
        self.assertEqual(night.jalali_month, "1404-10")

    def test_leap_years_have_esfand_30(self):
        """1403 and 1408 are leap years: 30 Esfand exists (20 March 2025 and 2030) and
        is Esfand, in its year's 53rd week; 1 Farvardin opens week 1."""
        for utc, expected in (
            (datetime(2025, 3, 20, 16, 0), ("1403", "1403-12", "1403-W53")),
            (datetime(2025, 3, 20, 21, 0), ("1404", "1404-01", "1404-W01")),
            (datetime(2030, 3, 20, 12, 0), ("1408", "1408-12", "1408-W53")),
            (datetime(2026, 3, 20, 12, 0), ("1404", "1404-12", "1404-W53")),
        ):
            with self.subTest(utc=utc):
                ticket = self._ticket_at(utc, f"At {utc}")
                self.assertEqual(self._periods(ticket), expected)
                ticket._jalali_refresh_sql()
                self.assertEqual(self._periods(ticket), expected)

    def test_sql_function_agrees_with_python_day_by_day(self):
        """hotline_jalali_ymd gives tools/jalali.py's year, month and week for every day
        of 2016-2032 (two 33-year cycle leap-year patterns, 1403 and 1408)."""
        first, last = date(2016, 1, 1), date(2032, 12, 31)
        rows = self.env.execute_query(
            SQL(
                """SELECT d::date, hotline_jalali_ymd(d::date)
                     FROM generate_series(%s::date, %s::date, '1 day') d""",
                first,
                last,
            )
        )
        self.assertEqual(len(rows), (last - first).days + 1)
        for day, (jy, jm, _jd, week) in rows:
            sql_keys = (f"{jy}", f"{jy}-{jm:02d}", f"{jy}-W{week:02d}")
            if sql_keys != jalali_period_keys(day):
                self.fail(f"{day}: SQL {sql_keys}, Python {jalali_period_keys(day)}")

    def test_referral_meeting_and_rating_periods(self):
        referral = self.env["hotline.referral"].create(
            {
                "ticket_id": self.tickets["t1"].id,
                "agency_id": self.agency_water.id,
                "state": "sent",
                "date_sent": AZAR_LAST_EVENING,
            }
        )
        self.assertEqual(referral.jalali_month, "1404-09")
        draft = self.env["hotline.referral"].create(
            {"ticket_id": self.tickets["t1"].id, "agency_id": self.agency_water.id}
        )
        self.assertFalse(draft.jalali_month, "not sent: no period")
        meeting = self._create_meeting(
            self.district_a, self.manager_a, DEY_FIRST_NIGHT + timedelta(hours=5)
        )
        self.assertEqual(meeting.jalali_month, "1404-10")
        employee = self.env["hr.employee"].create({"name": "Jalali clerk"})
        self.survey = self.env.ref("municipal_hotline.survey_staff_rating")
        with freeze_time(AZAR_LAST_EVENING):
            answer = self._answer(employee, {"overall": 5})
        self.assertEqual(answer.jalali_month, "1404-09")

    def test_install_backfill_is_one_update(self):
        """Rows changed in SQL (or present before install) get their periods from one
        UPDATE of the table."""
        Ticket = self.env["helpdesk.ticket"]
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET jalali_year = NULL, jalali_month = NULL, "
            "jalali_week = NULL"
        )
        # the functions, the UPDATE, the city's time zone: whatever the table's size
        with self.assertQueryCount(4):
            Ticket._jalali_refresh_sql()
        for ticket in self.all_tickets:
            day = ticket.create_date + timedelta(hours=3, minutes=30)
            self.assertEqual(ticket.jalali_month, jalali_period_keys(day.date())[1])

    def test_jalali_filters(self):
        """This Jalali Month, Last Jalali Month and This Jalali Year, evaluated in the
        city's time zone when searching: on 1 Dey 1404 at 00:30 Tehran time."""
        aban = self._ticket_at(AZAR_LAST_EVENING - timedelta(days=35), "Aban")
        azar = self._ticket_at(AZAR_LAST_EVENING, "Azar")
        dey = self._ticket_at(DEY_FIRST_NIGHT, "Dey")
        last_year = self._ticket_at(datetime(2025, 3, 19, 12, 0), "Esfand 1403")
        mine = aban | azar | dey | last_year
        Ticket = self.env["helpdesk.ticket"]
        for model in (Ticket, self.env["hotline.ticket.report"]):
            field = "id" if model is Ticket else "ticket_id"
            found = {}
            with freeze_time(DEY_FIRST_NIGHT + timedelta(minutes=5)):
                for period in ("this_month", "last_month", "this_year"):
                    rows = model.search(
                        [("jalali_period", "=", period), (field, "in", mine.ids)]
                    )
                    found[period] = rows if model is Ticket else rows.ticket_id
            with self.subTest(model=model._name):
                self.assertEqual(found["this_month"], dey)
                self.assertEqual(found["last_month"], azar)
                self.assertEqual(
                    set(found["this_year"].ids), {aban.id, azar.id, dey.id}
                )

    def test_analysis_groups_by_jalali_month_label(self):
        """The ticket analysis grouped by Jalali month: "1398 Dey" in English,
        "1398 دی" in Persian (January 2020 is 11 Dey to 11 Bahman 1398)."""
        self.env["res.lang"]._activate_lang("fa_IR")
        report = self._report(self.supervisor)
        groups = report._read_group(
            [("ticket_id", "in", self.all_tickets.ids)],
            ["jalali_month"],
            ["ticket_count:sum"],
        )
        counts = dict(groups)
        # t9 on 15 December 2019 (24 Azar), January's requests in Dey and Bahman
        self.assertEqual(sum(counts.values()), len(self.all_tickets))
        self.assertTrue(set(counts) <= {"1398-09", "1398-10", "1398-11"}, counts)
        for lang, label in (("en_US", "1398 Dey"), ("fa_IR", "1398 دی")):
            selection = dict(
                report.with_context(lang=lang)
                ._fields["jalali_month"]
                ._description_selection(report.with_context(lang=lang).env)
            )
            self.assertEqual(selection["1398-10"], label)
        for model in (
            "hotline.referral.report",
            "hotline.meeting.report",
            "hotline.staff.rating.report",
        ):
            with self.subTest(model=model):
                self.env[model]._read_group(
                    [], ["jalali_month", "jalali_week", "jalali_year"], ["__count"]
                )


# Dey 1398 (22 December 2019 to 20 January 2020) against Azar 1398: t1-t5 (t3 at 11:30
# on 30 Dey, its last day) against t9. On time t1 t2 t4 of t1-t5; first response 2 and
# 4 h; resolution 24, 24, 48 h; t2 reopened and repeated; t5 unrelated; t4 t5 out of
# jurisdiction; satisfaction t1 (4 + 5) / 2. t9: answered in 1 h, closed in 24 h.
DEY_SUMMARY = [
    ["137 Hotline: management report", None, None, None],
    ["Period: 1398 Dey", None, None, None],
    ["Compared with 1398 Azar", None, None, None],
    [None, None, None, None],
    ["Figure", "This period", "Previous period", "Change"],
    ["Requests received", 5, 1, 4],
    ["Answered", 2, 1, 1],
    ["Closed", 3, 1, 2],
    ["On-time rate (%)", 60.0, 100.0, -40.0],
    ["Hours to first response", 3.0, 1.0, 2.0],
    ["Hours to resolution", 32.0, 24.0, 8.0],
    ["Reopened (%)", 20.0, 0.0, 20.0],
    ["Repeated contacts", 1, 0, 1],
    ["Unrelated messages", 1, 0, 1],
    ["Out of jurisdiction (%)", 40.0, 0.0, 40.0],
    ["Satisfaction (1-5)", 4.5, None, None],
    ["Expert opinions escalated to the mayor", 0, 0, 0],
]
DEY_DISTRICT_A = ["Test district A", 5, 2, 3, 60.0, 3.0, 32.0, 20.0, 1, 1, 40.0, 4.5, 0]
DEY = (date(2019, 12, 22), date(2020, 1, 20))


@tagged("reporting", "jalali")
class TestJalaliWorkbook(ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")

    def _wizard_book(self, lang="en_US"):
        wizard = (
            self.env["hotline.report.wizard"]
            .with_user(self.supervisor)
            .with_context(lang=lang)
            .create({"jalali_month": "1398-10"})
        )
        self.assertEqual((wizard.date_from, wizard.date_to), DEY)
        wizard.action_download()
        return wizard.file_name, openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(wizard.file_data))
        )

    def test_jalali_month_workbook_cell_by_cell(self):
        name, book = self._wizard_book()
        self.assertEqual(name, "hotline-report-1398-10.xlsx")
        summary = [list(row) for row in book["Summary"].iter_rows(values_only=True)]
        self.assertEqual(len(summary), len(DEY_SUMMARY))
        for row, (got, want) in enumerate(zip(summary, DEY_SUMMARY, strict=True), 1):
            for col, (cell, value) in enumerate(zip(got, want, strict=True), 1):
                with self.subTest(row=row, col=col):
                    if isinstance(value, float):
                        self.assertAlmostEqual(cell, value, places=6)
                    else:
                        self.assertEqual(cell, value)
        districts = [list(r) for r in book["Districts"].iter_rows(values_only=True)]
        self.assertEqual(len(districts), 2, "district A only: B's t8 is in Bahman")
        for col, (cell, value) in enumerate(
            zip(districts[1], DEY_DISTRICT_A, strict=True), 1
        ):
            with self.subTest(sheet="Districts", col=col):
                if isinstance(value, float):
                    self.assertAlmostEqual(cell, value, places=6)
                else:
                    self.assertEqual(cell, value)

    def test_persian_jalali_month_labels(self):
        _name, book = self._wizard_book("fa_IR")
        summary = book.worksheets[0]
        self.assertIn("۱۳۹۸ دی", summary["A2"].value)
        self.assertIn("۱۳۹۸ آذر", summary["A3"].value)
        self.assertEqual(summary["B6"].value, 5)
        self.assertTrue(summary.sheet_view.rightToLeft)

    def test_jalali_month_pivot_agrees_with_the_workbook(self):
        """The analysis grouped by Jalali month (as the pivot and the dashboard do)
        gives the workbook's figures of Dey 1398."""
        report = self._report(self.supervisor)
        groups = dict(
            report._read_group(
                [("ticket_id", "in", self.all_tickets.ids)],
                ["jalali_month"],
                ["ticket_count:sum"],
            )
        )
        self.assertEqual(groups, {"1398-09": 1, "1398-10": 5, "1398-11": 3})

    def test_dashboard_jalali_month_pivot_agrees_with_the_workbook(self):
        """The dashboard's pivot per Jalali month (this Jalali year), on 25 Bahman
        1398: its Dey row is the Dey workbook's "This period"."""
        data = json.loads(
            self.env.ref(
                "municipal_hotline.spreadsheet_dashboard_hotline"
            ).spreadsheet_data
        )
        [pivot] = [
            p
            for p in data["pivots"].values()
            if p["rows"] == [{"fieldName": "jalali_month"}]
        ]
        report = self.env[pivot["model"]].with_user(self.supervisor)
        measures = [m["fieldName"] for m in pivot["measures"]]
        with freeze_time("2020-02-14 10:00:00"):
            groups = report._read_group(
                pivot["domain"],
                ["jalali_month"],
                [f"{m}:{report._fields[m].aggregator}" for m in measures],
            )
        by_month = {month: figures for month, *figures in groups}
        self.assertEqual(set(by_month), {"1398-09", "1398-10", "1398-11"})
        _name, book = self._wizard_book()
        this_period = {
            row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)
        }
        labels = {c.aggregate.split(":")[0]: c.label for c in report._report_columns}
        for measure, figure in zip(measures, by_month["1398-10"], strict=True):
            with self.subTest(measure=measure):
                self.assertAlmostEqual(
                    figure, this_period[self.env._(labels[measure])], places=6
                )
