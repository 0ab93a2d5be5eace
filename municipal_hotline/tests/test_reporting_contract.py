"""Reporting as one subsystem: the contract between the analyses and their readers,
the one period rule, the measures defined once."""

import io
from datetime import date, datetime, timedelta

import openpyxl
import xlsxwriter
from freezegun import freeze_time

from odoo.fields import Domain
from odoo.tests import tagged
from odoo.tools.translate import LazyGettext

from ..report.hotline_report_analysis import LABEL
from ..report.hotline_report_workbook import SHEETS, SUMMARY_MODEL
from .common import JAN_FROM, JAN_TO, ReportingCase

ANALYSES = (
    "hotline.ticket.report",
    "hotline.referral.report",
    "hotline.meeting.report",
)


@tagged("reporting")
class TestReportContract(ReportingCase):
    def test_columns_declared_once_with_label_format_and_field(self):
        """Each figure: a unique key, a translatable label, a cell format the workbook
        has, and the field whose own aggregator gives it (what a pivot or the
        dashboard shows by default is the workbook's figure)."""
        book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        formats = self.env["hotline.report.workbook"]._formats(book)
        for name in ANALYSES:
            analysis = self.env[name]
            columns = analysis._report_columns
            self.assertTrue(columns, name)
            keys = [column.key for column in columns]
            self.assertEqual(len(keys), len(set(keys)), name)
            self.assertNotIn(LABEL, keys)
            for column in columns:
                with self.subTest(analysis=name, column=column.key):
                    self.assertIsInstance(column.label, LazyGettext)
                    self.assertTrue(self.env._(column.label))
                    self.assertIn(column.kind, formats)
                    if column.aggregate:
                        field_name, aggregator = column.aggregate.split(":")
                        field = analysis._fields[field_name]
                        self.assertEqual(field.aggregator, aggregator)
        book.close()

    def test_rows_have_exactly_the_declared_keys(self):
        sheets = [(SUMMARY_MODEL, None)] + [(s.model, s.groupby) for s in SHEETS]
        for model, groupby in sheets:
            analysis = self.env[model]
            expected = {LABEL} | {column.key for column in analysis._report_columns}
            rows = analysis._report_rows(JAN_FROM, JAN_TO, groupby)
            if groupby is None:
                self.assertEqual(len(rows), 1)
            for row in rows:
                with self.subTest(analysis=model, groupby=groupby, row=row[LABEL]):
                    self.assertEqual(set(row), expected)
                    self.assertIsInstance(row[LABEL], str)
                    self.assertTrue(row[LABEL])

    def test_workbook_headers_are_the_declared_labels(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        for lang in ("en_US", "fa_IR"):
            env = self.env(context=dict(self.env.context, lang=lang))
            content = env["hotline.report.workbook"]._render(JAN_FROM, JAN_TO)
            book = openpyxl.load_workbook(io.BytesIO(content))
            summary = [row[0].value for row in book.worksheets[0].iter_rows(min_row=6)]
            self.assertEqual(
                summary, [env._(c.label) for c in env[SUMMARY_MODEL]._report_columns]
            )
            for spec in SHEETS:
                with self.subTest(lang=lang, sheet=spec.name._source):
                    sheet = book[env._(spec.name)]
                    header = [cell.value for cell in sheet[1]]
                    columns = env[spec.model]._report_columns
                    self.assertEqual(
                        header,
                        [env._(spec.title)] + [env._(c.label) for c in columns],
                    )

    def test_unset_group_is_labelled(self):
        """A request without a district still has a label in its row."""
        self.tickets["t8"].district_id = False
        rows = self._report()._report_rows(JAN_FROM, JAN_TO, "district_id")
        self.assertEqual(
            [(r[LABEL], r["received"]) for r in rows],
            [("Test district A", 7), ("Not set", 1)],
        )


@tagged("reporting")
class TestReportPeriod(ReportingCase):
    """One period rule: both dates included, days in the city's time zone (the
    company's, else the user's, else Tehran's)."""

    def test_bounds_in_city_time(self):
        Analysis = self.env["hotline.report.analysis"]
        self.assertEqual(self.env.company.partner_id.tz, "Asia/Tehran")
        self.assertEqual(
            Analysis._period_bounds(JAN_FROM, JAN_TO),
            (datetime(2019, 12, 31, 20, 30), datetime(2020, 1, 31, 20, 30)),
        )
        # one day: its midnight to the next
        self.assertEqual(
            Analysis._period_bounds(date(2020, 6, 1), date(2020, 6, 1)),
            (datetime(2020, 5, 31, 19, 30), datetime(2020, 6, 1, 19, 30)),
        )

    def test_city_time_zone(self):
        Analysis = self.env["hotline.report.analysis"]
        company_partner = self.env.company.partner_id
        company_partner.tz = "Asia/Kabul"
        self.assertEqual(Analysis._city_tz().zone, "Asia/Kabul")
        company_partner.tz = False
        user = self.supervisor
        user.tz = "Europe/Paris"
        self.assertEqual(Analysis.with_user(user)._city_tz().zone, "Europe/Paris")
        user.tz = False
        self.assertEqual(Analysis.with_user(user)._city_tz().zone, "Asia/Tehran")

    def _received_in(self, date_from, date_to):
        [row] = self._report()._report_rows(date_from, date_to)
        return row["received"]

    def test_last_evening_belongs_to_the_period(self):
        """23:30 in Tehran on 31 January is January; 00:00 on 1 February is not."""
        Ticket = self.env["helpdesk.ticket"]
        late, next_day = Ticket.create(
            [
                {"name": name, "description": name, "district_id": self.district_a.id}
                for name in ("Late evening", "Next day")
            ]
        )
        self._set_dates(late, "2020-01-31 20:00", None, None, None, 0)
        self._set_dates(next_day, "2020-01-31 20:30", None, None, None, 0)
        self.env.invalidate_all()
        self.assertEqual(self._received_in(JAN_FROM, JAN_TO), 9)
        self.assertEqual(self._received_in(date(2020, 2, 1), date(2020, 2, 29)), 1)
        # the last day alone
        self.assertEqual(self._received_in(JAN_TO, JAN_TO), 1)
        book = openpyxl.load_workbook(
            io.BytesIO(self.env["hotline.report.workbook"]._render(JAN_FROM, JAN_TO))
        )
        self.assertEqual(book["Summary"]["B6"].value, 9)

    def test_last_month_is_the_city_jalali_month(self):
        """At 21:00 UTC on 20 January 2020 it is already 1 Bahman 1398 in the city:
        the default period of the workbook is Dey 1398, and the monthly job sends it."""
        dey = (date(2019, 12, 22), date(2020, 1, 20))
        with freeze_time("2020-01-20 21:00:00"):
            Analysis = self.env["hotline.report.analysis"]
            self.assertEqual(Analysis._city_today(), date(2020, 1, 21))
            self.assertEqual(self.env["hotline.report.workbook"]._last_month(), dey)
            wizard = self.env["hotline.report.wizard"].create({})
        self.assertEqual((wizard.date_from, wizard.date_to), dey)
        with freeze_time("2020-01-20 20:00:00"):  # 23:30 on 30 Dey
            self.assertEqual(
                self.env["hotline.report.workbook"]._last_month(),
                (date(2019, 11, 22), date(2019, 12, 21)),  # Azar 1398
            )

    def test_staff_rating_day_in_city_time(self):
        """A rating finished at 23:30 in Tehran counts on that day."""
        survey = self.env.ref("municipal_hotline.survey_staff_rating")
        question = survey.question_ids.filtered(
            lambda q: q.hotline_criterion == "overall"
        )
        clerk = self.env["hr.employee"].create({"name": "Period clerk"})
        answer = survey.sudo()._create_answer(
            user=self.env.ref("base.public_user"),
            check_attempts=False,
            hotline_employee_id=clerk.id,
            hotline_channel="phone",
        )
        answer._save_lines(question, "4")
        answer._mark_done()
        answer.end_datetime = datetime(2020, 1, 31, 20, 0)
        Report = self.env["hotline.staff.rating.report"]
        rows = Report.search(
            Report._period_domain(JAN_TO, JAN_TO) & Domain("employee_id", "=", clerk.id)
        )
        self.assertEqual(rows.mapped("date"), [JAN_TO])


@tagged("reporting")
class TestReportMeasures(ReportingCase):
    """On-time and resolution hours of requests closed through the ORM, as the
    analysis reads them (one definition, in report/hotline_report_analysis.py)."""

    def test_on_time_and_resolution_of_closed_requests(self):
        Ticket = self.env["helpdesk.ticket"]
        on_time, late, no_deadline = Ticket.create(
            [
                {"name": n, "description": n, "district_id": self.district_a.id}
                for n in ("On time", "Late", "No deadline")
            ]
        )
        now = datetime.now().replace(microsecond=0)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id IN %s",
            [now - timedelta(hours=50), (on_time | late | no_deadline)._ids],
        )
        self.env.invalidate_all()
        on_time.date_deadline = now + timedelta(hours=1)
        late.date_deadline = now - timedelta(hours=26)
        no_deadline.date_deadline = False
        (on_time | late | no_deadline).stage_id = self.stage_resolved
        rows = {
            r.ticket_id: r
            for r in self._report().search(
                [("ticket_id", "in", (on_time | late | no_deadline).ids)]
            )
        }
        self.assertEqual(rows[on_time].on_time_rate, 100.0)
        self.assertEqual(rows[late].on_time_rate, 0.0)
        self.assertFalse(rows[no_deadline].on_time_rate, "left out of the rate")
        for ticket in on_time | late | no_deadline:
            self.assertAlmostEqual(rows[ticket].hours_to_resolution, 50, delta=0.1)
        [figures] = self._report()._read_group(
            [("ticket_id", "in", (on_time | late | no_deadline).ids)],
            [],
            ["on_time_rate:avg"],
        )
        self.assertEqual(figures[0], 50.0)

    def test_satisfaction_counts_finished_scored_answers(self):
        """Test entries and answers that skipped the overall question are left out."""
        survey = self.env["survey.survey"].create({"title": "Measure survey"})
        Answer = self.env["survey.user_input"]
        ticket = self.tickets["t3"]
        Answer.create(
            [
                {
                    "survey_id": survey.id,
                    "state": "done",
                    "hotline_ticket_id": ticket.id,
                    "hotline_overall_score": score,
                    "test_entry": test,
                }
                for score, test in ((3, False), (0, False), (1, True))
            ]
        )
        row = self._report().search([("ticket_id", "=", ticket.id)])
        self.assertEqual((row.satisfaction, row.survey_count), (3.0, 1))
