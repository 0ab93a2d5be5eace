from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        """A portal account (a signup, an invitation) is a citizen's, unless it is an
        agency desk's (see res.partner.hotline_is_citizen)."""
        users = super().create(vals_list)
        users.filtered("share").partner_id.filtered(
            lambda p: not p.commercial_partner_id.hotline_agency_type
        )._hotline_mark_citizen()
        return users
