from odoo.tests import tagged

from .common import HotlineHttpCase


@tagged("post_install", "-at_install")
class TestPortalTour(HotlineHttpCase):
    """The citizen's journeys in Chromium, in Persian: the tours click the requests
    made here, not the demo's."""

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
