from odoo import api, models
from odoo.tools import str2bool

STAFF_TOTP_PARAM = "municipal_hotline.staff_totp_required"
# every hotline role (the supervisor implies the three others)
HOTLINE_STAFF_GROUPS = (
    "municipal_hotline.group_hotline_operator",
    "municipal_hotline.group_hotline_expert",
    "municipal_hotline.group_hotline_district_manager",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    def _mfa_type(self):
        """Hotline staff without an authenticator app get auth_totp_mail's second factor
        (a code by email) when the city requires it: the same login step as Odoo's own
        "Enforce two-factor authentication" policy, for the hotline's roles only."""
        mfa = super()._mfa_type()
        if mfa is None and self._hotline_totp_required():
            return "totp_mail"
        return mfa

    def _hotline_totp_required(self):
        self.ensure_one()
        param = self.env["ir.config_parameter"].sudo().get_param(STAFF_TOTP_PARAM)
        if not str2bool(param or "0", default=False):
            return False
        user = self.sudo()
        return any(user.has_group(group) for group in HOTLINE_STAFF_GROUPS)

    @api.model_create_multi
    def create(self, vals_list):
        """A portal account (a signup, an invitation) is a citizen's, unless it is an
        agency desk's (see res.partner.hotline_is_citizen)."""
        users = super().create(vals_list)
        users.filtered("share").partner_id.filtered(
            lambda p: not p.commercial_partner_id.hotline_agency_type
        )._hotline_mark_citizen()
        return users
