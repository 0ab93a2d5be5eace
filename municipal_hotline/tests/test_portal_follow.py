from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import HotlinePortalCase


@tagged("post_install", "-at_install")
class TestPortalFollow(HotlinePortalCase):
    def test_list_filters_search_and_sorting(self):
        closed = self._create_ticket(self.citizen_a, "A's closed bin", "09121110001")
        closed.stage_id = self.stage_closed
        self._login(self.citizen_a)
        open_page = self.url_open("/my/requests?filterby=open").text
        self.assertIn(self.ticket_a.number, open_page)
        self.assertNotIn(closed.number, open_page)
        closed_page = self.url_open("/my/requests?filterby=closed").text
        self.assertIn(closed.number, closed_page)
        self.assertNotIn(self.ticket_a.number, closed_page)
        found = self.url_open(
            f"/my/requests?search={closed.number}&search_in=number"
        ).text
        self.assertIn(closed.number, found)
        self.assertNotIn(self.ticket_a.number, found)
        for sortby in ("date", "oldest", "update", "deadline", "stage", "bogus"):
            with self.subTest(sortby=sortby):
                self.assertEqual(
                    self.url_open(f"/my/requests?sortby={sortby}").status_code, 200
                )

    def test_page_shows_status_deadline_not_assignee(self):
        self.ticket_a.user_id = self.operator
        self._login(self.citizen_a)
        page = self.url_open(f"/my/requests/{self.ticket_a.id}").text
        self.assertIn(self.ticket_a.stage_id.name, page)
        self.assertIn("Deadline", page)
        self.assertNotIn(self.operator.name, page)

    def test_confirm_resolution(self):
        self.ticket_a.stage_id = self.stage_resolved
        self._login(self.citizen_a)
        page = self.url_open(f"/my/requests/{self.ticket_a.id}").text
        self.assertIn("o_hotline_confirm", page)
        resp = self._post(f"/my/requests/{self.ticket_a.id}/confirm")
        self.assertEqual(resp.status_code, 303)
        self.assertIn("msg=confirmed", resp.headers["Location"])
        self.assertEqual(self.ticket_a.stage_id, self.stage_closed)
        self.assertIn(
            "confirmed the resolution",
            " ".join(self.ticket_a.message_ids.mapped("body")),
        )

    def test_confirm_refused_when_not_resolved(self):
        self._login(self.citizen_a)
        resp = self._post(f"/my/requests/{self.ticket_a.id}/confirm")
        self.assertIn("msg=not_waiting", resp.headers["Location"])
        self.assertNotEqual(self.ticket_a.stage_id, self.stage_closed)

    def test_reopen_with_reason(self):
        self.ticket_a.stage_id = self.stage_resolved
        reopened = self.ticket_a.reopen_count
        self._login(self.citizen_a)
        resp = self._post(
            f"/my/requests/{self.ticket_a.id}/reopen",
            {"reason": "The hole is still there"},
        )
        self.assertIn("msg=reopened", resp.headers["Location"])
        self.assertEqual(self.ticket_a.stage_id, self.stage_in_progress)
        self.assertEqual(self.ticket_a.reopen_count, reopened + 1)
        self.assertIn(
            "The hole is still there",
            " ".join(self.ticket_a.message_ids.mapped("body")),
        )

    def test_reopen_refusals(self):
        self.ticket_a.stage_id = self.stage_resolved
        self._login(self.citizen_a)
        for reason, code in (("", "reason_required"), ("<b>bold</b>", "markup")):
            with self.subTest(code=code):
                resp = self._post(
                    f"/my/requests/{self.ticket_a.id}/reopen", {"reason": reason}
                )
                self.assertIn(f"msg={code}", resp.headers["Location"])
                self.assertEqual(self.ticket_a.stage_id, self.stage_resolved)

    def test_reopen_window_is_configurable(self):
        self.ticket_a.stage_id = self.stage_resolved
        self.ticket_a.closed_date = fields.Datetime.now() - timedelta(days=5)
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.portal_reopen_days", "3"
        )
        self.assertFalse(self.ticket_a._portal_can_reopen())
        self._login(self.citizen_a)
        resp = self._post(
            f"/my/requests/{self.ticket_a.id}/reopen", {"reason": "still"}
        )
        self.assertIn("msg=reopen_expired", resp.headers["Location"])
        self.assertEqual(self.ticket_a.stage_id, self.stage_resolved)
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.portal_reopen_days", "10"
        )
        self.assertTrue(self.ticket_a._portal_can_reopen())

    def test_referral_answers_shown(self):
        agency = self.agency_water
        self.env["hotline.referral"].create(
            {
                "ticket_id": self.ticket_a.id,
                "agency_id": agency.id,
                "response": "Pipe replaced",
            }
        )
        self._login(self.citizen_a)
        page = self.url_open(f"/my/requests/{self.ticket_a.id}").text
        self.assertIn(agency.name, page)
        self.assertIn("Pipe replaced", page)

    def test_reopen_days_setting(self):
        self.env["res.config.settings"].create(
            {"hotline_portal_reopen_days": 12}
        ).execute()
        self.assertEqual(self.ticket_a._portal_reopen_days(), 12)
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.portal_reopen_days", "twelve"
        )
        self.assertEqual(
            self.ticket_a._portal_reopen_days(), 7, "a bad value falls back"
        )
