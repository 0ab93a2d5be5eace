"""The PBX's events over HTTP (controllers/pbx.py): signed, fresh and new only."""

import json
import time
from datetime import timedelta

from odoo.tests import tagged

from ..controllers.pbx import pbx_signature
from .common import PbxCase

CALL = "1764745200.42"


@tagged("post_install", "-at_install")
class TestCallPbx(PbxCase):
    def _calls(self):
        return self.env["hotline.call"].search([("pbx_call_id", "=", CALL)])

    def _bus_messages(self, target, kind):
        """The bus messages of type ``kind`` sent to ``target``'s channel."""
        channel = json.dumps(
            [self.env.cr.dbname, target._name, target.id], separators=(",", ":")
        )
        return self.env["bus.bus"].search(
            [("channel", "=", channel), ("message", "like", kind)]
        )

    def _screen_pops(self, user):
        return self._bus_messages(user.partner_id, "hotline/screen_pop")

    def assertRefused(self, response, status):
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.json()["status"], "refused")
        self.assertFalse(self._calls(), "a refused event creates nothing")
        self.assertFalse(self._screen_pops(self.operator))

    # accepted ---------------------------------------------------------------------------

    def test_signed_ring_records_the_call_and_pops_the_operators_screen(self):
        response = self._ring(caller="۰۹۱۲ ۱۲۳ ۴۵۶۷")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.json()["screen_pop"])
        call = self._calls()
        self.assertEqual(call.user_id, self.operator)
        self.assertEqual(call.extension, "201")
        self.assertEqual(call.queue, "137")
        self.assertEqual(call.caller_phone_key, "9121234567")
        self.assertEqual(call.company_id, self.env.company)
        self.assertFalse(call.outcome)
        pops = self._screen_pops(self.operator)
        self.assertEqual(len(pops), 1)
        payload = json.loads(pops.message)["payload"]
        self.assertEqual(payload["call_id"], call.id)
        self.assertEqual(payload["caller_phone"], "۰۹۱۲ ۱۲۳ ۴۵۶۷")
        self.assertFalse(
            self._screen_pops(self.operator2), "only the ringing extension"
        )

    def test_each_event_refreshes_the_wallboards(self):
        """Ring, answer, hang-up: each tells the open wallboards (the operators' group
        channel) to refresh; a refused event does not."""
        group = self.env.ref("municipal_hotline.group_hotline_operator")

        def refreshes():
            return len(self._bus_messages(group, "hotline.wallboard/refresh"))

        self._ring()
        self.assertEqual(refreshes(), 1)
        self._pbx("answer")
        self._pbx("hangup")
        self.assertEqual(refreshes(), 3)
        self.assertEqual(self._pbx("hangup").status_code, 409)
        self.assertEqual(refreshes(), 3, "a refused event changes no wallboard")

    def test_ring_answer_hangup_times_and_seconds(self):
        start = int(time.time()) - 90
        self._ring(timestamp=start)
        self.assertEqual(self._pbx("answer", timestamp=start + 12).status_code, 200)
        call = self._calls()
        self.assertEqual(call.wait_seconds, 12)
        self.assertEqual(call.answer_time - call.ring_time, timedelta(seconds=12))
        self.assertEqual(self.operator.hotline_phone_state, "on_call")
        response = self._pbx(
            "hangup",
            timestamp=start + 72,
            recording_url="https://pbx.example.ir/rec/42.wav",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(call.talk_seconds, 60)
        self.assertEqual(call.end_time - call.ring_time, timedelta(seconds=72))
        self.assertFalse(call.outcome, "answered: the operator logs the outcome")
        self.assertEqual(call.recording_url, "https://pbx.example.ir/rec/42.wav")
        self.assertEqual(self.operator.hotline_phone_state, "available")

    def test_hangup_never_answered_is_abandoned(self):
        start = int(time.time()) - 30
        self.assertEqual(self._ring(timestamp=start).status_code, 200)
        response = self._pbx("hangup", timestamp=start + 25)
        self.assertEqual(response.status_code, 200, response.text)
        call = self._calls()
        self.assertEqual(call.outcome, "abandoned")
        self.assertEqual(call.wait_seconds, 25)
        self.assertEqual(call.talk_seconds, 0)

    def test_unknown_extension_records_the_call_without_screen_pop(self):
        response = self._ring(extension="299")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertFalse(response.json()["screen_pop"])
        call = self._calls()
        self.assertFalse(call.user_id)
        self.assertEqual(call.extension, "299")
        self.assertFalse(
            self.env["bus.bus"].search([("message", "like", "screen_pop")])
        )

    def test_paused_operator_stays_paused(self):
        self.operator.with_user(self.operator).action_hotline_toggle_pause()
        self.assertEqual(self.operator.hotline_phone_state, "paused")
        self._ring()
        self._pbx("answer")
        self._pbx("hangup")
        self.assertEqual(self.operator.hotline_phone_state, "paused")

    # refused ----------------------------------------------------------------------------

    def test_unsigned_event_is_refused(self):
        self.assertRefused(self._ring(signature=""), 401)

    def test_wrong_secret_is_refused(self):
        self.assertRefused(self._ring(secret="guessed"), 401)

    def test_tampered_body_is_refused(self):
        """The signature covers the body: another extension is another signature."""
        good = json.dumps(
            {"event": "ring", "call_id": CALL, "caller": "0912", "extension": "201"}
        )
        now = int(time.time())
        signature = pbx_signature(self.PBX_SECRET, now, good.encode())
        tampered = good.replace("201", "202")
        self.assertRefused(
            self._pbx("ring", body=tampered, timestamp=now, signature=signature), 401
        )

    def test_stale_or_future_timestamp_is_refused(self):
        self.assertRefused(self._ring(timestamp=int(time.time()) - 600), 401)
        self.assertRefused(self._ring(timestamp=int(time.time()) + 600), 401)

    def test_no_secret_configured_refuses_everything(self):
        self.env.company.hotline_pbx_secret = False
        self.assertRefused(self._ring(), 401)

    def test_replayed_events_are_refused(self):
        self.assertEqual(self._ring().status_code, 200)
        self.assertEqual(self._ring(caller="09350000000").status_code, 409)
        self.assertEqual(self._pbx("answer").status_code, 200)
        answered = self._calls().answer_time
        self.assertEqual(self._pbx("answer").status_code, 409)
        self.assertEqual(self._pbx("hangup").status_code, 200)
        self.assertEqual(self._pbx("hangup").status_code, 409)
        call = self._calls()
        self.assertEqual(len(call), 1)
        self.assertEqual(call.caller_phone, "09121234567")
        self.assertEqual(call.answer_time, answered)
        self.assertEqual(len(self._screen_pops(self.operator)), 1)

    def test_answer_of_an_unknown_call_is_refused(self):
        self.assertRefused(self._pbx("answer"), 404)

    def test_malformed_events_are_refused_with_the_reason(self):
        cases = {
            "not json": "not JSON",
            "[1, 2]": "not a JSON object",
            json.dumps({"event": "dial", "call_id": CALL}): "event must be one of",
            json.dumps({"event": "ring", "call_id": CALL, "extension": "201"}): (
                "caller is missing"
            ),
            json.dumps(
                {
                    "event": "ring",
                    "call_id": CALL,
                    "caller": ["0912"],
                    "extension": "201",
                }
            ): "caller must be a string",
            json.dumps(
                {
                    "event": "ring",
                    "call_id": "x" * 65,
                    "caller": "0912",
                    "extension": "201",
                }
            ): "call_id is longer",
            json.dumps(
                {
                    "event": "hangup",
                    "call_id": CALL,
                    "recording_url": "javascript:alert(1)",
                }
            ): "recording_url",
        }
        for body, reason in cases.items():
            with self.subTest(body=body):
                response = self._pbx("ring", body=body)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn(reason, response.json()["message"])
        self.assertFalse(self._calls())

    def test_oversized_event_is_refused_unread(self):
        body = json.dumps({"event": "ring", "call_id": CALL, "caller": "0" * 9000})
        self.assertRefused(self._pbx("ring", body=body), 413)

    def test_get_is_not_an_event(self):
        self.assertIn(self.url_open("/hotline/pbx/event").status_code, (404, 405))
