from collections import Counter
from datetime import timedelta

from odoo import fields

from .common import HotlineCase


class TestDemoGenerator(HotlineCase):
    """The demo requests look like a working hotline's, the same on every install."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ids = cls.Ticket._hotline_generate_demo_tickets(count=300)
        cls.tickets = cls.Ticket.browse(ids)

    def test_six_months_backdated_consistently(self):
        now = fields.Datetime.now()
        self.assertEqual(len(self.tickets), 300)
        for ticket in self.tickets:
            self.assertGreaterEqual(ticket.create_date, now - timedelta(days=181))
            self.assertLess(ticket.create_date, now)
            if ticket.closed_date:
                self.assertGreaterEqual(ticket.closed_date, ticket.create_date)
            if ticket.date_first_response:
                self.assertGreaterEqual(ticket.date_first_response, ticket.create_date)
            self.assertGreater(ticket.date_deadline, ticket.create_date)
        by_date = self.tickets.sorted("create_date")
        self.assertEqual(by_date.mapped("number"), sorted(by_date.mapped("number")))

    def test_spread_over_districts_kinds_channels_stages(self):
        self.assertGreaterEqual(len(set(self.tickets.mapped("district_id"))), 2)
        self.assertEqual(len(set(self.tickets.mapped("request_kind"))), 7)
        self.assertGreaterEqual(len(self.tickets.mapped("channel_id")), 5)
        self.assertGreaterEqual(len(self.tickets.mapped("stage_id")), 6)
        self.assertGreaterEqual(len(self.tickets.mapped("category_id")), 20)

    def test_repeat_callers_overdue_reopened_and_late(self):
        calls = Counter(self.tickets.mapped("caller_phone_key"))
        self.assertGreaterEqual(max(calls.values()), 5, "some citizens call again")
        overdue = self.tickets.filtered("is_overdue")
        self.assertTrue(overdue)
        self.assertLess(len(overdue), len(self.tickets) / 4)
        self.assertTrue(self.tickets.filtered("reopen_count"))
        late = self.tickets.filtered(
            lambda t: t.closed_date and t.closed_date > t.date_deadline
        )
        on_time = self.tickets.filtered(
            lambda t: t.closed_date and t.closed_date <= t.date_deadline
        )
        self.assertGreater(len(on_time), len(late), "most are answered on time")
        self.assertTrue(late)

    def test_persian_names_and_titles(self):
        persian = [
            n
            for n in self.tickets.mapped("partner_id.name")
            if "\u0600" <= n[0] <= "\u06ff"
        ]
        self.assertEqual(len(persian), len(self.tickets.mapped("partner_id")))
        self.assertTrue(all("\u0600" <= t.name[0] <= "\u06ff" for t in self.tickets))

    def test_generator_is_deterministic(self):
        again = self.Ticket.browse(
            self.Ticket._hotline_generate_demo_tickets(count=300)
        )
        self.assertEqual(again.mapped("name"), self.tickets.mapped("name"))
        self.assertEqual(
            again.mapped("request_kind"), self.tickets.mapped("request_kind")
        )
