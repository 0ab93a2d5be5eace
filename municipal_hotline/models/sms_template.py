from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.sms_gateway import sms_segments
from .sms_tracker import SMS_KINDS


class SmsTemplate(models.Model):
    """The SMS texts, with what one costs: how many SMS parts its text takes."""

    _inherit = "sms.template"

    hotline_quiet_hours = fields.Boolean(
        string="Respect Quiet Hours",
        help="Not urgent: a message due at night (22:00-07:00, Tehran time) waits "
        "until 07:00.",
    )
    hotline_kind = fields.Selection(
        SMS_KINDS,
        string="Hotline Message Kind",
        help="What the message is about, for the SMS report.",
    )
    hotline_max_segments = fields.Integer(
        string="SMS Parts Budget",
        help="The most SMS parts the text may take (0: no limit). Saving a longer "
        "text is refused: every part is paid for each citizen.",
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

    @api.constrains("body", "hotline_max_segments")
    def _check_hotline_max_segments(self):
        for template in self.filtered("hotline_max_segments"):
            if template.hotline_sms_segments > template.hotline_max_segments:
                raise ValidationError(
                    self.env._(
                        "The text of %(template)s takes %(parts)s SMS parts, more than "
                        "its budget of %(budget)s: shorten it.",
                        template=template.name,
                        parts=template.hotline_sms_segments,
                        budget=template.hotline_max_segments,
                    )
                )
