from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _notify_by_email_prepare_rendering_context(
        self, message, msg_vals=False, **kwargs
    ):
        """The dates and times a notification email lists among its tracked changes
        (a booking's slot, a referral's due date...) are written as its reader reads
        them (mail.tracking.value, _tracking_value_format), not as raw UTC values."""
        return super(
            MailThread, self.with_context(hotline_email_dates=True)
        )._notify_by_email_prepare_rendering_context(
            message, msg_vals=msg_vals, **kwargs
        )
