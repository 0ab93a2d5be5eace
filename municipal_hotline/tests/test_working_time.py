"""Request deadlines on the city's working calendar: Saturday to Wednesday, Thursday
until noon, Friday off, official holidays skipped (times in Tehran)."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HotlineCase

CALENDAR = "municipal_hotline.resource_calendar_iranian_week"


def tehran(*args):
    """Naive UTC of a Tehran wall-clock time (UTC+03:30, no DST since 2022)."""
    return datetime(*args) - timedelta(hours=3, minutes=30)


@tagged("working_time")
class TestWorkingTime(HotlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["helpdesk.ticket.category"]
        cls.cat_day, cls.cat_three_days = Category.create(
            [
                {"name": "Working-time 24 h", "resolution_hours": 24},
                {"name": "Working-time 72 h", "resolution_hours": 72},
            ]
        )
        cls.calendar = cls.env.ref(CALENDAR)

    def _ticket_at(self, utc, category, name="Working-time request"):
        """A request created at ``utc`` (the transaction's time is create_date)."""
        self.env.flush_all()
        self.env.cr._now = utc
        try:
            return self._create_ticket(name=name, category_id=category.id)
        finally:
            self.env.cr._now = None

    def test_company_uses_the_iranian_week(self):
        self.assertEqual(self.env.company.hotline_calendar_id, self.calendar)
        week = {
            a.dayofweek: (a.hour_from, a.hour_to) for a in self.calendar.attendance_ids
        }
        # Saturday..Wednesday whole days, Thursday morning, no Friday
        self.assertEqual(
            week,
            {
                "5": (0, 24),
                "6": (0, 24),
                "0": (0, 24),
                "1": (0, 24),
                "2": (0, 24),
                "3": (0, 12),
            },
        )

    def test_thursday_evening_is_not_late_on_saturday_morning(self):
        """Filed on Thursday at 20:00 with 24 hours: Thursday afternoon and Friday do
        not count, the deadline is Saturday's end; on Saturday at 09:00 it is on time
        (elapsed hours would have made it late since Friday 20:00)."""
        ticket = self._ticket_at(tehran(2026, 12, 3, 20, 0), self.cat_day)
        self.assertEqual(ticket.date_deadline, tehran(2026, 12, 6, 0, 0))
        with freeze_time(tehran(2026, 12, 5, 9, 0)):
            ticket.invalidate_recordset(["is_overdue"])
            self.assertFalse(ticket.is_overdue)
            self.env.flush_all()
            [row] = self.env["hotline.ticket.report"].search(
                [("ticket_id", "=", ticket.id)]
            )
            self.assertEqual(row.on_time_rate, 100.0)
        with freeze_time(tehran(2026, 12, 6, 0, 1)):
            ticket.invalidate_recordset(["is_overdue"])
            self.assertTrue(ticket.is_overdue)

    def test_thursday_morning_counts_until_noon(self):
        ticket = self._ticket_at(tehran(2026, 12, 3, 10, 0), self.cat_day)
        # 2 h on Thursday, 22 h on Saturday
        self.assertEqual(ticket.date_deadline, tehran(2026, 12, 5, 22, 0))

    def test_deadline_skips_the_nowruz_holidays(self):
        """72 hours from Wednesday 27 Esfand 1404 at 10:00: 14 h that day, 12 h on
        Thursday, Friday off, 1-4 Farvardin 1405 official holidays, 24 h on Wednesday
        5 Farvardin, 12 h on Thursday, 10 h on Saturday 8 Farvardin."""
        ticket = self._ticket_at(tehran(2026, 3, 18, 10, 0), self.cat_three_days)
        self.assertEqual(ticket.date_deadline, tehran(2026, 3, 28, 10, 0))
        # the same as the calendar's own planning
        planned = self.calendar.plan_hours(
            72, tehran(2026, 3, 18, 10, 0).replace(tzinfo=None), compute_leaves=True
        )
        self.assertAlmostEqual(
            planned, tehran(2026, 3, 28, 10, 0), delta=timedelta(minutes=1)
        )

    def test_a_holiday_the_city_adds_moves_the_deadline(self):
        """A lunar holiday added by a supervisor (Configuration > Official Holidays)
        on Saturday 5 December 2026: a request of Thursday evening is due a day later."""
        self.env["resource.calendar.leaves"].with_user(self.supervisor).create(
            {
                "name": "Lunar holiday",
                "calendar_id": self.calendar.id,
                "date_from": tehran(2026, 12, 5, 0, 0),
                "date_to": tehran(2026, 12, 5, 23, 59, 59),
            }
        )
        ticket = self._ticket_at(tehran(2026, 12, 3, 20, 0), self.cat_day)
        self.assertEqual(ticket.date_deadline, tehran(2026, 12, 7, 0, 0))

    def test_only_supervisors_change_official_holidays(self):
        """Odoo lets every employee write leaves (their time off); the city's holidays
        move every deadline, so operators and experts may not add or change them."""
        Leave = self.env["resource.calendar.leaves"]
        holiday = self.env.ref(
            "municipal_hotline.resource_calendar_leaves_1405_01_13"
        ).sudo()
        values = {
            "name": "Not a holiday",
            "calendar_id": self.calendar.id,
            "date_from": tehran(2026, 12, 5, 0, 0),
            "date_to": tehran(2026, 12, 5, 23, 59, 59),
        }
        for user in (self.operator, self.expert):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Leave.with_user(user).create(values)
                with self.assertRaises(AccessError):
                    holiday.with_user(user).write({"name": "Moved"})
                with self.assertRaises(AccessError):
                    holiday.with_user(user).unlink()
                # they still read them (their deadlines are computed from them)
                self.assertTrue(holiday.with_user(user).name)
        holiday.with_user(self.supervisor).write({"name": "روز طبیعت"})

    def test_deadlines_computed_in_one_batch(self):
        """Ten requests cost the queries of one: the calendar's leaves are read once
        for all of them."""

        def queries(count):
            tickets = self.env["helpdesk.ticket"].browse(
                [
                    self._ticket_at(
                        tehran(2026, 12, 1 + i % 5, 20, 0), self.cat_three_days
                    ).id
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            tickets._compute_date_deadline()
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(10), queries(1))
