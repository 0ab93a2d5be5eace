from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_company import SMS_SECRET_GROUPS

# ir.config_parameter keys and defaults of the staff-rating settings
RATING_PARAMS = {
    "survey_id": ("municipal_hotline.staff_rating_survey_id", 0),
    "expiry_days": ("municipal_hotline.staff_rating_expiry_days", 7),
    "min_answers": ("municipal_hotline.staff_rating_min_answers", 5),
    "daily_limit": ("municipal_hotline.staff_rating_daily_limit", 1),
}

REPEAT_CONTACT_DAYS_PARAM = "municipal_hotline.repeat_contact_days"
DEFAULT_REPEAT_CONTACT_DAYS = 7


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hotline_rating_survey_id = fields.Many2one(
        "survey.survey",
        string="Staff-Rating Survey",
        config_parameter="municipal_hotline.staff_rating_survey_id",
        help="The survey citizens fill in to rate the staff who served them.",
    )
    hotline_rating_expiry_days = fields.Integer(
        string="Rating Link Validity (days)",
        config_parameter="municipal_hotline.staff_rating_expiry_days",
        default=7,
        help="How long the link sent after a request is closed stays valid.",
    )
    hotline_rating_min_answers = fields.Integer(
        string="Minimum Answers in Rankings",
        config_parameter="municipal_hotline.staff_rating_min_answers",
        default=5,
        help="Below this number of answers, an employee's score is not shown in the "
        "ranking, so one angry answer does not brand a person.",
    )
    hotline_rating_daily_limit = fields.Integer(
        string="Counter Answers per Device per Day",
        config_parameter="municipal_hotline.staff_rating_daily_limit",
        default=1,
        help="How many times one phone (device or number) may rate the same counter "
        "employee in a day.",
    )

    hotline_counter_address_limit = fields.Integer(
        related="company_id.hotline_counter_address_limit", readonly=False
    )

    # SMS (res.company): the gateway, and for supervisors its account
    hotline_sms_gateway = fields.Selection(
        related="company_id.hotline_sms_gateway", readonly=False
    )
    hotline_sms_sender = fields.Char(
        related="company_id.hotline_sms_sender",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_api_key = fields.Char(
        related="company_id.hotline_sms_api_key",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_url = fields.Char(
        related="company_id.hotline_sms_http_url",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_method = fields.Selection(
        related="company_id.hotline_sms_http_method",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_number_param = fields.Char(
        related="company_id.hotline_sms_http_number_param",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_text_param = fields.Char(
        related="company_id.hotline_sms_http_text_param",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_sender_param = fields.Char(
        related="company_id.hotline_sms_http_sender_param",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_key_param = fields.Char(
        related="company_id.hotline_sms_http_key_param",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_id_param = fields.Char(
        related="company_id.hotline_sms_http_id_param",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_success_pattern = fields.Char(
        related="company_id.hotline_sms_http_success_pattern",
        readonly=False,
        groups=SMS_SECRET_GROUPS,
    )

    @api.constrains("hotline_counter_address_limit")
    def _check_hotline_counter_address_limit(self):
        if any(s.hotline_counter_address_limit < 0 for s in self):
            raise ValidationError(
                self.env._("The counter answers per address cannot be negative.")
            )

    @api.model
    def _hotline_int_param(self, key, default, minimum=None):
        """An integer setting kept in ir.config_parameter: its default when unset or
        not a number, and no less than `minimum` when one is given."""
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            number = int(value) if value not in (None, False, "") else default
        except ValueError:
            return default
        return number if minimum is None else max(number, minimum)

    @api.model
    def _hotline_rating_param(self, name):
        """An integer staff-rating setting, with its default when unset or invalid."""
        return self._hotline_int_param(*RATING_PARAMS[name])

    @api.model
    def _hotline_rating_survey(self):
        survey_id = self._hotline_rating_param("survey_id")
        survey = self.env["survey.survey"].sudo().browse(survey_id).exists()
        return survey or self.env.ref(
            "municipal_hotline.survey_staff_rating", raise_if_not_found=False
        )

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
    # working time
    hotline_calendar_id = fields.Many2one(
        related="company_id.hotline_calendar_id", readonly=False
    )

    @api.model
    def _get_repeat_contact_days(self):
        return self._hotline_int_param(
            REPEAT_CONTACT_DAYS_PARAM, DEFAULT_REPEAT_CONTACT_DAYS, minimum=0
        )

    @api.constrains("hotline_repeat_contact_days")
    def _check_hotline_repeat_contact_days(self):
        if any(s.hotline_repeat_contact_days < 0 for s in self):
            raise ValidationError(
                self.env._("The repeated contact window cannot be negative.")
            )

    # portal
    hotline_portal_reopen_days = fields.Integer(
        string="Days to Reopen",
        config_parameter="municipal_hotline.portal_reopen_days",
        default=7,
        help="How many days after a request is resolved the citizen may still reopen it "
        "from the portal.",
    )
    hotline_portal_max_upload_mb = fields.Integer(
        string="Attachment Size Limit (MB)",
        config_parameter="municipal_hotline.portal_max_upload_mb",
        default=10,
        help="Largest file a citizen may attach to a request on the portal.",
    )

    # maps
    hotline_map_tile_url = fields.Char(
        related="company_id.hotline_map_tile_url", readonly=False
    )
    hotline_map_attribution = fields.Char(
        related="company_id.hotline_map_attribution", readonly=False
    )
    hotline_map_geocoder_url = fields.Char(
        related="company_id.hotline_map_geocoder_url", readonly=False
    )
    hotline_map_center_latitude = fields.Float(
        related="company_id.hotline_map_center_latitude", readonly=False
    )
    hotline_map_center_longitude = fields.Float(
        related="company_id.hotline_map_center_longitude", readonly=False
    )
    hotline_public_map = fields.Boolean(
        related="company_id.hotline_public_map", readonly=False
    )

    # privacy
    hotline_retention_months = fields.Integer(
        related="company_id.hotline_retention_months", readonly=False
    )
    hotline_retention_auto = fields.Boolean(
        related="company_id.hotline_retention_auto", readonly=False
    )

    @api.constrains("hotline_retention_months")
    def _check_hotline_retention_months(self):
        if any(s.hotline_retention_months < 1 for s in self):
            raise ValidationError(
                self.env._("Personal data must be kept at least one month.")
            )

    hotline_staff_totp_required = fields.Boolean(
        string="Require Two-Factor Login for Hotline Staff",
        config_parameter="municipal_hotline.staff_totp_required",
        groups="base.group_system",
        help="Operators, experts, district managers and supervisors confirm each login "
        "with a second factor: their authenticator app, or else a code sent by email.",
    )
