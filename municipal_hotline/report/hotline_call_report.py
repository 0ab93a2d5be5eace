from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..models.hotline_call import CALL_OUTCOMES
from .hotline_report_analysis import CITY_TZ, Column

_lt = LazyTranslate(__name__)

# a request is resolved at the first call when its caller does not call the line
# again within this many days of the call that opened it
FCR_DAYS = 7

# Saturday first, the Iranian week
WEEKDAYS = [
    ("0", "Saturday"),
    ("1", "Sunday"),
    ("2", "Monday"),
    ("3", "Tuesday"),
    ("4", "Wednesday"),
    ("5", "Thursday"),
    ("6", "Friday"),
]

# the figures of a call analysis row (the workbook's Calls sheet)
CALL_COLUMNS = (
    Column("offered", _lt("Calls offered"), "count", "offered_count:sum"),
    Column("answered", _lt("Answered"), "count", "answered_count:sum"),
    Column("abandoned", _lt("Abandoned"), "count", "abandoned_count:sum"),
    Column("answer_rate", _lt("Answer rate (%)"), "percent", "answer_rate:avg"),
    Column("avg_wait", _lt("Average wait (seconds)"), "hours", "answer_wait:avg"),
    Column(
        "p90_wait",
        _lt("90th percentile wait (seconds)"),
        "hours",
        "answer_wait_p90:max",
    ),
    Column("talk_minutes", _lt("Talk time (minutes)"), "hours", "talk_minutes:sum"),
    Column("requests", _lt("Requests opened"), "count", "request_count:sum"),
    Column(
        "calls_per_request",
        _lt("Calls per request"),
        "score",
        "calls_per_request:avg",
    ),
    Column(
        "fcr_rate",
        _lt("First-call resolution (%)"),
        "percent",
        "first_call_resolution:avg",
    ),
)


