import base64
from datetime import timedelta

from odoo.tests import tagged

from .common import HotlinePortalCase

# 1x1 transparent PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

# a latitude north of every (demo) district's boundary
OUTSIDE = "35.5"


@tagged("post_install", "-at_install")
class TestPortalSubmit(HotlinePortalCase):
    def _form(self, **overrides):
        return self._request_form(
            **{
                "phone": "0912 345 6789",
                "latitude": "34.3142",
                "longitude": "47.0650",
                **overrides,
            }
        )

    def _count(self):
        return self.env["helpdesk.ticket"].search_count([])

    def test_form_renders_portal_categories_only(self):
        self._login(self.citizen_a)
        resp = self.url_open("/my/requests/new")
        self.assertEqual(resp.status_code, 200)
        self.assertIn("Portal Pothole", resp.text)
        self.assertNotIn("Staff Only", resp.text)

    def test_submit_creates_request_with_tracking_code(self):
        self._login(self.citizen_a)
        resp = self._post(
            "/my/requests/new",
            self._form(),
            files=[("attachment", ("photo.png", PNG, "image/png"))],
        )
        self.assertEqual(resp.status_code, 303, resp.text[:500])
        ticket = self._last_request(self.citizen_a)
        self.assertIn(f"/my/requests/{ticket.id}?submitted=1", resp.headers["Location"])
        self.assertEqual(ticket.category_id, self.category)
        self.assertEqual(ticket.district_id, self.district)
        self.assertEqual(ticket.request_kind, "complaint")
        self.assertEqual(ticket.caller_phone_key, "9123456789")
        self.assertAlmostEqual(ticket.latitude, 34.3142)
        self.assertEqual(
            ticket.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        )
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["photo.png"])
        self.assertTrue(ticket.date_deadline, "the category's deadline applies")
        page = self.url_open(resp.headers["Location"])
        self.assertIn(ticket.number, page.text)
        self.assertIn("o_hotline_tracking_code", page.text)

    def test_location_in_eastern_digits(self):
        """A phone keyboard types Persian or Arabic digits and the Arabic decimal
        separator: the point is read as typed."""
        self._login(self.citizen_a)
        resp = self._post(
            "/my/requests/new",
            self._form(
                latitude="۳۴٫۳۱۴۲", longitude="\u0664\u0667\u066b\u0660\u0666\u0665"
            ),
        )
        self.assertEqual(resp.status_code, 303, resp.text[:500])
        ticket = self._last_request(self.citizen_a)
        self.assertAlmostEqual(ticket.latitude, 34.3142)
        self.assertAlmostEqual(ticket.longitude, 47.065)

    def test_submit_emails_tracking_code(self):
        self._login(self.citizen_a)
        self._post("/my/requests/new", self._form())
        ticket = self._last_request(self.citizen_a)
        message = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("subject", "ilike", ticket.number),
            ]
        )
        self.assertEqual(len(message), 1)
        # a public message addressed to the citizen: mail emails it to them
        self.assertIn(self.citizen_a.partner_id, message.partner_ids)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(self.citizen_a.notification_type, "email")

    def _assert_refused(self, form, field, message, files=None):
        self._login(self.citizen_a)
        before = self._count()
        resp = self._post("/my/requests/new", form, files=files)
        self.assertEqual(resp.status_code, 400, f"{field} refused")
        self.assertEqual(self._count(), before, "nothing is saved")
        self.assertIn(f'data-error-for="{field}"', resp.text)
        self.assertIn(message, resp.text)
        return resp

    def test_missing_fields(self):
        for field, message in (
            ("description", "Description is required."),
            ("address", "Address is required."),
            ("phone", "Phone is required."),
            ("category_id", "Choose a category."),
            ("district_id", "Choose your district."),
        ):
            with self.subTest(field=field):
                # a point inside a district stands for it (issue 18): this one is
                # outside every district
                outside = {"latitude": OUTSIDE} if field == "district_id" else {}
                resp = self._assert_refused(
                    self._form(**{field: ""}, **outside), field, message
                )
                # what was typed is kept
                self.assertIn(
                    "Modares St, alley 12" if field != "address" else "hole", resp.text
                )

    def test_form_keeps_what_was_typed(self):
        resp = self._assert_refused(
            self._form(district_id="", latitude=OUTSIDE),
            "district_id",
            "Choose your district.",
        )
        self.assertIn("A deep hole in front of the school", resp.text)
        self.assertIn('value="Modares St, alley 12"', resp.text)
        self.assertIn(f'value="{OUTSIDE}"', resp.text)

    def test_markup_refused(self):
        resp = self._assert_refused(
            self._form(description="<script>alert(1)</script> hole"),
            "description",
            "Please write plain text",
        )
        self.assertNotIn("<script>alert(1)</script>", resp.text, "echoed escaped")
        self._assert_refused(
            self._form(address='<img src=x onerror="alert(1)">'),
            "address",
            "Please write plain text",
        )

    def test_hidden_category_refused(self):
        self._assert_refused(
            self._form(category_id=self.category_hidden.id),
            "category_id",
            "This category cannot be chosen on the portal",
        )

    def test_parent_category_refused(self):
        self._assert_refused(
            self._form(category_id=self.category_parent.id),
            "category_id",
            "Choose a more precise category.",
        )

    def test_unknown_district_refused(self):
        self._assert_refused(
            self._form(district_id="999999"),
            "district_id",
            "This district does not exist.",
        )

    def test_bad_location_and_phone_refused(self):
        self._assert_refused(
            self._form(latitude="95"), "location", "The location is not valid."
        )
        self._assert_refused(
            self._form(longitude=""), "location", "Give both latitude and longitude"
        )
        self._assert_refused(
            self._form(phone="12"), "phone", "Enter a valid phone number"
        )

    def test_disallowed_attachment_refused(self):
        self._assert_refused(
            self._form(),
            "attachment",
            "is not allowed",
            files=[("attachment", ("run.exe", b"MZ\x90\x00binary", "image/png"))],
        )

    def test_oversized_attachment_refused(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.portal_max_upload_mb", "1"
        )
        big = PNG + b"\0" * (1024 * 1024 + 1)
        self._assert_refused(
            self._form(),
            "attachment",
            "is too large",
            files=[("attachment", ("big.png", big, "image/png"))],
        )

    def test_chatter_upload_limits(self):
        """Files added later from the request's history obey the same limits."""
        self._login(self.citizen_a)
        Attachment = self.env["ir.attachment"].sudo()
        before = Attachment.search_count([])
        resp = self._chatter_upload("run.exe", b"MZ\x90\x00binary")
        self.assertIn("is not allowed", resp.json()["error"])
        self.assertEqual(Attachment.search_count([]), before, "nothing saved")
        resp = self._chatter_upload("photo.png", PNG)
        self.assertNotIn("error", resp.json())
        self.assertEqual(Attachment.search_count([]), before + 1)

    def test_phone_prefilled_for_a_signed_in_citizen(self):
        """The request and booking forms propose the citizen's number: the contact's,
        else a login that is a phone number, else the number of their last request."""
        meeting = self._create_meeting(
            self.district, self.manager_a, self.ticket_a.create_date + timedelta(days=7)
        )
        meeting.action_open_booking()
        phone_login = self._create_users(
            phone_user=("09124445566", "base.group_portal", "Phone citizen")
        )
        for user, expected in (
            (self.citizen_a, "09121110001"),  # A's request
            (phone_login, "09124445566"),
        ):
            self.authenticate(user.login, user.login)
            for url in ("/my/requests/new", f"/my/meetings/{meeting.id}"):
                with self.subTest(login=user.login, url=url):
                    page = self.url_open(url)
                    self.assertEqual(page.status_code, 200)
                    self.assertRegex(page.text, rf'name="phone"[^>]*value="{expected}"')
        self.citizen_a.partner_id.phone = "09127778899"
        self._login(self.citizen_a)
        page = self.url_open("/my/requests/new")
        self.assertRegex(page.text, r'name="phone"[^>]*value="09127778899"')
