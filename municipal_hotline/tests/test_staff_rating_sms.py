from odoo.tests import tagged

from .common import HotlineHttpCase, StaffRatingCase

MOBILE = "09127770001"


@tagged("post_install", "-at_install")
class TestStaffRatingSms(StaffRatingCase, HotlineHttpCase):
    """Most callers have no email: the staff-rating invitation goes by SMS, one short
    link that needs no login (/hotline/r/<code>)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.hotline_sms_gateway = "log"
        cls.text_only = cls.env["res.partner"].create(
            {"name": "SR Text Only", "phone": MOBILE}
        )

    def _close(self, ticket):
        ticket.with_user(self.expert).write({"stage_id": self.stage_closed.id})

    def _invitations(self):
        return (
            self.env["sms.sms"]
            .sudo()
            .search([("number", "=", MOBILE), ("body", "like", "/hotline/r/")])
        )

    def test_citizen_without_email_gets_one_short_link(self):
        ticket = self._create_rated_ticket(partner_id=self.text_only.id)
        self._close(ticket)
        answers = ticket.sudo().hotline_rating_ids
        self.assertEqual(
            answers.hotline_employee_id, self.operator_employee | self.expert_employee
        )
        code = ticket.sudo().hotline_rating_code
        self.assertGreaterEqual(len(code), 10, "a secret, not a counter")
        sms = self._invitations()
        self.assertEqual(len(sms), 1, "one message for both people")
        self.assertIn(f"/hotline/r/{code}", sms.body)
        self.assertNotIn("<", sms.body, "a text message, not HTML")
        tracker = self.env["sms.tracker"].sudo().search([("sms_uuid", "=", sms.uuid)])
        self.assertEqual(tracker.hotline_kind, "rating")
        # the request's history shows the message to staff, without the link's secret
        logged = ticket.sudo().message_ids.filtered(
            lambda m: "/hotline/r/" in (m.body or "")
        )
        self.assertTrue(logged)
        self.assertNotIn(code, "".join(logged.mapped("body")))
        # closed again: no second invitation
        ticket.with_user(self.expert).write({"stage_id": self.stage_in_progress.id})
        self._close(ticket)
        self.assertEqual(len(self._invitations()), 1)

        # two people to rate: the page lists both, no login
        page = self.url_open(f"/hotline/r/{code}")
        self.assertEqual(page.status_code, 200)
        for answer in answers:
            self.assertIn(answer.access_token, page.text)
            self.assertIn(answer.hotline_employee_id.name, page.text)
        # one left: straight to their survey
        answers[0].state = "done"
        page = self.url_open(f"/hotline/r/{code}", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertIn(answers[1].access_token, page.headers["Location"])
        # none left
        answers[1].state = "done"
        page = self.url_open(f"/hotline/r/{code}")
        self.assertIn("nothing is left to rate", page.text)
        self.assertNotIn(answers[1].access_token, page.text)

    def test_guessed_code_is_not_found(self):
        ticket = self._create_rated_ticket(partner_id=self.text_only.id)
        self._close(ticket)
        code = ticket.sudo().hotline_rating_code
        for guess in (code[:-1], code.upper() if code.upper() != code else "x" * 11):
            self.assertEqual(self.url_open(f"/hotline/r/{guess}").status_code, 404)
        self.assertEqual(self.url_open("/hotline/r/" + "a" * 40).status_code, 404)

    def test_code_is_read_by_nobody_on_staff(self):
        ticket = self._create_rated_ticket(partner_id=self.text_only.id)
        self._close(ticket)
        for user in (self.operator, self.expert, self.supervisor):
            with self.subTest(user=user.login):
                self.assertNotIn(
                    "hotline_rating_code",
                    ticket.with_user(user).fields_get(),
                )

    def test_no_gateway_or_no_mobile_no_invitation(self):
        self.env.company.hotline_sms_gateway = False
        ticket = self._create_rated_ticket(partner_id=self.text_only.id)
        self._close(ticket)
        self.assertFalse(ticket.sudo().hotline_rating_ids)
        self.env.company.hotline_sms_gateway = "log"
        no_phone = self.env["res.partner"].create({"name": "SR Unreachable"})
        ticket = self._create_rated_ticket(partner_id=no_phone.id)
        self._close(ticket)
        self.assertFalse(ticket.sudo().hotline_rating_ids)
        self.assertFalse(self._invitations())
