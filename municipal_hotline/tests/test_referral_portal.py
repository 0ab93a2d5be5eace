from datetime import datetime

from odoo.tests import tagged

from .common import HotlineHttpCase, ReferralCase


@tagged("post_install", "-at_install")
class TestReferralPortal(ReferralCase, HotlineHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket._message_log(body="INTERNAL-SECRET: the caller is the landlord")
        cls._send_referrals()

    def _redirected_home(self, response):
        return response.status_code in (302, 303) and response.headers[
            "Location"
        ].endswith("/my")

    def test_list_shows_own_agency_only(self):
        self._login(self.agency_user)
        response = self.url_open("/my/referrals?filterby=all")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.ticket.number, response.text)
        self.assertNotIn(self.ticket_gas.number, response.text)

    def test_guessing_another_agency_referral_is_refused(self):
        self._login(self.agency_user)
        response = self.url_open(
            f"/my/referrals/{self.ref_gas.id}", allow_redirects=False
        )
        self.assertTrue(self._redirected_home(response))
        response = self._post(
            f"/my/referrals/{self.ref_gas.id}/answer", {"response": "hijack"}
        )
        self.assertTrue(self._redirected_home(response))
        response = self._post(f"/my/referrals/{self.ref_gas.id}/acknowledge", {})
        self.assertTrue(self._redirected_home(response))
        self.assertEqual(self.ref_gas.state, "sent")
        self.assertFalse(self.ref_gas.response)
        # a wrong token does not open it either
        response = self.url_open(
            f"/my/referrals/{self.ref_gas.id}?access_token=guess", allow_redirects=False
        )
        self.assertTrue(self._redirected_home(response))

    def test_ticket_url_is_refused(self):
        self._login(self.agency_user)
        response = self.url_open(
            f"/my/requests/{self.ticket.id}", allow_redirects=False
        )
        self.assertTrue(self._redirected_home(response))

    def test_page_shows_the_request_not_the_caller(self):
        self._login(self.agency_user)
        response = self.url_open(f"/my/referrals/{self.ref_water.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Leak on Main Street", response.text)
        self.assertIn("12 Main Street", response.text)
        self.assertIn(self.ticket.number, response.text)
        for secret in (
            "09181112233",
            "Test citizen",
            "citizen.ref@example.com",
            "INTERNAL-SECRET",
        ):
            self.assertNotIn(secret, response.text)

    def test_acknowledge_and_answer_with_files(self):
        self._login(self.agency_user)
        url = f"/my/referrals/{self.ref_water.id}"
        response = self._post(f"{url}/acknowledge", {"agency_reference": "ABFA-1"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.ref_water.state, "acknowledged")
        self.assertEqual(self.ref_water.agency_reference, "ABFA-1")
        response = self._post(
            f"{url}/answer",
            {"response": "Pipe replaced.\nAsphalt next week."},
            files={"attachments": ("report.pdf", b"%PDF-1.4 test", "application/pdf")},
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.ref_water.state, "answered")
        self.assertIn("Pipe replaced.", self.ref_water.response)
        self.assertEqual(self.ref_water.response_attachment_ids.name, "report.pdf")
        self.assertEqual(self.ticket.stage_id, self.stage_in_progress)
        author = self.ref_water.message_ids.filtered(
            lambda m: m.tracking_value_ids
        ).author_id
        self.assertIn(self.agency_user.partner_id, author, "the agent is the author")

    def test_answer_on_cancelled_shows_error_and_keeps_text(self):
        self.ref_water.action_cancel()
        self._login(self.agency_user)
        response = self._post(
            f"/my/referrals/{self.ref_water.id}/answer", {"response": "My long answer"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("cannot be acknowledged or answered", response.text)
        self.assertEqual(self.ref_water.state, "cancelled")
        self.assertFalse(self.ref_water.response)

    def test_email_link_token_opens_without_login(self):
        token = self.ref_water._portal_ensure_token()
        response = self.url_open(
            f"/my/referrals/{self.ref_water.id}?access_token={token}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Leak on Main Street", response.text)
        response = self.url_open(
            f"/my/referrals/{self.ref_water.id}", allow_redirects=False
        )
        self.assertTrue(self._redirected_home(response))

    def test_answer_shown_on_the_request_tour(self):
        """In Chromium, in Persian: the operator sees the agency's answer in the
        request's referrals tab."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        self.operator.lang = "fa_IR"
        self.ref_water.action_answer("<p>Crew sent, pipe replaced.</p>")
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{self.ticket.id}",
            "hotline_referral_answer_tab_tour",
            login=self.operator.login,
        )

    def test_citizen_has_no_referrals(self):
        self._login(self.citizen_a)
        response = self.url_open(
            f"/my/referrals/{self.ref_water.id}", allow_redirects=False
        )
        self.assertTrue(self._redirected_home(response))

    def test_agency_portal_tour(self):
        """In Chromium: the agent opens the referrals, acknowledges and answers one."""
        self.start_tour(
            "/my", "hotline_referral_portal_tour", login=self.agency_user.login
        )
        self.assertEqual(self.ref_water.state, "answered")
        self.assertEqual(self.ref_water.agency_reference, "ABFA-TOUR-7")
        self.assertIn("Crew sent", self.ref_water.response)

    def test_operator_backend_tour(self):
        """In Chromium: the operator refers a request from its form, then browses the
        referral list, kanban, pivot and graph."""
        ticket = self._create_referred_ticket("Burst main", self.cat_water)
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "hotline_referral_backend_tour",
            login=self.operator.login,
        )
        self.assertEqual(ticket.referral_ids.agency_id, self.agency_water)
        self.assertEqual(ticket.referral_ids.state, "sent")
        self.assertEqual(ticket.stage_id, self.stage_referred)

    def test_urgent_referrals_come_first_and_are_marked(self):
        """An emergency's referral is on top of the agency's list, with a badge, even
        when a plain one is due earlier."""
        burst_category = self.env["helpdesk.ticket.category"].create(
            {
                "name": "Burst water main",
                "jurisdiction": "agency",
                "agency_id": self.agency_water.id,
                "is_emergency": True,
            }
        )
        burst = self._create_referred_ticket("Burst main at the bazaar", burst_category)
        self.ref_water.date_due = datetime(2026, 12, 10, 8, 0)
        self._open_referrals(1, self.agency_water, datetime(2026, 12, 11, 8, 0), burst)
        self._login(self.agency_user)
        html = self.url_open("/my/referrals").text
        self.assertLess(
            html.index("Burst main at the bazaar"), html.index("Leak on Main Street")
        )
        self.assertEqual(html.count("o_referral_urgent"), 1)


@tagged("post_install", "-at_install")
class TestAgencyPortalHome(ReferralCase, HotlineHttpCase):
    """An agency's desk sees its referrals, not the citizens' requests and meetings."""

    CITIZEN_LINKS = ("/my/tickets", "/my/requests/new", "/my/meetings")

    def test_agency_home_offers_only_referrals(self):
        self._login(self.agency_user)
        html = self.url_open("/my/home").text
        self.assertIn('href="/my/referrals"', html)
        for url in self.CITIZEN_LINKS:
            with self.subTest(url=url):
                self.assertFalse(f'href="{url}"' in html, f"{url} is offered")
                self.assertFalse(f'action="{url}"' in html, f"{url} is offered")

    def test_citizen_home_keeps_requests_and_meetings(self):
        self._login(self.citizen_a)
        html = self.url_open("/my/home").text
        for url in self.CITIZEN_LINKS:
            with self.subTest(url=url):
                self.assertTrue(f'href="{url}"' in html, f"{url} is not offered")

    def test_citizen_pages_send_agencies_to_their_referrals(self):
        self._login(self.agency_user)
        for url in (
            "/my/tickets",
            "/my/requests",
            "/my/requests/new",
            "/new/ticket",
            "/my/meetings",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)  # redirects followed
                self.assertTrue(
                    response.url.split("?")[0].endswith("/my/referrals"), response.url
                )

    def test_agency_cannot_file_a_request(self):
        self._login(self.agency_user)
        tickets = self.Ticket.search_count([])
        response = self._post(
            "/my/requests/new",
            {"name": "Agency test", "description": "Not a citizen",
             "category_id": self.cat_pothole.id},
        )  # fmt: skip
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my/referrals"))
        self.assertEqual(self.Ticket.search_count([]), tickets)
