from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MeetingCase


@tagged("hotline_meeting")
class TestMeetingReport(MeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a session held on 10 Feb 2025 10:00 Tehran (06:30 UTC), one cancelled in B
        cls.held = cls._create_meeting(
            cls.district_a, cls.manager_a, datetime(2025, 2, 10, 6, 30)
        )
        cls.held.state = "open"
        Booking = cls.env["hotline.meeting.booking"].with_context(meeting_no_mail=True)
        bookings = Booking.create(
            [
                {"meeting_id": cls.held.id, "partner_id": p.id, "topic": "x"}
                for p in cls.partners[:3]
            ]
        )
        for booking in bookings:
            booking._take_slot()
        bookings[:2].write({"state": "attended"})
        bookings[2].state = "no_show"
        done = cls.env.ref("municipal_hotline.helpdesk_ticket_stage_resolved")
        Ticket = cls.env["helpdesk.ticket"]
        cls.on_time, cls.late_done, cls.open_late, cls.open_coming = Ticket.create(
            [
                {
                    "name": f"Order {i}",
                    "description": "x",
                    "meeting_id": cls.held.id,
                    "district_id": cls.district_a.id,
                }
                for i in range(4)
            ]
        )
        now = datetime.now()
        cls.on_time.write({"date_deadline": now + timedelta(days=5)})
        cls.on_time.stage_id = done
        cls.late_done.write({"date_deadline": now - timedelta(days=5)})
        cls.late_done.stage_id = done
        cls.open_late.write({"date_deadline": now - timedelta(days=1)})
        cls.open_coming.write({"date_deadline": now + timedelta(days=1)})
        cls.held.minutes = "<p>Minutes</p>"
        cls.held.action_set_held()
        cls.cancelled = cls._create_meeting(
            cls.district_b, cls.manager_b, datetime(2025, 2, 11, 6, 30)
        )
        cls.cancelled.action_cancel()
        # outside the month: 28 Feb 21:00 UTC is 1 March 00:30 in Tehran
        cls.march = cls._create_meeting(
            cls.district_a, cls.manager_a, datetime(2025, 2, 28, 21, 0)
        )
        cls.march.write({"minutes": "<p>x</p>"})
        cls.march.action_set_held()

    def _district_rows(self, date_from, date_to, user=None):
        report = self.env["hotline.meeting.report"]
        if user:
            report = report.with_user(user)
        return report._report_rows(date_from, date_to, "district_id")

    def test_district_figures_for_the_month(self):
        figures = self._district_rows(date(2025, 2, 1), date(2025, 2, 28))
        self.assertEqual(
            [row["label"] for row in figures], ["Test district A", "Test district B"]
        )
        by_district = {row["label"]: row for row in figures}
        self.assertEqual(
            by_district["Test district A"],
            {
                "label": "Test district A",
                "sessions_held": 1,
                "sessions_cancelled": 0,
                "citizens_received": 2,
                "no_shows": 1,
                "orders_given": 4,
                "orders_done": 2,
                "orders_done_on_time": 1,
                "orders_open_late": 1,
                # the one on-time rule of requests: done by the deadline (1) or open
                # and not yet past it (1), of the 4 orders with a deadline
                "on_time_rate": 50.0,
            },
        )
        self.assertEqual(by_district["Test district B"]["sessions_cancelled"], 1)
        self.assertEqual(by_district["Test district B"]["sessions_held"], 0)
        self.assertIsNone(by_district["Test district B"]["on_time_rate"], "no order")

    def test_month_boundary_in_tehran_time(self):
        figures = self._district_rows(date(2025, 3, 1), date(2025, 3, 31))
        self.assertEqual(
            [(row["label"], row["sessions_held"]) for row in figures],
            [("Test district A", 1)],
        )

    def test_city_wide_sessions_last(self):
        city = self._create_meeting(
            self.env["hotline.district"], self.supervisor, datetime(2025, 2, 12, 6, 30)
        )
        city.write({"minutes": "<p>x</p>"})
        city.action_set_held()
        figures = self._district_rows(date(2025, 2, 1), date(2025, 2, 28))
        self.assertEqual(
            [(row["label"], row["sessions_held"]) for row in figures],
            [("Test district A", 1), ("Test district B", 0), ("City-wide", 1)],
        )

    def test_manager_sees_own_district_figures_only(self):
        figures = self._district_rows(
            date(2025, 2, 1), date(2025, 2, 28), self.manager_b
        )
        self.assertEqual([row["label"] for row in figures], ["Test district B"])
        with self.assertRaises(AccessError):
            self.env["hotline.meeting.report"].with_user(self.operator).search([])
