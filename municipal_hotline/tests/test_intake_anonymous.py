from odoo.tests import tagged

from .common import HotlineHttpCase


@tagged("post_install", "-at_install")
class TestIntakeAnonymousTour(HotlineHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._speak_persian(cls.operator)

    def test_anonymous_toggle_does_not_save(self):
        """In Chromium, in Persian: switching "Anonymous caller" on an empty call form
        neither saves it nor flags a missing field; the call is saved when done."""
        self.start_tour(
            "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
            "municipal_hotline_intake_anonymous",
            login=self.operator.login,
        )
        ticket = self.Ticket.search([("address", "=", "Anonymous tour street")])
        self.assertEqual(len(ticket), 1)
        self.assertTrue(ticket.is_anonymous)
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.category_id, self.cat_gas)
