from datetime import date, datetime, timedelta

from odoo.tests import TransactionCase, tagged

from ..tools import city_tz, format_date, latin_digits
from .common import (
    GROUP,
    HotlineCase,
    HotlineHttpCase,
    HotlinePortalCase,
    MeetingCase,
)

# filed on 2026-12-03 at 16:37:45 UTC: 12 Azar 1405 at 20:07 in Tehran
FILED = datetime(2026, 12, 3, 16, 37, 45)
FILED_FA = "۱۲ آذر ۱۴۰۵، ۲۰:۰۷"
FILED_EN = "Dec 3, 2026, 8:07 PM"


class TestFormatDate(TransactionCase):
    """tools/jalali.py format_date: what a citizen reads, in the city's time zone."""

    def test_persian_and_english_readers(self):
        cases = [
            (("fa_IR", FILED), FILED_FA),
            (("en_US", FILED), FILED_EN),
            (("fa_IR", FILED, None, False), "۱۲ آذر ۱۴۰۵"),
            (("en_US", date(2026, 12, 3)), "Dec 3, 2026"),
            (("fa_IR", date(2026, 3, 21)), "۱ فروردین ۱۴۰۵"),
            (("fa_IR", "2026-12-03 16:37:45"), FILED_FA),
            (("fa_IR", False), ""),
            (("fa_IR", FILED, "UTC"), "۱۲ آذر ۱۴۰۵، ۱۶:۳۷"),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                self.assertEqual(format_date(*args), expected)

    def test_city_time_zone_whatever_the_user_tz(self):
        """A portal or public user without a tz reads the city's time, not UTC."""
        self.env.company.partner_id.tz = False
        self.assertEqual(city_tz(self.env), "Asia/Tehran")
        env = self.env(context={"lang": "en_US", "tz": False})
        self.assertEqual(format_date(env, FILED), FILED_EN)
        self.env.company.partner_id.tz = "Europe/Berlin"
        self.assertEqual(format_date(env, FILED), "Dec 3, 2026, 5:37 PM")

    def test_latin_digits(self):
        self.assertEqual(latin_digits("۰۹۱۲ ٣٤٥ 6789"), "0912 345 6789")
        self.assertEqual(latin_digits(False), False)


class TestLatinDigitPhones(HotlineCase):
    """Phones are stored with Latin digits, whatever keyboard typed them: search works."""

    def test_partner_phone_stored_latin(self):
        partner = self.env["res.partner"].create(
            {"name": "Persian keyboard", "phone": "۰۹۱۲۱۲۳۴۵۶۷"}
        )
        self.assertEqual(partner.phone, "09121234567")
        partner.write({"phone": "٠٩١٢٧٦٥٤٣٢١"})
        self.assertEqual(partner.phone, "09127654321")
        self.assertEqual(
            self.env["res.partner"].search([("phone", "like", "7654321")]), partner
        )

    def test_caller_phone_stored_latin(self):
        ticket = self.Ticket.create(
            {
                "name": "Typed in Persian",
                "description": "A phone typed on a Persian keyboard.",
                "caller_phone": "۰۹۱۸ ۱۱۱ ۲۲۳۳",
            }
        )
        self.assertEqual(ticket.caller_phone, "0918 111 2233")
        self.assertEqual(ticket.caller_phone_key, "9181112233")


class TestJalaliMail(HotlineCase):
    """Mail templates write dates as the recipient reads them (hotline_date)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.ticket = cls._create_ticket(cls.citizen_a, "Mail pothole", "09121110001")
        cls.ticket.date_deadline = FILED

    def _body(self, lang):
        self.citizen_a.partner_id.lang = lang
        template = self.env.ref("municipal_hotline.mail_template_ticket_tracking_code")
        return template._render_field("body_html", self.ticket.ids, compute_lang=True)[
            self.ticket.id
        ]

    def test_persian_mail_has_jalali_deadline(self):
        body = self._body("fa_IR")
        self.assertIn(FILED_FA, body)
        self.assertNotIn("2026", body)

    def test_english_mail_has_gregorian_deadline(self):
        self.assertIn(FILED_EN, self._body("en_US"))


@tagged("post_install", "-at_install")
class TestJalaliPortalPages(HotlinePortalCase):
    """Portal pages and the public lookup: Jalali with Persian digits for Persian
    readers, Gregorian for English ones, always in Tehran time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            (FILED, cls.ticket_a.id),
        )
        cls.ticket_a.invalidate_recordset(["create_date"])

    def _request_page(self, lang):
        self.citizen_a.write({"lang": lang, "tz": False})
        self._login(self.citizen_a)
        resp = self.url_open(f"/my/requests/{self.ticket_a.id}")
        self.assertEqual(resp.status_code, 200)
        return resp.text

    def test_persian_request_page_shows_jalali_tehran_time(self):
        html = self._request_page("fa_IR")
        self.assertIn(FILED_FA, html)
        self.assertNotIn("2026/12/03", html)
        self.assertIn('lang="fa-IR"', html)

    def test_english_request_page_shows_gregorian(self):
        html = self._request_page("en_US")
        self.assertIn(FILED_EN, html)
        self.assertNotIn("۱۴۰۵", html)

    def test_persian_reader_sees_the_code_in_persian_digits(self):
        """The tracking code on the request's page and in the list of requests."""
        code = self.ticket_a.number
        persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        html = self._request_page("fa_IR")
        self.assertIn(persian, html)
        self.assertIn(persian, self.url_open("/my/requests").text)
        # refusal: an English reader keeps Latin digits
        html = self._request_page("en_US")
        self.assertIn(code, html)
        self.assertNotIn(persian, html)

    def test_lookup_shows_tehran_time_not_utc(self):
        self.authenticate(None, None)
        resp = self._post(
            "/hotline/lookup", {"code": self.ticket_a.number, "phone_last4": "۰۰۰۱"}
        )
        self.assertIn("o_hotline_lookup_result", resp.text)
        self.assertIn(FILED_EN, resp.text)
        self.assertNotIn("4:37", resp.text)

    def test_portal_form_phone_in_persian_digits_stored_latin(self):
        self._login(self.citizen_a)
        resp = self._post(
            "/my/requests/new",
            {
                "category_id": self.category.id,
                "district_id": self.district.id,
                "request_kind": "complaint",
                "name": "Persian digits",
                "description": "Typed on a Persian keyboard.",
                "address": "Azadi street",
                "phone": "۰۹۱۲ ۳۴۵ ٦٧٨٩",
                "latitude": "۳۴.۳۱۴۲",
                "longitude": "۴۷.۰۶۵۰",
            },
        )
        self.assertEqual(resp.status_code, 303, resp.text[:500])
        ticket = self._last_request(self.citizen_a)
        self.assertEqual(ticket.caller_phone, "0912 345 6789")
        self.assertEqual(ticket.caller_phone_key, "9123456789")
        self.assertAlmostEqual(ticket.latitude, 34.3142)


