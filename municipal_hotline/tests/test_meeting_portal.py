from datetime import timedelta

from odoo.tests import tagged

from .common import HotlineHttpCase, MeetingCase


@tagged("post_install", "-at_install", "hotline_meeting")
class TestMeetingPortal(MeetingCase, HotlineHttpCase):
    def test_citizen_books_and_sees_own_booking(self):
        self._login(self.citizen_a)
        page = self.url_open(f"/my/meetings/{self.meeting.id}")
        self.assertEqual(page.status_code, 200)
        slot = self.meeting.start + timedelta(minutes=30)
        resp = self._post(
            f"/my/meetings/{self.meeting.id}/book",
            {"slot": slot.strftime("%Y-%m-%d %H:%M:%S"), "topic": "Broken water pipe"},
        )
        self.assertEqual(resp.status_code, 303)
        booking = self.env["hotline.meeting.booking"].search(
            [("partner_id", "=", self.citizen_a.partner_id.id)]
        )
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.slot_start, slot)
        listing = self.url_open("/my/meetings")
        self.assertIn("Broken water pipe", listing.text)
        # a second booking of the same session is refused with a message
        again = self._post(f"/my/meetings/{self.meeting.id}/book", {"topic": "Again"})
        self.assertIn("already have a booking", again.text)
        self.assertEqual(
            self.env["hotline.meeting.booking"].search_count(
                [("partner_id", "=", self.citizen_a.partner_id.id)]
            ),
            1,
        )

    def test_citizen_cannot_see_or_cancel_someone_elses_booking(self):
        theirs = self._book(self.citizen_b.partner_id)
        self._login(self.citizen_a)
        listing = self.url_open("/my/meetings")
        self.assertNotIn(
            theirs.topic + "</td>", listing.text.replace(self.meeting.name, "")
        )
        resp = self._post(f"/my/meetings/bookings/{theirs.id}/cancel")
        self.assertEqual(resp.status_code, 404)
        theirs.invalidate_recordset()
        self.assertEqual(theirs.state, "confirmed")
        resp = self._post("/my/meetings/bookings/999999999/cancel")
        self.assertEqual(resp.status_code, 404)

    def test_citizen_cancels_own_booking(self):
        mine = self._book(self.citizen_a.partner_id)
        self._login(self.citizen_a)
        resp = self._post(f"/my/meetings/bookings/{mine.id}/cancel")
        self.assertEqual(resp.status_code, 303)
        mine.invalidate_recordset()
        self.assertEqual(mine.state, "cancelled")

    def test_full_session_puts_citizen_on_waiting_list(self):
        for partner in self.partners[:4]:
            self._book(partner)
        self._login(self.citizen_a)
        page = self.url_open(f"/my/meetings/{self.meeting.id}")
        self.assertIn("waiting list", page.text)
        resp = self._post(
            f"/my/meetings/{self.meeting.id}/book", {"topic": "Sewage smell"}
        )
        self.assertEqual(resp.status_code, 303)
        booking = self.env["hotline.meeting.booking"].search(
            [("partner_id", "=", self.citizen_a.partner_id.id)]
        )
        self.assertEqual(booking.state, "waiting")
        self.assertFalse(booking.slot_start)

    def test_booking_of_a_held_session_cannot_be_cancelled(self):
        mine = self._book(self.citizen_a.partner_id)
        with self._session_started():
            mine.action_attended()
            self.meeting.minutes = "<p>Held</p>"
            self.meeting.action_set_held()
        self._login(self.citizen_a)
        resp = self._post(f"/my/meetings/bookings/{mine.id}/cancel")
        self.assertIn("not_cancellable", resp.headers["Location"])
        mine.invalidate_recordset()
        self.assertEqual(mine.state, "attended")

    def test_sessions_filtered_by_district(self):
        other = self._create_meeting(
            self.district_b, self.manager_b, self.meeting.start + timedelta(days=1)
        )
        other.action_open_booking()
        self._login(self.citizen_a)
        both = self.url_open("/my/meetings").text
        self.assertIn(other.name, both)
        self.assertIn(self.meeting.name, both)
        only_b = self.url_open(f"/my/meetings?district={self.district_b.id}").text
        self.assertIn(f'href="/my/meetings/{other.id}"', only_b)
        self.assertNotIn(f'href="/my/meetings/{self.meeting.id}"', only_b)

    def test_sessions_not_open_are_not_bookable(self):
        planned = self._create_meeting(
            self.district_a, self.manager_a, self.meeting.start + timedelta(days=7)
        )
        self._login(self.citizen_a)
        self.assertEqual(self.url_open(f"/my/meetings/{planned.id}").status_code, 404)
        resp = self._post(f"/my/meetings/{planned.id}/book", {"topic": "x"})
        self.assertEqual(resp.status_code, 404)
        self.assertFalse(planned.booking_ids)

    def test_anonymous_visitor_is_sent_to_login(self):
        resp = self.url_open("/my/meetings", allow_redirects=False)
        self.assertEqual(resp.status_code, 303)
        self.assertIn("/web/login", resp.headers["Location"])

    def test_portal_booking_tour(self):
        self.start_tour(
            "/my/meetings",
            "municipal_hotline_meeting_portal_booking",
            login=self.citizen_a.login,
        )
        booking = self.env["hotline.meeting.booking"].search(
            [("partner_id", "=", self.citizen_a.partner_id.id)]
        )
        self.assertEqual(booking.topic, "Our lane has no street lights")
        self.assertEqual(booking.state, "cancelled")
