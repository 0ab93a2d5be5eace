from datetime import timedelta

from odoo.tests import tagged

from .common import HotlineHttpCase, MeetingCase


@tagged("post_install", "-at_install", "hotline_meeting")
class TestMeetingHostTour(MeetingCase, HotlineHttpCase):
    """The district manager hosts sessions in Chromium, in Persian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["ir.module.module"]._load_module_terms(["municipal_hotline"], ["fa_IR"])
        cls.manager_a.write({"lang": "fa_IR", "tz": "Asia/Tehran"})
        # the web client's bundles, right-to-left CSS included, built once for the
        # class: built by a tour, they may outlast its wait
        qweb = cls.env["ir.qweb"]
        for bundle in ("web.assets_web", "web.assets_tests"):
            qweb._get_asset_bundle(bundle, css=False, js=True).js()
        for rtl in (False, True):
            qweb._get_asset_bundle("web.assets_web", css=True, js=False, rtl=rtl).css()
        cls.citizen = cls.partners[0]

    def test_future_session_hides_attendance_orders_and_held(self):
        """Three days ahead: no "attended", "order" or "close as held" button."""
        start = self.meeting.start - timedelta(days=4)
        soon = self._create_meeting(self.district_a, self.manager_a, start)
        soon.action_open_booking()
        self._book(self.citizen, meeting=soon)
        self.start_tour(
            f"/odoo/action-municipal_hotline.hotline_public_meeting_action/{soon.id}",
            "municipal_hotline_meeting_not_started",
            login=self.manager_a.login,
        )
