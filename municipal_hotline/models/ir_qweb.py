from odoo import models
from odoo.http import request

from ..tools import format_date, localize_digits


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _prepare_environment(self, values):
        """Every template can write a date as a citizen reads it:
        ``<t t-out="hotline_date(ticket.create_date)"/>`` (Jalali with Persian digits
        for Persian readers, Gregorian otherwise, in the city's time zone;
        ``hotline_date(day, with_time=False)`` for the day only), and a code or a
        count in the reader's digits: ``<t t-out="hotline_digits(ticket.number)"/>``
        (Persian digits for Persian readers).

        Pages also say their language in ``<html lang>`` (web.layout writes
        ``html_data``; only website fills it): screen readers and the browser's fonts
        read it, and so do the Jalali dates the portal's chatter writes in the browser
        (static/src/jalali/jalali_dates.js)."""
        env = self.env
        values.setdefault(
            "hotline_date",
            lambda value, with_time=True, tz=None: format_date(
                env, value, tz=tz, with_time=with_time
            ),
        )
        values.setdefault(
            "hotline_digits",
            lambda value: (
                ""
                if value is None or value is False
                else localize_digits(env.lang, value)
            ),
        )
        if request and env.lang and values.get("html_data") is None:
            values["html_data"] = {"lang": env.lang.replace("_", "-")}
        return super()._prepare_environment(values)
