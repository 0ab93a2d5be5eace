from datetime import datetime, timedelta

from odoo.tests import freeze_time

from .common import ReferralCase

T0 = datetime(2026, 3, 1, 8, 0)


class TestReferralCron(ReferralCase):
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

    def test_overdue_reminder_then_escalation(self):
        with freeze_time(T0):
            gas = self._refer(self.ticket_gas, self.agency_gas)  # due in 2 h (category)
            water = self._refer(self.ticket, self.agency_water)  # due in 48 h
        with freeze_time(T0 + timedelta(hours=3)):
            self.Referral._cron_follow_up()
        self.assertTrue(gas.is_overdue)
        self.assertFalse(water.is_overdue)
        self.assertEqual(gas.date_reminded, T0 + timedelta(hours=3))
        reminder = self._reminders_to(self.gas_user.partner_id)
        self.assertEqual(len(reminder), 1, "the gas company's contact is reminded once")
        self.assertIn(self.ticket_gas.number, reminder.body_html)
        self.assertFalse(self._reminders_to(self.agency_user.partner_id))
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
        self._open_referrals(1, self.agency_gas, T0)
        with freeze_time(T0 + timedelta(minutes=5)):
            self.Referral._cron_follow_up()
        referral = self.ticket.referral_ids
        self.assertTrue(referral.is_overdue)
        self.assertTrue(referral.date_escalated, "0 h: escalated at the first run")

    def test_answered_and_cancelled_are_left_alone(self):
        done = self._open_referrals(2, self.agency_gas, T0)
        done[0].action_answer("<p>ok</p>")
        done[1].action_cancel()
        with freeze_time(T0 + timedelta(days=5)):
            self.Referral._cron_follow_up()
        self.assertFalse(any(done.mapped("is_overdue")))
        self.assertFalse(done.activity_ids)
