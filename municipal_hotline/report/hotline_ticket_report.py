from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..models.helpdesk_ticket import REQUEST_KINDS
from ..models.helpdesk_ticket_category import JURISDICTIONS
from .hotline_report_analysis import (
    Column,
    hours_sql,
    on_time_sql,
    rating_answer_sql,
    rating_score_sql,
    ticket_closed_at_sql,
)

_lt = LazyTranslate(__name__)

# the figures of a request analysis row: the workbook's summary and request sheets,
# the dashboard's pivots (each aggregate is its field's own aggregator)
TICKET_COLUMNS = (
    Column("received", _lt("Requests received"), "count", "ticket_count:sum"),
    Column("answered", _lt("Answered"), "count", "answered_count:sum"),
    Column("closed", _lt("Closed"), "count", "closed_count:sum"),
    Column("on_time_rate", _lt("On-time rate (%)"), "percent", "on_time_rate:avg"),
    Column(
        "hours_to_first_response",
        _lt("Hours to first response"),
        "hours",
        "hours_to_first_response:avg",
    ),
    Column(
        "hours_to_resolution",
        _lt("Hours to resolution"),
        "hours",
        "hours_to_resolution:avg",
    ),
    Column("reopened_rate", _lt("Reopened (%)"), "percent", "reopened_rate:avg"),
    Column("repeat_count", _lt("Repeated contacts"), "count", "repeat_count:sum"),
    Column(
        "unrelated_count", _lt("Unrelated messages"), "count", "unrelated_count:sum"
    ),
    Column(
        "out_of_jurisdiction_rate",
        _lt("Out of jurisdiction (%)"),
        "percent",
        "out_of_jurisdiction_rate:avg",
    ),
    Column("satisfaction", _lt("Satisfaction (1-5)"), "score", "satisfaction:avg"),
    Column(
        "escalated_count",
        _lt("Expert opinions escalated to the mayor"),
        "count",
        "escalated_count:sum",
    ),
)

# Rates are 0/100 columns averaged by the pivot, so "avg" reads as a percentage.
RATE = {"aggregator": "avg", "digits": (16, 1)}


