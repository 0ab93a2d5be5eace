from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..models.hotline_lookup_attempt import LOCK_AFTER, SLOW_AFTER
from .common import HotlinePortalCase


@tagged("post_install", "-at_install")
class TestPortalLookup(HotlinePortalCase):
    def _lookup(self, code, last4):
        return self._post("/hotline/lookup", {"code": code, "phone_last4": last4})

    def test_lookup_without_login(self):
        self.authenticate(None, None)
        self.assertEqual(self.url_open("/hotline/lookup").status_code, 200)
        self.ticket_a.sudo().message_post(
            body="We filled the hole.",
            author_id=self.operator.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        resp = self._lookup(self.ticket_a.number, "0001")
        self.assertEqual(resp.status_code, 200)
        self.assertIn("o_hotline_lookup_result", resp.text)
        self.assertIn(self.ticket_a.stage_id.name, resp.text)
        self.assertIn("We filled the hole.", resp.text)
        # only status, dates, answer: no address, phone, name or staff
        for secret in ("A's pothole street", "09121110001", "Citizen A", "Staffname"):
            self.assertNotIn(secret, resp.text)

    def test_wrong_pair_same_answer_as_unknown_code(self):
        self.authenticate(None, None)
        wrong = self._lookup(self.ticket_a.number, "0002")
        unknown = self._lookup("HT99999999", "0001")
        for resp in (wrong, unknown):
            self.assertEqual(resp.status_code, 200)
            self.assertIn("o_hotline_lookup_not_found", resp.text)
            self.assertNotIn("o_hotline_lookup_result", resp.text)
            self.assertNotIn(self.ticket_a.stage_id.name + "</span>", resp.text)
        # B's phone with A's code: no cross match
        self.assertIn(
            "o_hotline_lookup_not_found",
            self._lookup(self.ticket_a.number, "0002").text,
        )

    def test_wildcards_do_not_match(self):
        self.authenticate(None, None)
        resp = self._lookup("%", "0001")
        self.assertIn("o_hotline_lookup_not_found", resp.text)

    def test_failures_are_counted_and_throttled(self):
        self.authenticate(None, None)
        Attempt = self.env["hotline.lookup.attempt"]
        before = Attempt.search_count([])
        self._lookup("HT0", "1234")
        self.assertEqual(Attempt.search_count([]), before + 1)
        key = Attempt.search([], order="id desc", limit=1).client_key
        # after SLOW_AFTER failures, an immediate new try must wait
        Attempt.create([{"client_key": key}] * (SLOW_AFTER - 1))
        self.assertGreater(Attempt._wait_seconds(key), 0)
        resp = self._lookup(self.ticket_a.number, "0001")
        self.assertEqual(resp.status_code, 429, "even the right pair waits")
        self.assertIn("o_hotline_lookup_refused", resp.text)
        self.assertNotIn("o_hotline_lookup_result", resp.text)

    def test_slow_down_then_lock(self):
        Attempt = self.env["hotline.lookup.attempt"]
        key = Attempt._client_key("203.0.113.7")
        past = fields.Datetime.now() - timedelta(minutes=2)
        attempts = Attempt.create([{"client_key": key}] * SLOW_AFTER)
        self.env.cr.execute(
            "UPDATE hotline_lookup_attempt SET create_date = %s WHERE id IN %s",
            (past, tuple(attempts.ids)),
        )
        attempts.invalidate_recordset()
        self.assertEqual(Attempt._wait_seconds(key), 0, "the first delay has passed")
        more = Attempt.create([{"client_key": key}] * (LOCK_AFTER - SLOW_AFTER))
        self.env.cr.execute(
            "UPDATE hotline_lookup_attempt SET create_date = %s WHERE id IN %s",
            (past, tuple(more.ids)),
        )
        (attempts | more).invalidate_recordset()
        wait = Attempt._wait_seconds(key)
        self.assertGreater(wait, 60, "locked for the rest of the window")
        self.assertEqual(Attempt._wait_seconds(Attempt._client_key("203.0.113.8")), 0)

    def test_autovacuum_removes_old_attempts(self):
        Attempt = self.env["hotline.lookup.attempt"]
        old = Attempt.create({"client_key": "x"})
        recent = Attempt.create({"client_key": "x"})
        self.env.cr.execute(
            "UPDATE hotline_lookup_attempt SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(hours=1), old.id),
        )
        old.invalidate_recordset()
        Attempt._gc_old_attempts()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
