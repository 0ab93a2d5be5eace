import logging
import os
import time
import unittest
from datetime import datetime, timedelta

from odoo.tests import freeze_time

from .common_referral import ReferralCommon

_logger = logging.getLogger(__name__)

T0 = datetime(2026, 3, 1, 8, 0)


class TestReferralCron(ReferralCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.referral_escalation_hours", "24"
        )

    def _reminders_to(self, partner):
        return self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", partner.id),
                ("model", "=", "res.partner"),
            ]
        )

    def _open_referrals(self, count, agencies, due):
        """Sent referrals due at `due`, spread over the agencies (no mail sent)."""
        return self.Referral.create(
            [
                {
                    "ticket_id": self.ticket.id,
                    "agency_id": agencies[i % len(agencies)].id,
                    "state": "sent",
                    "date_sent": due - timedelta(hours=4),
                    "date_due": due,
                }
                for i in range(count)
            ]
        )

    def test_overdue_reminder_then_escalation(self):
        with freeze_time(T0):
            gas = self._refer(self.ticket_gas, self.gas)  # due in 2 h (category)
            water = self._refer(self.ticket, self.water)  # due in 48 h
        with freeze_time(T0 + timedelta(hours=3)):
            self.Referral._cron_follow_up()
        self.assertTrue(gas.is_overdue)
        self.assertFalse(water.is_overdue)
        self.assertEqual(gas.date_reminded, T0 + timedelta(hours=3))
        reminder = self._reminders_to(self.gas_user.partner_id)
        self.assertEqual(len(reminder), 1, "the gas company's contact is reminded once")
        self.assertIn(self.ticket_gas.number, reminder.body_html)
        self.assertFalse(self._reminders_to(self.water_user.partner_id))
        self.assertFalse(gas.date_escalated, "not escalated before the second delay")
        self.assertFalse(gas.activity_ids)

        # 24 h after the due date: escalated to every supervisor, once
        with freeze_time(T0 + timedelta(hours=2 + 24, minutes=1)):
            self.Referral._cron_follow_up()
            self.Referral._cron_follow_up()
        self.assertTrue(gas.date_escalated)
        self.assertIn(self.supervisor, gas.activity_ids.user_id)
        self.assertEqual(
            len(gas.activity_ids.filtered(lambda a: a.user_id == self.supervisor)), 1
        )
        self.assertFalse(gas.activity_ids.user_id.filtered("share"))
        self.assertEqual(
            len(self._reminders_to(self.gas_user.partner_id)), 1, "no second reminder"
        )
        self.assertFalse(water.is_overdue)

        # the answer clears the overdue flag
        gas.action_answer("<p>Done</p>")
        self.assertFalse(gas.is_overdue)

    def test_escalation_delay_is_configurable(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.referral_escalation_hours", "0"
        )
        self._open_referrals(1, self.gas, T0)
        with freeze_time(T0 + timedelta(minutes=5)):
            self.Referral._cron_follow_up()
        referral = self.ticket.referral_ids
        self.assertTrue(referral.is_overdue)
        self.assertTrue(referral.date_escalated, "0 h: escalated at the first run")

    def test_answered_and_cancelled_are_left_alone(self):
        done = self._open_referrals(2, self.gas, T0)
        done[0].action_answer("<p>ok</p>")
        done[1].action_cancel()
        with freeze_time(T0 + timedelta(days=5)):
            self.Referral._cron_follow_up()
        self.assertFalse(any(done.mapped("is_overdue")))
        self.assertFalse(done.activity_ids)

    def _cron_queries(self, count):
        self._open_referrals(count, self.gas | self.water | self.police, T0)
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        with freeze_time(T0 + timedelta(days=3)):
            self.Referral._cron_follow_up()
            self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_cron_queries_do_not_grow_with_referrals(self):
        """Batch: 30 late referrals cost the same queries as 6 (same 3 agencies)."""
        self._cron_queries(3)  # warm-up: templates, caches
        self.Referral.search([]).write({"state": "closed"})
        few = self._cron_queries(6)
        self.Referral.search([]).write({"state": "closed"})
        many = self._cron_queries(30)
        self.assertEqual(few, many, "no query per referral")

    def test_cron_query_count(self):
        self._cron_queries(3)  # warm-up: templates, caches
        self.Referral.search([]).write({"state": "closed"})
        self._open_referrals(12, self.gas | self.water | self.police, T0)
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(T0 + timedelta(days=3)), self.assertQueryCount(__system__=73):
            self.Referral._cron_follow_up()
            self.env.flush_all()


@unittest.skipUnless(os.environ.get("HOTLINE_BENCH"), "set HOTLINE_BENCH=1 to run")
class TestReferralCronBench(ReferralCommon):
    """The scheduled job on 10,000 open, late referrals (6 agencies)."""

    def test_cron_on_10000_referrals(self):
        agencies = self.env["res.partner"].search(
            [("hotline_agency_type", "!=", False)]
        )
        for agency in agencies.filtered(lambda a: not a.child_ids):
            self.env["res.partner"].create(
                {"name": "Desk", "parent_id": agency.id, "email": "desk@example.com"}
            )
        tickets = [
            self._ticket(f"Bench {i}", self.category_water, self.district_a)
            for i in range(100)
        ]
        vals = [
            {
                "ticket_id": tickets[i % 100].id,
                "agency_id": agencies[i % len(agencies)].id,
                "state": "sent",
                "date_sent": T0 - timedelta(hours=4),
                "date_due": T0,
            }
            for i in range(10000)
        ]
        self.Referral.create(vals)
        self.env.flush_all()
        self.env.invalidate_all()
        for label, when in (("mark + remind", 1), ("escalate", 30)):
            start, t = self.cr.sql_log_count, time.time()
            with freeze_time(T0 + timedelta(hours=when)):
                self.Referral._cron_follow_up()
                self.env.flush_all()
            queries, seconds = self.cr.sql_log_count - start, time.time() - t
            _logger.warning(
                "referral cron bench, %s: %s queries, %.2f s", label, queries, seconds
            )
        self.assertEqual(
            self.Referral.search_count(
                [("is_overdue", "=", True), ("date_escalated", "!=", False)]
            ),
            10000,
        )
