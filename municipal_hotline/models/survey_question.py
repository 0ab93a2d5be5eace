from odoo import fields, models

RATING_CRITERIA = [
    ("courtesy", "Courtesy"),
    ("knowledge", "Knowledge"),
    ("speed", "Speed"),
    ("overall", "Overall"),
]


class SurveyQuestion(models.Model):
    """Tag the scale questions of a staff-rating survey with what they measure, so a
    city can reword, reorder or add questions in the Survey app and the scores still
    know which answer is the overall one."""

    _inherit = "survey.question"

    hotline_criterion = fields.Selection(
        RATING_CRITERIA,
        string="Staff-Rating Criterion",
        index="btree_not_null",
        help="What this 1-5 scale measures in a staff-rating survey. The answer to the "
        "'Overall' question is the score used in rankings and low-score alerts.",
    )
