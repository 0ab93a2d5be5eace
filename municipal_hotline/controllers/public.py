"""Public pages, no account needed: a request's status by tracking code, the staff
rating a walk-in citizen starts from an employee's QR card (plus the staff page that
prints those cards), and the public map of open requests when the city publishes it.

Nothing a page prints comes from its URL: the visitor's own input is only echoed back
into form fields, and refusals are decided here.
"""

import base64
import json
import uuid

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..tools import latin_digits
from ..tools.text import MAX_LENGTHS, text_error

DEVICE_COOKIE = "hotline_rating_device"
# a year: the daily limit needs to recognise the phone the next time, not forever
DEVICE_COOKIE_AGE = 365 * 24 * 3600


class HotlinePublic(http.Controller):
    # ------------------------------------------------------------------
    # public map of open requests (off unless the company publishes it)
    # ------------------------------------------------------------------
    def _public_map_or_404(self):
        if not request.env.company.sudo().hotline_public_map:
            raise NotFound()

    @http.route("/hotline/map", type="http", auth="public", website=True, sitemap=False)
    def hotline_public_map(self, **kw):
        """The public map page: 404 unless the company publishes it."""
        self._public_map_or_404()
        config = request.env.company._hotline_map_config()
        return request.render(
            "municipal_hotline.public_map",
            {"map_config": json.dumps({**config, "geocoder_url": ""})},
        )

    @http.route(
        "/hotline/map/points",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def hotline_public_map_points(self, **kw):
        """The public map's points as JSON: category, status and a rounded point per
        open request; never a name, phone, address or exact point (see
        helpdesk.ticket._hotline_public_map_points). 404 unless published."""
        self._public_map_or_404()
        points = request.env["helpdesk.ticket"]._hotline_public_map_points()
        return request.make_json_response(
            {"points": points},
            headers=[("Cache-Control", "public, max-age=300")],
        )

    # ------------------------------------------------------------------
    # lookup by tracking code
    # ------------------------------------------------------------------
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
        if any(
            not isinstance(value, (str, type(None)))
            or text_error(value, MAX_LENGTHS["reference"])
            for value in (code, phone_last4)
        ):
            return request.env["helpdesk.ticket"]
        code = latin_digits(code or "").strip().upper()
        digits = latin_digits(phone_last4 or "").strip()
        if not code or len(digits) != 4 or not digits.isascii() or not digits.isdigit():
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

    # ------------------------------------------------------------------
    # staff rating at the counter
    # ------------------------------------------------------------------
    def _employee_from_token(self, token):
        # sudo: the public user has no access to employees; the random token stored on
        # the employee is what grants access to rate them, nothing else is shown
        if not token or text_error(token, MAX_LENGTHS["reference"]):
            raise NotFound()
        employee = (
            request.env["hr.employee"]
            .sudo()
            .search([("hotline_rating_token", "=", token)], limit=1)
        )
        if not employee or not employee.active:
            raise NotFound()
        return employee

    def _use_citizen_lang(self, employee):
        """The city's language (the employee's contact, else the company's), when loaded:
        walk-in citizens get the counter page and the survey in Persian, not English."""
        code = employee.work_contact_id.lang or employee.company_id.partner_id.lang
        lang = request.env["res.lang"]._lang_get(code or "")
        if lang and lang.active:
            request.update_context(lang=lang.code)
            return lang
        return request.env["res.lang"]

    def _rating_landing(self, employee, token, refusal=None, status=200):
        """The landing page; ``refusal`` is why this phone may not rate now (decided
        by rating_start), and hides the form."""
        return request.render(
            "municipal_hotline.staff_rating_landing",
            {"employee": employee, "token": token, "refusal": refusal},
            status=status,
        )

    @http.route(
        "/hotline/rate/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def rating_landing(self, token, **kwargs):
        """The page the QR card opens: who is rated, an optional phone, a start button.

        :param token: the employee's personal rating token (printed on the card)
        """
        employee = self._employee_from_token(token)
        self._use_citizen_lang(employee)
        return self._rating_landing(employee, token)

    @http.route(
        "/hotline/rate/<string:token>/start",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def rating_start(self, token, phone=None, **kwargs):
        """Create (or resume) today's counter answer for this device and open the survey.

        :param token: the employee's personal rating token
        :param phone: optional phone number of the citizen (limits repeated answers)
        """
        employee = self._employee_from_token(token)
        device_key = request.httprequest.cookies.get(DEVICE_COOKIE) or ""
        if not device_key or text_error(device_key, MAX_LENGTHS["reference"]):
            device_key = uuid.uuid4().hex
        phone = latin_digits(phone or "").strip()[: MAX_LENGTHS["phone"]] or None
        if text_error(phone):
            # a phone number has no control characters: answered as unknown
            phone = None
        lang = self._use_citizen_lang(employee)
        # the visitor's internet address, kept only as a salted hash
        client_key = (
            request.env["hotline.lookup.attempt"]
            .sudo()
            ._client_key(request.httprequest.remote_addr or "")
        )
        try:
            answer = (
                request.env["survey.user_input"]
                .sudo()
                ._hotline_create_counter_answer(
                    employee, device_key, phone=phone, client_key=client_key
                )
            )
            if lang and not answer.lang_id:
                answer.lang_id = lang
        except UserError as error:
            response = self._rating_landing(
                employee, token, refusal=str(error), status=429
            )
        else:
            response = request.redirect(answer.get_start_url())
        response.set_cookie(
            DEVICE_COOKIE,
            device_key,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
        )
        return response

    @http.route(
        "/hotline/r/<string:code>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def rating_short_link(self, code, **kwargs):
        """The SMS invitation's short link (no login): the code is the request's secret.
        One person to rate: their survey; several: the list; none left: a thank-you.
        An unknown code is a 404, as any guess is."""
        if not code or len(code) > 32:
            raise NotFound()
        ticket = (
            request.env["helpdesk.ticket"]
            .sudo()
            .search([("hotline_rating_code", "=", code)], limit=1)
        )
        if not ticket:
            raise NotFound()
        answers = ticket._hotline_pending_ratings()
        if len(answers) == 1:
            return request.redirect(answers.get_start_url(), local=True)
        return request.render(
            "municipal_hotline.staff_rating_short_link",
            {"ticket": ticket, "answers": answers},
        )

    @http.route(
        "/hotline/rating/cards",
        type="http",
        auth="user",
        methods=["GET"],
        sitemap=False,
    )
    def rating_cards(self, employee_ids="", **kwargs):
        """Printable QR cards (HTML with print CSS) for the counters.

        :param employee_ids: comma-separated ids; only HR officers and hotline
            supervisors may print them (they can read the employees' tokens)
        """
        user = request.env.user
        if not (
            user.has_group("hr.group_hr_user")
            or user.has_group("municipal_hotline.group_hotline_supervisor")
        ):
            raise Forbidden()
        try:
            ids = [int(i) for i in employee_ids.split(",") if i.strip()]
        except ValueError as error:
            raise NotFound() from error
        employees = (
            request.env["hr.employee"]
            .sudo()
            .browse(ids)
            .exists()
            .filtered("hotline_rating_token")
        )
        if not employees:
            raise NotFound()
        Report = request.env["ir.actions.report"]
        cards = [
            {
                "employee": employee,
                "url": employee.hotline_rating_url,
                "qr": base64.b64encode(
                    Report.barcode(
                        "QR", employee.hotline_rating_url, width=300, height=300
                    )
                ).decode(),
            }
            for employee in employees
        ]
        return request.render("municipal_hotline.staff_rating_cards", {"cards": cards})