class TestJalaliTrackingMail(MeetingCase):
    """Tracked dates listed in a notification email are written for its reader; the
    web client's chatter still gets raw values (it formats them itself)."""

    def test_moved_slot_in_the_email_is_jalali(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        booking = self._book(self.partners[0])
        new_slot = self.meeting.start + timedelta(minutes=45)
        self.env.flush_all()
        self.cr.precommit.run()
        booking.slot_start = new_slot
        self.env.flush_all()
        self.cr.precommit.run()
        message = booking.message_ids.filtered("tracking_value_ids")[:1]
        self.assertTrue(message, "the slot change is tracked")
        for lang in ("fa_IR", "en_US"):
            with self.subTest(lang=lang):
                context = booking.with_context(
                    lang=lang
                )._notify_by_email_prepare_rendering_context(message)
                self.assertIn(
                    format_date(lang, new_slot),
                    [
                        value
                        for tracking in context["tracking_values"]
                        for value in tracking
                    ],
                )
        raw = message.tracking_value_ids._tracking_value_format()
        self.assertEqual(raw[0]["newValue"], f"{new_slot}Z")


@tagged("post_install", "-at_install")
class TestJalaliMeetingPages(MeetingCase, HotlineHttpCase):
    """The meeting booking pages and their emails: Jalali for a Persian citizen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.citizen_a.write({"lang": "fa_IR", "tz": False})
        cls.slot = cls.meeting.start + timedelta(minutes=30)
        cls.slot_fa = format_date("fa_IR", cls.slot)

    def test_booking_page_lists_jalali_slots(self):
        self._login(self.citizen_a)
        page = self.url_open(f"/my/meetings/{self.meeting.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.slot_fa, page.text)
        self.assertIn(format_date("fa_IR", self.meeting.start), page.text)

    def test_booking_in_persian_digits_and_its_mail(self):
        """Slot and phone posted in Persian digits are read; the confirmation mail
        gives the time in Jalali."""
        self._login(self.citizen_a)
        to_persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
        resp = self._post(
            f"/my/meetings/{self.meeting.id}/book",
            {
                "slot": self.slot.strftime("%Y-%m-%d %H:%M:%S").translate(to_persian),
                "topic": "Broken water pipe",
                "phone": "۰۹۱۲ ۵۵۵ ۱۲۳۴",
            },
        )
        self.assertEqual(resp.status_code, 303, resp.text[:500])
        booking = self.env["hotline.meeting.booking"].search(
            [("partner_id", "=", self.citizen_a.partner_id.id)]
        )
        self.assertEqual(booking.slot_start, self.slot)
        self.assertEqual(booking.phone, "0912 555 1234")
        self.assertIn(self.slot_fa, self.url_open("/my/meetings").text)
        template = self.env.ref(
            "municipal_hotline.mail_template_meeting_booking_confirmed"
        )
        body = template._render_field("body_html", booking.ids, compute_lang=True)[
            booking.id
        ]
        self.assertIn(self.slot_fa, body)


@tagged("post_install", "-at_install")
class TestEasternDigitsWebClient(HotlineHttpCase):
    """In Chromium: the backend reads "۱۲۳" typed in an integer field as 123."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_users(
            digits_user=(
                "digits_fa",
                GROUP + "supervisor,base.group_partner_manager",
                "Digits",
            )
        )
        cls.agency = cls._create_agency("Digits Agency", "gas", 48)

    def test_integer_field_reads_persian_digits(self):
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{self.agency.id}",
            "municipal_hotline_eastern_digits",
            login="digits_fa",
        )
        self.assertEqual(self.agency.hotline_response_hours, 123)
