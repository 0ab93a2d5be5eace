from odoo import models

from ..tools import format_date


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _render_eval_context(self):
        """Mail templates write dates as the citizen reads them, in the recipient's
        language: ``<t t-out="hotline_date(object.date_deadline)"/>``."""
        render_context = super()._render_eval_context()
        env = self.env
        render_context["hotline_date"] = lambda value, with_time=True, tz=None: (
            format_date(env, value, tz=tz, with_time=with_time)
        )
        return render_context
