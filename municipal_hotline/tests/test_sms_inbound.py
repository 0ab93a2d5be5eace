"""What SMS providers post to the hotline (issue 15): the messages citizens send to the
line (a reply to a request, a stop word, anything else) and the delivery reports, each
provider's format, through the real routes of a running server. A post without the
company's secret is refused and creates nothing; a malformed body is a clear 400 and
creates nothing; a message posted twice is handled once.
"""

import hashlib
import hmac
import json
import threading
from http.server import ThreadingHTTPServer

from odoo.tests import tagged

from ..models.helpdesk_ticket import SMS_INTAKE_TEMPLATE
from ..tools.sms_gateway import KAVENEGAR_ENDPOINT_PARAM, SMSIR_ENDPOINT_PARAM
from .common import MAIL_CONTEXT, HotlineHttpCase
from .test_sms import _Stub

SECRET = "webhook-secret-5d1e7a0c93"
MOBILE = "09123456789"


@tagged("post_install", "-at_install")
class TestSmsInbound(HotlineHttpCase):
    env_context = MAIL_CONTEXT

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
        cls.server.daemon_threads = True
        cls.server.received, cls.server.answers = [], []
        cls.server.default_answer = (
            200,
            {"return": {"status": 200}, "entries": [{"messageid": 8792343}]},
            0,
        )
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        stub_url = f"http://127.0.0.1:{cls.server.server_address[1]}"
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param(KAVENEGAR_ENDPOINT_PARAM, stub_url)
        params.set_param(SMSIR_ENDPOINT_PARAM, stub_url)
        cls.company = cls.env.company
        cls.company.write(
            {
                "hotline_sms_gateway": "kavenegar",
                "hotline_sms_api_key": "KEY-1",
                "hotline_sms_sender": "10004346",
                "hotline_sms_webhook_secret": SECRET,
                "hotline_sms_cost_per_segment": 1200,
            }
        )
        cls.Inbound = cls.env["hotline.sms.inbound"].sudo()
        cls.env["sms.sms"].sudo().search([]).unlink()

    def setUp(self):
        super().setUp()
        self.server.received.clear()

    # helpers -------------------------------------------------------------------------

    def _provider_post(self, path, data=None, json_body=None, headers=None):
        kwargs = {"headers": headers or {}, "allow_redirects": False}
        if json_body is not None:
            kwargs["data"] = (
                json_body if isinstance(json_body, bytes) else json.dumps(json_body)
            )
            kwargs["headers"]["Content-Type"] = "application/json"
        else:
            kwargs["data"] = data or {}
        return self.url_open(path, **kwargs)

    def _inbound(self, data, gateway="kavenegar", secret=SECRET):
        return self._provider_post(
            f"/hotline/sms/{gateway}/inbound/{secret}", data=data
        )

    def _ticket(self, phone=MOBILE, **vals):
        return self._create_ticket(
            name="Streetlight out", phone=phone, user=self.operator, **vals
        )

    def _counts(self):
        return (
            self.Inbound.search_count([]),
            self.env["helpdesk.ticket"].search_count([]),
            self.env["mail.message"].search_count([]),
        )

    # authentication ------------------------------------------------------------------

    def test_forged_posts_refused_and_nothing_created(self):
        """A wrong secret, an unknown gateway, another gateway's route, a wrong or
        missing signature, a company without a secret: 403, nothing created."""
        before = self._counts()
        message = {"messageid": "1", "from": MOBILE, "message": "سلام"}
        for path in (
            f"/hotline/sms/kavenegar/inbound/{SECRET}x",
            "/hotline/sms/kavenegar/inbound/",
            f"/hotline/sms/nosuch/inbound/{SECRET}",
            f"/hotline/sms/smsir/inbound/{SECRET}",  # not this company's gateway
            f"/hotline/sms/kavenegar/status/{SECRET[:-1]}",
        ):
            with self.subTest(path=path):
                response = self._provider_post(path, data=message)
                self.assertIn(response.status_code, (403, 404))
        response = self._provider_post(
            "/hotline/sms/kavenegar/inbound",
            data=message,
            headers={"X-Hotline-Signature": "sha256=" + "0" * 64},
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            self._provider_post(
                "/hotline/sms/kavenegar/inbound", data=message
            ).status_code,
            403,
            "no secret, no signature",
        )
        self.company.hotline_sms_webhook_secret = False
        self.assertEqual(self._inbound(message, secret="False").status_code, 403)
        self.assertEqual(self._counts(), before)

    def test_hmac_signature_accepted(self):
        """The secret may instead sign the body: HMAC-SHA256 in X-Hotline-Signature."""
        body = json.dumps({"id": "g-1", "from": MOBILE, "text": "A tree fell"}).encode()
        self.company.hotline_sms_gateway = "http"
        signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        response = self._provider_post(
            "/hotline/sms/http/inbound",
            json_body=body,
            headers={"X-Hotline-Signature": f"sha256={signature}"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.Inbound.search([], limit=1).result, "new_request")

    # inbound messages ----------------------------------------------------------------

    def test_reply_quoting_code_lands_in_chatter(self):
        """Kavenegar's forward (messageid, from, to, message) quoting the tracking code
        of a request of that mobile: a message in its history, as the citizen."""
        ticket = self._ticket(partner_name="Citizen SMS")
        text = f"درباره {ticket.number}: هنوز چراغ خاموش است"
        response = self._inbound(
            {"messageid": "77001", "from": "+989123456789", "to": "10004346",
             "message": text}
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        inbound = self.Inbound.search([("provider_message_id", "=", "77001")])
        self.assertEqual((inbound.result, inbound.ticket_id), ("reply", ticket))
        message = ticket.message_ids[0]
        self.assertIn("هنوز چراغ خاموش است", message.body)
        self.assertEqual(message.author_id, ticket.partner_id)
        self.assertEqual(message.message_type, "comment")

    def test_code_from_another_number_is_a_new_request(self):
        """A tracking code proves nothing alone: from another mobile, the message is
        a new request, not a post on someone else's request."""
        ticket = self._ticket()
        messages = len(ticket.message_ids)
        self._inbound(
            {"messageid": "77002", "from": "09350000000", "message": ticket.number}
        )
        inbound = self.Inbound.search([("provider_message_id", "=", "77002")])
        self.assertEqual(inbound.result, "new_request")
        self.assertNotEqual(inbound.ticket_id, ticket)
        self.assertEqual(len(ticket.message_ids), messages)

    def test_other_message_becomes_new_request(self):
        """Anything else: a request in New, channel SMS, the caller's number, the text
        as description; the citizen gets its tracking code back."""
        text = "جوی آب کوچه ۱۲ خیابان مدرس گرفته است"
        self._inbound({"messageid": "77003", "from": "۰۹۱۲۳۴۵۶۷۸۹", "message": text})
        ticket = self.Inbound.search([("provider_message_id", "=", "77003")]).ticket_id
        self.assertTrue(ticket)
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("municipal_hotline.helpdesk_ticket_channel_sms"),
        )
        self.assertEqual(ticket.caller_phone, MOBILE)
        self.assertIn("جوی آب", ticket.description)
        sms = self.env["sms.sms"].sudo().search([("number", "like", "9123456789")])
        self.assertTrue(any(ticket.number in s.body for s in sms), "tracking code")

    def test_duplicate_delivery_handled_once(self):
        """The provider posting the same message twice: one request, one record."""
        message = {"messageid": "77004", "from": MOBILE, "message": "Pothole"}
        self.assertEqual(self._inbound(message).status_code, 200)
        before = self._counts()
        self.assertEqual(self._inbound(message).status_code, 200)
        self.assertEqual(self._counts(), before)

    def test_stop_word_opts_out_and_start_opts_in(self):
        """ "لغو" (or STOP, 11): the number goes on the phone blacklist and gets no
        more messages; "شروع" takes it off."""
        self._inbound({"messageid": "77005", "from": MOBILE, "message": " لغو "})
        inbound = self.Inbound.search([("provider_message_id", "=", "77005")])
        self.assertEqual(inbound.result, "opt_out")
        ticket = self._ticket()
        self.assertFalse(
            ticket._hotline_sms_send(SMS_INTAKE_TEMPLATE, "again"), "opted out"
        )
        self._inbound({"messageid": "77006", "from": MOBILE, "message": "STOP"})
        self._inbound({"messageid": "77007", "from": MOBILE, "message": "شروع"})
        self.assertTrue(ticket._hotline_sms_send(SMS_INTAKE_TEMPLATE, "again"))

    def test_smsir_json_inbound(self):
        """sms.ir's webhook: JSON {MessageId, Mobile, MessageText, Number}."""
        self.company.hotline_sms_gateway = "smsir"
        ticket = self._ticket()
        response = self._provider_post(
            f"/hotline/sms/smsir/inbound/{SECRET}",
            json_body={
                "MessageId": 5501,
                "Mobile": "989123456789",
                "MessageText": f"{ticket.number} ممنون",
                "Number": "30007732",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("ممنون", ticket.message_ids[0].body)

    def test_malformed_bodies_refused_clearly(self):
        """Not JSON, not an object, no sender or no text: 400 with the reason, nothing
        created."""
        before = self._counts()
        self.company.hotline_sms_gateway = "smsir"
        for body, reason in [
            (b"{not json", "not valid JSON"),
            (b"[1, 2]", "one JSON object"),
            (json.dumps({"Mobile": MOBILE}).encode(), "a sender number and a text"),
        ]:
            with self.subTest(body=body):
                response = self._provider_post(
                    f"/hotline/sms/smsir/inbound/{SECRET}", json_body=body
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(reason, response.text)
        self.assertEqual(self._counts(), before)

    # delivery reports ----------------------------------------------------------------

    def _sent(self):
        """A request's tracking code sent through Kavenegar (the stub): its SMS."""
        ticket = self._ticket()
        sms = self.env["sms.sms"].sudo().search([("number", "=", MOBILE)])[-1:]
        self.env["sms.sms"]._hotline_send_queue(100)
        return ticket, sms

    def _notification(self, uuid):
        tracker = self.env["sms.tracker"].sudo().search([("sms_uuid", "=", uuid)])
        return tracker, tracker.mail_notification_id

    def test_kavenegar_delivery_report_delivered(self):
        """The full chain: an operator saves a call, the SMS leaves (Kavenegar keeps
        its messageid), Kavenegar reports status 10: delivered on the request."""
        ticket, sms = self._sent()
        uuid = sms.uuid
        self.assertEqual(len(self.server.received), 1)
        self.assertIn(ticket.number, sms.body)
        tracker, notification = self._notification(uuid)
        self.assertEqual(tracker.hotline_provider_id, "8792343")
        self.assertEqual(tracker.hotline_state, "sent")
        self.assertEqual(notification.notification_status, "pending")
        response = self._provider_post(
            f"/hotline/sms/kavenegar/status/{SECRET}",
            data={"messageid": "8792343", "status": "10"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(notification.notification_status, "sent")
        self.assertEqual(tracker.hotline_state, "delivered")
        # a late "sent to the operator" does not undo it
        self._provider_post(
            f"/hotline/sms/kavenegar/status/{SECRET}",
            data={"messageid": "8792343", "status": "4"},
        )
        self.assertEqual(notification.notification_status, "sent")
        self.assertEqual(tracker.hotline_state, "delivered")
        self.env.flush_all()
        row = self.env["hotline.sms.report"].search([("id", "=", tracker.id)])
        self.assertEqual(
            (row.kind, row.state, row.segments, row.cost),
            ("tracking_code", "delivered", 1, 1200),
        )
        self.assertTrue(row.jalali_month)

    def test_undelivered_report_fails_with_reason_and_activity(self):
        """Kavenegar status 11 (not delivered): the notification fails with the reason
        on the request, its staff get an activity to call the citizen."""
        ticket, sms = self._sent()
        tracker, notification = self._notification(sms.uuid)
        response = self._provider_post(
            f"/hotline/sms/kavenegar/status/{SECRET}",
            data={"messageid": "8792343", "status": "11"},
        )
        self.assertEqual(response.status_code, 200, response.text[:3000])
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_type, "sms_not_delivered")
        self.assertEqual(tracker.hotline_state, "failed")
        self.assertEqual(len(ticket.activity_ids), 1)

    def test_generic_report_by_our_uuid_and_unknown_ids(self):
        """The generic format names our uuid; an unknown id changes nothing (200, the
        provider need not retry); an unknown status is a 400."""
        self.company.hotline_sms_gateway = "log"
        _ticket, sms = self._sent()
        _tracker, notification = self._notification(sms.uuid)
        response = self._provider_post(
            f"/hotline/sms/log/status/{SECRET}",
            json_body=[{"uuid": sms.uuid, "status": "delivered"},
                       {"uuid": "0" * 32, "status": "delivered"}],
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertEqual(notification.notification_status, "sent")
        response = self._provider_post(
            f"/hotline/sms/log/status/{SECRET}",
            data={"uuid": sms.uuid, "status": "exploded"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("known status", response.text)
        self.assertEqual(notification.notification_status, "sent")

    def test_another_companys_message_untouched(self):
        """A report is applied to the posting company's messages only."""
        _ticket, sms = self._sent()
        _tracker, notification = self._notification(sms.uuid)
        other = self.env["res.company"].create(
            {
                "name": "Other city",
                "hotline_sms_gateway": "smsir",
                "hotline_sms_webhook_secret": "other-secret-123456",
            }
        )
        self.assertTrue(other)
        self._provider_post(
            "/hotline/sms/smsir/status/other-secret-123456",
            json_body={"uuid": sms.uuid, "DeliveryState": 2},
        )
        self.assertEqual(notification.notification_status, "pending")

    # the citizen's choice on the portal ----------------------------------------------

    def test_portal_turns_sms_off_and_on(self):
        """A citizen turns text messages off and on from the portal home, for their
        own mobile only (a number in the form is ignored); a visitor cannot."""
        self.citizen_a.partner_id.phone = "09127778899"
        Blacklist = self.env["phone.blacklist"].sudo().with_context(active_test=False)
        self.authenticate(None, None)  # a public visitor's session (CSRF token)
        response = self._post("/my/sms", {"sms": "off"})
        self.assertFalse(Blacklist.search([("hotline_key", "=", "9127778899")]))
        self.assertIn(response.status_code, (302, 303))
        self._login(self.citizen_a)
        self.assertIn('name="sms" value="off"', self.url_open("/my").text)
        self._post("/my/sms", {"sms": "off", "number": "09350001111"})
        self.assertTrue(Blacklist.search([("hotline_key", "=", "9127778899")]).active)
        self.assertFalse(Blacklist.search([("hotline_key", "=", "9350001111")]))
        self.assertIn('name="sms" value="on"', self.url_open("/my").text)
        ticket = self._ticket(phone="09127778899")
        self.assertFalse(ticket._hotline_sms_send(SMS_INTAKE_TEMPLATE, "portal-off"))
        self._post("/my/sms", {"sms": "on"})
        self.assertFalse(Blacklist.search([("hotline_key", "=", "9127778899")]).active)
        self.assertTrue(ticket._hotline_sms_send(SMS_INTAKE_TEMPLATE, "portal-on"))
