"""The citizens' other text messages (issue 15): an emergency's referral to the agency's
duty mobile, the agencies' answer to a citizen without an email, a meeting booking's
confirmation, cancellation and reminder; each once per event, each template within its
SMS-parts budget."""

from odoo.exceptions import ValidationError

from ..models.hotline_meeting_booking import (
    SMS_BOOKING_CANCELLED,
    SMS_BOOKING_CONFIRMED,
)
from ..models.hotline_referral import SMS_EMERGENCY_TEMPLATE
from .common import MeetingCase, ReferralCase

DUTY = "09120001122"


class SmsGatewayMixin:
    @classmethod
    def _log_gateway(cls):
        cls.env.company.hotline_sms_gateway = "log"
        cls.Sms = cls.env["sms.sms"].sudo()
        cls.Sms.search([]).unlink()

    def _sms_to(self, number):
        return self.Sms.search([("number", "=", number)])


class TestSmsReferral(SmsGatewayMixin, ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._log_gateway()
        cls.agency_gas.hotline_duty_mobile = DUTY

    def test_emergency_referral_texts_duty_mobile_at_night_too(self):
        """An emergency's referral goes at once to the agency's duty mobile (no quiet
        hours), once; a normal one does not."""
        self.assertTrue(self.cat_gas.is_emergency)
        self._send_referrals()
        (sms,) = self._sms_to(DUTY)
        self.assertIn(self.ticket_gas.number, sms.body)
        self.assertFalse(sms.hotline_send_after, "never waits for the morning")
        self.assertFalse(
            self.ref_gas._hotline_sms_send(SMS_EMERGENCY_TEMPLATE, "emergency"),
            "one message per event",
        )
        tracker = self.env["sms.tracker"].sudo().search([("sms_uuid", "=", sms.uuid)])
        self.assertEqual(tracker.hotline_kind, "emergency")

    def test_referral_answer_by_sms_without_email(self):
        """Every agency answered a request whose caller has no email: the citizen
        gets a text message with the request's code."""
        self.caller.email = False
        self._send_referrals()
        self.Sms.search([]).unlink()
        self.ref_water.action_answer("<p>Pipe repaired.</p>")
        sms = self._sms_to("09181112233")
        self.assertEqual(len(sms), 1)
        self.assertIn(self.ticket.number, sms.body)


class TestSmsMeeting(SmsGatewayMixin, MeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._log_gateway()
        cls.partners[0].phone = "09125550001"

    def test_booking_confirmed_cancelled_reminded_by_sms(self):
        """A confirmed booking, its reminder the day before and its cancellation: one
        text message each, to the citizen's mobile."""
        booking = self._book(self.partners[0])
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(len(self._sms_to("09125550001")), 1)
        self.assertFalse(
            booking._hotline_sms_send(
                SMS_BOOKING_CONFIRMED, f"confirmed-{booking.slot_start}"
            ),
            "one message per event",
        )
        booking._hotline_send_sms(
            "municipal_hotline.sms_template_meeting_booking_reminder", "reminder"
        )
        booking.action_cancel()
        kinds = (
            self.env["sms.tracker"]
            .sudo()
            .search([("sms_uuid", "in", self._sms_to("09125550001").mapped("uuid"))])
            .mapped("hotline_kind")
        )
        self.assertEqual(
            sorted(kinds),
            ["meeting_cancelled", "meeting_confirmed", "meeting_reminder"],
        )

    def test_cancelled_session_texts_its_booked_citizens(self):
        """The district manager cancels the whole session: each booked citizen gets
        the cancellation by SMS too, once."""
        booking = self._book(self.partners[0])
        self.Sms.search([]).unlink()
        booking.meeting_id.action_cancel()
        (sms,) = self._sms_to("09125550001")
        tracker = self.env["sms.tracker"].sudo().search([("sms_uuid", "=", sms.uuid)])
        self.assertEqual(tracker.hotline_kind, "meeting_cancelled")
        self.assertFalse(
            booking._hotline_sms_send(SMS_BOOKING_CANCELLED, "cancelled"),
            "one message per event",
        )


class TestSmsTemplateBudget(SmsGatewayMixin, MeetingCase):
    def test_template_over_budget_refused(self):
        """A text longer than its template's SMS-parts budget is refused with a clear
        message; the template keeps its text."""
        template = self.env.ref("municipal_hotline.sms_template_ticket_tracking_code")
        body = template.body
        self.assertEqual(template.hotline_max_segments, 1)
        with (
            self.assertRaisesRegex(ValidationError, "takes 2 SMS parts"),
            self.env.cr.savepoint(),
        ):
            template.body = "ش" * 71
        template.invalidate_recordset()
        self.assertEqual(template.body, body)

    def test_every_hotline_template_within_budget_in_persian(self):
        """Each hotline template, in Persian, fits its budget as written."""
        templates = self.env["sms.template"].search([("hotline_kind", "!=", False)])
        self.assertGreaterEqual(len(templates), 7)
        for template in templates.with_context(lang="fa_IR"):
            with self.subTest(template=template.name):
                self.assertLessEqual(
                    template.hotline_sms_segments, template.hotline_max_segments
                )


class TestSmsNotice(SmsGatewayMixin, MeetingCase):
    """A city-wide notice: set-based, a bounded number of queries whatever the number
    of citizens, one message per number and notice, opt-outs skipped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._log_gateway()
        cls.citizens = cls.env["res.partner"].create(
            [
                {"name": f"Notice citizen {i}", "phone": f"0912{i:07d}"}
                for i in range(400)
            ]
        )

    def _queue(self, partners, key):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        count = self.Sms._hotline_queue_notice(partners, "اطلاعیه: آب قطع است", key)
        self.env.flush_all()
        return count, self.env.cr.sql_log_count - before

    def test_notice_queries_bounded(self):
        """40 citizens or 400: the same number of queries."""
        self._queue(self.citizens[:1], "warm-up")  # caches: parameters, the cron
        small, small_queries = self._queue(self.citizens[:40], "cut-1")
        large, large_queries = self._queue(self.citizens, "cut-2")
        self.assertEqual((small, large), (40, 400))
        self.assertEqual(large_queries, small_queries)
        self.assertLess(large_queries, 15)

    def test_notice_once_per_number_and_skips_opt_outs(self):
        """The same notice again queues nothing; an opted-out number gets none; a
        landline is skipped; the report counts them as notices."""
        self.env["phone.blacklist"].sudo().create({"number": "+98 912 000 0003"})
        partners = self.citizens[:10] | self.env["res.partner"].create(
            {"name": "Landline", "phone": "083 3723 4567"}
        )
        self.assertEqual(self._queue(partners, "cut-3")[0], 9)
        self.assertEqual(self._queue(partners, "cut-3")[0], 0)
        self.env.flush_all()
        rows = self.env["hotline.sms.report"].search([("kind", "=", "notice")])
        self.assertEqual(sum(rows.mapped("sms_count")), 9)
        queued = self.Sms.search([("body", "=", "اطلاعیه: آب قطع است")])
        self.assertEqual(len(queued), 9)
        self.assertEqual(set(queued.mapped("state")), {"outgoing"})
        self.env["sms.sms"]._hotline_send_queue(100)
        trackers = (
            self.env["sms.tracker"]
            .sudo()
            .search([("sms_uuid", "in", queued.mapped("uuid"))])
        )
        self.assertEqual(
            set(trackers.mapped("hotline_state")), {"sent"}, "the log gateway"
        )
