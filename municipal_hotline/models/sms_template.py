from odoo import api, fields, models

from ..tools.sms_gateway import sms_segments


class SmsTemplate(models.Model):
    """The SMS texts, with what one costs: how many SMS parts its text takes."""

    _inherit = "sms.template"

    hotline_quiet_hours = fields.Boolean(
        string="Respect Quiet Hours",
        help="Not urgent: a message due at night (22:00-07:00, Tehran time) waits "
        "until 07:00.",
    )
    hotline_sms_encoding = fields.Selection(
        [("gsm7", "GSM-7 (Latin)"), ("ucs2", "UCS-2 (Persian)")],
        string="Encoding",
        compute="_compute_hotline_sms_segments",
    )
    hotline_sms_length = fields.Integer(
        string="Characters", compute="_compute_hotline_sms_segments"
    )
    hotline_sms_segments = fields.Integer(
        string="SMS Parts",
        compute="_compute_hotline_sms_segments",
        help="How many SMS the text takes as written (placeholders count as typed): "
        "Persian 70 characters in one SMS, 67 per part beyond; Latin 160, then 153.",
    )

    @api.depends("body")
    def _compute_hotline_sms_segments(self):
        for template in self:
            encoding, length, segments = sms_segments(template.body)
            template.hotline_sms_encoding = encoding
            template.hotline_sms_length = length
            template.hotline_sms_segments = segments
