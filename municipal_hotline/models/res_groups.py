from odoo import models

from .res_users import HOME_ACTIONS


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        """A role given or taken from the group's form (its Users tab) sets the
        users' home screen as giving it from the user's form does."""
        if "user_ids" not in vals:
            return super().write(vals)
        roles = self.browse(
            group.id
            for group in (self.env.ref(xmlid, False) for xmlid, _action in HOME_ACTIONS)
            if group
        )
        touched = self.filtered(lambda g: g in roles or g.all_implied_ids & roles)
        before = touched.all_user_ids
        res = super().write(vals)
        if touched:
            (before | touched.all_user_ids)._hotline_set_home_action()
        return res
