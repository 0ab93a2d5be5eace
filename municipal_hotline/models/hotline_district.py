from odoo import Command, fields, models


class HotlineDistrict(models.Model):
    """A municipal district (منطقه): its manager sees its requests and hosts its meetings."""

    _name = "hotline.district"
    _description = "Municipal District"
    _order = "sequence, code, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Short code used in reports, e.g. 1 for District 1."
    )
    manager_id = fields.Many2one(
        "res.users",
        string="District Manager",
        index=True,
        domain="[('share', '=', False)]",
        help="Sees this district's requests and hosts its weekly public meetings.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        help="The team that serves this district's municipal requests.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _code_uniq = models.UniqueIndex(
        "(company_id, code)", "Two districts cannot share the same code."
    )

    def write(self, vals):
        if "manager_id" not in vals:
            return super().write(vals)
        previous = {district: district.manager_id for district in self}
        res = super().write(vals)
        self._hotline_leave_teams(previous)
        return res

    def _hotline_leave_teams(self, previous):
        """A replaced manager leaves the district's team, unless they still manage
        another district served by that team (district access comes from manager_id;
        the team would otherwise keep its tickets in their lists)."""
        for district, old_manager in previous.items():
            team = district.team_id
            if not old_manager or old_manager == district.manager_id or not team:
                continue
            still_manages = self.search_count(
                [("manager_id", "=", old_manager.id), ("team_id", "=", team.id)],
                limit=1,
            )
            if not still_manages and old_manager in team.user_ids:
                team.sudo().user_ids = [Command.unlink(old_manager.id)]
