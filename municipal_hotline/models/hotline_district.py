from odoo import fields, models


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
