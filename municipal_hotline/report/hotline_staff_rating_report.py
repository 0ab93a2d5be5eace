from odoo import fields, models
from odoo.tools import SQL

from ..models.survey_question import RATING_CRITERIA
from ..models.survey_user_input import RATING_CHANNELS
from .hotline_report_analysis import rating_answer_sql


class HotlineStaffRatingReport(models.Model):
    """One row per 1-5 answer of a completed staff rating, for pivot and graph.

    It carries no respondent, ticket or comment: an employee may read their own rows
    (their aggregate scores) without learning who rated them.
    """

    _name = "hotline.staff.rating.report"
    _inherit = ["hotline.report.analysis", "hotline.jalali.period.mixin"]  # noqa: RUF012
    _jalali_date_fields = ("date",)
    _description = "Staff Rating Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "question_id"
    _period_field = "date"
    # searching flushes these first (answers just finished in the same transaction)
    _depends = {  # noqa: RUF012 (Odoo reads this class attribute)
        "survey.user_input": [
            "hotline_employee_id",
            "hotline_department_id",
            "hotline_district_id",
            "hotline_channel",
            "hotline_verified",
            "survey_id",
            "state",
            "test_entry",
            "end_datetime",
            "jalali_year",
            "jalali_month",
            "jalali_week",
        ],
        "survey.user_input.line": [
            "user_input_id",
            "question_id",
            "value_scale",
            "skipped",
            "answer_type",
        ],
        "survey.question": ["hotline_criterion"],
    }

    employee_id = fields.Many2one("hr.employee", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    district_id = fields.Many2one("hotline.district", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    criterion = fields.Selection(RATING_CRITERIA, readonly=True)
    channel = fields.Selection(RATING_CHANNELS, readonly=True)
    verified = fields.Boolean(readonly=True)
    date = fields.Date(readonly=True, help="The day of the answer in the city.")
    score = fields.Float(string="Average Score", aggregator="avg", readonly=True)
    answer_count = fields.Integer(string="Answers", aggregator="sum", readonly=True)
    score_1 = fields.Integer(string="1 (Very poor)", aggregator="sum", readonly=True)
    score_2 = fields.Integer(string="2 (Poor)", aggregator="sum", readonly=True)
    score_3 = fields.Integer(string="3 (Fair)", aggregator="sum", readonly=True)
    score_4 = fields.Integer(string="4 (Good)", aggregator="sum", readonly=True)
    score_5 = fields.Integer(string="5 (Excellent)", aggregator="sum", readonly=True)

    def _select(self):
        buckets = [
            SQL(
                "CASE WHEN line.value_scale = %s THEN 1 ELSE 0 END AS %s",
                value,
                SQL.identifier(f"score_{value}"),
            )
            for value in range(1, 6)
        ]
        return SQL(
            """
            line.id AS id,
            answer.hotline_employee_id AS employee_id,
            answer.hotline_department_id AS department_id,
            answer.hotline_district_id AS district_id,
            answer.survey_id AS survey_id,
            line.question_id AS question_id,
            question.hotline_criterion AS criterion,
            answer.hotline_channel AS channel,
            answer.hotline_verified AS verified,
            (COALESCE(answer.end_datetime, answer.create_date)
                AT TIME ZONE 'UTC' AT TIME ZONE %s)::date AS date,
            answer.jalali_year,
            answer.jalali_month,
            answer.jalali_week,
            line.value_scale AS score,
            1 AS answer_count,
            %s
            """,
            self._city_tz().zone,
            SQL(", ").join(buckets),
        )

    def _from(self):
        return SQL(
            """
            survey_user_input_line line
            JOIN survey_user_input answer ON answer.id = line.user_input_id
            JOIN survey_question question ON question.id = line.question_id
            """
        )

    def _where(self):
        return SQL(
            """
            answer.hotline_employee_id IS NOT NULL
            AND %s
            AND line.answer_type = 'scale'
            AND line.skipped IS NOT TRUE
            """,
            rating_answer_sql("answer"),
        )
