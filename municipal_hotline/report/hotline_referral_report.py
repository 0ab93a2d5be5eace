from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..models.hotline_referral import OPEN_STATES, REFERRAL_STATES
from .hotline_report_analysis import Column, hours_sql, on_time_sql

_lt = LazyTranslate(__name__)

# the figures of a referral analysis row (the workbook's Referrals sheet)
REFERRAL_COLUMNS = (
    Column("sent", _lt("Referrals sent"), "count", "sent_count:sum"),
    Column("answered", _lt("Answered"), "count", "answered_count:sum"),
    Column("overdue", _lt("Overdue"), "count", "overdue_count:sum"),
    Column("on_time_rate", _lt("On-time rate (%)"), "percent", "on_time_rate:avg"),
    Column(
        "avg_hours", _lt("Average answer time (hours)"), "hours", "answer_hours:avg"
    ),
    # derived: the 90th percentile of the answer hours, see _report_complete
    Column("p90_hours", _lt("90th percentile answer time (hours)"), "hours"),
)


class HotlineReferralReport(models.Model):
    """Referral analysis: one row per sent referral, for pivots, graphs and the
    management workbook (answer times per agency)."""

    _name = "hotline.referral.report"
    _inherit = ["hotline.report.analysis", "hotline.jalali.period.mixin"]  # noqa: RUF012
    _jalali_date_fields = ("date_sent",)
    _description = "Referral Analysis"
    _auto = False
    _order = "date_sent desc"
    _rec_name = "referral_id"
    _period_field = "date_sent"
    _report_columns = REFERRAL_COLUMNS
    _depends = {  # noqa: RUF012 (Odoo reads it as a class attribute)
        "hotline.referral": [
            "agency_id",
            "state",
            "district_id",
            "category_id",
            "ticket_id",
            "date_sent",
            "date_due",
            "date_answered",
            "company_id",
            "jalali_year",
            "jalali_month",
            "jalali_week",
        ],
    }

    referral_id = fields.Many2one("hotline.referral", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Request", readonly=True)
    agency_id = fields.Many2one("res.partner", readonly=True)
    state = fields.Selection(REFERRAL_STATES, readonly=True)
    district_id = fields.Many2one("hotline.district", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_sent = fields.Datetime(string="Sent On", readonly=True)
    date_due = fields.Datetime(string="Due On", readonly=True)
    date_answered = fields.Datetime(string="Answered On", readonly=True)
    answer_hours = fields.Float(
        string="Answer Time (hours)", readonly=True, aggregator="avg"
    )
    on_time_rate = fields.Float(
        string="On-time Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Referrals with a due date: answered by it, or still awaited and not yet "
        "past it. Referrals without a due date, or cancelled unanswered, are left out.",
    )
    is_answered = fields.Boolean(string="Answered", readonly=True)
    is_overdue = fields.Boolean(string="Overdue", readonly=True)
    sent_count = fields.Integer(string="# Sent", readonly=True)
    answered_count = fields.Integer(string="# Answered", readonly=True)
    overdue_count = fields.Integer(string="# Overdue", readonly=True)
    answered_late_count = fields.Integer(string="# Answered Late", readonly=True)

    def _select(self):
        # overdue = late by the one on-time rule: answered after the due date, or
        # still awaited past it
        on_time = on_time_sql(
            SQL("r.date_due"),
            SQL("r.date_answered"),
            SQL("r.state IN %s", OPEN_STATES),
        )
        return SQL(
            """
            r.id AS id,
            r.id AS referral_id,
            r.ticket_id,
            r.agency_id,
            r.state,
            r.district_id,
            r.category_id,
            r.company_id,
            r.date_sent,
            r.jalali_year,
            r.jalali_month,
            r.jalali_week,
            r.date_due,
            r.date_answered,
            %(answer_hours)s AS answer_hours,
            %(on_time)s AS on_time_rate,
            r.date_answered IS NOT NULL AS is_answered,
            COALESCE(%(on_time)s = 0, FALSE) AS is_overdue,
            1 AS sent_count,
            (r.date_answered IS NOT NULL)::int AS answered_count,
            COALESCE(%(on_time)s = 0, FALSE)::int AS overdue_count,
            COALESCE(r.date_answered > r.date_due, FALSE)::int AS answered_late_count
            """,
            answer_hours=hours_sql(SQL("r.date_sent"), SQL("r.date_answered")),
            on_time=on_time,
        )

    def _from(self):
        return SQL("hotline_referral r")

    def _where(self):
        return SQL("r.date_sent IS NOT NULL")

    def _report_default_order(self, measured):
        return "agency_id"

    def _report_complete(self, domain, groupby, values, rows):
        """The 90th percentile of the answer hours per group, in one query."""
        query = self._search(domain)
        column = SQL.identifier(query.table, groupby) if groupby else SQL("NULL")
        hours = SQL.identifier(query.table, "answer_hours")
        rows_p90 = self.env.execute_query(
            SQL(
                "SELECT %s, percentile_cont(0.9) WITHIN GROUP (ORDER BY %s) "
                "FROM %s WHERE %s AND %s IS NOT NULL GROUP BY 1",
                column,
                hours,
                query.from_clause,
                query.where_clause or SQL("TRUE"),
                hours,
            )
        )
        p90 = dict(rows_p90)
        for value, row in zip(values, rows, strict=True):
            key = value.id if isinstance(value, models.BaseModel) else value
            row["p90_hours"] = p90.get(key or None)
