from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    """The citizen's journeys in Chromium, in Persian (the demo citizen's language)."""

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
        cls.citizen = cls.env.ref("municipal_hotline.user_citizen_demo")
        cls.citizen.lang = "fa_IR"
        cls.partner = cls.citizen.partner_id
        cls.resolved = cls.env.ref(
            "municipal_hotline.helpdesk_ticket_citizen_waste_demo"
        )
        cls.resolved.stage_id = cls.env.ref(
            "municipal_hotline.helpdesk_ticket_stage_resolved"
        )

    def test_submit_request(self):
        before = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.partner.id)]
        )
        category = self.env.ref("municipal_hotline.category_waste_collection")
        self.start_tour(
            f"/my/requests/new?tour_category={category.id}",
            "municipal_hotline_portal_submit",
            login="citizen",
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
        self.assertEqual(
            new.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        )

    def test_guidance_of_out_of_duty_category(self):
        category = self.env.ref("municipal_hotline.category_power_cut")
        self.start_tour(
            f"/my/requests/new?tour_category={category.id}",
            "municipal_hotline_portal_guidance",
            login="citizen",
        )

    def test_follow_and_add_message(self):
        self.start_tour(
            "/my/requests", "municipal_hotline_portal_follow", login="citizen"
        )
        ticket = self.env.ref("municipal_hotline.helpdesk_ticket_citizen_light_demo")
        self.assertIn(
            "چراغ تیر سوم هم خاموش است", " ".join(ticket.message_ids.mapped("body"))
        )

    def test_confirm_resolution(self):
        self.start_tour(
            "/my/requests", "municipal_hotline_portal_confirm", login="citizen"
        )
        self.assertEqual(
            self.resolved.stage_id,
            self.env.ref("municipal_hotline.helpdesk_ticket_stage_closed"),
        )

    def test_reopen(self):
        self.start_tour(
            "/my/requests", "municipal_hotline_portal_reopen", login="citizen"
        )
        self.assertEqual(
            self.resolved.stage_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
        )

    def test_anonymous_lookup(self):
        self.start_tour(
            f"/hotline/lookup?code={self.resolved.number}",
            "municipal_hotline_portal_lookup",
        )
