"""A whole month across features, read back from the workbook cell by cell.

January 2020 of ReportingCase (requests t1-t8, t9 in December), plus:

- public meetings: district A's session on 11 January, held (2 citizens received,
  1 no-show) where two orders were given (o1 done on time, o2 open past its deadline);
  district B's session on 12 January, cancelled; a city-wide session held at 23:00 on
  31 January (Tehran), the last evening of the month; one at 00:30 on 1 February, out;
- referrals: the water board answered t4 in 24 h (due in 48 h) and was sent t4 again at
  22:30 on 31 January, unanswered past its due date; the gas company answered t8 in
  10 h (due in 4 h); one more sent at 00:30 on 1 February, out;
- staff ratings (the real survey, finished): clerk A rated 3 about t2 and 4 about o1,
  clerk B rated 5 about t8 (t1 has 4 and 5, t8 had 2 already).

The expected tables below are worked out by hand from those facts.
"""

import io
import json
from datetime import datetime, timedelta

import openpyxl

from odoo.fields import Domain
from odoo.tests import tagged

from ..report.hotline_report_analysis import LABEL, Column
from ..report.hotline_report_workbook import SHEETS, SUMMARY_MODEL
from .common import JAN_FROM, JAN_TO, ReportingCase

# the sheets of the month, header row first; None is an empty cell
# columns: received, answered, closed, on-time %, h to first response,
# h to resolution, reopened %, repeated, unrelated, out of jurisdiction %,
# satisfaction, escalated
REQUEST_HEADER = [
    "Requests received",
    "Answered",
    "Closed",
    "On-time rate (%)",
    "Hours to first response",
    "Hours to resolution",
    "Reopened (%)",
    "Repeated contacts",
    "Unrelated messages",
    "Out of jurisdiction (%)",
    "Satisfaction (1-5)",
    "Expert opinions escalated to the mayor",
]
# t1-t7, o1, o2: on time t1 t2 t4 t7 o1 of t1 t2 t3 t4 t5 t7 o1 o2; first response
# 2, 4, 4 h; resolution 24, 24, 48, 96 h; t2 reopened; t2 t7 repeated; t5 unrelated;
# t4 t5 out of jurisdiction; satisfaction t1 4.5, t2 3, o1 4
DISTRICT_A = [9, 3, 4, 62.5, 10 / 3, 48.0, 100 / 9, 2, 1, 200 / 9, 11.5 / 3, 0]
# t8: closed in 12 h, no deadline, a repeat, escalated; satisfaction (2 + 5) / 2
DISTRICT_B = [1, 0, 1, None, None, 12.0, 0.0, 1, 0, 0.0, 3.5, 1]
EXPECTED = {
    "Summary": [
        ["137 Hotline: management report", None, None, None],
        # January 2020 is not a Jalali month: its Jalali dates, and as many days before
        ["Period: 1398/10/11 to 1398/11/11", None, None, None],
        ["Compared with 1398/09/10 to 1398/10/10", None, None, None],
        [None, None, None, None],
        ["Figure", "This period", "Previous period", "Change"],
        ["Requests received", 10, 1, 9],
        ["Answered", 3, 1, 2],
        ["Closed", 5, 1, 4],
        ["On-time rate (%)", 62.5, 100.0, -37.5],
        ["Hours to first response", 10 / 3, 1.0, 10 / 3 - 1],
        ["Hours to resolution", 40.8, 24.0, 16.8],
        ["Reopened (%)", 10.0, 0.0, 10.0],
        ["Repeated contacts", 3, 0, 3],
        ["Unrelated messages", 1, 0, 1],
        ["Out of jurisdiction (%)", 20.0, 0.0, 20.0],
        ["Satisfaction (1-5)", 3.75, None, None],
        ["Expert opinions escalated to the mayor", 1, 0, 1],
    ],
    "Districts": [
        ["District", *REQUEST_HEADER],
        ["Test district A", *DISTRICT_A],
        ["Test district B", *DISTRICT_B],
    ],
    "Categories": [
        ["Main category", *REQUEST_HEADER],
        # t1 t2 t3 t6 t7 t8 o1 o2
        ["Test streets", 8, 3, 5, 400 / 6, 10 / 3, 40.8, 12.5, 3, 0, 0.0, 3.75, 1],
        ["Test water leak", 1, 0, 0, 100.0, None, None, 0.0, 0, 0, 100.0, None, 0],
        ["Test unrelated", 1, 0, 0, 0.0, None, None, 0.0, 0, 1, 100.0, None, 0],
    ],
    "Kinds": [
        ["Kind", *REQUEST_HEADER],
        ["Request", *DISTRICT_A],
        ["Expert Opinion", *DISTRICT_B],
    ],
    "Channels": [
        ["Channel", *REQUEST_HEADER],
        # t1 t2 t3 t4 t5 t8
        ["Phone", 6, 2, 4, 60.0, 3.0, 27.0, 100 / 6, 2, 1, 100 / 3, 11 / 3, 1],
        # t6 t7
        ["Web", 2, 0, 0, 100.0, None, None, 0.0, 1, 0, 0.0, None, 0],
        # o1 o2
        ["Public Meeting", 2, 1, 1, 50.0, 4.0, 96.0, 0.0, 0, 0, 0.0, 4.0, 0],
    ],
    "Referrals": [
        [
            "Agency",
            "Referrals sent",
            "Answered",
            "Overdue",
            "On-time rate (%)",
            "Average answer time (hours)",
            "90th percentile answer time (hours)",
        ],
        ["Test gas company", 1, 1, 1, 0.0, 10.0, 10.0],
        ["Test water board", 2, 1, 1, 50.0, 24.0, 24.0],
    ],
    "Public meetings": [
        [
            "District",
            "Sessions held",
            "Sessions cancelled",
            "Citizens received",
            "No-shows",
            "Orders given",
            "Orders done",
            "Orders done on time",
            "Orders late and open",
            "Orders on-time rate (%)",
        ],
        ["Test district A", 1, 0, 2, 1, 2, 1, 1, 1, 50.0],
        ["Test district B", 0, 1, 0, 0, 0, 0, 0, 0, None],
        ["City-wide", 1, 0, 1, 0, 0, 0, 0, 0, None],
    ],
}


