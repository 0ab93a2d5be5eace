from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import HotlineHttpCase


class PersianCitizenCase(HotlineHttpCase):
    """A Persian citizen with two requests filed on the portal: the tours click the
    requests made here, not the demo's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        modules = cls.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ["web", "portal", "mail", "helpdesk_mgmt", "municipal_hotline"],
                )
            ]
        )
        modules._update_translations(["fa_IR"])
        # a Persian citizen's requests filed on the portal: one in progress, one
        # resolved with the operator's answer (to confirm or reopen, or look up)
        cls.citizen_a.lang = "fa_IR"
        cls.partner = cls.citizen_a.partner_id
        ref = cls.env.ref
        common = {
            "request_kind": "complaint",
            "channel_id": ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
        }
        cls.in_progress = cls._create_ticket(
            cls.citizen_a,
            "چراغ‌های پارک خاموش است",
            "09183214567",
            category_id=ref("municipal_hotline.category_lighting_out").id,
            stage_id=cls.stage_in_progress.id,
            **common,
        )
        cls.resolved = cls._create_ticket(
            cls.citizen_a,
            "زباله‌های کوچه جمع‌آوری نشده",
            "09183214567",
            category_id=ref("municipal_hotline.category_waste_collection").id,
            **common,
        )
        cls.resolved.stage_id = cls.stage_resolved
        cls.resolved.message_post(
            body="زباله‌های کوچه امروز صبح جمع‌آوری شد.",
            author_id=cls.operator.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )


@tagged("post_install", "-at_install")
class TestPortalTour(PersianCitizenCase):
    """The citizen's journeys in Chromium, in Persian."""

    def test_submit_request(self):
        before = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.partner.id)]
        )
        category = self.env.ref("municipal_hotline.category_waste_collection")
        self.start_tour(
            f"/my/requests/new?tour_category={category.id}",
            "municipal_hotline_portal_submit",
            login=self.citizen_a.login,
        )
        new = (
            self.env["helpdesk.ticket"].search([("partner_id", "=", self.partner.id)])
            - before
        )
        self.assertEqual(len(new), 1)
        self.assertEqual(new.request_kind, "complaint")
        self.assertEqual(new.category_id, category)
        self.assertTrue(new.district_id)
        self.assertEqual(new.caller_phone_key, "9181234567")
        self.assertEqual(new.caller_phone, "09181234567", "typed in Persian digits")
        self.assertEqual(
            new.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        )

    def test_guidance_of_out_of_duty_category(self):
        category = self.env.ref("municipal_hotline.category_power_cut")
        self.start_tour(
            f"/my/requests/new?tour_category={category.id}",
            "municipal_hotline_portal_guidance",
            login=self.citizen_a.login,
        )

    def test_follow_and_add_message(self):
        self.start_tour(
            "/my/requests",
            "municipal_hotline_portal_follow",
            login=self.citizen_a.login,
        )
        self.assertIn(
            "چراغ تیر سوم هم خاموش است",
            " ".join(self.in_progress.message_ids.mapped("body")),
        )

    def test_confirm_resolution(self):
        self.start_tour(
            "/my/requests",
            "municipal_hotline_portal_confirm",
            login=self.citizen_a.login,
        )
        self.assertEqual(
            self.resolved.stage_id,
            self.stage_closed,
        )

    def test_reopen(self):
        self.start_tour(
            "/my/requests",
            "municipal_hotline_portal_reopen",
            login=self.citizen_a.login,
        )
        self.assertEqual(
            self.resolved.stage_id,
            self.stage_in_progress,
        )

    def test_anonymous_lookup(self):
        self.start_tour(
            f"/hotline/lookup?code={self.resolved.number}",
            "municipal_hotline_portal_lookup",
        )


@tagged("post_install", "-at_install")
class TestPortalPhoneTour(PersianCitizenCase):
    """The same Persian citizen on a phone: every page fits its 390 px."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        meeting = cls._create_meeting(
            cls.district_a,
            cls.manager_a,
            (datetime.now() + timedelta(days=7)).replace(minute=0, second=0),
        )
        meeting.action_open_booking()
        cls.env["hotline.meeting.booking"].create(
            {
                "meeting_id": meeting.id,
                "partner_id": cls.partner.id,
                "topic": "چراغ‌های کوچه شب‌ها خاموش است و بچه‌ها می‌ترسند",
            }
        )._take_slot()
        # what citizens type without a space: a long address, a pasted link
        cls.in_progress.address = "خیابان‌" + "الف" * 40
        cls.in_progress.message_post(
            body="<p>نقشه: https://map.example.com/" + "abcdefghij" * 8 + "</p>",
            author_id=cls.operator.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def test_pages_fit_the_phone(self):
        for url in (
            f"/my/requests/{self.in_progress.id}",
            "/my/meetings",
            "/my/requests/new",
        ):
            with self.subTest(url=url):
                self.start_tour(
                    url,
                    "municipal_hotline_portal_fits_phone",
                    login=self.citizen_a.login,
                )

    def test_send_a_message_from_a_phone(self):
        self.start_tour(
            f"/my/requests/{self.in_progress.id}",
            "municipal_hotline_portal_send_on_phone",
            login=self.citizen_a.login,
        )
        self.assertIn(
            "پیام از گوشی", " ".join(self.in_progress.message_ids.mapped("body"))
        )