class HotlineCallReport(models.Model):
    """Call analysis: one row per inbound call of the 137 line, for the pivots, the
    dashboard, the wallboard's day and the workbook's Calls sheet.

    Definitions (also in readme/USAGE.md): a call is *offered* when it reached the
    line (every inbound call), *answered* when an operator picked it up, *abandoned*
    when the caller hung up first (in the queue or ringing). The *wait* is ringing to
    answer, of the answered calls. *Calls per request*: the calls linked to a request
    (the one that opened it and the caller's follow-ups within FCR_DAYS days), averaged
    over the requests opened by phone. *First-call resolution*: the share of requests
    opened by phone whose caller did not call the line again within FCR_DAYS days.
    """

    _name = "hotline.call.report"
    _inherit = ["hotline.report.analysis", "hotline.jalali.period.mixin"]  # noqa: RUF012
    _jalali_date_fields = ("ring_time",)
    _description = "Call Analysis"
    _auto = False
    _order = "ring_time desc"
    _rec_name = "call_id"
    _period_field = "ring_time"
    _report_columns = CALL_COLUMNS
    _depends = {  # noqa: RUF012 (Odoo reads it as a class attribute)
        "hotline.call": [
            "direction",
            "caller_phone_key",
            "partner_id",
            "user_id",
            "queue",
            "ring_time",
            "answer_time",
            "wait_seconds",
            "talk_seconds",
            "outcome",
            "reason_id",
            "ticket_id",
            "company_id",
            "jalali_year",
            "jalali_month",
            "jalali_week",
        ],
    }

    call_id = fields.Many2one("hotline.call", readonly=True)
    user_id = fields.Many2one("res.users", string="Operator", readonly=True)
    queue = fields.Char(readonly=True)
    outcome = fields.Selection(CALL_OUTCOMES, readonly=True)
    reason_id = fields.Many2one("hotline.call.reason", string="Inquiry", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Request", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    ring_time = fields.Datetime(string="Received", readonly=True)
    hour_of_day = fields.Integer(
        string="Hour of Day",
        readonly=True,
        aggregator=False,
        help="The hour the call came in, in the city's time zone.",
    )
    weekday = fields.Selection(WEEKDAYS, readonly=True, help="In the city's time zone.")
    offered_count = fields.Integer(string="# Offered", readonly=True)
    answered_count = fields.Integer(string="# Answered", readonly=True)
    abandoned_count = fields.Integer(string="# Abandoned", readonly=True)
    answer_rate = fields.Float(
        string="Answer Rate (%)", readonly=True, aggregator="avg", digits=(16, 1)
    )
    answer_wait = fields.Float(
        string="Average Wait (s)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Seconds from ringing to answer, of the answered calls.",
    )
    answer_wait_p90 = fields.Float(
        string="90th Percentile Wait (s)",
        readonly=True,
        aggregator="max",  # read as the percentile, see _read_group_select
        digits=(16, 1),
        help="Nine answered calls in ten waited at most this long.",
    )
    talk_minutes = fields.Float(
        string="Talk Time (min)", readonly=True, aggregator="sum", digits=(16, 1)
    )
    request_count = fields.Integer(string="# Requests Opened", readonly=True)
    calls_per_request = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Of the requests opened by phone: the calls about the request, the "
        f"opening one and the caller's calls of the {FCR_DAYS} days after.",
    )
    first_call_resolution = fields.Float(
        string="First-call Resolution (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Of the requests opened by phone: the share whose caller did not call "
        f"again within {FCR_DAYS} days.",
    )

    def _select(self):
        local = SQL(
            "(c.ring_time AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(p.tz, %s))",
            CITY_TZ,
        )
        answered = SQL("c.answer_time IS NOT NULL")
        opened = SQL("c.outcome = 'ticket' AND c.ticket_id IS NOT NULL")
        # correlated subqueries: computed only when their measure is read, over the
        # rows the domain kept (PostgreSQL drops the subquery's unused outputs)
        return SQL(
            """
            c.id AS id,
            c.id AS call_id,
            c.user_id,
            c.queue,
            c.outcome,
            c.reason_id,
            c.ticket_id,
            c.company_id,
            c.ring_time,
            c.jalali_year,
            c.jalali_month,
            c.jalali_week,
            EXTRACT(HOUR FROM %(local)s)::int AS hour_of_day,
            ((EXTRACT(DOW FROM %(local)s)::int + 1) %% 7)::varchar AS weekday,
            1 AS offered_count,
            (%(answered)s)::int AS answered_count,
            (NOT %(answered)s)::int AS abandoned_count,
            CASE WHEN %(answered)s THEN 100.0 ELSE 0.0 END AS answer_rate,
            CASE WHEN %(answered)s THEN c.wait_seconds END AS answer_wait,
            CASE WHEN %(answered)s THEN c.wait_seconds END AS answer_wait_p90,
            COALESCE(c.talk_seconds, 0) / 60.0 AS talk_minutes,
            (%(opened)s)::int AS request_count,
            CASE WHEN %(opened)s THEN (
                SELECT count(*) FROM hotline_call o WHERE o.ticket_id = c.ticket_id
            ) END AS calls_per_request,
            CASE WHEN %(opened)s AND c.caller_phone_key IS NOT NULL THEN
                CASE WHEN EXISTS (
                    SELECT 1 FROM hotline_call o
                     WHERE o.caller_phone_key = c.caller_phone_key
                       AND o.company_id = c.company_id
                       AND o.direction = 'inbound'
                       AND o.ring_time > c.ring_time
                       AND o.ring_time <= c.ring_time + make_interval(days => %(days)s)
                ) THEN 0.0 ELSE 100.0 END
            END AS first_call_resolution
            """,
            local=local,
            answered=answered,
            opened=opened,
            days=FCR_DAYS,
        )

    def _from(self):
        return SQL(
            """hotline_call c
               JOIN res_company rc ON rc.id = c.company_id
               JOIN res_partner p ON p.id = rc.partner_id"""
        )

    def _where(self):
        return SQL("c.direction = 'inbound'")

    def _report_default_order(self, measured):
        return "offered_count:sum desc"

    def _read_group_select(self, aggregate_spec, query):
        """The 90th percentile of the wait, whatever the grouping (pivot cells and
        totals, the workbook): ``answer_wait_p90:max`` is read as
        ``percentile_cont(0.9)`` of the answered calls' waits of the group."""
        if aggregate_spec.split(":")[0] == "answer_wait_p90":
            return SQL(
                "percentile_cont(0.9) WITHIN GROUP (ORDER BY %s)",
                self._field_to_sql(self._table, "answer_wait_p90", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    def _report_label(self, groupby, value):
        """Hours read 08:00 (midnight is 00:00, not "Not set")."""
        if groupby == "hour_of_day" and value is not None and value is not False:
            return f"{int(value):02d}:00"
        return super()._report_label(groupby, value)

    def _report_empty_label(self, groupby):
        if groupby == "user_id":
            return self.env._("No operator (abandoned)")
        return super()._report_empty_label(groupby)
