import re

from odoo.tests import tagged

from .common import HotlineHttpCase


@tagged("post_install", "-at_install")
class TestIntakeTour(HotlineHttpCase):
    def test_operator_takes_a_call(self):
        """In Chromium: phone, caller, category, save, the tracking code is shown."""
        self.start_tour(
            "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
            "municipal_hotline_intake",
            login=self.operator.login,
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("caller_phone_key", "=", "9127776655")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id.name, "Tour Caller")
        self.assertEqual(ticket.category_id, self.cat_gas)
        self.assertTrue(re.fullmatch(r"\d{2}-\d{6,}", ticket.number))
        self.assertEqual(ticket.priority, "3")
