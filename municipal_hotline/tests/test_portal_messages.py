import base64
from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import HotlinePortalCase

# 1x1 transparent PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
EXE = ("run.exe", b"MZ\x90\x00binary")
ATTACKER_TEXT = "<b>Your request was refused: call 0900-SCAM</b>"
# how the text would read on the page (links back to the page carry it URL-encoded)
ATTACKER_SHOWN = "Your request was refused"


@tagged("post_install", "-at_install")
class TestPortalOneCheck(HotlinePortalCase):
    """One check on the ticket for every way a request or a file comes in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.citizen_a.lang = "fa_IR"
        cls.Ticket = cls.env["helpdesk.ticket"].with_context(lang="fa_IR")

    def _saved(self):
        return (
            self.env["helpdesk.ticket"].search_count([]),
            self.env["ir.attachment"].sudo().search_count([]),
        )

    def _refusals(self, form, name, data, chatter=True):
        """The answer of each way in to the same form and file, and whether nothing
        was saved."""
        self._login(self.citizen_a)
        before = self._saved()
        files = [("attachment", (name, data, "image/png"))]
        # helpdesk_mgmt's form names the category and the title its own way
        helpdesk_form = {k: v for k, v in form.items() if k != "category_id"}
        helpdesk_form.update(category=form["category_id"], subject="Hole")
        answers = {
            "request form": self._post("/my/requests/new", form, files=files),
            "helpdesk_mgmt form": self._post(
                "/submitted/ticket", helpdesk_form, files=files
            ),
        }
        if chatter:
            answers["chatter upload"] = self._chatter_upload(name, data)
        return answers, self._saved() == before

    def test_same_file_refused_the_same_everywhere(self):
        text = self.Ticket._portal_message("file_type", file="run.exe")
        self.assertIn("run.exe", text)
        self.assertNotIn("is not allowed", text, "the citizen's language: Persian")
        answers, nothing_saved = self._refusals(self._request_form(), *EXE)
        self.assertTrue(nothing_saved, "no request, no file")
        for way in ("request form", "helpdesk_mgmt form"):
            with self.subTest(way=way):
                self.assertEqual(answers[way].status_code, 400)
                self.assertIn(text, answers[way].text)
                self.assertIn('data-error-for="attachment"', answers[way].text)
        self.assertEqual(answers["chatter upload"].json(), {"error": text})

    def test_same_size_limit_everywhere(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.portal_max_upload_mb", "1"
        )
        big = PNG + b"\0" * (1024 * 1024 + 1)
        text = self.Ticket._portal_message("file_too_large", file="big.png", size=1)
        answers, nothing_saved = self._refusals(self._request_form(), "big.png", big)
        self.assertTrue(nothing_saved)
        self.assertIn(text, answers["request form"].text)
        self.assertIn(text, answers["helpdesk_mgmt form"].text)
        self.assertEqual(answers["chatter upload"].json(), {"error": text})

    def test_same_category_check_for_both_forms(self):
        text = self.Ticket._portal_message("category_hidden")
        answers, nothing_saved = self._refusals(
            self._request_form(category_id=self.category_hidden.id),
            "photo.png",
            PNG,
            chatter=False,
        )
        self.assertTrue(nothing_saved)
        for way in ("request form", "helpdesk_mgmt form"):
            with self.subTest(way=way):
                self.assertEqual(answers[way].status_code, 400)
                self.assertIn(text, answers[way].text)

    def test_helpdesk_mgmt_form_files_a_valid_request(self):
        """The inherited route is not only a wall: a complete form is filed."""
        self._login(self.citizen_a)
        form = self._request_form()
        form["category"] = form.pop("category_id")
        resp = self._post(
            "/submitted/ticket",
            dict(form, subject="Hole"),
            files=[("attachment", ("photo.png", PNG, "image/png"))],
        )
        self.assertEqual(resp.status_code, 303, resp.text[:300])
        ticket = self._last_request(self.citizen_a)
        self.assertIn(f"/my/requests/{ticket.id}?submitted=1", resp.headers["Location"])
        self.assertEqual(ticket.name, "Hole")
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["photo.png"])

    def test_prepare_request_gives_codes(self):
        """The model's check, without any HTTP: codes, no values, nothing created."""
        vals, attachments, errors = (
            self.env["helpdesk.ticket"]
            .with_user(self.citizen_a)
            ._portal_prepare_request(
                self._request_form(description="", district_id="999999", latitude="1"),
                [EXE],
            )
        )
        self.assertEqual((vals, attachments), ({}, []))
        self.assertEqual(
            errors,
            {
                "description": ("required", {"field": "description"}),
                "district_id": ("district_unknown", {}),
                "location": ("location_partial", {}),
                "attachment": ("file_type", {"file": "run.exe"}),
            },
        )
        vals, attachments, errors = (
            self.env["helpdesk.ticket"]
            .with_user(self.citizen_a)
            ._portal_prepare_request(self._request_form(), [("photo.png", PNG)])
        )
        self.assertFalse(errors)
        self.assertNotIn("team_id", vals, "the ticket chooses its team")
        self.assertEqual(vals["partner_id"], self.citizen_a.partner_id.id)
        self.assertEqual(attachments[0]["mimetype"], "image/png")


