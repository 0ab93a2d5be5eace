from odoo import api, fields, models
from odoo.tools import SQL


class HotlineStaffRatingRanking(models.Model):
    """Staff ranked by their overall score, one row per rated employee.

    A score is only shown from the configured minimum number of answers on, so that
    one angry answer does not brand a person. The minimum is read when the query runs
    (``_table_query``), so changing the setting takes effect at once.
    """

    _name = "hotline.staff.rating.ranking"
    _description = "Staff Rating Ranking"
    _auto = False
    _order = "is_ranked desc, overall_score desc, answer_count desc, id"
    _rec_name = "employee_id"
    # searching flushes these first (answers just finished in the same transaction)
    _depends = {  # noqa: RUF012 (Odoo reads this class attribute)
        "survey.user_input": [
            "hotline_employee_id",
            "hotline_overall_score",
            "state",
            "test_entry",
        ],
        "survey.user_input.line": [
            "user_input_id",
            "value_scale",
            "skipped",
            "answer_type",
        ],
        "survey.question": ["hotline_criterion"],
        "hr.employee": ["hotline_district_id", "current_version_id"],
    }

    employee_id = fields.Many2one("hr.employee", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    district_id = fields.Many2one("hotline.district", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    is_ranked = fields.Boolean(
        string="Ranked",
        readonly=True,
        help="Has at least the minimum number of answers to be shown with a score.",
    )
    overall_score = fields.Float(string="Overall", aggregator="avg", readonly=True)
    courtesy_score = fields.Float(string="Courtesy", aggregator="avg", readonly=True)
    knowledge_score = fields.Float(string="Knowledge", aggregator="avg", readonly=True)
    speed_score = fields.Float(string="Speed", aggregator="avg", readonly=True)
    low_count = fields.Integer(
        string="Low Ratings",
        readonly=True,
        help="Answers with an overall score of 1 or 2.",
    )

    @property
    def _table_query(self):
        min_answers = self.env["res.config.settings"]._hotline_rating_param(
            "min_answers"
        )

        def ranked(expression):
            return SQL(
                "CASE WHEN COUNT(DISTINCT answer.id) >= %s THEN %s END",
                min_answers,
                expression,
            )

        def criterion_avg(criterion):
            return ranked(
                SQL(
                    "ROUND(AVG(line.value_scale) FILTER "
                    "(WHERE question.hotline_criterion = %s), 2)",
                    criterion,
                )
            )

        return SQL(
            """
            SELECT answer.hotline_employee_id AS id,
                   answer.hotline_employee_id AS employee_id,
                   version.department_id AS department_id,
                   employee.hotline_district_id AS district_id,
                   COUNT(DISTINCT answer.id) AS answer_count,
                   COUNT(DISTINCT answer.id) >= %(min)s AS is_ranked,
                   %(overall)s AS overall_score,
                   %(courtesy)s AS courtesy_score,
                   %(knowledge)s AS knowledge_score,
                   %(speed)s AS speed_score,
                   COUNT(DISTINCT answer.id) FILTER
                       (WHERE answer.hotline_overall_score BETWEEN 1 AND 2) AS low_count
              FROM survey_user_input answer
              JOIN hr_employee employee ON employee.id = answer.hotline_employee_id
              LEFT JOIN hr_version version ON version.id = employee.current_version_id
              LEFT JOIN survey_user_input_line line
                     ON line.user_input_id = answer.id
                    AND line.answer_type = 'scale'
                    AND line.skipped IS NOT TRUE
              LEFT JOIN survey_question question ON question.id = line.question_id
             WHERE answer.hotline_employee_id IS NOT NULL
               AND answer.state = 'done'
               AND answer.test_entry IS NOT TRUE
          GROUP BY answer.hotline_employee_id, version.department_id,
                   employee.hotline_district_id
            """,
            min=min_answers,
            overall=ranked(
                SQL(
                    "ROUND(AVG(answer.hotline_overall_score) "
                    "FILTER (WHERE answer.hotline_overall_score > 0)::numeric, 2)"
                )
            ),
            courtesy=criterion_avg("courtesy"),
            knowledge=criterion_avg("knowledge"),
            speed=criterion_avg("speed"),
        )

    @api.model
    def _employee_stats(self, employee_ids):
        """{employee id: (answer count, average overall score)}, in one query.

        The average is given whatever the number of answers: this is for the employee's
        own form, not for comparing people.
        """
        if not employee_ids:
            return {}
        groups = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("hotline_employee_id", "in", list(employee_ids)),
                    ("state", "=", "done"),
                    ("test_entry", "=", False),
                ],
                ["hotline_employee_id"],
                ["__count", "hotline_overall_score:avg"],
            )
        )
        return {
            employee.id: (count, round(score or 0.0, 2))
            for employee, count, score in groups
        }
