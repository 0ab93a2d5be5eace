"""What the SMS provider posts to the hotline: messages citizens sent to its line and
the delivery reports of the messages it sent (issue 15).

Each company's gateway has its secret (res.company.hotline_sms_webhook_secret,
supervisors only): the provider posts to /hotline/sms/<gateway>/<kind>/<secret>, or
to /hotline/sms/<gateway>/<kind> with an HMAC-SHA256 of the body under the secret in
the X-Hotline-Signature header ("sha256=<hex>"). Both are compared in constant time.
A wrong or missing secret, an unknown gateway or a company without a secret: 403, and
nothing is read nor created. A body that is not the provider's format: 400 with the
reason, nothing created (the provider keeps the message and may post it again).
"""

import hmac
import json
import logging

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.http import request

from ..tools.signature import signature_matches
from ..tools.sms_gateway import GATEWAYS

_logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Hotline-Signature"


class HotlineSms(http.Controller):
    @http.route(
        [
            "/hotline/sms/<string:gateway>/inbound",
            "/hotline/sms/<string:gateway>/inbound/<string:secret>",
        ],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def hotline_sms_inbound(self, gateway, secret=None, **kw):
        """A message a citizen sent to the hotline's line.

        :param str gateway: the company's gateway (kavenegar, smsir, http, log)
        :param str secret: the company's webhook secret (else the signature header)

        sudo: the provider is no user; the company is the one whose secret the post
        proves, and only that company's requests are looked at.
        """
        company, api = self._hotline_authenticate(gateway, secret)
        params = self._hotline_params()
        if not isinstance(params, dict):
            raise BadRequest(request.env._("An inbound message is one JSON object."))
        try:
            values = api._parse_inbound(params)
        except ValueError as e:
            raise BadRequest(str(e)) from e
        request.env["hotline.sms.inbound"].sudo().with_company(
            company
        )._hotline_receive(company, gateway, values)
        return request.make_response("OK", [("Content-Type", "text/plain")])

    @http.route(
        [
            "/hotline/sms/<string:gateway>/status",
            "/hotline/sms/<string:gateway>/status/<string:secret>",
        ],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def hotline_sms_status(self, gateway, secret=None, **kw):
        """A delivery report of a message the hotline sent.

        :param str gateway: the company's gateway
        :param str secret: the company's webhook secret (else the signature header)

        sudo: as for received messages; only the company's own messages are updated.
        An unknown message id is answered 200 (the provider need not retry) and
        changes nothing.
        """
        company, api = self._hotline_authenticate(gateway, secret)
        try:
            reports = self._hotline_params()
            reports = reports if isinstance(reports, list) else [reports]
            parsed = [api._parse_status(report) for report in reports]
        except (ValueError, TypeError, AttributeError) as e:
            raise BadRequest(str(e)) from e
        Tracker = request.env["sms.tracker"].sudo().with_company(company)
        found = 0
        for uuid, provider_id, state, error in parsed:
            found += bool(
                Tracker._hotline_delivery_report(
                    company, uuid, provider_id, state, error
                )
            )
        if found < len(parsed):
            _logger.info(
                "SMS delivery reports of %s: %s of %s about no known message",
                gateway,
                len(parsed) - found,
                len(parsed),
            )
        return request.make_response("OK", [("Content-Type", "text/plain")])

    # ------------------------------------------------------------------

    def _hotline_authenticate(self, gateway, secret):
        """(company, its gateway) whose secret the post proves, else 403."""
        if gateway not in GATEWAYS:
            raise Forbidden()
        companies = (
            request.env["res.company"]
            .sudo()
            .search([("hotline_sms_gateway", "=", gateway)])
        )
        body = request.httprequest.get_data(cache=True)
        signature = request.httprequest.headers.get(SIGNATURE_HEADER, "")
        for company in companies:
            expected = company.hotline_sms_webhook_secret
            if not expected:
                continue
            if secret is not None:
                if hmac.compare_digest(secret.encode(), expected.encode()):
                    break
            elif signature_matches(signature, expected, body):
                break
        else:
            _logger.warning("SMS %s post refused: no company's secret", gateway)
            raise Forbidden()
        api = GATEWAYS[gateway](request.env(su=True))
        api._set_company(company)
        return company, api

    def _hotline_params(self):
        """The post's fields: its JSON body, else its form and query string."""
        httprequest = request.httprequest
        if httprequest.mimetype == "application/json":
            try:
                data = json.loads(httprequest.get_data(cache=True) or b"null")
            except ValueError as e:
                raise BadRequest(request.env._("The body is not valid JSON.")) from e
            if not isinstance(data, dict | list):
                raise BadRequest(request.env._("The body is not a JSON object."))
            return data
        return {**httprequest.args.to_dict(), **httprequest.form.to_dict()}