class HotlineTicketReport(models.Model):
    """Ticket analysis: one row per request, read-only, a query over helpdesk_ticket.

    Every group-by column is a stored (and indexed) column of helpdesk_ticket, so the
    database filters the base table first; the query adds only joins to small tables
    (stages, categories) and a per-request average of its staff ratings.
    """

    _name = "hotline.ticket.report"
    _inherit = ["hotline.report.analysis", "hotline.jalali.period.mixin"]  # noqa: RUF012
    _description = "Ticket Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "create_date desc"
    _period_field = "create_date"
    _report_columns = TICKET_COLUMNS
    # searching flushes these first
    _depends = {  # noqa: RUF012 (Odoo reads this class attribute)
        "helpdesk.ticket": [
            "active",
            "jalali_year",
            "jalali_month",
            "jalali_week",
            "company_id",
            "district_id",
            "category_id",
            "request_kind",
            "channel_id",
            "stage_id",
            "team_id",
            "user_id",
            "agency_id",
            "jurisdiction",
            "is_repeat_contact",
            "is_escalated_to_mayor",
            "date_first_response",
            "date_deadline",
            "closed_date",
            "last_stage_update",
            "reopen_count",
            "resolved_with_photo",
        ],
        "helpdesk.ticket.stage": ["closed"],
        "helpdesk.ticket.category": ["parent_path"],
        "survey.user_input": [
            "hotline_ticket_id",
            "state",
            "test_entry",
            "hotline_overall_score",
        ],
    }

    ticket_id = fields.Many2one("helpdesk.ticket", string="Request", readonly=True)
    create_date = fields.Datetime(string="Received On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    district_id = fields.Many2one("hotline.district", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    top_category_id = fields.Many2one(
        "helpdesk.ticket.category", string="Main Category", readonly=True
    )
    request_kind = fields.Selection(REQUEST_KINDS, string="Kind", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned User", readonly=True)
    agency_id = fields.Many2one("res.partner", string="Agency in Charge", readonly=True)
    jurisdiction = fields.Selection(JURISDICTIONS, readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    is_repeat_contact = fields.Boolean(string="Repeated Contact", readonly=True)
    is_escalated_to_mayor = fields.Boolean(string="Escalated to Mayor", readonly=True)
    # measures
    ticket_count = fields.Integer(string="# Requests", readonly=True)
    answered_count = fields.Integer(string="# Answered", readonly=True)
    closed_count = fields.Integer(string="# Closed", readonly=True)
    hours_to_first_response = fields.Float(
        string="Hours to First Response",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
    )
    hours_to_resolution = fields.Float(
        string="Hours to Resolution", aggregator="avg", digits=(16, 1), readonly=True
    )
    on_time_rate = fields.Float(
        string="On-time Rate (%)",
        readonly=True,
        help="Requests with a deadline: closed by the deadline, or still open and not "
        "yet past it. Requests without a deadline are left out.",
        **RATE,
    )
    late_count = fields.Integer(string="# Late", readonly=True)
    reopen_count = fields.Integer(string="# Reopenings", readonly=True)
    reopened_rate = fields.Float(string="Reopened (%)", readonly=True, **RATE)
    out_of_jurisdiction_count = fields.Integer(
        string="# Out of Jurisdiction", readonly=True
    )
    out_of_jurisdiction_rate = fields.Float(
        string="Out of Jurisdiction (%)",
        readonly=True,
        help="Another agency's duty or no public body's.",
        **RATE,
    )
    unrelated_count = fields.Integer(
        string="# Unrelated Messages",
        readonly=True,
        help="Messages no public body handles (jurisdiction: no public body).",
    )
    unrelated_rate = fields.Float(
        string="Unrelated Messages (%)", readonly=True, **RATE
    )
    repeat_count = fields.Integer(string="# Repeated Contacts", readonly=True)
    repeat_rate = fields.Float(string="Repeated Contacts (%)", readonly=True, **RATE)
    escalated_count = fields.Integer(string="# Escalated to Mayor", readonly=True)
    photo_resolution_rate = fields.Float(
        string="Resolved with a Photo (%)",
        readonly=True,
        help="Closed requests of the municipality's duty closed with a photo of the "
        "repair; other requests are left out.",
        **RATE,
    )
    survey_count = fields.Integer(string="# Survey Answers", readonly=True)
    satisfaction = fields.Float(
        string="Satisfaction (1-5)",
        aggregator="avg",
        digits=(16, 2),
        readonly=True,
        help="Average overall score (1 to 5) of the completed staff ratings about "
        "the request.",
    )

    def _select(self):
        closed_at = ticket_closed_at_sql("t", "s")
        return SQL(
            """
            t.id AS id,
            t.id AS ticket_id,
            t.create_date,
            t.jalali_year,
            t.jalali_month,
            t.jalali_week,
            t.company_id,
            t.district_id,
            t.category_id,
            NULLIF(split_part(c.parent_path, '/', 1), '')::int AS top_category_id,
            t.request_kind,
            t.channel_id,
            t.stage_id,
            t.team_id,
            t.user_id,
            t.agency_id,
            t.jurisdiction,
            COALESCE(s.closed, FALSE) AS is_closed,
            COALESCE(t.is_repeat_contact, FALSE) AS is_repeat_contact,
            COALESCE(t.is_escalated_to_mayor, FALSE) AS is_escalated_to_mayor,
            1 AS ticket_count,
            (t.date_first_response IS NOT NULL)::int AS answered_count,
            COALESCE(s.closed, FALSE)::int AS closed_count,
            %(first_response)s AS hours_to_first_response,
            %(resolution)s AS hours_to_resolution,
            %(on_time)s AS on_time_rate,
            CASE WHEN %(on_time)s = 0 THEN 1 ELSE 0 END AS late_count,
            COALESCE(t.reopen_count, 0) AS reopen_count,
            CASE WHEN t.reopen_count > 0 THEN 100.0 ELSE 0.0 END AS reopened_rate,
            (t.jurisdiction IN ('agency', 'none'))::int AS out_of_jurisdiction_count,
            CASE WHEN t.jurisdiction IN ('agency', 'none') THEN 100.0 ELSE 0.0 END
                AS out_of_jurisdiction_rate,
            (t.jurisdiction = 'none')::int AS unrelated_count,
            CASE WHEN t.jurisdiction = 'none' THEN 100.0 ELSE 0.0 END AS unrelated_rate,
            COALESCE(t.is_repeat_contact, FALSE)::int AS repeat_count,
            CASE WHEN t.is_repeat_contact THEN 100.0 ELSE 0.0 END AS repeat_rate,
            COALESCE(t.is_escalated_to_mayor, FALSE)::int AS escalated_count,
            CASE WHEN COALESCE(s.closed, FALSE) AND t.jurisdiction = 'municipal'
                 THEN CASE WHEN t.resolved_with_photo THEN 100.0 ELSE 0.0 END
            END AS photo_resolution_rate,
            COALESCE(sv.answers, 0) AS survey_count,
            sv.score AS satisfaction
            """,
            first_response=hours_sql(
                SQL("t.create_date"), SQL("t.date_first_response")
            ),
            resolution=hours_sql(SQL("t.create_date"), closed_at),
            on_time=on_time_sql(
                SQL("t.date_deadline"), closed_at, SQL("NOT COALESCE(s.closed, FALSE)")
            ),
        )

    def _from(self):
        return SQL(
            """
            helpdesk_ticket t
            LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
            LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
            LEFT JOIN (
                SELECT answer.hotline_ticket_id,
                       COUNT(*) AS answers,
                       AVG(%(score)s) AS score
                  FROM survey_user_input answer
                 WHERE answer.hotline_ticket_id IS NOT NULL
                   AND %(counted)s AND %(score)s IS NOT NULL
                 GROUP BY answer.hotline_ticket_id
            ) sv ON sv.hotline_ticket_id = t.id
            """,
            counted=rating_answer_sql("answer"),
            score=rating_score_sql("answer"),
        )

    def _where(self):
        return SQL("t.active IS NOT FALSE")
