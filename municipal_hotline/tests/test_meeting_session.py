from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..tools import format_date
from .common import MeetingCase


@tagged("hotline_meeting")
class TestMeetingSession(MeetingCase):
    def _order(self, booking, **values):
        wizard = Form(
            self.env["hotline.meeting.order.wizard"].with_context(
                default_booking_id=booking.id
            )
        )
        wizard.name = values.pop("name", "Repair the street lights")
        if "ticket_id" not in values:
            wizard.category_id = values.pop("category_id", self.cat_pothole)
        wizard.date_deadline = values.pop(
            "date_deadline", fields.Datetime.now() + timedelta(days=10)
        )
        for key, value in values.items():
            setattr(wizard, key, value)
        record = wizard.save()
        record.action_confirm()
        return record

    def test_order_creates_a_ticket_from_the_meeting(self):
        booking = self._book(self.partners[0])
        deadline = datetime(2030, 1, 15, 12, 0)
        with self._session_started():
            booking.action_attended()
            self._order(booking, user_id=self.manager_a, date_deadline=deadline)
        ticket = booking.order_ticket_ids
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.meeting_id, self.meeting)
        self.assertEqual(ticket.partner_id, self.partners[0])
        self.assertEqual(ticket.district_id, self.district_a)
        self.assertEqual(ticket.team_id, self.team_a, "the district's team by default")
        self.assertEqual(ticket.user_id, self.manager_a)
        self.assertEqual(ticket.date_deadline, deadline)
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("municipal_hotline.helpdesk_ticket_channel_public_meeting"),
        )
        self.assertIn(ticket, booking.ticket_ids)
        self.assertEqual(self.meeting.order_count, 1)

    def test_order_updates_the_linked_ticket(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Pothole on Azadi street",
                "description": "x",
                "partner_id": self.partners[0].id,
            }
        )
        booking = self._book(self.partners[0])
        booking.ticket_ids = ticket
        with self._session_started():
            booking.action_attended()
            self._order(
                booking, ticket_id=ticket, team_id=self.team_b, name="Fix it this week"
            )
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("meeting_booking_id", "=", booking.id)]
            ),
            1,
            "no new request",
        )
        self.assertEqual(ticket.meeting_id, self.meeting)
        self.assertEqual(ticket.team_id, self.team_b)
        self.assertIn("Fix it this week", ticket.message_ids[:1].body)

    def test_order_with_past_deadline_refused(self):
        booking = self._book(self.partners[0])
        with self._session_started():
            booking.action_attended()
            with self.assertRaises(UserError):
                self._order(booking, date_deadline=datetime(2020, 1, 1))
        self.assertFalse(booking.order_ticket_ids)

    def test_held_needs_minutes_and_marked_bookings(self):
        booking = self._book(self.partners[0])
        with self._session_started():
            with self.assertRaisesRegex(UserError, "minutes"):
                self.meeting.action_set_held()
            self.meeting.minutes = "<p>Three citizens were received.</p>"
            with self.assertRaisesRegex(UserError, self.partners[0].name):
                self.meeting.action_set_held()
            booking.action_no_show()
            self.meeting.action_set_held()
        self.assertEqual(self.meeting.state, "held")
        with self.assertRaises(UserError):
            self.meeting.action_cancel()

    def test_empty_html_minutes_are_no_minutes(self):
        self.meeting.minutes = "<p><br></p>"
        with self._session_started(), self.assertRaises(UserError):
            self.meeting.action_set_held()
        self.assertEqual(self.meeting.state, "open")

    def test_review_lists_open_orders_of_earlier_sessions(self):
        earlier = self._create_meeting(
            self.district_a, self.manager_a, self.meeting.start - timedelta(days=14)
        )
        other_district = self._create_meeting(
            self.district_b, self.manager_b, self.meeting.start - timedelta(days=14)
        )
        Ticket = self.env["helpdesk.ticket"]
        done_stage = self.env.ref("municipal_hotline.helpdesk_ticket_stage_resolved")
        late, on_time, closed, elsewhere = Ticket.create(
            [
                {
                    "name": "Late",
                    "description": "x",
                    "meeting_id": earlier.id,
                    "district_id": self.district_a.id,
                },
                {
                    "name": "Coming",
                    "description": "x",
                    "meeting_id": earlier.id,
                    "district_id": self.district_a.id,
                },
                {
                    "name": "Done",
                    "description": "x",
                    "meeting_id": earlier.id,
                    "district_id": self.district_a.id,
                },
                {
                    "name": "B",
                    "description": "x",
                    "meeting_id": other_district.id,
                    "district_id": self.district_b.id,
                },
            ]
        )
        now = fields.Datetime.now()
        late.date_deadline = now - timedelta(days=3, hours=2)
        on_time.date_deadline = now + timedelta(days=3)
        closed.stage_id = done_stage
        self.assertEqual(self.meeting.followup_ticket_ids, late | on_time)
        self.assertNotIn(elsewhere, self.meeting.followup_ticket_ids)
        self.assertEqual(late.meeting_days_late, 4)
        self.assertEqual(on_time.meeting_days_late, 0)
        self.assertFalse(
            earlier.followup_ticket_ids, "nothing before the first session"
        )

    def test_operator_books_from_the_ticket(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Waste not collected",
                "description": "x",
                "partner_id": self.partners[0].id,
                "district_id": self.district_a.id,
            }
        )
        action = ticket.with_user(self.operator).action_book_public_meeting()
        form = Form.from_action(self.env(user=self.operator), action)
        self.assertEqual(
            form.meeting_id, self.meeting, "the district's next open session"
        )
        booking = form.save()
        booking.action_confirm()
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.ticket_ids, ticket)
        self.assertEqual(booking.partner_id, self.partners[0])

    def test_deleting_a_booked_session_refused(self):
        self._book(self.partners[0])
        with self.assertRaises(UserError):
            self.meeting.unlink()

    def test_nothing_before_the_session_starts(self):
        """A session three days ahead: attendance, orders and "held" are refused on
        the server, and the form hides their buttons until it starts."""
        start = self.meeting.start - timedelta(days=4)
        soon = self._create_meeting(self.district_a, self.manager_a, start)
        soon.action_open_booking()
        soon.minutes = "<p>Early minutes</p>"
        booking = self._book(self.partners[0], meeting=soon)
        self.assertFalse(soon.has_started)
        self.assertFalse(booking.meeting_started)
        manager_booking = booking.with_user(self.manager_a)
        for action in (
            manager_booking.action_attended,
            manager_booking.action_no_show,
            manager_booking.action_give_order,
            soon.with_user(self.manager_a).action_set_held,
        ):
            with (
                self.subTest(action=action.__name__),
                self.assertRaisesRegex(UserError, "has not started"),
            ):
                action()
        # a wizard opened some other way cannot give the order either
        booking.state = "attended"
        with self.assertRaisesRegex(UserError, "has not started"):
            self._order(booking, category_id=self.cat_pothole)
        self.assertFalse(booking.order_ticket_ids)
        self.assertEqual((booking.state, soon.state), ("attended", "open"))
        # five minutes after the start, on the city's clock, the host runs it
        booking.state = "confirmed"
        with self._session_started(soon):
            soon.invalidate_recordset(["has_started"])
            self.assertTrue(soon.has_started)
            booking.action_attended()
            self._order(booking, category_id=self.cat_pothole)
            soon.action_set_held()
        self.assertEqual(soon.state, "held")
        self.assertEqual(len(booking.order_ticket_ids), 1)

    def test_not_started_error_is_persian_for_a_persian_host(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        booking = self._book(self.partners[0])
        with self.assertRaisesRegex(UserError, "هنوز شروع نشده") as caught:
            booking.with_context(lang="fa_IR").action_attended()
        self.assertIn(
            format_date(self.env(context={"lang": "fa_IR"}), self.meeting.start),
            str(caught.exception),
            "the start as the city reads it: Jalali, Tehran time",
        )

    def test_order_title_is_what_the_citizen_raised(self):
        booking = self._book(self.partners[0])
        booking.topic = "Our lane has no street lights\nsince the storm"
        with self._session_started():
            booking.action_attended()
            wizard = Form(
                self.env["hotline.meeting.order.wizard"].with_context(
                    default_booking_id=booking.id
                )
            )
            self.assertEqual(wizard.name, "Our lane has no street lights")
            wizard.category_id = self.env.ref("municipal_hotline.category_lighting_out")
            wizard.date_deadline = fields.Datetime.now() + timedelta(days=5)
            wizard.save().action_confirm()
        order = booking.order_ticket_ids
        self.assertEqual(order.name, "Our lane has no street lights")
        self.assertEqual(
            order.category_id, self.env.ref("municipal_hotline.category_lighting_out")
        )

    def test_new_order_needs_a_category(self):
        booking = self._book(self.partners[0])
        with self._session_started():
            booking.action_attended()
            wizard = self.env["hotline.meeting.order.wizard"].create(
                {
                    "booking_id": booking.id,
                    "date_deadline": fields.Datetime.now() + timedelta(days=5),
                }
            )
            self.assertEqual(wizard.name, "Broken street lights", "the booking's topic")
            with self.assertRaisesRegex(UserError, "category"):
                wizard.action_confirm()
        self.assertFalse(booking.order_ticket_ids)

    def test_order_on_a_linked_request_keeps_its_assignee(self):
        """The follow-up tab shows who carries out each earlier order: an order given
        on an assigned request without naming someone keeps that person."""
        ticket = self._create_ticket(self.partners[0], user_id=self.expert.id)
        booking = self._book(self.partners[0])
        booking.ticket_ids = ticket
        with self._session_started():
            booking.action_attended()
            wizard = self._order(booking, ticket_id=ticket, name="Fix it this week")
        self.assertEqual(wizard.category_id, ticket.category_id, "the request's")
        self.assertEqual(ticket.user_id, self.expert)
        later = self._create_meeting(
            self.district_a, self.manager_a, self.meeting.start + timedelta(days=7)
        )
        self.assertIn(ticket, later.followup_ticket_ids)
        self.assertEqual(later.followup_ticket_ids.user_id, self.expert)

    def test_demo_orders_have_a_title_category_and_assignee(self):
        channel = self.env.ref(
            "municipal_hotline.helpdesk_ticket_channel_public_meeting"
        )
        orders = self.env["helpdesk.ticket"].search(
            [("channel_id", "=", channel.id), ("meeting_booking_id", "!=", False)]
        )
        self.assertTrue(orders, "the demo holds sessions with orders")
        for order in orders:
            self.assertEqual(order.name, order.meeting_booking_id.topic)
        self.assertTrue(all(orders.mapped("category_id")))
        self.assertTrue(all(orders.mapped("user_id")))
        self.assertGreater(len(set(orders.mapped("name"))), 1)
