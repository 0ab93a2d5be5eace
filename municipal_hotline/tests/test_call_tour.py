"""The real path of a call in Chromium: the PBX's signed event over HTTP while the
operator's browser is open, the bus message, Take a Call popped with the number."""

import threading
import time

import requests

from odoo.tests import tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from odoo.addons.bus.models.bus import channel_with_db, dispatch, hashable

from .common import PbxCase


@tagged("post_install", "-at_install")
class TestCallTour(PbxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_web_client_bundles()
        cls.caller = cls.env["res.partner"].create(
            {"name": "Screen Pop Caller", "phone": "09121112233"}
        )
        cls.earlier = cls._create_ticket(
            cls.caller, "Earlier broken light", "09121112233", user=cls.operator
        )

    def test_ring_pops_take_a_call_and_the_request_is_the_calls_outcome(self):
        """The operator's browser is open on My Calls; when the operator is back from
        a break (the systray's switch), the PBX posts the ring of a call at their
        extension, and the tour waits for the form the bus message opens."""
        self.operator.hotline_phone_state = "paused"
        Users = self.registry["res.users"]
        toggle = Users.action_hotline_toggle_pause
        available = threading.Event()

        def toggled(users):
            state = toggle(users)
            if state == "available":
                available.set()
            return state

        results = []
        db = self.env.cr.dbname

        def pbx():
            """The PBX, another process: plain HTTP (not the test's url_open, which
            takes the test's registry lock from the main thread)."""
            if available.wait(60):
                body, headers = self._pbx_signed(
                    "ring", "tour.1", caller="09121112233", extension="201"
                )
                results.append(
                    requests.post(
                        f"{self.base_url()}/hotline/pbx/event",
                        data=body,
                        headers=headers,
                        # the test server's key of the tour's requests
                        cookies={TEST_CURSOR_COOKIE_NAME: self.http_request_key},
                        timeout=60,
                    )
                )
                # a test cursor never commits, so PostgreSQL's NOTIFY that wakes the
                # websockets up is not sent: wake the operator's up as it would
                channel = hashable(channel_with_db(db, self.operator.partner_id))
                for _attempt in range(5):
                    for websocket in list(dispatch._channels_to_ws.get(channel, ())):
                        websocket.trigger_notification_dispatching()
                    time.sleep(1)

        thread = threading.Thread(target=pbx, name="pbx")
        self.patch(Users, "action_hotline_toggle_pause", toggled)
        thread.start()
        try:
            self.start_tour(
                "/odoo/action-municipal_hotline.hotline_call_action_my",
                "municipal_hotline_screen_pop",
                login=self.operator.login,
            )
        finally:
            available.set()
            thread.join(60)
        self.assertEqual(len(results), 1, "the PBX posted the ring")
        self.assertEqual(results[0].status_code, 200, results[0].text)
        call = self.env["hotline.call"].search([("pbx_call_id", "=", "tour.1")])
        ticket = self.env["helpdesk.ticket"].search(
            [("caller_phone_key", "=", "9121112233"), ("id", "!=", self.earlier.id)]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.caller)
        self.assertEqual(call.ticket_id, ticket)
        self.assertEqual(call.outcome, "ticket")
        self.assertEqual(call.user_id, self.operator)

    def test_call_answered_without_request_in_two_clicks(self):
        self.start_tour(
            "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
            "municipal_hotline_call_no_request",
            login=self.operator.login,
        )
        call = self.env["hotline.call"].search([("user_id", "=", self.operator.id)])
        self.assertEqual(len(call), 1)
        self.assertEqual(call.outcome, "information")
        self.assertEqual(
            call.reason_id, self.env.ref("municipal_hotline.call_reason_fees_permits")
        )
        self.assertEqual(call.caller_phone, "09121112233")
        self.assertFalse(
            self.env["helpdesk.ticket"].search_count(
                [("caller_phone_key", "=", "9121112233"), ("id", "!=", self.earlier.id)]
            ),
            "no request saved",
        )
