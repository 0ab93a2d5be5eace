from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MeetingCase


@tagged("hotline_meeting")
class TestMeetingAccess(MeetingCase):
    def test_manager_runs_own_district_only(self):
        Meeting = self.env["hotline.public.meeting"]
        start = self.meeting.start + timedelta(days=7)
        own = Meeting.with_user(self.manager_a).create(
            {
                "district_id": self.district_a.id,
                "host_id": self.manager_a.id,
                "start": start,
                "stop": start + timedelta(hours=1),
            }
        )
        own.with_user(self.manager_a).action_open_booking()
        self.assertEqual(own.state, "open")
        # another district's manager neither sees nor runs it
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.manager_b).read(["name"])
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.manager_b).write({"place": "elsewhere"})
        with self.assertRaises(AccessError):
            Meeting.with_user(self.manager_b).create(
                {
                    "district_id": self.district_a.id,
                    "host_id": self.manager_b.id,
                    "start": start,
                    "stop": start + timedelta(hours=1),
                }
            )
        self.assertNotIn(self.meeting, Meeting.with_user(self.manager_b).search([]))
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.manager_a).unlink()

    def test_manager_schedules_own_district_only(self):
        Schedule = self.env["hotline.meeting.schedule"]
        values = {"name": "Weekly", "host_id": self.manager_a.id, "weekday": "sun"}
        Schedule.with_user(self.manager_a).create(
            dict(values, district_id=self.district_a.id)
        )
        with self.assertRaises(AccessError):
            Schedule.with_user(self.manager_a).create(
                dict(values, district_id=self.district_b.id)
            )
        with self.assertRaises(AccessError):
            Schedule.with_user(self.operator).create(
                dict(values, district_id=self.district_a.id)
            )

    def test_manager_sees_bookings_of_own_district_only(self):
        booking = self._book(self.partners[0])
        with self._session_started():
            booking.with_user(self.manager_a).action_attended()
        with self.assertRaises(AccessError):
            booking.with_user(self.manager_b).read(["topic"])
        with self.assertRaises(AccessError):
            booking.with_user(self.manager_b).write({"minutes": "<p>x</p>"})

    def test_operator_books_but_does_not_run_sessions(self):
        booking = self._book(self.partners[0], env=self.env(user=self.operator))
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(
            self.meeting.with_user(self.operator).read(["name"])[0]["id"],
            self.meeting.id,
        )
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.operator).write({"state": "held"})
        with self.assertRaises(AccessError):
            booking.with_user(self.operator).unlink()
        with self.assertRaises(AccessError):
            self.env["hotline.meeting.order.wizard"].with_user(self.operator).create(
                {
                    "booking_id": booking.id,
                    "name": "x",
                    "team_id": self.team_a.id,
                    "date_deadline": self.meeting.stop + timedelta(days=3),
                }
            )

    def test_expert_reads_sessions_not_bookings(self):
        booking = self._book(self.partners[0])
        self.meeting.with_user(self.expert).read(["name"])
        with self.assertRaises(AccessError):
            booking.with_user(self.expert).read(["topic"])
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.expert).write({"place": "x"})

    def test_citizen_reads_only_own_bookings(self):
        mine = self._book(self.citizen_a.partner_id)
        theirs = self._book(self.citizen_b.partner_id)
        Booking = self.env["hotline.meeting.booking"].with_user(self.citizen_a)
        self.assertEqual(Booking.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.citizen_a).read(["topic"])
        with self.assertRaises(AccessError):
            mine.with_user(self.citizen_a).write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            Booking.create(
                {
                    "meeting_id": self.meeting.id,
                    "partner_id": self.citizen_a.partner_id.id,
                    "topic": "x",
                }
            )
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.citizen_a).read(["name"])

    def test_supervisor_sees_and_runs_all(self):
        self.meeting.with_user(self.supervisor).write({"place": "City hall"})
        other = self._create_meeting(
            self.district_b, self.manager_b, self.meeting.start + timedelta(days=1)
        )
        found = (
            self.env["hotline.public.meeting"]
            .with_user(self.supervisor)
            .search([("id", "in", (self.meeting | other).ids)])
        )
        self.assertEqual(found, self.meeting | other)

    def test_host_sees_the_citizens_requests_of_every_district(self):
        """The host reads the count and number, title, district and stage of the
        citizen's requests in other districts, but not those requests themselves."""
        citizen = self.partners[0]
        elsewhere = self.env["helpdesk.ticket"].browse(
            [
                self._create_ticket(
                    citizen, f"Request {i} in B", district_id=self.district_b.id
                ).id
                for i in range(5)
            ]
        )
        own = self._create_ticket(citizen, "Request in A")
        booking = self._book(citizen)
        hosted = booking.with_user(self.manager_a)
        self.assertEqual(hosted.earlier_ticket_count, 6)
        html = str(hosted.earlier_requests_html)
        for ticket in elsewhere | own:
            self.assertIn(ticket.number, html)
            self.assertIn(ticket.name, html)
        self.assertIn(self.district_b.name, html)
        self.assertIn(elsewhere[0].stage_id.name, html)
        self.assertNotIn(elsewhere[0].description, html, "four fields, no more")
        # the records he may open are still his own district's
        self.assertEqual(hosted.earlier_ticket_ids, own)
        with self.assertRaises(AccessError):
            elsewhere[0].with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            elsewhere.with_user(self.manager_a).check_access("read")
        # the other district's manager cannot read the booking, nor its list
        with self.assertRaises(AccessError):
            booking.with_user(self.manager_b).read(["earlier_requests_html"])
