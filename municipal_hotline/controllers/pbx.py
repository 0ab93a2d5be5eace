"""The PBX's call events: ring, answer, hang-up (screen pop, issue 16).

The PBX (Asterisk's dialplan with curl, or scripts/ami_listener) posts one JSON event
per step of a call::

    POST /hotline/pbx/event
    X-Hotline-Timestamp: 1764745200            (Unix seconds, when the event was sent)
    X-Hotline-Signature: sha256=<hex>          (HMAC-SHA256 of "<timestamp>.<body>")
    {"event": "ring", "call_id": "1764745200.42", "caller": "09121234567",
     "extension": "201", "queue": "137"}

The key is the company's PBX secret (Settings > 137 Hotline > Telephone). An event
without a valid signature, or signed more than ``MAX_SKEW`` seconds from now, is
refused (401) and changes nothing; an event already received (the same call rang,
answered or ended before) is refused as a replay (409): the call's own state is the
nonce. A malformed event is refused (400) with the reason.
"""

import json
import logging
import time
from datetime import UTC, datetime

from odoo import http
from odoo.http import request

from ..tools.signature import hmac_sha256, signature_matches
from .wallboard import notify_wallboard

_logger = logging.getLogger(__name__)

MAX_SKEW = 120  # seconds between the PBX's clock and ours
MAX_BODY = 8192
EVENTS = ("ring", "answer", "hangup")
TEXT_FIELDS = {"call_id": 64, "caller": 32, "extension": 16, "queue": 64}


def pbx_signature(secret, timestamp, body):
    """The signature of ``body`` (bytes) sent at ``timestamp``: what the PBX sends in
    X-Hotline-Signature (after "sha256=")."""
    return hmac_sha256(secret, str(timestamp).encode() + b"." + body)


class HotlinePbx(http.Controller):
    @http.route(
        "/hotline/pbx/event",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,  # auth="none" routes default to a read-only cursor
    )
    def pbx_event(self, **_kwargs):
        """One event of a call, signed by the PBX.

        auth="none" and sudo: the PBX has no user; the signature with the company's
        secret is its authentication, checked before anything is read or written.
        """
        if (request.httprequest.content_length or 0) > MAX_BODY:
            return self._answer(413, "event too large")
        # cached: a request retried after a concurrency error reads the body again
        body = request.httprequest.get_data()
        if len(body) > MAX_BODY:
            return self._answer(413, "event too large")
        headers = request.httprequest.headers
        company = self._signed_company(
            body,
            headers.get("X-Hotline-Timestamp", ""),
            headers.get("X-Hotline-Signature", ""),
        )
        if not company:
            _logger.warning(
                "PBX event refused from %s: missing, stale or wrong signature",
                request.httprequest.remote_addr,
            )
            return self._answer(401, "missing, stale or wrong signature")
        data, error = self._parse(body)
        if error:
            return self._answer(400, error)
        when = datetime.fromtimestamp(int(headers["X-Hotline-Timestamp"]), UTC).replace(
            tzinfo=None
        )
        # sudo: the signed PBX acts for the company (no user behind it)
        Call = request.env["hotline.call"].sudo().with_company(company)
        if data["event"] == "ring":
            call = Call._pbx_ring(company, data, when)
            if not call:
                return self._answer(409, "replayed event: this call already rang")
            notify_wallboard(request.env, company)
            return self._answer(200, "ok", call=call.id, screen_pop=bool(call.user_id))
        call = Call.search(
            [("company_id", "=", company.id), ("pbx_call_id", "=", data["call_id"])],
            limit=1,
        )
        if not call:
            return self._answer(404, "unknown call: no ring event for this call id")
        if data["event"] == "answer":
            done = call._pbx_answer(when)
        else:
            done = call._pbx_hangup(when, data.get("recording_url"))
        if not done:
            return self._answer(
                409, f"replayed event: this call already had {data['event']}"
            )
        # the call centre's wallboards show the queue as it is now
        notify_wallboard(request.env, company)
        return self._answer(200, "ok", call=call.id)

    # helpers ----------------------------------------------------------------------------

    def _signed_company(self, body, timestamp, signature):
        """The company whose secret signed the event, or None (also when the timestamp
        is not within MAX_SKEW seconds of now)."""
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW:
            return None
        # sudo: the secrets are supervisors' fields; compared here, never returned
        companies = (
            request.env["res.company"]
            .sudo()
            .search([("hotline_pbx_secret", "!=", False)])
        )
        message = timestamp.encode() + b"." + body
        for company in companies:
            if signature_matches(signature, company.hotline_pbx_secret, message):
                return company
        return None

    def _parse(self, body):
        """The event as a dict of checked values, or (None, the reason it is refused)."""
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            return None, "the body is not JSON"
        if not isinstance(data, dict):
            return None, "the body is not a JSON object"
        if data.get("event") not in EVENTS:
            return None, f"event must be one of {', '.join(EVENTS)}"
        required = ("call_id", "caller", "extension") if data["event"] == "ring" else (
            "call_id",
        )  # fmt: skip
        for key in required:
            if not data.get(key):
                return None, f"{key} is missing"
        for key, limit in TEXT_FIELDS.items():
            value = data.get(key)
            if value is None:
                continue
            if not isinstance(value, str | int) or isinstance(value, bool):
                return None, f"{key} must be a string"
            data[key] = str(value).strip()
            if len(data[key]) > limit:
                return None, f"{key} is longer than {limit} characters"
        url = data.get("recording_url")
        if url is not None and (
            not isinstance(url, str)
            or not url.startswith(("https://", "http://"))
            or len(url) > 2048
        ):
            return None, "recording_url must be an http(s) address"
        return data, None

    def _answer(self, status, message, **values):
        return request.make_json_response(
            {
                "status": "ok" if status == 200 else "refused",
                "message": message,
                **values,
            },
            status=status,
        )
