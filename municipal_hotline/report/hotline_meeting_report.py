from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .hotline_report_analysis import Column, on_time_sql, ticket_closed_at_sql

_lt = LazyTranslate(__name__)

# the figures of a public meeting analysis row (the workbook's Public meetings sheet)
MEETING_COLUMNS = (
    Column("sessions_held", _lt("Sessions held"), "count", "sessions_held:sum"),
    Column(
        "sessions_cancelled",
        _lt("Sessions cancelled"),
        "count",
        "sessions_cancelled:sum",
    ),
    Column(
        "citizens_received",
        _lt("Citizens received"),
        "count",
        "citizens_received:sum",
    ),
    Column("no_shows", _lt("No-shows"), "count", "no_shows:sum"),
    Column("orders_given", _lt("Orders given"), "count", "orders_given:sum"),
    Column("orders_done", _lt("Orders done"), "count", "orders_done:sum"),
    Column(
        "orders_done_on_time",
        _lt("Orders done on time"),
        "count",
        "orders_done_on_time:sum",
    ),
    Column(
        "orders_open_late",
        _lt("Orders late and open"),
        "count",
        "orders_open_late:sum",
    ),
    # derived: orders on time / orders with a deadline, see _report_complete
    Column("on_time_rate", _lt("Orders on-time rate (%)"), "percent"),
)


class HotlineMeetingReport(models.Model):
    """Meeting analysis: one row per session with its figures, for pivots per district and
    month and for the management workbook."""

    _name = "hotline.meeting.report"
    _inherit = ["hotline.report.analysis", "hotline.jalali.period.mixin"]  # noqa: RUF012
    _jalali_date_fields = ("date",)
    _description = "Public Meeting Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "meeting_id"
    _period_field = "date"
    _report_columns = MEETING_COLUMNS
    _depends = {  # noqa: RUF012 (Odoo reads it as a class attribute)
        "hotline.public.meeting": [
            "district_id",
            "host_id",
            "start",
            "state",
            "jalali_year",
            "jalali_month",
            "jalali_week",
        ],
        "hotline.meeting.booking": ["meeting_id", "state"],
        "helpdesk.ticket": [
            "meeting_id",
            "stage_id",
            "date_deadline",
            "closed_date",
            "last_stage_update",
        ],
        "helpdesk.ticket.stage": ["closed"],
    }

    meeting_id = fields.Many2one(
        "hotline.public.meeting", string="Session", readonly=True
    )
    district_id = fields.Many2one("hotline.district", readonly=True)
    host_id = fields.Many2one("res.users", readonly=True)
    date = fields.Datetime(string="Session Date", readonly=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("open", "Open for Booking"),
            ("held", "Held"),
            ("cancelled", "Cancelled"),
        ],
        readonly=True,
    )
    sessions_held = fields.Integer(readonly=True, aggregator="sum")
    sessions_cancelled = fields.Integer(readonly=True, aggregator="sum")
    citizens_received = fields.Integer(readonly=True, aggregator="sum")
    no_shows = fields.Integer(string="No-shows", readonly=True, aggregator="sum")
    orders_given = fields.Integer(readonly=True, aggregator="sum")
    orders_done = fields.Integer(readonly=True, aggregator="sum")
    orders_done_on_time = fields.Integer(readonly=True, aggregator="sum")
    orders_open_late = fields.Integer(
        string="Orders Late and Open", readonly=True, aggregator="sum"
    )
    orders_on_time = fields.Integer(
        string="Orders on Time",
        readonly=True,
        aggregator="sum",
        help="Orders with a deadline, done by it or still open and not yet past it.",
    )
    orders_with_deadline = fields.Integer(readonly=True, aggregator="sum")
    company_id = fields.Many2one("res.company", readonly=True)

    def _select(self):
        return SQL(
            """
            m.id AS id,
            m.id AS meeting_id,
            m.district_id,
            m.host_id,
            m.start AS date,
            m.jalali_year,
            m.jalali_month,
            m.jalali_week,
            m.state,
            m.company_id,
            (m.state = 'held')::int AS sessions_held,
            (m.state = 'cancelled')::int AS sessions_cancelled,
            COALESCE(b.received, 0) AS citizens_received,
            COALESCE(b.no_shows, 0) AS no_shows,
            COALESCE(o.given, 0) AS orders_given,
            COALESCE(o.done, 0) AS orders_done,
            COALESCE(o.done_on_time, 0) AS orders_done_on_time,
            COALESCE(o.open_late, 0) AS orders_open_late,
            COALESCE(o.on_time, 0) AS orders_on_time,
            COALESCE(o.with_deadline, 0) AS orders_with_deadline
            """
        )

    def _from(self):
        # an order is a request given at the session: the one on-time rule of requests
        on_time = on_time_sql(
            SQL("t.date_deadline"),
            ticket_closed_at_sql("t", "s"),
            SQL("NOT COALESCE(s.closed, FALSE)"),
        )
        return SQL(
            """
            hotline_public_meeting m
            LEFT JOIN (
                SELECT meeting_id,
                       COUNT(*) FILTER (WHERE state = 'attended') AS received,
                       COUNT(*) FILTER (WHERE state = 'no_show') AS no_shows
                  FROM hotline_meeting_booking
                 GROUP BY meeting_id
            ) b ON b.meeting_id = m.id
            LEFT JOIN (
                SELECT t.meeting_id,
                       COUNT(*) AS given,
                       COUNT(*) FILTER (WHERE s.closed) AS done,
                       COUNT(*) FILTER (WHERE s.closed AND %(on_time)s = 100)
                           AS done_on_time,
                       COUNT(*) FILTER (WHERE NOT COALESCE(s.closed, FALSE)
                                          AND %(on_time)s = 0) AS open_late,
                       COUNT(*) FILTER (WHERE %(on_time)s = 100) AS on_time,
                       COUNT(%(on_time)s) AS with_deadline
                  FROM helpdesk_ticket t
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE t.meeting_id IS NOT NULL AND t.active IS NOT FALSE
                 GROUP BY t.meeting_id
            ) o ON o.meeting_id = m.id
            """,
            on_time=on_time,
        )

    def _report_default_order(self, measured):
        return "district_id"

    def _report_empty_label(self, groupby):
        if groupby == "district_id":
            return self.env._("City-wide")
        return super()._report_empty_label(groupby)

    def _report_complete(self, domain, groupby, values, rows):
        """The orders' on-time rate per group: on time / with a deadline."""
        groups = self._read_group(
            domain,
            [groupby] if groupby else [],
            ["orders_on_time:sum", "orders_with_deadline:sum"],
        )
        rates = {}
        for *key, on_time, counted in groups:
            rates[tuple(key)] = 100.0 * on_time / counted if counted else None
        for value, row in zip(values, rows, strict=True):
            row["on_time_rate"] = rates.get((value,) if groupby else ())
