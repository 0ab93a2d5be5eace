from datetime import datetime, timedelta

from odoo.tests import freeze_time

from .common import ReferralCase, tehran

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

    def test_overdue_to_do_is_in_the_supervisors_language(self):
        """The escalation to-do reads in each supervisor's own language."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        self.supervisor.lang = "fa_IR"
        [english] = self._create_users(
            supervisor_en=(
                "hotline_supervisor_en",
                "municipal_hotline.group_hotline_supervisor",
                "Deputy Director",
            )
        )
        english.lang = "en_US"
        referral = self._open_referrals(1, self.agency_gas, T0)
        with freeze_time(T0 + timedelta(hours=30)):
            self.Referral.with_context(lang="en_US")._cron_follow_up()
        activities = {a.user_id: a for a in referral.activity_ids}
        self.assertEqual(
            activities[self.supervisor].summary,
            "مهلت پاسخ ارجاع گذشته است: با دستگاه پیگیری کنید",
        )
        self.assertIn("Test Gas Company", str(activities[self.supervisor].note))
        self.assertIn("پیگیری", str(activities[self.supervisor].note))
        self.assertEqual(
            activities[english].summary,
            "Agency referral overdue: follow up with the agency",
        )


class TestReferralWorkingTime(ReferralCase):
    """Referrals are due on the city's working calendar, like requests: Thursday
    afternoon, Friday and official holidays do not count (emergencies excepted)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # no deadline of its own: the police's 24 h decide
        cls.cat_light = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Traffic light out",
                "jurisdiction": "agency",
                "agency_id": cls.agency_police.id,
            }
        )
        cls.thursday_evening = tehran(2026, 12, 3, 20, 0)

    def _refer_at(self, when, category, agency):
        ticket = self._referred_ticket_at(when, "Light out at the square", category)
        with freeze_time(when):
            return self._refer(ticket, agency)

    def test_thursday_evening_referral_is_not_overdue_on_saturday_morning(self):
        referral = self._refer_at(
            self.thursday_evening, self.cat_light, self.agency_police
        )
        self.assertEqual(referral.date_due, tehran(2026, 12, 6, 0, 0))
        with freeze_time(tehran(2026, 12, 5, 9, 0)):
            self.Referral._cron_follow_up()
        self.assertFalse(referral.is_overdue)
        with freeze_time(tehran(2026, 12, 6, 0, 5)):
            self.Referral._cron_follow_up()
        self.assertTrue(referral.is_overdue)

    def test_a_holiday_moves_the_referral_due_date(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Lunar holiday",
                "calendar_id": self.env.company.hotline_calendar_id.id,
                "date_from": tehran(2026, 12, 5, 0, 0),
                "date_to": tehran(2026, 12, 5, 23, 59, 59),
            }
        )
        referral = self._refer_at(
            self.thursday_evening, self.cat_light, self.agency_police
        )
        self.assertEqual(referral.date_due, tehran(2026, 12, 7, 0, 0))

    def test_emergency_referral_counts_elapsed_hours(self):
        """A gas smell cannot wait for Saturday: the category's 2 h run at night."""
        referral = self._refer_at(self.thursday_evening, self.cat_gas, self.agency_gas)
        self.assertEqual(referral.date_due, self.thursday_evening + timedelta(hours=2))
