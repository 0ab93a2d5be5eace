from odoo import api, fields, models

from ..tools import latin_digits_vals, normalize_phone

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

    # referral
    hotline_referral_ids = fields.One2many(
        "hotline.referral", "agency_id", string="Referrals Received"
    )
    hotline_referral_count = fields.Integer(
        string="Referrals", compute="_compute_hotline_referral_count"
    )

    def _compute_hotline_referral_count(self):
        counts = dict(
            self.env["hotline.referral"]._read_group(
                [("agency_id", "in", self.ids)], ["agency_id"], ["__count"]
            )
        )
        for partner in self:
            partner.hotline_referral_count = counts.get(partner, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # stored as searched: Latin digits, however the number was typed
            latin_digits_vals(vals, ["phone"])
        return super().create(vals_list)

    def write(self, vals):
        if "phone" in vals:
            vals = latin_digits_vals(dict(vals), ["phone"])
        return super().write(vals)

    def action_view_hotline_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "municipal_hotline.hotline_referral_action"
        )
        action["domain"] = [("agency_id", "=", self.id)]
        action["context"] = {"search_default_filter_open": 1}
        return action
