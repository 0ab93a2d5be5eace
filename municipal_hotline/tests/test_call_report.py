import io
import json
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..controllers.wallboard import notify_wallboard, wallboard_figures
from .common import JAN_FROM, JAN_TO, CallCase, HotlineHttpCase, tehran

HEADERS = [
    "Hour of day",
    "Calls offered",
    "Answered",
    "Abandoned",
    "Answer rate (%)",
    "Average wait (seconds)",
    "90th percentile wait (seconds)",
    "Talk time (minutes)",
    "Requests opened",
    "Calls per request",
    "First-call resolution (%)",
]


@tagged("calls", "reporting")
class TestCallReport(CallCase):
    """A hand-counted January 2020: ten answered calls on Wednesday 15th at 09:xx
    (waits 10, 20 ... 100 s, a minute of talk each; the last one on Friday 17th), five
    abandoned at 10:xx (30 s each), an outbound call (not counted). Two calls opened a
    request; the first request's caller called again two days later."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t1 = cls._create_ticket(None, "Request one", "09350000001")
        cls.t2 = cls._create_ticket(None, "Request two", "09350000002")
        vals = []
        for i in range(10):
            ring = tehran(2020, 1, 15, 9, i)
            phone, outcome, ticket = f"0935100000{i}", "information", False
            if i == 0:
                phone, outcome, ticket = "09350000001", "ticket", cls.t1.id
            elif i == 1:
                phone, outcome, ticket = "09350000002", "ticket", cls.t2.id
            elif i == 9:  # the first request's caller, two days later
                ring = tehran(2020, 1, 17, 9, 0)
                phone, ticket = "09350000001", cls.t1.id
            wait = 10 * (i + 1)
            vals.append(
                {
                    "pbx_call_id": f"r{i}",
                    "caller_phone": phone,
                    "ring_time": ring,
                    "answer_time": ring + timedelta(seconds=wait),
                    "end_time": ring + timedelta(seconds=wait + 60),
                    "wait_seconds": wait,
                    "talk_seconds": 60,
                    "outcome": outcome,
                    "ticket_id": ticket,
                    "user_id": (cls.operator if i < 6 else cls.operator2).id,
                }
            )
        for i in range(5):
            ring = tehran(2020, 1, 15, 10, i)
            vals.append(
                {
                    "pbx_call_id": f"a{i}",
                    "caller_phone": f"0935200000{i}",
                    "ring_time": ring,
                    "end_time": ring + timedelta(seconds=30),
                    "wait_seconds": 30,
                    "outcome": "abandoned",
                }
            )
        vals.append(
            {
                "pbx_call_id": "out",
                "direction": "outbound",
                "caller_phone": "09350000001",
                "ring_time": tehran(2020, 1, 16, 9),
                "answer_time": tehran(2020, 1, 16, 9, 0, 5),
                "outcome": "information",
            }
        )
        cls.env["hotline.call"].create(vals)
        cls.Report = cls.env["hotline.call.report"]

    def test_figures_against_hand_counts(self):
        [total] = self.Report.with_user(self.supervisor)._report_rows(JAN_FROM, JAN_TO)
        self.assertEqual(
            [total[k] for k in ("offered", "answered", "abandoned", "requests")],
            [15, 10, 5, 2],
        )
        self.assertAlmostEqual(total["answer_rate"], 100 * 10 / 15)
        self.assertAlmostEqual(total["avg_wait"], 55)
        # percentile_cont(0.9) of 10..100: 90 + 0.1 * (100 - 90)
        self.assertAlmostEqual(total["p90_wait"], 91)
        self.assertAlmostEqual(total["talk_minutes"], 10)
        self.assertAlmostEqual(total["calls_per_request"], 1.5)  # (2 + 1) / 2
        self.assertAlmostEqual(total["fcr_rate"], 50)  # request two only

    def test_per_hour_weekday_and_operator(self):
        report = self.Report.with_user(self.supervisor)
        hours = report._report_rows(
            JAN_FROM, JAN_TO, "hour_of_day", order="hour_of_day"
        )
        self.assertEqual([r["label"] for r in hours], ["09:00", "10:00"])
        self.assertEqual([r["offered"] for r in hours], [10, 5])
        self.assertEqual([r["answer_rate"] for r in hours], [100, 0])
        self.assertIsNone(hours[1]["p90_wait"])
        days = dict(
            report._read_group(
                report._period_domain(JAN_FROM, JAN_TO),
                ["weekday"],
                ["offered_count:sum"],
            )
        )
        self.assertEqual(days, {"4": 14, "6": 1})  # Wednesday, Friday (Saturday first)
        p90 = dict(
            report._read_group(
                report._period_domain(JAN_FROM, JAN_TO),
                ["user_id"],
                ["answer_wait_p90:max"],
            )
        )
        # operator: 10..60 -> 55; operator2: 70..100 -> 97
        self.assertAlmostEqual(p90[self.operator], 55)
        self.assertAlmostEqual(p90[self.operator2], 97)
        self.assertFalse(p90[self.env["res.users"]])  # no answered call

    def test_only_supervisors_read_the_analysis(self):
        self.assertTrue(self.Report.with_user(self.supervisor).search_count([]))
        for user in (self.operator, self.expert, self.manager_a, self.line_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Report.with_user(user).search_count([])

    def test_workbook_calls_sheet_cell_by_cell(self):
        workbook = self.env["hotline.report.workbook"].with_user(self.supervisor)
        book = openpyxl.load_workbook(
            io.BytesIO(workbook.with_context(lang="en_US")._render(JAN_FROM, JAN_TO))
        )
        self.assertIn("Calls by operator", book.sheetnames)
        sheet = book["Calls"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0], HEADERS)
        self.assertEqual(rows[1][:5], ["09:00", 10, 10, 0, 100])
        self.assertEqual(rows[1][5:9], [55, 91, 10, 2])
        self.assertEqual(rows[1][9:], [1.5, 50])
        self.assertEqual(rows[2], ["10:00", 5, 0, 5, 0, None, None, 0, 0, None, None])
        self.assertEqual(len([r for r in rows if r[0]]), 3)
        operators = {
            row[0].value: row[1].value
            for row in book["Calls by operator"].iter_rows(min_row=2)
        }
        self.assertEqual(operators[self.operator.name], 6)
        self.assertEqual(operators["No operator (abandoned)"], 5)
        # a district manager's workbook has no call sheet (they do not read calls)
        manager_book = openpyxl.load_workbook(
            io.BytesIO(workbook.with_user(self.manager_a)._render(JAN_FROM, JAN_TO))
        )
        self.assertNotIn("Calls", manager_book.sheetnames)

    def test_workbook_calls_sheet_in_persian(self):
        self._speak_persian(self.supervisor)
        workbook = self.env["hotline.report.workbook"].with_user(self.supervisor)
        book = openpyxl.load_workbook(
            io.BytesIO(workbook.with_context(lang="fa_IR")._render(JAN_FROM, JAN_TO))
        )
        self.assertIn("تماس‌ها", book.sheetnames)
        sheet = book["تماس‌ها"]
        self.assertTrue(sheet.sheet_view.rightToLeft)
        self.assertEqual(sheet["B1"].value, "تماس‌های ورودی")

    def test_call_dashboard_reads_existing_fields(self):
        dashboard = self.env.ref(
            "municipal_hotline.spreadsheet_dashboard_hotline_calls"
        )
        data = json.loads(dashboard.spreadsheet_data)
        fields_ = self.Report._fields
        for pivot in data["pivots"].values():
            self.assertEqual(pivot["model"], "hotline.call.report")
            names = [m["fieldName"] for m in pivot["measures"]]
            names += [r["fieldName"] for r in pivot["rows"] + pivot["columns"]]
            for name in names:
                self.assertIn(name, fields_, pivot["name"])
        self.assertEqual(
            dashboard.group_ids,
            self.env.ref("municipal_hotline.group_hotline_supervisor"),
        )


@tagged("calls", "post_install", "-at_install")
class TestWallboard(HotlineHttpCase):
    def _today_calls(self):
        now = fields.Datetime.now()
        Call = self.env["hotline.call"]
        return Call.create(
            [
                # waiting for a minute
                {"pbx_call_id": "w1", "ring_time": now - timedelta(seconds=60)},
                # on a call with the operator
                {
                    "pbx_call_id": "w2",
                    "ring_time": now - timedelta(seconds=100),
                    "answer_time": now - timedelta(seconds=90),
                    "wait_seconds": 10,
                    "user_id": self.operator.id,
                    "extension": "101",
                },
                # answered and over, abandoned
                {
                    "pbx_call_id": "w3",
                    "ring_time": now - timedelta(seconds=500),
                    "answer_time": now - timedelta(seconds=470),
                    "end_time": now - timedelta(seconds=400),
                    "wait_seconds": 30,
                },
                {
                    "pbx_call_id": "w4",
                    "ring_time": now - timedelta(seconds=300),
                    "end_time": now - timedelta(seconds=280),
                    "wait_seconds": 20,
                },
            ]
        )

    def test_live_queue_and_today(self):
        """Against the figures before (the demo's live queue is there too)."""
        before = wallboard_figures(self.env, self.env.company)
        self._today_calls()
        figures = wallboard_figures(self.env, self.env.company)
        delta = {
            key: figures[key] - before[key]
            for key in ("waiting", "offered", "answered", "abandoned")
        }
        self.assertEqual(
            delta, {"waiting": 1, "offered": 4, "answered": 2, "abandoned": 1}
        )
        self.assertGreaterEqual(figures["longest_wait"], 60)
        self.assertEqual(len(figures["on_call"]), len(before["on_call"]) + 1)
        self.assertIn(
            (self.operator.name, "101"),
            [(c["name"], c["extension"]) for c in figures["on_call"]],
        )
        settled = figures["answered"] + figures["abandoned"]
        self.assertAlmostEqual(
            figures["answer_rate"], round(100 * figures["answered"] / settled, 1)
        )

    def test_staff_only(self):
        expected = wallboard_figures(self.env, self.env.company)["offered"] + 4
        self._today_calls()
        self._login(self.operator)
        response = self.url_open(
            "/hotline/wallboard/data",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["offered"], expected)
        self._login(self.line_manager)
        response = self.url_open(
            "/hotline/wallboard/data",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertIn("error", response.json())
        self.assertNotIn("result", response.json())

    def test_refresh_goes_through_the_bus(self):
        notify_wallboard(self.env, self.env.company)
        self.env.cr.precommit.run()
        messages = self.env["bus.bus"].sudo().search([], order="id desc", limit=5)
        payloads = [json.loads(m.message) for m in messages]
        self.assertIn(
            {
                "type": "hotline.wallboard/refresh",
                "payload": {"company_id": self.env.company.id},
            },
            [{"type": p["type"], "payload": p["payload"]} for p in payloads],
        )
