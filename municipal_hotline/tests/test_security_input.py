"""Bad input never fails the request (HTTP 500) nor saves half of it (issue 17, 3rd
party probe finding 7): control characters, unbounded texts, malformed slots, agency
files of any type."""

from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HotlineHttpCase, HotlinePortalCase, MeetingCase, ReferralCase

NUL = "\x00"
CONTROL_TEXT = "invisible control characters"


@tagged("post_install", "-at_install")
class TestRequestFormInput(HotlinePortalCase):
    def _form(self, **overrides):
        return self._request_form(
            **{"name": "Hole in front of the school", **overrides}
        )

    def test_nul_in_title_address_or_phone_is_a_form_error(self):
        self._login(self.citizen_a)
        before = self.env["helpdesk.ticket"].search_count([])
        for field in ("name", "address", "phone"):
            with self.subTest(field=field):
                typed = self._form()[field]
                resp = self._post(
                    "/my/requests/new",
                    self._form(**{field: typed[:4] + NUL + typed[4:]}),
                )
                self.assertEqual(resp.status_code, 400, resp.text[:300])
                self.assertIn(f'data-error-for="{field}"', resp.text)
                self.assertIn(CONTROL_TEXT, resp.text)
                # what was typed is kept (without the NUL)
                self.assertIn(typed, resp.text)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before)

    def test_control_characters_refused_by_the_model_too(self):
        """The API and imports are held to the same rule as the form."""
        with self.assertRaises(ValidationError):
            self._create_ticket(self.citizen_a, "Bell\x07 ringing")
        with self.assertRaises(ValidationError):
            self.ticket_a.address = "x" * 301
        with self.assertRaises(ValidationError):
            self.ticket_a.caller_phone = "0912" + NUL

    def test_nul_in_search_is_ignored(self):
        self._login(self.citizen_a)
        for search_in in ("all", "number", "name"):
            with self.subTest(search_in=search_in):
                resp = self.url_open(f"/my/requests?search=A%00s&search_in={search_in}")
                self.assertEqual(resp.status_code, 200)
        resp = self.url_open("/my/requests?search=" + "x" * 5000)
        self.assertEqual(resp.status_code, 200)

    def test_nul_in_public_lookup_and_rating_token(self):
        self.authenticate(None, None)
        resp = self._post(
            "/hotline/lookup", {"code": "26-1" + NUL, "phone_last4": "0001"}
        )
        self.assertEqual(resp.status_code, 200)
        self.assertIn("o_hotline_lookup_not_found", resp.text)
        self.assertEqual(self.url_open("/hotline/rate/ab%00cd").status_code, 404)


@tagged("post_install", "-at_install", "hotline_meeting")
class TestBookingInput(MeetingCase, HotlineHttpCase):
    def _bookings(self):
        return self.env["hotline.meeting.booking"].search_count(
            [("partner_id", "=", self.citizen_a.partner_id.id)]
        )

    def _book_as_citizen(self, **form):
        self._login(self.citizen_a)
        return self._post(f"/my/meetings/{self.meeting.id}/book", form)

    def test_nul_in_topic_is_an_error_and_keeps_the_text(self):
        resp = self._book_as_citizen(topic="Street lights" + NUL + " are off")
        self.assertEqual(resp.status_code, 400)
        self.assertIn(CONTROL_TEXT, resp.text)
        self.assertIn("Street lights are off", resp.text)
        self.assertEqual(self._bookings(), 0)

    def test_malformed_slot_is_an_error(self):
        for slot in ("tomorrow", "2026-13-45 99:00:00", NUL, "۱۴۰۵-۰۱-۰۱"):
            with self.subTest(slot=slot):
                resp = self._book_as_citizen(slot=slot, topic="Street lights")
                self.assertEqual(resp.status_code, 400)
                self.assertIn("Street lights", resp.text, "the topic is kept")
        # a well-formed time that is not a slot of the session
        off_slot = self.meeting.start + timedelta(minutes=7)
        resp = self._book_as_citizen(
            slot=off_slot.strftime("%Y-%m-%d %H:%M:%S"), topic="Street lights"
        )
        self.assertEqual(resp.status_code, 400)
        self.assertIn("not a slot of this session", resp.text)
        self.assertEqual(self._bookings(), 0)

    def test_huge_topic_is_refused_everywhere(self):
        resp = self._book_as_citizen(topic="x" * 1_000_000)
        self.assertEqual(resp.status_code, 400)
        self.assertIn("Too long: at most 2000 characters", resp.text)
        self.assertEqual(self._bookings(), 0)
        with self.assertRaises(ValidationError):
            self._book(self.citizen_a.partner_id).topic = "x" * 2001


@tagged("post_install", "-at_install")
class TestAgencyUploads(ReferralCase, HotlineHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._send_referrals()

    def _answer(self, files=None, **form):
        self._login(self.agency_user)
        return self._post(
            f"/my/referrals/{self.ref_water.id}/answer",
            {"response": "Pipe replaced.", **form},
            files=files,
        )

    def test_agency_file_type_checked_like_citizens(self):
        resp = self._answer(
            files={"attachments": ("run.exe", b"MZ\x90\x00binary", "image/png")}
        )
        self.assertEqual(resp.status_code, 200)
        text = self.env["helpdesk.ticket"]._portal_message("file_type", file="run.exe")
        self.assertIn(text, resp.text)
        self.assertIn("Pipe replaced.", resp.text, "the answer typed is kept")
        self.assertEqual(self.ref_water.state, "sent")
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "hotline.referral"), ("name", "=", "run.exe")]
            )
        )

    def test_agency_file_size_checked_like_citizens(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.portal_max_upload_mb", "1"
        )
        big = b"%PDF-1.4 " + b"0" * (1024 * 1024)
        resp = self._answer(files={"attachments": ("big.pdf", big, "application/pdf")})
        self.assertEqual(resp.status_code, 200)
        self.assertIn("big.pdf", resp.text)
        self.assertEqual(self.ref_water.state, "sent")

    def test_agency_control_characters_refused(self):
        resp = self._answer(response="Pipe" + NUL + " replaced")
        self.assertEqual(resp.status_code, 200)
        self.assertIn(CONTROL_TEXT, resp.text)
        self.assertIn("Pipe replaced", resp.text)
        self.assertEqual(self.ref_water.state, "sent")
