from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.hotline_referral import REFERRAL_STATES


class HotlineReferralReport(models.Model):
    """Referral analysis: one row per sent referral, for pivots, graphs and the
    monthly management workbook (answer times per agency)."""

    _name = "hotline.referral.report"
    _description = "Referral Analysis"
    _auto = False
    _order = "date_sent desc"
    _rec_name = "referral_id"
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
            "is_overdue",
            "company_id",
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
    is_answered = fields.Boolean(string="Answered", readonly=True)
    is_overdue = fields.Boolean(string="Overdue", readonly=True)
    sent_count = fields.Integer(string="# Sent", readonly=True)
    answered_count = fields.Integer(string="# Answered", readonly=True)
    overdue_count = fields.Integer(string="# Overdue", readonly=True)
    answered_late_count = fields.Integer(string="# Answered Late", readonly=True)

    @property
    def _table_query(self):
        # overdue = late now (still open past due) or answered after the due date
        return SQL(
            """
            SELECT r.id AS id,
                   r.id AS referral_id,
                   r.ticket_id,
                   r.agency_id,
                   r.state,
                   r.district_id,
                   r.category_id,
                   r.company_id,
                   r.date_sent,
                   r.date_due,
                   r.date_answered,
                   CASE WHEN r.date_answered IS NOT NULL
                        THEN EXTRACT(EPOCH FROM (r.date_answered - r.date_sent)) / 3600.0
                   END AS answer_hours,
                   r.date_answered IS NOT NULL AS is_answered,
                   1 AS sent_count,
                   (r.date_due IS NOT NULL AND (
                        (r.date_answered IS NULL AND r.state IN ('sent', 'acknowledged')
                            AND r.date_due < (now() AT TIME ZONE 'UTC'))
                        OR r.date_answered > r.date_due)) AS is_overdue,
                   (r.date_answered IS NOT NULL)::int AS answered_count,
                   (r.date_due IS NOT NULL AND (
                        (r.date_answered IS NULL AND r.state IN ('sent', 'acknowledged')
                            AND r.date_due < (now() AT TIME ZONE 'UTC'))
                        OR r.date_answered > r.date_due))::int AS overdue_count,
                   (r.date_answered > r.date_due)::int AS answered_late_count
              FROM hotline_referral r
             WHERE r.date_sent IS NOT NULL
            """
        )

    @api.model
    def _get_agency_figures(self, date_from, date_to):
        """Per agency figures for referrals sent in [date_from, date_to) (datetimes, UTC)
        among the rows the current user may read.

        :return: list of dicts sorted by agency name::

            {"agency_id": int, "agency_name": str,
             "sent": int, "answered": int, "overdue": int,
             "on_time_rate": float,   # answered by the due date / answered, 0..1
             "avg_answer_hours": float, "p90_answer_hours": float}
            (hours are 0.0 when nothing was answered)
        """
        domain = [
            ("date_sent", ">=", fields.Datetime.to_datetime(date_from)),
            ("date_sent", "<", fields.Datetime.to_datetime(date_to)),
        ]
        groups = self._read_group(
            domain,
            ["agency_id"],
            [
                "__count",
                "answered_count:sum",
                "overdue_count:sum",
                "answered_late_count:sum",
                "answer_hours:avg",
            ],
        )
        p90 = self._answer_hours_percentile(domain, 0.9)
        figures = []
        for agency, sent, answered, overdue, late, avg_hours in groups:
            figures.append(
                {
                    "agency_id": agency.id,
                    "agency_name": agency.name or "",
                    "sent": sent,
                    "answered": answered,
                    "overdue": overdue,
                    "on_time_rate": (answered - late) / answered if answered else 0.0,
                    "avg_answer_hours": round(avg_hours or 0.0, 2),
                    "p90_answer_hours": round(p90.get(agency.id, 0.0), 2),
                }
            )
        return sorted(figures, key=lambda f: f["agency_name"])

    def _answer_hours_percentile(self, domain, fraction):
        """{agency id: percentile of answer hours}, one SQL query (record rules applied)."""
        query = self._search(domain + [("answer_hours", "!=", False)])
        self.env.cr.execute(
            SQL(
                "SELECT %s, percentile_cont(%s) WITHIN GROUP (ORDER BY %s) FROM %s "
                "WHERE %s GROUP BY 1",
                SQL.identifier(query.table, "agency_id"),
                fraction,
                SQL.identifier(query.table, "answer_hours"),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
            )
        )
        result = defaultdict(float)
        result.update(dict(self.env.cr.fetchall()))
        return result
