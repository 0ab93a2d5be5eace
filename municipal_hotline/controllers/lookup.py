"""Public status lookup: tracking code + last 4 digits of the phone, no account needed."""

from odoo import http
from odoo.http import request

# Persian and Arabic-Indic digits typed on a phone keyboard
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


class HotlineLookup(http.Controller):
    @http.route(
        "/hotline/lookup",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def hotline_lookup(self, code=None, phone_last4=None, **kw):
        """Show a request's status to whoever has its tracking code and phone.

        :param str code: the tracking code (ticket number) given on filing
        :param str phone_last4: the last four digits of the phone given with the request

        Wrong pairs and unknown codes get the same answer, and failures are counted
        per client (a salted hash of the IP): after a few, each try must wait longer,
        then the client is refused for a while. sudo: the visitor has no access to
        tickets; only the fields below are ever shown.
        """
        values = {"code": code or "", "phone_last4": phone_last4 or ""}
        if request.httprequest.method != "POST":
            return request.render("municipal_hotline.portal_lookup", values)
        Attempt = request.env["hotline.lookup.attempt"].sudo()
        client_key = Attempt._client_key(request.httprequest.remote_addr or "")
        wait = Attempt._wait_seconds(client_key)
        if wait:
            if wait < 90:
                values["refused_message"] = request.env._(
                    "Too many attempts from your connection. Please wait %(seconds)s "
                    "seconds and try again.",
                    seconds=wait,
                )
            else:
                values["refused_message"] = request.env._(
                    "Too many attempts from your connection. Please try again in "
                    "%(minutes)s minutes.",
                    minutes=round(wait / 60),
                )
            return request.render("municipal_hotline.portal_lookup", values, status=429)
        ticket = self._find_ticket(code, phone_last4)
        if not ticket:
            Attempt._record_failure(client_key)
            values["not_found"] = True
            return request.render("municipal_hotline.portal_lookup", values)
        values.update(
            {
                "ticket": ticket,
                "answer": ticket._portal_public_answer(),
                "code": "",
                "phone_last4": "",
            }
        )
        return request.render("municipal_hotline.portal_lookup", values)

    def _find_ticket(self, code, phone_last4):
        # exact match only: no wildcard may reach the search
        code = (code or "").translate(_DIGITS).strip().upper()
        digits = (phone_last4 or "").translate(_DIGITS).strip()
        if not code or len(digits) != 4 or not digits.isdigit():
            return request.env["helpdesk.ticket"]
        ticket = (
            request.env["helpdesk.ticket"]
            .sudo()
            .search([("number", "=", code)], limit=1)
        )
        phone_key = ticket.caller_phone_key or ""
        if not ticket or len(phone_key) < 4 or phone_key[-4:] != digits:
            return request.env["helpdesk.ticket"]
        return ticket
