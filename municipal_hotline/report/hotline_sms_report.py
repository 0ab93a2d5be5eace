from odoo import fields, models
from odoo.tools import SQL

from ..models.sms_tracker import SMS_KINDS, SMS_REPORT_STATES
from ..tools import CITY_TZ


class HotlineSmsReport(models.Model):
    """SMS analysis: one row per hotline text message (its sms.tracker, kept after the
    message left the queue), for pivots per Jalali month, kind and outcome, with its
    SMS parts and their estimated cost (the company's cost per part)."""

    _name = "hotline.sms.report"
    _inherit = ["hotline.report.analysis", "hotline.jalali.period.mixin"]  # noqa: RUF012
    _jalali_date_fields = ("date",)
    _description = "SMS Analysis"
    _auto = False
    _order = "date desc"
    _period_field = "date"
    _depends = {  # noqa: RUF012 (Odoo reads it as a class attribute)
        "sms.tracker": [
            "hotline_kind",
            "hotline_state",
            "hotline_segments",
            "hotline_company_id",
            "hotline_failure_reason",
        ],
        "res.company": ["hotline_sms_cost_per_segment"],
    }

    date = fields.Datetime(string="Queued On", readonly=True)
    kind = fields.Selection(SMS_KINDS, readonly=True)
    state = fields.Selection(SMS_REPORT_STATES, string="Outcome", readonly=True)
    failure_reason = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    sms_count = fields.Integer(string="Messages", readonly=True, aggregator="sum")
    sent_count = fields.Integer(
        string="Sent", readonly=True, aggregator="sum", help="Sent or delivered."
    )
    delivered_count = fields.Integer(
        string="Delivered", readonly=True, aggregator="sum"
    )
    failed_count = fields.Integer(string="Failed", readonly=True, aggregator="sum")
    segments = fields.Integer(string="SMS Parts", readonly=True, aggregator="sum")
    cost = fields.Float(
        string="Estimated Cost (Rials)",
        digits=(16, 0),
        readonly=True,
        aggregator="sum",
        help="The parts of the messages sent or delivered, at the company's cost per "
        "part.",
    )

    def _select(self):
        return SQL(
            """
            t.id AS id,
            t.create_date AS date,
            j[1]::varchar AS jalali_year,
            j[1] || '-' || lpad(j[2]::text, 2, '0') AS jalali_month,
            j[1] || '-W' || lpad(j[4]::text, 2, '0') AS jalali_week,
            t.hotline_kind AS kind,
            t.hotline_state AS state,
            t.hotline_failure_reason AS failure_reason,
            t.hotline_company_id AS company_id,
            1 AS sms_count,
            (t.hotline_state IN ('sent', 'delivered'))::int AS sent_count,
            (t.hotline_state = 'delivered')::int AS delivered_count,
            (t.hotline_state = 'failed')::int AS failed_count,
            COALESCE(t.hotline_segments, 0) AS segments,
            CASE WHEN t.hotline_state IN ('sent', 'delivered')
                 THEN COALESCE(t.hotline_segments, 0)
                      * COALESCE(c.hotline_sms_cost_per_segment, 0)
                 ELSE 0 END AS cost
            """
        )

    def _from(self):
        return SQL(
            """
            sms_tracker t
            LEFT JOIN res_company c ON c.id = t.hotline_company_id
            LEFT JOIN res_partner p ON p.id = c.partner_id
            CROSS JOIN LATERAL hotline_jalali_ymd(
                t.create_date, COALESCE(p.tz, %s)) AS jalali(j)
            """,
            CITY_TZ,
        )

    def _where(self):
        return SQL("t.hotline_kind IS NOT NULL")
