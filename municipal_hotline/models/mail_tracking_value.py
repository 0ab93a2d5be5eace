from odoo import models

from ..tools import format_date


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format(self):
        """In notification emails (context ``hotline_email_dates``, set by
        mail.thread), tracked dates and datetimes are written for their reader:
        Jalali with Persian digits in Persian, in the city's time zone. The web
        client's chatter gets the raw values, as it formats them itself."""
        formatted = super()._tracking_value_format()
        if not self.env.context.get("hotline_email_dates"):
            return formatted
        for values in formatted:
            field_type = values["fieldInfo"]["fieldType"]
            if field_type not in ("date", "datetime"):
                continue
            for key in ("oldValue", "newValue"):
                if values[key]:
                    values[key] = format_date(
                        self.env,
                        values[key].rstrip("Z"),
                        with_time=field_type == "datetime",
                    )
        return formatted
