from odoo import fields, models

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
