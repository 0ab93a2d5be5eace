from odoo.tests import tagged

from .common import MAIL_CONTEXT, HotlineHttpCase


@tagged("post_install", "-at_install")
class TestSmsTour(HotlineHttpCase):
    env_context = MAIL_CONTEXT

    def test_caller_without_email_gets_code_and_answer_by_sms(self):
        """In Chromium: an operator takes the call of a caller without email, the
        tracking code leaves by SMS (the log gateway); closing the request sends the
        answer by SMS. Then the database: two messages, their kinds, both sent."""
        self.env.company.hotline_sms_gateway = "log"
        Sms = self.env["sms.sms"].sudo()
        Sms.search([]).unlink()
        self._build_web_client_bundles()
        self.start_tour(
            "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
            "municipal_hotline_sms",
            login=self.operator.login,
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("caller_phone_key", "=", "9123334455")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.partner_id.email)
        self.assertTrue(ticket.closed)
        sms = Sms.search([("number", "=", "09123334455")], order="id")
        self.assertEqual(len(sms), 2, "the tracking code and the answer")
        self.assertIn(ticket.number, sms[0].body)
        sms.hotline_send_after = False  # the answer waits for the morning at night
        self.env["sms.sms"]._hotline_send_queue(100)
        trackers = (
            self.env["sms.tracker"]
            .sudo()
            .search([("sms_uuid", "in", sms.mapped("uuid"))])
        )
        self.assertEqual(
            sorted(trackers.mapped("hotline_kind")), ["answer", "tracking_code"]
        )
        self.assertEqual(set(trackers.mapped("hotline_state")), {"sent"})
        self.assertEqual(
            set(trackers.mail_notification_id.mapped("notification_status")),
            {"pending"},
        )
