from odoo import api, fields, models
from odoo.exceptions import ValidationError

REPEAT_CONTACT_DAYS_PARAM = "municipal_hotline.repeat_contact_days"
DEFAULT_REPEAT_CONTACT_DAYS = 7


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # reporting
    hotline_repeat_contact_days = fields.Integer(
        string="Repeated Contact Window (days)",
        config_parameter=REPEAT_CONTACT_DAYS_PARAM,
        default=DEFAULT_REPEAT_CONTACT_DAYS,
        help="A request counts as a repeated contact when the same caller asked about "
        "the same category this many days before or less. Applies to new requests.",
    )
    hotline_report_partner_ids = fields.Many2many(
        related="company_id.hotline_report_partner_ids", readonly=False
    )

    @api.model
    def _get_repeat_contact_days(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param(REPEAT_CONTACT_DAYS_PARAM)
        )
        try:
            return max(int(value), 0) if value else DEFAULT_REPEAT_CONTACT_DAYS
        except ValueError:
            return DEFAULT_REPEAT_CONTACT_DAYS

    @api.constrains("hotline_repeat_contact_days")
    def _check_hotline_repeat_contact_days(self):
        if any(s.hotline_repeat_contact_days < 0 for s in self):
            raise ValidationError(
                self.env._("The repeated contact window cannot be negative.")
            )
