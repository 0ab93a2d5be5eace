from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import MeetingCase


@tagged("hotline_meeting")
class TestMeetingSchedule(MeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.schedule = cls.env["hotline.meeting.schedule"].create(
            {
                "name": "District A weekly meeting",
                "district_id": cls.district_a.id,
                "host_id": cls.manager_a.id,
                "weekday": "sat",
                "hour": 10.0,
                "duration": 2.0,
                "slot_minutes": 20,
                "weeks_ahead": 3,
                "booking_open_days": 7,
                "tz": "Asia/Tehran",
                "date_start": date(2026, 3, 14),
                "place": "District A hall",
            }
        )

    def _starts(self):
        return self.schedule.meeting_ids.sorted("start").mapped("start")

    @freeze_time("2026-03-18 08:00:00")
    def test_weekly_sessions_across_weeks_and_month(self):
        """Saturdays 10:00 Tehran = 06:30 UTC every week, March into April: Iran has had
        no daylight-saving time since 2022, so the UTC hour never moves."""
        meetings = self.schedule._generate_meetings()
        self.assertEqual(
            self._starts(),
            [
                datetime(2026, 3, 21, 6, 30),
                datetime(2026, 3, 28, 6, 30),
                datetime(2026, 4, 4, 6, 30),
            ],
        )
        self.assertEqual(meetings.mapped("stop")[0], datetime(2026, 3, 21, 8, 30))
        self.assertEqual(meetings.mapped("slot_count"), [6, 6, 6])
        self.assertIn("BYDAY=SA", self.schedule.recurrence_id.rrule)
        # each session has its own event in the host's calendar
        for meeting in meetings:
            self.assertEqual(meeting.event_id.start, meeting.start)
            self.assertIn(self.manager_a.partner_id, meeting.event_id.partner_ids)
            self.assertEqual(meeting.event_id.location, "District A hall")

    @freeze_time("2026-03-18 08:00:00")
    def test_generation_is_idempotent_and_numbered(self):
        self.schedule._generate_meetings()
        again = self.schedule._generate_meetings()
        self.assertFalse(again, "a second run must not duplicate sessions")
        self.assertEqual(
            self.schedule.meeting_ids.sorted("start").mapped("sequence_number"),
            [2, 3, 4],
            "numbered per district after the fixture's session no. 1",
        )

    def test_sessions_follow_the_weeks(self):
        """A week later the daily cron adds the next week and keeps the earlier ones."""
        with freeze_time("2026-03-18 08:00:00"):
            self.schedule._generate_meetings()
        with freeze_time("2026-03-25 08:00:00"):
            self.env["hotline.meeting.schedule"]._cron_generate_meetings()
        self.assertEqual(
            self._starts(),
            [
                datetime(2026, 3, 21, 6, 30),
                datetime(2026, 3, 28, 6, 30),
                datetime(2026, 4, 4, 6, 30),
                datetime(2026, 4, 11, 6, 30),
            ],
        )
        # booking opens 7 days ahead: on 25 March only the session of 28 March opens
        states = self.schedule.meeting_ids.sorted("start").mapped("state")
        self.assertEqual(states, ["planned", "open", "planned", "planned"])

    @freeze_time("2021-03-17 08:00:00")
    def test_daylight_saving_change_when_iran_had_it(self):
        """In 2021 Iran still moved to +04:30 on 22 March: the local hour stays 10:00,
        so the UTC hour moves by one, as calendar recurrence does for DST."""
        self.schedule.date_start = date(2021, 3, 13)
        self.schedule._generate_meetings()
        self.assertEqual(
            self._starts(),
            [
                datetime(2021, 3, 20, 6, 30),
                datetime(2021, 3, 27, 5, 30),
                datetime(2021, 4, 3, 5, 30),
            ],
        )

    def test_changed_weekday_replaces_unbooked_sessions(self):
        """Moving the weekly day replans the coming sessions nobody booked; a booked one
        stays until the host cancels it (which tells the citizen)."""
        with freeze_time("2026-03-18 08:00:00"):
            self.schedule._generate_meetings()
            first = self.schedule.meeting_ids.sorted("start")[:1]
            first.state = "open"
            self._book(self.partners[0], meeting=first)
            self.schedule.weekday = "mon"
            self.schedule._generate_meetings()
        self.assertIn("BYDAY=MO", self.schedule.recurrence_id.rrule)
        self.assertEqual(
            self._starts(),
            [
                datetime(2026, 3, 21, 6, 30),
                datetime(2026, 3, 23, 6, 30),
                datetime(2026, 3, 30, 6, 30),
                datetime(2026, 4, 6, 6, 30),
            ],
        )

    def test_invalid_schedule_refused(self):
        with self.assertRaises(ValidationError):
            self.schedule.slot_minutes = 500
        with self.assertRaises(ValidationError):
            self.schedule.hour = 23.5

    def test_session_must_end_after_start(self):
        with self.assertRaises(ValidationError):
            self.meeting.stop = self.meeting.start
