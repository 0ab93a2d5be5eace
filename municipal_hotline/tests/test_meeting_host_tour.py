from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import HotlineHttpCase, MeetingCase


@tagged("post_install", "-at_install", "hotline_meeting")
class TestMeetingHostTour(MeetingCase, HotlineHttpCase):
    """The district manager hosts sessions in Chromium, in Persian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["ir.module.module"]._load_module_terms(["municipal_hotline"], ["fa_IR"])
        cls.manager_a.write({"lang": "fa_IR", "tz": "Asia/Tehran"})
        cls._build_web_client_bundles()
        cls.citizen = cls.partners[0]

    def test_future_session_hides_attendance_orders_and_held(self):
        """Three days ahead: no "attended", "order" or "close as held" button."""
        start = self.meeting.start - timedelta(days=4)
        soon = self._create_meeting(self.district_a, self.manager_a, start)
        soon.action_open_booking()
        self._book(self.citizen, meeting=soon)
        self.start_tour(
            f"/odoo/action-municipal_hotline.hotline_public_meeting_action/{soon.id}",
            "municipal_hotline_meeting_not_started",
            login=self.manager_a.login,
        )

    def test_host_marks_attended_and_gives_an_order(self):
        """A session under way: the host reads the citizen's requests of every district,
        marks the citizen attended and gives an order titled by the citizen's topic,
        in the category he chooses."""
        now = fields.Datetime.now().replace(microsecond=0)
        running = self._create_meeting(
            self.district_a, self.manager_a, now - timedelta(minutes=10)
        )
        running.action_open_booking()
        for i in range(5):
            self._create_ticket(
                self.citizen, f"Tour request {i} in B", district_id=self.district_b.id
            )
        booking = self._book(self.citizen, meeting=running)
        booking.topic = "Our lane has no street lights"
        self.start_tour(
            f"/odoo/action-municipal_hotline.hotline_meeting_booking_action/{booking.id}",
            "municipal_hotline_meeting_host",
            login=self.manager_a.login,
        )
        self.assertEqual(booking.state, "attended")
        order = booking.order_ticket_ids
        self.assertEqual(order.name, "Our lane has no street lights")
        self.assertEqual(
            order.category_id, self.env.ref("municipal_hotline.category_lighting_out")
        )