def _load(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def _cells(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@tagged("reporting")
class TestReportingMonth(ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("fa_IR")
        t = cls.tickets
        # channels of the month's requests
        phone = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        web = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        meeting_channel = env.ref(
            "municipal_hotline.helpdesk_ticket_channel_public_meeting"
        )
        for key in ("t1", "t2", "t3", "t4", "t5", "t8"):
            t[key].channel_id = phone
        (t["t6"] | t["t7"]).channel_id = web
        cls._add_meetings(meeting_channel)
        cls._add_referrals()
        cls._add_staff_ratings()
        env.flush_all()

    @classmethod
    def _add_meetings(cls, channel):
        env = cls.env
        Meeting = env["hotline.public.meeting"]

        def session(district, host, start):
            return Meeting.create(
                {
                    "district_id": district.id,
                    "host_id": host.id,
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "slot_minutes": 15,
                    "place": "Meeting hall",
                }
            )

        cls.session_a = session(
            cls.district_a, cls.manager_a, datetime(2020, 1, 11, 6, 30)
        )
        cls.session_b = session(
            cls.district_b, cls.manager_b, datetime(2020, 1, 12, 6, 30)
        )
        # 23:00 and 00:30 in Tehran: the last evening of January, the first of February
        District = env["hotline.district"]
        cls.session_city = session(
            District, cls.supervisor, datetime(2020, 1, 31, 19, 30)
        )
        cls.session_feb = session(
            District, cls.supervisor, datetime(2020, 1, 31, 21, 0)
        )
        sessions = cls.session_a | cls.session_b | cls.session_city | cls.session_feb
        sessions.action_open_booking()
        citizens = env["res.partner"].create(
            [{"name": f"Month citizen {i}"} for i in range(5)]
        )
        Booking = env["hotline.meeting.booking"].with_context(meeting_no_mail=True)
        plan = [
            (cls.session_a, "attended"),
            (cls.session_a, "attended"),
            (cls.session_a, "no_show"),
            (cls.session_city, "attended"),
            (cls.session_feb, "attended"),
        ]
        for (meeting, state), citizen in zip(plan, citizens, strict=True):
            booking = Booking.create(
                {"meeting_id": meeting.id, "partner_id": citizen.id, "topic": "x"}
            )
            booking._take_slot()
            booking.state = state
        # the orders given at district A's session
        Ticket = env["helpdesk.ticket"]
        cls.o1, cls.o2 = Ticket.create(
            [
                {
                    "name": f"Order {i}",
                    "description": "Order of the public meeting",
                    "meeting_id": cls.session_a.id,
                    "district_id": cls.district_a.id,
                    "category_id": cls.pothole.id,
                    "channel_id": channel.id,
                    "stage_id": cls.stage_new.id,
                }
                for i in (1, 2)
            ]
        )
        cls.o1.stage_id = cls.stage_resolved
        cls._set_dates(
            cls.o1,
            "2020-01-11 08:00",
            "2020-01-20 08:00",
            "2020-01-15 08:00",
            "2020-01-11 12:00",
            0,
        )
        cls._set_dates(cls.o2, "2020-01-11 08:00", "2020-01-25 08:00", None, None, 0)
        env.invalidate_all()
        for meeting in cls.session_a | cls.session_city | cls.session_feb:
            meeting.minutes = "<p>Minutes</p>"
            meeting.action_set_held()
        cls.session_b.action_cancel()

    @classmethod
    def _add_referrals(cls):
        env = cls.env
        Partner = env["res.partner"]
        cls.water_board = Partner.create(
            {
                "name": "Test water board",
                "is_company": True,
                "hotline_agency_type": "water_sewage",
            }
        )
        cls.gas_company = Partner.create(
            {
                "name": "Test gas company",
                "is_company": True,
                "hotline_agency_type": "gas",
            }
        )
        t = cls.tickets
        env["hotline.referral"].create(
            [
                {
                    "ticket_id": t["t4"].id,
                    "agency_id": cls.water_board.id,
                    "state": "answered",
                    "date_sent": "2020-01-15 09:00:00",
                    "date_due": "2020-01-17 09:00:00",
                    "date_answered": "2020-01-16 09:00:00",
                },
                {
                    "ticket_id": t["t8"].id,
                    "agency_id": cls.gas_company.id,
                    "state": "answered",
                    "date_sent": "2020-01-21 10:00:00",
                    "date_due": "2020-01-21 14:00:00",
                    "date_answered": "2020-01-21 20:00:00",
                },
                {  # 22:30 on 31 January in Tehran: the last day counts
                    "ticket_id": t["t4"].id,
                    "agency_id": cls.water_board.id,
                    "state": "sent",
                    "date_sent": "2020-01-31 19:00:00",
                    "date_due": "2020-02-02 19:00:00",
                },
                {  # 00:30 on 1 February in Tehran
                    "ticket_id": t["t4"].id,
                    "agency_id": cls.water_board.id,
                    "state": "sent",
                    "date_sent": "2020-01-31 21:00:00",
                    "date_due": "2020-02-02 21:00:00",
                },
            ]
        )

    @classmethod
    def _add_staff_ratings(cls):
        env = cls.env
        survey = env.ref("municipal_hotline.survey_staff_rating")
        questions = survey.question_ids.filtered("hotline_criterion")
        Employee = env["hr.employee"]
        clerk_a = Employee.create(
            {"name": "Month clerk A", "hotline_district_id": cls.district_a.id}
        )
        clerk_b = Employee.create(
            {"name": "Month clerk B", "hotline_district_id": cls.district_b.id}
        )
        for employee, ticket, score in (
            (clerk_a, cls.tickets["t2"], 3),
            (clerk_a, cls.o1, 4),
            (clerk_b, cls.tickets["t8"], 5),
        ):
            answer = survey.sudo()._create_answer(
                user=env.ref("base.public_user"),
                check_attempts=False,
                hotline_employee_id=employee.id,
                hotline_ticket_id=ticket.id,
                hotline_channel="phone",
                hotline_verified=True,
            )
            for question in questions:
                answer._save_lines(question, str(score))
            answer._mark_done()

    # ------------------------------------------------------------------

    def _render(self, lang="en_US"):
        workbook = self.env["hotline.report.workbook"].with_context(lang=lang)
        return _load(workbook.with_user(self.supervisor)._render(JAN_FROM, JAN_TO))

    def assertCells(self, actual, expected, where):
        """Same cells: text equal, numbers equal to 6 decimals, empty as empty."""
        self.assertEqual(len(actual), len(expected), f"{where}: number of rows")
        for row, (got, want) in enumerate(zip(actual, expected, strict=True), 1):
            self.assertEqual(len(got), len(want), f"{where}, row {row}: width")
            for col, (cell, value) in enumerate(zip(got, want, strict=True), 1):
                with self.subTest(sheet=where, row=row, col=col):
                    if isinstance(value, float) and isinstance(cell, (int, float)):
                        self.assertAlmostEqual(cell, value, places=6)
                    else:
                        self.assertEqual(cell, value)

    def test_workbook_cell_by_cell(self):
        book = self._render()
        # the phone line's two sheets follow, read cell by cell in test_call_report
        self.assertEqual(book.sheetnames, [*EXPECTED, "Calls", "Calls by operator"])
        for name, expected in EXPECTED.items():
            self.assertCells(_cells(book[name]), expected, name)

    def test_persian_workbook_same_figures_translated_labels(self):
        """The Persian workbook: the same numbers in the same cells; sheet names,
        headers and row labels in Persian, as the analyses give them."""
        english, persian = self._render(), self._render("fa_IR")
        fa = self.env(context=dict(self.env.context, lang="fa_IR"))
        self.assertEqual(
            persian.sheetnames, [fa._("Summary")] + [fa._(s.name) for s in SHEETS]
        )
        self.assertNotEqual(persian.sheetnames, english.sheetnames)
        for spec, sheet_en, sheet_fa in zip(
            SHEETS, english.worksheets[1:], persian.worksheets[1:], strict=True
        ):
            analysis = fa[spec.model].with_user(self.supervisor)
            cells_en, cells_fa = _cells(sheet_en), _cells(sheet_fa)
            header = [fa._(spec.title)] + [
                fa._(column.label) for column in analysis._report_columns
            ]
            rows = analysis._report_rows(JAN_FROM, JAN_TO, spec.groupby, spec.order)
            expected = [header] + [
                [row[LABEL]] + cells[1:]
                for row, cells in zip(rows, cells_en[1:], strict=True)
            ]
            self.assertCells(cells_fa, expected, sheet_fa.title)
        summary_en, summary_fa = (
            _cells(english.worksheets[0]),
            _cells(persian.worksheets[0]),
        )
        labels = [fa._(c.label) for c in fa[SUMMARY_MODEL]._report_columns]
        self.assertEqual([row[0] for row in summary_fa[5:]], labels)
        self.assertEqual(
            [row[1:] for row in summary_fa[5:]], [row[1:] for row in summary_en[5:]]
        )

    def test_pivots_agree_with_the_workbook(self):
        """What each analysis's pivot view asks (its rows, the month as column, every
        figure of the sheet as a measure) gives the workbook's cells in January."""
        book = self._render()
        for spec in SHEETS:
            analysis = (
                self.env[spec.model]
                .with_user(self.supervisor)
                .with_context(tz="Asia/Tehran")
            )
            measured = [c for c in analysis._report_columns if c.aggregate]
            groups = analysis._read_group(
                [],
                [spec.groupby, f"{analysis._period_field}:month"],
                [c.aggregate for c in measured],
            )
            january = {
                analysis._report_label(spec.groupby, value): figures
                for value, month, *figures in groups
                if (month.year, month.month) == (2020, 1)
            }
            cells = _cells(book[self.env._(spec.name)])
            header = cells[0]
            self.assertEqual(set(january), {row[0] for row in cells[1:]}, spec.name)
            for row in cells[1:]:
                for column, figure in zip(measured, january[row[0]], strict=True):
                    cell = row[header.index(self.env._(column.label))]
                    with self.subTest(
                        sheet=spec.name._source, row=row[0], figure=column.key
                    ):
                        if column.kind == "count":
                            figure = figure or 0
                        if figure is None or figure is False:  # nothing to average
                            self.assertIsNone(cell)
                        else:
                            self.assertAlmostEqual(cell, figure, places=6)

    def test_dashboard_agrees_with_the_workbook(self):
        """Every figure of the director's dashboard, with its period filter on January,
        is the workbook's cell of the same figure and group."""
        book = self._render()
        data = json.loads(
            self.env.ref(
                "municipal_hotline.spreadsheet_dashboard_hotline"
            ).spreadsheet_data
        )
        [period] = [f for f in data["globalFilters"] if f["type"] == "date"]
        sheets = {(SUMMARY_MODEL, None): book["Summary"]}
        sheets.update({(s.model, s.groupby): book[self.env._(s.name)] for s in SHEETS})
        for pivot in data["pivots"].values():
            if pivot["rows"] == [{"fieldName": "jalali_month"}]:
                continue  # not on the period filter: test_jalali_reports reads it
            analysis = self.env[pivot["model"]].with_user(self.supervisor)
            self.assertEqual(
                pivot["fieldMatching"][period["id"]]["chain"], analysis._period_field
            )
            columns = {c.aggregate.split(":")[0]: c for c in analysis._report_columns}
            [groupby] = [r["fieldName"] for r in pivot["rows"]] or [None]
            measures = [m["fieldName"] for m in pivot["measures"]]
            aggregates = [f"{m}:{analysis._fields[m].aggregator}" for m in measures]
            domain = Domain(pivot["domain"]) & analysis._period_domain(JAN_FROM, JAN_TO)
            groups = analysis._read_group(
                domain, [groupby] if groupby else [], aggregates
            )
            cells = _cells(sheets[(pivot["model"], groupby)])
            if groupby is None:  # the summary: a row per figure, "This period"
                by_label = {row[0]: row[1] for row in cells[5:]}
                found = {None: by_label}
            else:
                header = cells[0]
                found = {
                    row[0]: dict(zip(header, row, strict=True)) for row in cells[1:]
                }
            for group in groups:
                value, figures = (
                    (None, group) if groupby is None else (group[0], group[1:])
                )
                label = (
                    None if groupby is None else analysis._report_label(groupby, value)
                )
                for measure, figure in zip(measures, figures, strict=True):
                    column = columns[measure]
                    cell = found[label][self.env._(column.label)]
                    with self.subTest(
                        pivot=pivot["name"], group=label, measure=measure
                    ):
                        if figure is None or figure is False:
                            self.assertIsNone(cell)
                        else:
                            self.assertAlmostEqual(cell, figure, places=6)

    def test_a_key_the_analysis_does_not_declare_is_refused(self):
        """The contract by construction: a row with a key its columns do not declare,
        or without one they declare, is refused before any reader sees it."""
        Referral = self.env["hotline.referral.report"]
        columns = Referral._report_columns
        self.assertTrue(Referral._report_rows(JAN_FROM, JAN_TO, "agency_id"))
        # p90_hours is filled by the analysis but no longer declared
        self.patch(type(Referral), "_report_columns", columns[:-1])
        with self.assertRaises(ValueError):
            Referral._report_rows(JAN_FROM, JAN_TO, "agency_id")
        # declared but given by nobody
        extra = Column("median_hours", "Median answer time (hours)", "hours")
        self.patch(type(Referral), "_report_columns", (*columns, extra))
        with self.assertRaises(ValueError):
            Referral._report_rows(JAN_FROM, JAN_TO, "agency_id")
