import base64
import uuid

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

DEVICE_COOKIE = "hotline_rating_device"
# a year: the daily limit needs to recognise the phone the next time, not forever
DEVICE_COOKIE_AGE = 365 * 24 * 3600


class StaffRatingController(http.Controller):
    """Counter ratings: a walk-in citizen scans an employee's QR card and answers
    the staff-rating survey on their phone, without an account."""

    def _employee_from_token(self, token):
        # sudo: the public user has no access to employees; the random token stored on
        # the employee is what grants access to rate them, nothing else is shown
        if not token:
            raise NotFound()
        employee = (
            request.env["hr.employee"]
            .sudo()
            .search([("hotline_rating_token", "=", token)], limit=1)
        )
        if not employee or not employee.active:
            raise NotFound()
        return employee

    def _citizen_lang(self, employee):
        """The city's language (the employee's contact, else the company's), when loaded:
        walk-in citizens get the counter page and the survey in Persian, not English."""
        code = employee.work_contact_id.lang or employee.company_id.partner_id.lang
        lang = request.env["res.lang"]._lang_get(code or "")
        return lang if lang and lang.active else request.env["res.lang"]

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
        lang = self._citizen_lang(employee)
        if lang:
            request.update_context(lang=lang.code)
        return request.render(
            "municipal_hotline.staff_rating_landing",
            {"employee": employee, "token": token, "error": kwargs.get("error")},
        )

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
        device_key = request.httprequest.cookies.get(DEVICE_COOKIE) or uuid.uuid4().hex
        phone = (phone or "").strip()[:32] or None
        lang = self._citizen_lang(employee)
        if lang:
            request.update_context(lang=lang.code)
        try:
            answer = (
                request.env["survey.user_input"]
                .sudo()
                ._hotline_create_counter_answer(employee, device_key, phone=phone)
            )
            if lang and not answer.lang_id:
                answer.lang_id = lang
        except UserError as error:
            response = request.render(
                "municipal_hotline.staff_rating_landing",
                {"employee": employee, "token": token, "error": str(error)},
                status=429,
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
