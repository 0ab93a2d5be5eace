"""Citizens' text messages (issue 15): the gateways against a real local HTTP server,
the tracking code on intake and the answer on closing through Odoo's SMS queue, one
message per event, the opt-out, the quiet hours, the retries and the final failure.

Each gateway's requests go to a stub server on 127.0.0.1 (a thread of this test): what
it received is the request the provider would get, what it answers is the provider's
answer. Nothing of the ORM is mocked.
"""

import json
import logging
import socket
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import AccessError
from odoo.tests import Form, freeze_time

from ..models.helpdesk_ticket import SMS_INTAKE_TEMPLATE
from ..models.sms_sms import RETRY_DELAYS
from ..tools.sms_gateway import (
    KAVENEGAR_ENDPOINT_PARAM,
    SMSIR_ENDPOINT_PARAM,
    SmsApiLog,
    iranian_mobile,
    sms_segments,
)
from .common import MAIL_CONTEXT, HotlineCase

KEY = "KAVE-SECRET-7f3a9c"
MOBILE = "+98 912 345 6789"
# 23:30 and 07:05 in Tehran (UTC+3:30)
TEHRAN_NIGHT = datetime(2026, 1, 10, 20, 0)
TEHRAN_MORNING = datetime(2026, 1, 11, 3, 35)


class _Stub(BaseHTTPRequestHandler):
    """Records each request; answers with the next scripted (status, body, delay)."""

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        server = self.server
        server.received.append(
            {
                "method": self.command,
                "path": urlsplit(self.path).path,
                "query": parse_qs(urlsplit(self.path).query),
                "headers": dict(self.headers),
                "body": body,
            }
        )
        status, answer, delay = (
            server.answers.pop(0) if server.answers else server.default_answer
        )
        if delay:
            time.sleep(delay)
        payload = answer if isinstance(answer, str) else json.dumps(answer)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload.encode())))
            self.end_headers()
            self.wfile.write(payload.encode())
        except OSError:
            pass  # the client gave up (timeout)

    do_GET = do_POST = _handle

    def log_message(self, *args):
        pass


