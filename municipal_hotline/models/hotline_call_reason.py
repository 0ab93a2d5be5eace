from odoo import fields, models


class HotlineCallReason(models.Model):
    """What a caller asked that was answered on the spot (opening hours, a fee...):
    a list the city grows, so calls without a request are counted by subject."""

    _name = "hotline.call.reason"
    _description = "Inquiry Answered on the Phone"
    _order = "sequence, name, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
