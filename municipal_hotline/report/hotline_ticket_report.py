from odoo import api, fields, models
from odoo.tools import SQL

from ..models.helpdesk_ticket import REQUEST_KINDS
from ..models.helpdesk_ticket_category import JURISDICTIONS

# headline figure -> _read_group aggregate (the workbook's rows, in order)
HEADLINE_AGGREGATES = {
    "received": "__count",
    "answered": "answered_count:sum",
    "closed": "closed_count:sum",
    "hours_to_first_response": "hours_to_first_response:avg",
    "hours_to_resolution": "hours_to_resolution:avg",
    "on_time_rate": "on_time_rate:avg",
    "reopened_rate": "reopened_rate:avg",
    "repeat_count": "repeat_count:sum",
    "unrelated_count": "unrelated_count:sum",
    "out_of_jurisdiction_rate": "out_of_jurisdiction_rate:avg",
    "satisfaction": "satisfaction:avg",
    "escalated_count": "escalated_count:sum",
}

# Rates are 0/100 columns averaged by the pivot, so "avg" reads as a percentage.
RATE = {"aggregator": "avg", "digits": (16, 1)}


class HotlineTicketReport(models.Model):
    """Ticket analysis: one row per request, read-only, a SQL view over helpdesk_ticket.

    Every group-by column is a stored (and indexed) column of helpdesk_ticket, so the
    database filters the base table first; the view adds only joins to small tables
    (stages, categories) and a per-ticket survey average.
    """

    _name = "hotline.ticket.report"
    _description = "Ticket Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "create_date desc"

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
    survey_count = fields.Integer(string="# Survey Answers", readonly=True)
    satisfaction = fields.Float(
        string="Satisfaction (1-5)",
        aggregator="avg",
        digits=(16, 2),
        readonly=True,
        help="Average overall score of the completed staff surveys about the request.",
    )

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    def _select(self):
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.create_date,
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
                   EXTRACT(EPOCH FROM t.date_first_response - t.create_date) / 3600.0
                       AS hours_to_first_response,
                   CASE WHEN s.closed THEN EXTRACT(EPOCH FROM
                       COALESCE(t.closed_date, t.last_stage_update) - t.create_date)
                       / 3600.0 END AS hours_to_resolution,
                   %(on_time)s AS on_time_rate,
                   CASE WHEN %(on_time)s = 0 THEN 1 ELSE 0 END AS late_count,
                   COALESCE(t.reopen_count, 0) AS reopen_count,
                   CASE WHEN t.reopen_count > 0 THEN 100.0 ELSE 0.0 END AS reopened_rate,
                   (t.jurisdiction IN ('agency', 'none'))::int
                       AS out_of_jurisdiction_count,
                   CASE WHEN t.jurisdiction IN ('agency', 'none') THEN 100.0 ELSE 0.0 END
                       AS out_of_jurisdiction_rate,
                   (t.jurisdiction = 'none')::int AS unrelated_count,
                   CASE WHEN t.jurisdiction = 'none' THEN 100.0 ELSE 0.0 END
                       AS unrelated_rate,
                   COALESCE(t.is_repeat_contact, FALSE)::int AS repeat_count,
                   CASE WHEN t.is_repeat_contact THEN 100.0 ELSE 0.0 END AS repeat_rate,
                   COALESCE(t.is_escalated_to_mayor, FALSE)::int AS escalated_count,
                   COALESCE(sv.answers, 0) AS survey_count,
                   sv.score AS satisfaction
            """,
            on_time=self._on_time_sql(),
        )

    @api.model
    def _on_time_sql(self):
        """100 when on time, 0 when late, NULL without a deadline (left out of the rate).

        Closed: its closing time (closed_date, else the last stage change) is at or
        before the deadline. Still open: the deadline has not passed yet (a request
        whose deadline is exactly now is still on time).
        """
        return SQL(
            """CASE
                 WHEN t.date_deadline IS NULL THEN NULL
                 WHEN s.closed THEN CASE
                     WHEN COALESCE(t.closed_date, t.last_stage_update) <= t.date_deadline
                     THEN 100.0 ELSE 0.0 END
                 WHEN t.date_deadline >= (now() AT TIME ZONE 'UTC') THEN 100.0
                 ELSE 0.0
               END"""
        )

    def _from(self):
        return SQL(
            """
            FROM helpdesk_ticket t
            LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
            LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
            LEFT JOIN (
                SELECT hotline_ticket_id,
                       COUNT(*) AS answers,
                       AVG(hotline_overall_score) AS score
                  FROM survey_user_input
                 WHERE hotline_ticket_id IS NOT NULL
                   AND state = 'done'
                   AND hotline_overall_score > 0
                 GROUP BY hotline_ticket_id
            ) sv ON sv.hotline_ticket_id = t.id
            """
        )

    def _where(self):
        return SQL("WHERE t.active IS NOT FALSE")

    # ------------------------------------------------------------------
    # figures for the workbook and the dashboard
    # ------------------------------------------------------------------

    @api.model
    def _period_domain(self, date_from, date_to):
        """Requests received from date_from to date_to included (dates, UTC days)."""
        return [
            ("create_date", ">=", fields.Datetime.to_datetime(date_from)),
            (
                "create_date",
                "<",
                fields.Datetime.to_datetime(fields.Date.add(date_to, days=1)),
            ),
        ]

    @api.model
    def _get_headline_figures(self, date_from, date_to):
        """One dict of headline figures for the period (record rules apply)."""
        keys = list(HEADLINE_AGGREGATES)
        [row] = self._read_group(
            self._period_domain(date_from, date_to),
            aggregates=[HEADLINE_AGGREGATES[k] for k in keys],
        )
        return dict(zip(keys, row, strict=True))

    @api.model
    def _get_breakdown(self, date_from, date_to, groupby, order="__count desc"):
        """Headline figures per value of ``groupby``: a list of (value, figures)."""
        keys = list(HEADLINE_AGGREGATES)
        rows = self._read_group(
            self._period_domain(date_from, date_to),
            groupby=[groupby],
            aggregates=[HEADLINE_AGGREGATES[k] for k in keys],
            order=order,
        )
        return [(row[0], dict(zip(keys, row[1:], strict=True))) for row in rows]
