from datetime import timedelta

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import MeetingCase


@tagged("hotline_meeting")
class TestMeetingBooking(MeetingCase):
    def test_first_free_slot_and_confirmation(self):
        first = self._book(self.partners[0])
        second = self._book(self.partners[1])
        self.assertEqual(first.state, "confirmed")
        self.assertEqual(first.slot_start, self.meeting.start)
        self.assertEqual(second.slot_start, self.meeting.start + timedelta(minutes=15))
        message = self._messages_to(first, self.partners[0])
        self.assertEqual(len(message), 1, "the citizen gets one confirmation")
        self.assertIn(self.meeting.name, message.subject)
        # the citizen's time is written in Tehran time (UTC+03:30)
        local = self.meeting.start + timedelta(hours=3, minutes=30)
        self.assertIn(f"{local.hour % 12 or 12}:{local:%M}", message.body)
        self.assertIn("Meeting hall", message.body)
        self.assertTrue(
            self.env["mail.mail"].search([("mail_message_id", "=", message.id)]),
            "the confirmation goes out by email",
        )
        self.assertEqual(self.meeting.free_slot_count, 2)

    def test_full_session_puts_on_waiting_list_and_cancel_fills_it(self):
        bookings = [self._book(p) for p in self.partners[:4]]
        waiting = self._book(self.partners[4])
        self.assertEqual(waiting.state, "waiting")
        self.assertFalse(waiting.slot_start)
        self.assertEqual(self.meeting.free_slot_count, 0)
        self.assertEqual(self.meeting.waiting_count, 1)
        freed_slot = bookings[1].slot_start
        bookings[1].action_cancel()
        self.assertEqual(
            waiting.state, "confirmed", "the waiting list takes the freed slot"
        )
        self.assertEqual(waiting.slot_start, freed_slot)
        self.assertTrue(self._messages_to(waiting, self.partners[4]))

    def test_taken_slot_is_refused(self):
        self._book(self.partners[0], slot=self.meeting.start)
        with self.assertRaises(UserError):
            self._book(self.partners[1], slot=self.meeting.start)
        self.assertEqual(self.meeting.booked_count, 1)

    def test_slot_must_be_on_the_session_grid(self):
        with self.assertRaises(ValidationError):
            self._book(self.partners[0], slot=self.meeting.start + timedelta(minutes=7))

    def test_cancelled_session_refuses_bookings(self):
        self.meeting.action_cancel()
        booking = self.env["hotline.meeting.booking"].create(
            {
                "meeting_id": self.meeting.id,
                "partner_id": self.partners[0].id,
                "topic": "x",
            }
        )
        with self.assertRaises(UserError):
            booking.action_confirm()

    def test_cancelling_session_notifies_booked_citizens(self):
        booked = self._book(self.partners[0])
        waiting_list = [self._book(p) for p in self.partners[1:5]]
        self.meeting.cancel_reason = "Manager called to the city council"
        self.meeting.action_cancel()
        self.assertEqual(booked.state, "cancelled")
        self.assertTrue(all(b.state == "cancelled" for b in waiting_list))
        for booking in [booked, *waiting_list]:
            message = self._messages_to(booking, booking.partner_id).filtered(
                lambda m: "cancelled" in (m.subject or "")
            )
            self.assertEqual(len(message), 1, booking.partner_id.name)
            self.assertIn("city council", message.body)
        self.assertFalse(self.meeting.event_id.active, "the calendar event is archived")

    def test_reminder_the_day_before_once(self):
        booking = self._book(self.partners[0])
        with freeze_time(self.meeting.start - timedelta(hours=30)):
            self.assertFalse(self.env["hotline.meeting.booking"]._cron_send_reminders())
        with freeze_time(self.meeting.start - timedelta(hours=20)):
            sent = self.env["hotline.meeting.booking"]._cron_send_reminders()
            self.assertIn(booking, sent)
            self.assertFalse(
                self.env["hotline.meeting.booking"]._cron_send_reminders() & booking
            )
        self.assertTrue(booking.reminder_sent)
        reminders = self._messages_to(booking, self.partners[0]).filtered(
            lambda m: "Reminder" in (m.subject or "")
        )
        self.assertEqual(len(reminders), 1)

    def test_earlier_requests_by_contact_and_phone(self):
        Ticket = self.env["helpdesk.ticket"]
        by_contact = Ticket.create(
            {"name": "Pothole", "description": "x", "partner_id": self.partners[0].id}
        )
        by_phone = Ticket.create(
            {"name": "Waste", "description": "x", "caller_phone": "0918 123 4567"}
        )
        other = Ticket.create(
            {"name": "Other", "description": "x", "partner_id": self.partners[1].id}
        )
        booking = self._book(self.partners[0])
        booking.phone = "+989181234567"
        # the booking's free-text phone finds nothing: anyone can type any number
        self.assertEqual(booking.earlier_ticket_ids, by_contact)
        # the contact's number, once staff confirmed it, finds the calls from it
        self.partners[0].write({"phone": "+989181234567"})
        self.partners[0].action_hotline_confirm_phone()
        self.assertEqual(booking.earlier_ticket_ids, by_contact | by_phone)
        self.assertNotIn(other, booking.earlier_ticket_ids)
        self.assertEqual(booking.earlier_ticket_count, 2)

    def test_two_cursors_cannot_both_take_the_last_slot(self):
        """Two citizens see the last slot free at the same moment; the database lets only
        one have it, the other gets a clear error (or the waiting list)."""
        registry = self.registry
        with registry.cursor() as cr0:
            env0 = api.Environment(cr0, SUPERUSER_ID, {"meeting_no_mail": True})
            district = env0["hotline.district"].create(
                {"name": "MTG concurrency", "code": "MTGC"}
            )
            start = self.meeting.start + timedelta(days=1)
            meeting = env0["hotline.public.meeting"].create(
                {
                    "district_id": district.id,
                    "host_id": env0.ref("base.user_admin").id,
                    "start": start,
                    "stop": start + timedelta(minutes=15),
                    "slot_minutes": 15,
                    "state": "open",
                }
            )
            partners = env0["res.partner"].create(
                [{"name": "MTG c1"}, {"name": "MTG c2"}]
            )
            ids = (district.id, meeting.id, partners.ids)
        district_id, meeting_id, partner_ids = ids
        try:
            with registry.cursor() as cr1, registry.cursor() as cr2:
                env1 = api.Environment(cr1, SUPERUSER_ID, {"meeting_no_mail": True})
                env2 = api.Environment(cr2, SUPERUSER_ID, {"meeting_no_mail": True})
                meeting1 = env1["hotline.public.meeting"].browse(meeting_id)
                meeting2 = env2["hotline.public.meeting"].browse(meeting_id)
                # both transactions see the one slot free
                [slot] = meeting1._free_slots()
                self.assertEqual(meeting2._free_slots(), [slot])
                first = env1["hotline.meeting.booking"].create(
                    {
                        "meeting_id": meeting_id,
                        "partner_id": partner_ids[0],
                        "topic": "a",
                    }
                )
                first._take_slot(slot)
                cr1.commit()
                second = env2["hotline.meeting.booking"].create(
                    {
                        "meeting_id": meeting_id,
                        "partner_id": partner_ids[1],
                        "topic": "b",
                    }
                )
                with self.assertRaises(UserError):
                    second._take_slot(slot)
                # without a chosen slot, the second one lands on the waiting list
                self.assertFalse(second._take_slot())
                self.assertEqual(second.state, "waiting")
                cr2.commit()
            with registry.cursor() as cr3:
                cr3.execute(
                    "SELECT state, COUNT(*) FROM hotline_meeting_booking"
                    " WHERE meeting_id = %s GROUP BY state ORDER BY state",
                    [meeting_id],
                )
                self.assertEqual(cr3.fetchall(), [("confirmed", 1), ("waiting", 1)])
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                meeting = env["hotline.public.meeting"].browse(meeting_id)
                meeting.booking_ids.unlink()
                meeting.unlink()
                env["res.partner"].browse(partner_ids).unlink()
                env["hotline.district"].browse(district_id).unlink()
