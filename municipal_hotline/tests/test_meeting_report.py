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

    def test_district_figures_for_the_month(self):
        figures = self.env["hotline.meeting.report"]._get_district_figures(
            date(2025, 2, 1), date(2025, 2, 28)
        )
        by_district = {row["district_id"]: row for row in figures}
        self.assertEqual(
            by_district[self.district_a.id],
            {
                "district_id": self.district_a.id,
                "district_name": "Test district A",
                "sessions_held": 1,
                "sessions_cancelled": 0,
                "citizens_received": 2,
                "no_shows": 1,
                "orders_given": 4,
                "orders_done": 2,
                "orders_done_on_time": 1,
                "orders_open_late": 1,
                "on_time_rate": 25.0,
            },
        )
        self.assertEqual(by_district[self.district_b.id]["sessions_cancelled"], 1)
        self.assertEqual(by_district[self.district_b.id]["sessions_held"], 0)

    def test_month_boundary_in_tehran_time(self):
        figures = self.env["hotline.meeting.report"]._get_district_figures(
            date(2025, 3, 1), date(2025, 3, 31)
        )
        self.assertEqual(
            [(row["district_id"], row["sessions_held"]) for row in figures],
            [(self.district_a.id, 1)],
        )

    def test_manager_sees_own_district_figures_only(self):
        Report = self.env["hotline.meeting.report"].with_user(self.manager_b)
        figures = Report._get_district_figures(date(2025, 2, 1), date(2025, 2, 28))
        self.assertEqual([row["district_id"] for row in figures], [self.district_b.id])
        with self.assertRaises(AccessError):
            self.env["hotline.meeting.report"].with_user(self.operator).search([])
