from odoo import fields, models

RATING_CHANNELS = [
    ("phone", "137 Phone Line"),
    ("counter", "Counter Visit"),
    ("meeting", "Public Meeting"),
]


class SurveyUserInput(models.Model):
    """A survey answer rating a member of staff: who was rated, for which request, where."""

    _inherit = "survey.user_input"

    hotline_employee_id = fields.Many2one(
        "hr.employee", string="Rated Employee", index="btree_not_null"
    )
    hotline_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Request", index="btree_not_null", ondelete="set null"
    )
    hotline_channel = fields.Selection(RATING_CHANNELS, string="Rating Channel")
    hotline_verified = fields.Boolean(
        string="Verified",
        help="Linked to a real request; counter answers from walk-in citizens are not.",
    )
    hotline_overall_score = fields.Float(
        string="Overall Score",
        aggregator="avg",
        help="The 1-5 answer to the survey's overall question, stored for reports.",
    )
