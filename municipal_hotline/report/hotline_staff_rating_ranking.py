from odoo import api, fields, models
from odoo.tools import SQL

from .hotline_report_analysis import rating_answer_sql, rating_score_sql


class HotlineStaffRatingRanking(models.Model):
    """Staff ranked by their overall score, one row per rated employee.

    A score is only shown from the configured minimum number of answers on, so that
    one angry answer does not brand a person. The minimum is read when the query runs
    (the query is built at each read), so changing the setting takes effect at once.
    """

    _name = "hotline.staff.rating.ranking"
    _inherit = "hotline.report.analysis"
    _description = "Staff Rating Ranking"
    _auto = False
    _order = "is_ranked desc, overall_score desc, answer_count desc, id"
    _rec_name = "employee_id"
    # searching flushes these first (answers just finished in the same transaction)
    _depends = {  # noqa: RUF012 (Odoo reads this class attribute)
        "survey.user_input": [
            "hotline_employee_id",
            "hotline_overall_score",
            "hotline_verified",
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

    def _select(self):
        min_answers = self.env["res.config.settings"]._hotline_rating_param(
            "min_answers"
        )
        answers = SQL("COUNT(DISTINCT answer.id)")
        score = rating_score_sql("answer")

        def ranked(expression):
            return SQL(
                "CASE WHEN %s >= %s THEN %s END", answers, min_answers, expression
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
            answer.hotline_employee_id AS id,
            answer.hotline_employee_id AS employee_id,
            version.department_id AS department_id,
            employee.hotline_district_id AS district_id,
            %(answers)s AS answer_count,
            %(answers)s >= %(min)s AS is_ranked,
            %(overall)s AS overall_score,
            %(courtesy)s AS courtesy_score,
            %(knowledge)s AS knowledge_score,
            %(speed)s AS speed_score,
            COUNT(DISTINCT answer.id) FILTER (WHERE %(score)s <= 2) AS low_count
            """,
            answers=answers,
            min=min_answers,
            overall=ranked(SQL("ROUND(AVG(%s)::numeric, 2)", score)),
            courtesy=criterion_avg("courtesy"),
            knowledge=criterion_avg("knowledge"),
            speed=criterion_avg("speed"),
            score=score,
        )

    def _from(self):
        return SQL(
            """
            survey_user_input answer
            JOIN hr_employee employee ON employee.id = answer.hotline_employee_id
            LEFT JOIN hr_version version ON version.id = employee.current_version_id
            LEFT JOIN survey_user_input_line line
                   ON line.user_input_id = answer.id
                  AND line.answer_type = 'scale'
                  AND line.skipped IS NOT TRUE
            LEFT JOIN survey_question question ON question.id = line.question_id
            """
        )

    def _where(self):
        # unverified answers (a walk-in's, whose phone the hotline does not know) are
        # not ranked: anyone can send them
        return SQL(
            "answer.hotline_employee_id IS NOT NULL AND answer.hotline_verified AND %s",
            rating_answer_sql("answer"),
        )

    def _group_by(self):
        return SQL(
            "answer.hotline_employee_id, version.department_id, "
            "employee.hotline_district_id"
        )

    @api.model
    def _employee_stats(self, employee_ids):
        """{employee id: (answer count, average overall score)}, in one query.

        The average is given whatever the number of answers: this is for the employee's
        own form, not for comparing people. Same answers and score as the ranking.
        """
        if not employee_ids:
            return {}
        score = rating_score_sql("answer")
        rows = self.env.execute_query(
            SQL(
                """SELECT answer.hotline_employee_id, COUNT(*),
                          ROUND(COALESCE(AVG(%s), 0)::numeric, 2)
                     FROM survey_user_input answer
                    WHERE answer.hotline_employee_id = ANY(%s)
                      AND answer.hotline_verified AND %s
                    GROUP BY answer.hotline_employee_id""",
                score,
                list(employee_ids),
                rating_answer_sql("answer"),
            )
        )
        return {employee: (count, float(avg)) for employee, count, avg in rows}
