"""Retention: callers' personal data anonymized after the city's period, requests and
figures kept; a dry run first, supervisors only, idempotent."""

from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError

from .common import HotlineCase


class TestRetention(HotlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.old_caller, cls.recent_caller, cls.busy_caller = Partner.create(
            [
                {"name": "Old Caller", "phone": "0918 100 0001",
                 "email": "old@example.com", "street": "Old street 1"},
                {"name": "Recent Caller", "phone": "0918 100 0002",
                 "email": "recent@example.com"},
                {"name": "Busy Caller", "phone": "0918 100 0003",
                 "email": "busy@example.com"},
            ]
        )  # fmt: skip
        now = fields.Datetime.now()
        long_ago = now - timedelta(days=3 * 365)
        cls.old_closed = cls._closed_ticket(cls.old_caller, "0918 100 0001", long_ago)
        cls.recent_closed = cls._closed_ticket(
            cls.recent_caller, "0918 100 0002", now - timedelta(days=30)
        )
        # an old request still open, and an old closed one of a caller who called again
        cls.old_open = cls._create_ticket(cls.busy_caller, phone="0918 100 0003")
        cls.busy_old_closed = cls._closed_ticket(
            cls.busy_caller, "0918 100 0003", long_ago
        )
        # a portal citizen's old request: the request loses its copies, the account stays
        cls.portal_old_closed = cls._closed_ticket(
            cls.citizen_a, "0918 100 0004", long_ago
        )

    @classmethod
    def _closed_ticket(cls, citizen, phone, closed_on):
        ticket = cls._create_ticket(citizen, phone=phone)
        ticket.stage_id = cls.stage_closed
        ticket.flush_recordset()
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET closed_date = %s, last_stage_update = %s,"
            " create_date = %s WHERE id = %s",
            (closed_on, closed_on, closed_on - timedelta(days=2), ticket.id),
        )
        ticket.invalidate_recordset()
        return ticket

    def _wizard(self, user=None, months=24):
        Wizard = self.env["hotline.retention.wizard"]
        return Wizard.with_user(user or self.supervisor).create({"months": months})

    def test_dry_run_counts_and_changes_nothing(self):
        """The dry run lists the old closed requests and counts their callers, and
        leaves every record as it was."""
        wizard = self._wizard()
        wizard.action_dry_run()
        self.assertEqual(wizard.state, "dry_run")
        listed = wizard.ticket_ids
        self.assertIn(self.old_closed, listed)
        self.assertIn(self.busy_old_closed, listed)
        self.assertIn(self.portal_old_closed, listed)
        self.assertNotIn(self.recent_closed, listed)
        self.assertNotIn(self.old_open, listed)
        self.assertEqual(wizard.ticket_count, len(listed))
        self.assertGreaterEqual(wizard.partner_count, 1)
        self.env.invalidate_all()
        self.assertEqual(self.old_caller.phone, "0918 100 0001")
        self.assertEqual(self.old_closed.caller_phone, "0918 100 0001")
        self.assertFalse(self.old_closed.hotline_anonymized_date)

    def test_apply_anonymizes_old_closed_requests_only(self):
        """Old closed requests lose their caller's details, their callers with nothing
        newer are anonymized; recent or open requests and the callers who still need
        them are untouched; the request's own content stays."""
        wizard = self._wizard()
        wizard.action_dry_run()
        wizard.action_apply()
        self.assertEqual(wizard.state, "done")
        old = self.old_closed
        self.assertTrue(old.hotline_anonymized_date)
        self.assertFalse(old.caller_phone or old.partner_name or old.partner_email)
        self.assertFalse(old.address)
        self.assertEqual(old.name, "Pothole on the main street", "the subject stays")
        self.assertEqual(old.description, "<p>Pothole on the main street</p>")
        self.assertEqual(old.district_id, self.district_a)
        self.assertEqual(old.category_id, self.cat_pothole)
        self.assertEqual(old.stage_id, self.stage_closed)
        self.assertEqual(self.old_caller.name, "Anonymized citizen")
        self.assertFalse(self.old_caller.phone or self.old_caller.email)
        self.assertFalse(self.old_caller.street)
        # untouched: the recent request, the open one, the caller who called again
        self.assertEqual(self.recent_closed.caller_phone, "0918 100 0002")
        self.assertEqual(self.recent_caller.phone, "0918 100 0002")
        self.assertEqual(self.old_open.caller_phone, "0918 100 0003")
        self.assertTrue(self.busy_old_closed.hotline_anonymized_date)
        self.assertEqual(self.busy_caller.name, "Busy Caller", "an open request")
        # a portal account keeps its contact; its old request loses its copies
        self.assertTrue(self.portal_old_closed.hotline_anonymized_date)
        self.assertFalse(self.portal_old_closed.caller_phone)
        self.assertEqual(self.citizen_a.partner_id.name, "Citizen A")

    def test_apply_clears_old_bookings_and_ratings_keeps_scores(self):
        """An old meeting booking loses its phone, an old staff rating who gave it; the
        booking's state and topic, the rating's scores and rated employee stay."""
        start = (datetime.now() + timedelta(days=7)).replace(minute=0, second=0)
        meeting = self._create_meeting(self.district_a, self.manager_a, start)
        meeting.action_open_booking()
        booking = self._book(self.old_caller, meeting)
        self.assertEqual(booking.phone, "0918 100 0001")
        employee = self.env["hr.employee"].create({"name": "Counter Clerk"})
        rating = self._answer(employee, {"overall": 4, "courtesy": 5})
        rating.sudo().write({"hotline_phone": "0918 100 0001"})
        self.env.flush_all()
        long_ago = fields.Datetime.now() - timedelta(days=3 * 365)
        self.env.cr.execute(
            "UPDATE hotline_public_meeting SET start = %s, stop = %s WHERE id = %s",
            (long_ago, long_ago + timedelta(hours=1), meeting.id),
        )
        self.env.cr.execute(
            "UPDATE survey_user_input SET create_date = %s WHERE id = %s",
            (long_ago, rating.id),
        )
        self.env.invalidate_all()
        wizard = self._wizard()
        wizard.action_dry_run()
        self.assertGreaterEqual(wizard.booking_count, 1)
        self.assertGreaterEqual(wizard.rating_count, 1)
        self.assertEqual(booking.phone, "0918 100 0001", "the dry run changes nothing")
        wizard.action_apply()
        self.assertFalse(booking.phone)
        self.assertEqual(booking.topic, "Broken street lights")
        self.assertEqual(booking.state, "confirmed")
        rating = rating.sudo()
        self.assertFalse(rating.hotline_phone or rating.partner_id)
        self.assertEqual(rating.hotline_employee_id, employee)
        self.assertEqual(rating.hotline_overall_score, 4)
        self.assertEqual(self.old_caller.name, "Anonymized citizen", "old booking only")

    def test_apply_clears_the_copies_in_emails_and_the_audit_log(self):
        """The caller's address on the emails of an anonymized request and the values
        the audit log kept of them go too; who did what, and when, stays."""
        admin = self.env.ref("base.user_admin")
        self.old_caller.with_user(admin).write({"phone": "0918 100 0009"})
        message = self.old_closed.message_post(
            body="My bins again", author_id=self.old_caller.id,
            email_from="Old Caller <old@example.com>", message_type="email",
        )  # fmt: skip
        log = self.env["auditlog.log"].search(
            [("model_model", "=", "res.partner"), ("res_id", "=", self.old_caller.id)]
        )
        self.assertEqual(log.line_ids.new_value_text, "0918 100 0009")
        wizard = self._wizard()
        wizard.action_dry_run()
        wizard.action_apply()
        self.assertFalse(message.email_from)
        self.assertEqual(message.body, "<p>My bins again</p>", "the text stays")
        self.assertFalse(log.line_ids.old_value_text or log.line_ids.new_value_text)
        self.assertEqual(log.line_ids.field_name, "phone")
        self.assertEqual(log.user_id, admin)
        self.assertEqual(log.name, "Anonymized citizen")

    def test_apply_keeps_the_ticket_analysis(self):
        """The ticket analysis counts the anonymized requests as before, per district,
        category and stage."""
        Report = self.env["hotline.ticket.report"]
        groupby = ["district_id", "category_id", "stage_id"]
        before = Report._read_group([], groupby, ["__count"])
        wizard = self._wizard()
        wizard.action_dry_run()
        wizard.action_apply()
        self.assertEqual(Report._read_group([], groupby, ["__count"]), before)

    def test_apply_is_idempotent(self):
        """A second run finds nothing left to anonymize."""
        first = self._wizard()
        first.action_dry_run()
        first.action_apply()
        self.assertGreaterEqual(first.ticket_count, 3)
        second = self._wizard()
        second.action_dry_run()
        self.assertEqual(second.ticket_count, 0)
        self.assertEqual(second.partner_count, 0)
        second.action_apply()
        self.assertEqual(self.old_caller.name, "Anonymized citizen")

    def test_refuses_non_supervisors(self):
        """Only supervisors may run it: other staff are refused."""
        for user in (self.operator, self.manager_a, self.expert):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(user)
        wizard = self._wizard()
        with self.assertRaises(AccessError):
            wizard.with_user(self.operator).action_apply()
        self.assertFalse(self.old_closed.hotline_anonymized_date)

    def test_monthly_job_applies_only_when_enabled(self):
        """The monthly job does nothing until the city turns automatic retention on."""
        Wizard = self.env["hotline.retention.wizard"]
        self.env.company.hotline_retention_auto = False
        Wizard._cron_apply_retention()
        self.assertFalse(self.old_closed.hotline_anonymized_date)
        self.env.company.hotline_retention_auto = True
        Wizard._cron_apply_retention()
        self.assertTrue(self.old_closed.hotline_anonymized_date)
        self.assertFalse(self.recent_closed.hotline_anonymized_date)
