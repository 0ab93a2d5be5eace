import base64

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HotlinePortalCase

# a 1x1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestProofOfRepair(HotlinePortalCase):
    """A category may ask for a photo of the repair: resolving without one is
    refused; the citizen sees before and after and confirms or reopens; the director
    reads the share of resolutions with a photo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category.requires_photo = True
        cls.stage_resolved = cls.env.ref(
            "municipal_hotline.helpdesk_ticket_stage_resolved"
        )
        cls.stage_closed = cls.env.ref("municipal_hotline.helpdesk_ticket_stage_closed")
        # the operator holds A's request
        cls.ticket_a.write(
            {
                "stage_id": cls.env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
                ).id,
                "user_id": cls.operator.id,
            }
        )
        # the citizen's own photo, sent with the request
        cls.before = cls._photo(cls.ticket_a, "hole.png")

    @classmethod
    def _photo(cls, ticket, name):
        return cls.env["ir.attachment"].create(
            {
                "name": name,
                "raw": PNG,
                "mimetype": "image/png",
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )

    def _repair(self, ticket):
        """An operator attaches a photo of the repair and resolves the request."""
        after = self._photo(ticket, "repaired.png")
        ticket.with_user(self.operator).write(
            {
                "hotline_after_photo_ids": [(4, after.id)],
                "stage_id": self.stage_resolved.id,
            }
        )
        return after

    def test_resolution_without_photo_refused(self):
        """The operator cannot resolve A's pothole without a photo of the repair."""
        with self.assertRaisesRegex(ValidationError, "Attach a photo of the repair"):
            self.ticket_a.with_user(self.operator).stage_id = self.stage_resolved

    def test_closing_without_photo_refused(self):
        """Nor can the director close it directly."""
        with self.assertRaisesRegex(ValidationError, "Attach a photo of the repair"):
            self.ticket_a.with_user(self.supervisor).stage_id = self.stage_closed

    def test_other_categories_and_rejections_need_no_photo(self):
        """Only categories that ask for it; a rejection is not a repair."""
        other = self._create_ticket(
            self.citizen_a,
            "No photo needed",
            category_id=self.category_parent.id,
            user_id=self.operator.id,
        )
        other.with_user(self.operator).stage_id = self.stage_resolved
        self.assertTrue(other.closed)
        self.assertFalse(other.resolved_with_photo)
        self.ticket_b.write(
            {
                "review_decision": "reject",
                "review_reject_reason": "Private land",
                "stage_id": self.stage_closed.id,
            }
        )
        self.assertTrue(self.ticket_b.closed)

    def test_resolution_with_photo(self):
        after = self._repair(self.ticket_a)
        self.assertEqual(self.ticket_a.stage_id, self.stage_resolved)
        self.assertTrue(self.ticket_a.resolved_with_photo)
        before, shown_after = self.ticket_a._hotline_portal_photos()
        self.assertEqual(before, self.before)
        self.assertEqual(shown_after, after)

    def test_citizen_sees_before_and_after_and_confirms_once(self):
        after = self._repair(self.ticket_a)
        self._login(self.citizen_a)
        page = self.url_open(f"/my/requests/{self.ticket_a.id}").text
        self.assertIn("o_hotline_photos_before", page)
        self.assertIn(f"/web/image/{self.before.id}/512x512?access_token=", page)
        self.assertIn(f"/web/image/{after.id}/512x512?access_token=", page)
        self.assertIn("o_hotline_confirm", page)
        response = self._post(f"/my/requests/{self.ticket_a.id}/confirm")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.ticket_a.stage_id, self.stage_closed)
        self.assertTrue(self.ticket_a.resolved_with_photo)
        again = self._post(f"/my/requests/{self.ticket_a.id}/confirm")
        self.assertIn("msg=not_waiting", again.headers["Location"])

    def test_citizen_reopens_with_reason(self):
        self._repair(self.ticket_a)
        self._login(self.citizen_a)
        response = self._post(
            f"/my/requests/{self.ticket_a.id}/reopen",
            {"reason": "The hole is still there"},
        )
        self.assertIn("msg=reopened", response.headers["Location"])
        self.assertFalse(self.ticket_a.closed)
        self.assertEqual(self.ticket_a.reopen_count, 1)
        self.assertFalse(self.ticket_a.resolved_with_photo)
        self.assertTrue(
            self.ticket_a.message_ids.filtered(
                lambda m: "The hole is still there" in (m.body or "")
            )
        )

    def test_another_citizen_refused(self):
        """Citizen B neither sees A's photos nor confirms or reopens A's request."""
        after = self._repair(self.ticket_a)
        self._login(self.citizen_b)
        page = self.url_open(f"/my/requests/{self.ticket_a.id}", allow_redirects=False)
        self.assertNotIn(f"/web/image/{after.id}", page.text)
        self.assertEqual(page.status_code, 303)
        for action, data in (("confirm", {}), ("reopen", {"reason": "no"})):
            with self.subTest(action=action):
                response = self._post(f"/my/requests/{self.ticket_a.id}/{action}", data)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.ticket_a.stage_id, self.stage_resolved)

    def test_share_of_resolutions_with_photo(self):
        """The director's analysis: closed municipal requests, with a photo or not."""
        self._repair(self.ticket_a)
        # B's request, of a category that needs no photo, is resolved without one
        self.ticket_b.category_id = self.category_parent
        self.ticket_b.stage_id = self.stage_resolved
        self.env.flush_all()
        [(share,)] = (
            self.env["hotline.ticket.report"]
            .with_user(self.supervisor)
            ._read_group(
                [("ticket_id", "in", (self.ticket_a | self.ticket_b).ids)],
                aggregates=["photo_resolution_rate:avg"],
            )
        )
        self.assertEqual(share, 50.0)
