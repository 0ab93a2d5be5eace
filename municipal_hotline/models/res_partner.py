from odoo import api, fields, models

from ..tools import normalize_phone

AGENCY_TYPES = [
    ("water_sewage", "Water & Sewage"),
    ("electricity", "Electricity"),
    ("gas", "Gas"),
    ("police", "Police"),
    ("fire", "Fire Department"),
    ("emergency", "Emergency (115)"),
    ("telecom", "Telecom"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # agencies: the outside bodies requests are referred to
    hotline_agency_type = fields.Selection(
        AGENCY_TYPES,
        string="Agency Type",
        index="btree_not_null",
        help="Set on the outside bodies (water, power, gas, police...) the hotline refers "
        "requests to.",
    )
    hotline_response_hours = fields.Integer(
        string="Agreed Response Time (hours)",
        default=72,
        help="Hours the agency agreed to answer a referral in; a category may override it.",
    )

    # intake: callers are found by their normalized number, however it was typed
    hotline_phone_key = fields.Char(
        string="Phone Key",
        compute="_compute_hotline_phone_key",
        store=True,
        index="btree_not_null",
        help="The phone number normalized (ASCII digits, no country or trunk prefix).",
    )

    @api.depends("phone")
    def _compute_hotline_phone_key(self):
        for partner in self:
            partner.hotline_phone_key = normalize_phone(partner.phone) or False