class TestSms(HotlineCase):
    env_context = MAIL_CONTEXT

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
        cls.server.daemon_threads = True
        cls.server.received, cls.server.answers = [], []
        cls.server.default_answer = (200, {"return": {"status": 200}}, 0)
        thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.stub_url = f"http://127.0.0.1:{cls.server.server_address[1]}"
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param(KAVENEGAR_ENDPOINT_PARAM, cls.stub_url)
        params.set_param(SMSIR_ENDPOINT_PARAM, cls.stub_url)
        cls.company = cls.env.company
        cls.demo_gateway = cls.env.ref("base.main_company").hotline_sms_gateway
        cls.company.write(
            {
                "hotline_sms_gateway": "kavenegar",
                "hotline_sms_api_key": KEY,
                "hotline_sms_sender": "10004346",
            }
        )
        cls.Sms = cls.env["sms.sms"].sudo()
        # the demo's queued messages are not these tests'
        cls.Sms.search([]).unlink()

    def setUp(self):
        super().setUp()
        self.server.received.clear()
        self.server.answers.clear()

    # helpers -------------------------------------------------------------------------

    def _answer(self, *answers):
        """The stub's next answers: (status, body[, delay]) each."""
        self.server.answers[:] = [(a + (0,))[:3] for a in answers]

    def _ticket(self, name="Streetlight out", **vals):
        return self._create_ticket(name=name, phone=MOBILE, user=self.operator, **vals)

    def _sms_of(self, ticket):
        messages = ticket.message_ids.filtered(lambda m: m.message_type == "sms")
        return self.Sms.search([("mail_message_id", "in", messages.ids)])

    def _run_queue(self):
        return self.env["sms.sms"]._hotline_send_queue(100)

    def _has_sms_error(self, ticket, user):
        self.env.flush_all()  # Odoo computes it in SQL
        return ticket.with_user(user).message_has_sms_error

    def _notification(self, sms):
        return self.env["mail.notification"].search([("sms_id_int", "=", sms.id)])

    # segments -------------------------------------------------------------------------

    def test_segments_count_ucs2_and_gsm7_parts(self):
        """Persian: 70 characters in one SMS, 67 per part; Latin (GSM-7): 160, 153."""
        for text, expected in [
            ("", ("gsm7", 0, 0)),
            ("ش" * 70, ("ucs2", 70, 1)),
            ("ش" * 71, ("ucs2", 71, 2)),
            ("ش" * 134, ("ucs2", 134, 2)),
            ("ش" * 135, ("ucs2", 135, 3)),
            ("a" * 160, ("gsm7", 160, 1)),
            ("a" * 161, ("gsm7", 161, 2)),
            ("a" * 306, ("gsm7", 306, 2)),
            ("a" * 307, ("gsm7", 307, 3)),
            ("{" * 80, ("gsm7", 160, 1)),  # extension characters count two
            ("Code 05-000123 ✓", ("ucs2", 16, 1)),  # one non-GSM character: UCS-2
        ]:
            with self.subTest(text=text[:10]):
                self.assertEqual(sms_segments(text), expected)

    def test_template_form_shows_parts(self):
        """The SMS template form shows how many SMS parts the text takes."""
        template = self.env.ref(SMS_INTAKE_TEMPLATE)
        with Form(template) as form:
            form.body = "ش" * 71
            self.assertEqual(form.hotline_sms_segments, 2)
            self.assertEqual(form.hotline_sms_encoding, "ucs2")
            form.body = "کد پیگیری شما: 05-000123"
            self.assertEqual(form.hotline_sms_segments, 1)

    # gateways ------------------------------------------------------------------------

    def test_kavenegar_request_and_success(self):
        """Kavenegar: POST /v1/{API-KEY}/sms/send.json with receptor, message, sender
        and the SMS's uuid as localid; return.status 200 is sent."""
        ticket = self._ticket()
        sms = self._sms_of(ticket)
        self.assertEqual(len(sms), 1)
        uuid, body = sms.uuid, sms.body
        self._run_queue()
        (request,) = self.server.received
        self.assertEqual(request["method"], "POST")
        self.assertEqual(request["path"], f"/v1/{KEY}/sms/send.json")
        form = {k: v[0] for k, v in parse_qs(request["body"]).items()}
        self.assertEqual(
            form,
            {
                "receptor": "09123456789",
                "message": body,
                "sender": "10004346",
                "localid": uuid,
            },
        )
        self.assertEqual(sms.state, "pending", "handed to the operator: Sent")
        self.assertEqual(self._notification(sms).notification_status, "pending")

    def test_kavenegar_refusal_fails_at_once(self):
        """Kavenegar 411 (invalid receptor): no retry can fix it, the SMS fails at
        once with the provider's reason, and the request's staff get an activity."""
        ticket = self._ticket()
        sms = self._sms_of(ticket)
        self._answer((411, {"return": {"status": 411, "message": "receptor invalid"}}))
        self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_number_format")
        notification = self._notification(sms)
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn("receptor invalid", notification.failure_reason)
        self.assertTrue(
            self._has_sms_error(ticket, self.operator),
            "the red SMS icon on the request, for its staff",
        )
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.operator, "who recorded the call")

    def test_smsir_request_and_answers(self):
        """sms.ir: POST /v1/send/bulk, X-API-KEY header, JSON {lineNumber, messageText,
        mobiles}; status 1 is sent, status 102 (credit) is retried later."""
        self.company.write(
            {"hotline_sms_gateway": "smsir", "hotline_sms_sender": "30007732"}
        )
        ticket = self._ticket()
        sms = self._sms_of(ticket)
        self._answer((200, {"status": 1, "message": "موفق", "data": {"packId": "x"}}))
        self._run_queue()
        (request,) = self.server.received
        self.assertEqual(
            (request["method"], request["path"]), ("POST", "/v1/send/bulk")
        )
        self.assertEqual(request["headers"]["X-API-KEY"], KEY)
        self.assertEqual(
            json.loads(request["body"]),
            {
                "lineNumber": 30007732,
                "messageText": sms.body,
                "mobiles": ["09123456789"],
            },
        )
        self.assertEqual(sms.state, "pending")
        # a refusal for credit: back in the queue
        other = self._sms_of(self._ticket(name="Broken bench"))
        self._answer((400, {"status": 102, "message": "اعتبار کافی نیست"}))
        self._run_queue()
        self.assertEqual(other.state, "outgoing")
        self.assertEqual(other.hotline_attempt_count, 1)

    def test_http_gateway_parameters_and_pattern(self):
        """The city's SMS centre: its URL, method and parameter names; success only
        when the answer matches the pattern."""
        self.company.write(
            {
                "hotline_sms_gateway": "http",
                "hotline_sms_http_url": f"{self.stub_url}/cgi/send",
                "hotline_sms_http_method": "get",
                "hotline_sms_http_number_param": "dest",
                "hotline_sms_http_text_param": "msg",
                "hotline_sms_http_sender_param": "from",
                "hotline_sms_http_key_param": "token",
                "hotline_sms_http_id_param": "ref",
                "hotline_sms_http_success_pattern": "^OK",
            }
        )
        sms = self._sms_of(self._ticket())
        self._answer((200, "OK 8812"))
        self._run_queue()
        (request,) = self.server.received
        self.assertEqual((request["method"], request["path"]), ("GET", "/cgi/send"))
        self.assertEqual(
            {k: v[0] for k, v in request["query"].items()},
            {
                "dest": "09123456789",
                "msg": sms.body,
                "from": "10004346",
                "token": KEY,
                "ref": sms.uuid,
            },
        )
        self.assertEqual(sms.state, "pending")
        other = self._sms_of(self._ticket(name="Broken bench"))
        self._answer((200, "ERR 17 queue full"))
        self._run_queue()
        self.assertEqual(other.state, "outgoing", "a 2xx without OK is no success")

    def test_log_gateway_in_demo(self):
        """The demo city logs its messages: nothing reaches any server."""
        self.assertEqual(self.demo_gateway, "log")
        self.company.hotline_sms_gateway = "log"
        self.assertIs(self.company._get_sms_api_class(), SmsApiLog)
        sms = self._sms_of(self._ticket())
        with self.assertLogs("odoo.addons.municipal_hotline.tools.sms_gateway") as logs:
            self._run_queue()
        self.assertEqual(sms.state, "pending")
        self.assertFalse(self.server.received)
        self.assertIn("log-only", logs.output[0])
        self.assertNotIn("9123456789", logs.output[0], "the number is masked")

    # messages ------------------------------------------------------------------------

    def test_intake_sends_one_sms_with_tracking_code(self):
        """A call recorded for a mobile number queues one SMS with the tracking code,
        logged in the request's history."""
        ticket = self._ticket()
        sms = self._sms_of(ticket)
        self.assertEqual(len(sms), 1)
        self.assertIn(ticket.number, sms.body)
        self.assertEqual(sms.state, "outgoing", "queued, sent by the cron")
        self.assertFalse(sms.hotline_send_after, "the tracking code never waits")

    def test_portal_request_sends_tracking_code(self):
        """A request filed on the portal queues the tracking code to the number the
        citizen gave."""
        category = self.env["helpdesk.ticket.category"].create(
            {"name": "SMS pothole", "show_in_portal": True}
        )
        form = {
            "request_kind": "complaint",
            "category_id": str(category.id),
            "description": "A deep hole in front of the school",
            "district_id": str(self.district_a.id),
            "address": "Modares St, alley 12",
            "phone": "0912 345 6789",
        }
        Ticket = self.env["helpdesk.ticket"].with_user(self.citizen_a)
        ticket, errors = Ticket._portal_create_request(form, [])
        self.assertFalse(errors)
        sms = self._sms_of(ticket)
        self.assertEqual(len(sms), 1)
        self.assertIn(ticket.number, sms.body)
        self.assertEqual(iranian_mobile(sms.number), "09123456789")

    def test_no_sms_without_gateway_or_mobile(self):
        """No gateway, or a landline: nothing is queued."""
        self.assertFalse(self._sms_of(self._ticket(caller_phone="083 3723 4567")))
        self.company.hotline_sms_gateway = False
        self.assertFalse(self._sms_of(self._ticket()))

    def test_same_event_sends_once(self):
        """The same event again (a retry, a second call of the hook) sends nothing,
        even once the sent SMS was cleaned from the queue."""
        ticket = self._ticket()
        sms = self._sms_of(ticket)
        self.assertFalse(ticket._hotline_sms_send(SMS_INTAKE_TEMPLATE, "intake"))
        self._run_queue()
        self.Sms.search([("to_delete", "=", True)]).unlink()  # the autovacuum
        self.assertFalse(sms.exists())
        self.assertFalse(ticket._hotline_sms_send(SMS_INTAKE_TEMPLATE, "intake"))
        self.assertEqual(len(self.server.received), 1)

    def test_answer_once_per_closing(self):
        """The answer goes once per closing: a second write of the closed stage sends
        nothing, a request reopened and closed again gets the new answer (closed by a
        supervisor: operators close only through the request's buttons)."""
        ticket = self._ticket().with_user(self.supervisor)
        ticket.stage_id = self.stage_resolved
        ticket.stage_id = self.stage_closed  # closed to closed: no new answer
        self.assertEqual(len(self._sms_of(ticket)), 2, "tracking code and answer")
        ticket.stage_id = self.stage_in_progress
        ticket.stage_id = self.stage_resolved
        self.assertEqual(len(self._sms_of(ticket)), 3)

    def test_opted_out_citizen_gets_no_sms(self):
        """A number on the phone blacklist (typed any way) gets no SMS; a note says
        why."""
        self.env["phone.blacklist"].sudo().create({"number": "0912 345 6789"})
        ticket = self._ticket()
        self.assertFalse(self._sms_of(ticket))
        self.assertIn(
            "opted out", " ".join(ticket.message_ids.mapped("preview")), "a note why"
        )

    def test_answer_waits_for_morning(self):
        """Closing a request at 23:30 Tehran: the answer waits until 07:00 (the
        cron skips it), then goes; the tracking code of a call at night goes at once."""
        with freeze_time(TEHRAN_NIGHT):
            ticket = self._ticket()
            self._run_queue()
            self.assertEqual(len(self.server.received), 1, "tracking code at once")
            ticket.stage_id = self.stage_resolved
            answer = self._sms_of(ticket).filtered(lambda s: s.state == "outgoing")
            self.assertEqual(len(answer), 1)
            self.assertIn(ticket.number, answer.body)
            self.assertEqual(answer.hotline_send_after, datetime(2026, 1, 11, 3, 30))
            self._run_queue()
            answer.send()
            self.assertEqual(len(self.server.received), 1, "nothing sent at night")
        with freeze_time(TEHRAN_MORNING):
            self._run_queue()
        self.assertEqual(len(self.server.received), 2)
        self.assertEqual(answer.state, "pending")

    # reliability ---------------------------------------------------------------------

    def test_error_answers_retried_then_failed(self):
        """A gateway answering 500: the SMS stays queued for later tries, a bounded
        number of times, then fails with the reason on the request and an activity."""
        ticket = self._ticket()
        sms = self._sms_of(ticket)
        self.server.default_answer = (500, {"return": {"status": 500}}, 0)
        self.addCleanup(
            setattr,
            self.server,
            "default_answer",
            (200, {"return": {"status": 200}}, 0),
        )
        for attempt in range(1, len(RETRY_DELAYS) + 1):
            self._run_queue()
            self.assertEqual(sms.state, "outgoing", f"try {attempt}: kept")
            self.assertEqual(sms.hotline_attempt_count, attempt)
            self.assertGreater(sms.hotline_send_after, datetime.now())
            self.assertEqual(self._notification(sms).notification_status, "ready")
            self.assertFalse(self._run_queue(), "not before its time")
            sms.hotline_send_after = False  # its time has come
        self._run_queue()
        self.assertEqual(len(self.server.received), len(RETRY_DELAYS) + 1)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        notification = self._notification(sms)
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn("Kavenegar refused the SMS (500)", notification.failure_reason)
        self.assertTrue(self._has_sms_error(ticket, self.operator))
        self.assertEqual(len(ticket.activity_ids), 1, "staff told to call instead")

    def test_gateway_down_keeps_sms(self):
        """A gateway that cannot be reached: the SMS stays queued."""
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        self.env["ir.config_parameter"].sudo().set_param(
            KAVENEGAR_ENDPOINT_PARAM, f"http://127.0.0.1:{port}"
        )
        sms = self._sms_of(self._ticket())
        self._run_queue()
        self.assertEqual((sms.state, sms.hotline_attempt_count), ("outgoing", 1))

    def test_slow_gateway_times_out(self):
        """A gateway slower than the timeout (10 s): the request is given up and the
        SMS stays queued."""
        sms = self._sms_of(self._ticket())
        self._answer((200, {"return": {"status": 200}}, 12))
        start = time.monotonic()
        self._run_queue()
        self.assertLess(time.monotonic() - start, 11.5, "given up at the timeout")
        self.assertEqual((sms.state, sms.hotline_attempt_count), ("outgoing", 1))

    # credentials ---------------------------------------------------------------------

    def test_credentials_for_supervisors_only(self):
        """The API key and the SMS centre's address: supervisors read them, an operator
        gets an AccessError, from the company as from the settings."""
        company = self.company.with_user(self.supervisor)
        self.assertEqual(company.hotline_sms_api_key, KEY)
        for field in ("hotline_sms_api_key", "hotline_sms_http_url"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                self.company.with_user(self.operator).read([field])
        self.assertEqual(
            self.company.with_user(self.operator).hotline_sms_gateway, "kavenegar"
        )

    def test_credentials_not_logged(self):
        """Whatever the gateway answers, the key is in no log line nor failure reason
        (Kavenegar carries it in the URL, which request errors quote)."""
        records = []
        handler = logging.Handler(level=logging.DEBUG)
        handler.emit = records.append
        root = logging.getLogger()
        root.addHandler(handler)
        self.addCleanup(root.removeHandler, handler)
        own = logging.getLogger("odoo.addons.municipal_hotline")
        level = own.level
        own.setLevel(logging.DEBUG)
        self.addCleanup(own.setLevel, level)

        ticket = self._ticket()
        self._answer((403, {"return": {"status": 403, "message": "apikey invalid"}}))
        self._run_queue()
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        self.env["ir.config_parameter"].sudo().set_param(
            KAVENEGAR_ENDPOINT_PARAM, f"http://127.0.0.1:{port}"
        )
        self._sms_of(ticket).hotline_send_after = False
        self._run_queue()
        self.assertTrue(records)
        for record in records:
            self.assertNotIn(KEY, record.getMessage())
        reasons = self.env["mail.notification"].search([]).mapped("failure_reason")
        self.assertFalse([r for r in reasons if r and KEY in r])