@tagged("post_install", "-at_install")
class TestPortalMessageCodes(HotlinePortalCase):
    """Pages show messages named by a code; text in a URL is never printed."""

    def test_unknown_codes_give_nothing(self):
        Ticket = self.env["helpdesk.ticket"]
        for code in ("bogus", ATTACKER_TEXT, None, "", 42):
            with self.subTest(code=code):
                self.assertIsNone(Ticket._portal_message(code))
                self.assertIsNone(Ticket._portal_notice(code))
        self.assertIsNone(Ticket._portal_notice("category_hidden"), "not a notice")
        self.assertEqual(Ticket._portal_notice("confirmed")[0], "success")

    def test_request_page_ignores_unknown_codes(self):
        self._login(self.citizen_a)
        url = f"/my/requests/{self.ticket_a.id}"
        known = self.url_open(f"{url}?msg=not_waiting")
        self.assertIn("o_hotline_notice", known.text)
        for msg in ("bogus", ATTACKER_TEXT):
            with self.subTest(msg=msg):
                page = self.url_open(url, params={"msg": msg})
                self.assertEqual(page.status_code, 200)
                self.assertNotIn("o_hotline_notice", page.text)
                self.assertNotIn(ATTACKER_SHOWN, page.text)

    def test_meetings_pages_ignore_unknown_codes_and_url_errors(self):
        meeting = self.env["hotline.public.meeting"].create(
            {
                "district_id": self.district.id,
                "host_id": self.operator.id,
                "start": datetime.now().replace(microsecond=0) + timedelta(days=7),
                "stop": datetime.now().replace(microsecond=0)
                + timedelta(days=7, hours=1),
                "slot_minutes": 15,
                "place": "Hall",
            }
        )
        meeting.action_open_booking()
        self._login(self.citizen_a)
        booked = self.url_open("/my/meetings?msg=booked")
        self.assertIn("o_meeting_booked", booked.text)
        for msg in ("bogus", ATTACKER_TEXT):
            with self.subTest(msg=msg):
                page = self.url_open("/my/meetings", params={"msg": msg})
                self.assertEqual(page.status_code, 200)
                self.assertNotIn("o_meeting_booked", page.text)
                self.assertNotIn(ATTACKER_SHOWN, page.text)
        page = self.url_open(
            f"/my/meetings/{meeting.id}", params={"error": ATTACKER_TEXT}
        )
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(ATTACKER_SHOWN, page.text)
        self.assertNotIn("o_meeting_error", page.text)
        self.assertIn("o_meeting_book_form", page.text)

    def test_rating_page_ignores_error_in_url(self):
        """The public rating page printed ?error= and hid its form."""
        employee = self.env["hr.employee"].create(
            {"name": "Counter Clerk", "hotline_rating_token": "portal-msg-clerk"}
        )
        url = f"/hotline/rate/{employee.sudo().hotline_rating_token}"
        page = self.url_open(url, params={"error": ATTACKER_TEXT})
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(ATTACKER_SHOWN, page.text)
        self.assertNotIn("o_hotline_rating_error", page.text)
        self.assertIn("o_hotline_rating_start", page.text, "the form is shown")
        self.assertIn(f"{url}/start", page.text)


@tagged("post_install", "-at_install")
class TestPortalAddresses(HotlinePortalCase):
    """One vocabulary (/my/requests, /my/referrals, /my/meetings, /hotline/...); the
    old addresses, in helpdesk_mgmt's links and in emails already sent, lead there."""

    def _location(self, url):
        resp = self.url_open(url, allow_redirects=False)
        self.assertIn(resp.status_code, (302, 303), url)
        return resp.headers["Location"]

    def test_portal_url_of_a_request(self):
        self.assertEqual(self.ticket_a.access_url, f"/my/requests/{self.ticket_a.id}")

    def test_helpdesk_mgmt_addresses_redirect(self):
        self._login(self.citizen_a)
        self.assertTrue(
            self._location("/my/tickets?filterby=open").endswith(
                "/my/requests?filterby=open"
            )
        )
        self.assertTrue(
            self._location("/my/tickets/page/2").endswith("/my/requests/page/2")
        )
        self.assertTrue(
            self._location(f"/my/ticket/{self.ticket_a.id}").endswith(
                f"/my/requests/{self.ticket_a.id}"
            )
        )

    def test_emailed_link_with_token_still_opens(self):
        """helpdesk_mgmt's /my/ticket/<id>/<token> link, opened without an account."""
        token = self.ticket_a.sudo()._portal_ensure_token()
        location = self._location(f"/my/ticket/{self.ticket_a.id}/{token}")
        self.assertTrue(
            location.endswith(f"/my/requests/{self.ticket_a.id}?access_token={token}")
        )
        page = self.url_open(location)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.ticket_a.number, page.text)

    def test_old_referral_link_redirects_with_its_token(self):
        referral = self.env["hotline.referral"].create(
            {
                "ticket_id": self.ticket_a.id,
                "agency_id": self.env.ref("municipal_hotline.partner_agency_water").id,
            }
        )
        self.assertEqual(referral.access_url, f"/my/referrals/{referral.id}")
        location = self._location(f"/my/referral/{referral.id}?access_token=abc")
        self.assertTrue(
            location.endswith(f"/my/referrals/{referral.id}?access_token=abc")
        )
