from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL, drop_view_if_exists


class HotlineMeetingReport(models.Model):
    """Meeting analysis: one row per session with its figures, for pivots per district and
    month and for the monthly management workbook."""

    _name = "hotline.meeting.report"
    _description = "Public Meeting Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "meeting_id"

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
    company_id = fields.Many2one("res.company", readonly=True)

    def _query(self):
        return SQL(
            """
            WITH bookings AS (
                SELECT meeting_id,
                       COUNT(*) FILTER (WHERE state = 'attended') AS received,
                       COUNT(*) FILTER (WHERE state = 'no_show') AS no_shows
                  FROM hotline_meeting_booking
                 GROUP BY meeting_id
            ), orders AS (
                SELECT t.meeting_id,
                       COUNT(*) AS given,
                       COUNT(*) FILTER (WHERE s.closed) AS done,
                       COUNT(*) FILTER (
                           WHERE s.closed AND (t.date_deadline IS NULL
                                 OR t.closed_date <= t.date_deadline)
                       ) AS on_time,
                       COUNT(*) FILTER (
                           WHERE NOT COALESCE(s.closed, FALSE)
                             AND t.date_deadline < (NOW() AT TIME ZONE 'UTC')
                       ) AS open_late
                  FROM helpdesk_ticket t
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE t.meeting_id IS NOT NULL
                 GROUP BY t.meeting_id
            )
            SELECT m.id AS id,
                   m.id AS meeting_id,
                   m.district_id,
                   m.host_id,
                   m.start AS date,
                   m.state,
                   m.company_id,
                   CASE WHEN m.state = 'held' THEN 1 ELSE 0 END AS sessions_held,
                   CASE WHEN m.state = 'cancelled' THEN 1 ELSE 0 END AS sessions_cancelled,
                   COALESCE(b.received, 0) AS citizens_received,
                   COALESCE(b.no_shows, 0) AS no_shows,
                   COALESCE(o.given, 0) AS orders_given,
                   COALESCE(o.done, 0) AS orders_done,
                   COALESCE(o.on_time, 0) AS orders_done_on_time,
                   COALESCE(o.open_late, 0) AS orders_open_late
              FROM hotline_public_meeting m
              LEFT JOIN bookings b ON b.meeting_id = m.id
              LEFT JOIN orders o ON o.meeting_id = m.id
            """
        )

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    @api.model
    def _get_district_figures(self, date_from, date_to):
        """Figures per district for sessions from ``date_from`` to ``date_to`` (dates,
        both included, in the user's timezone, Asia/Tehran by default).

        :return: list of dicts, one per district with sessions in the period, in district
            order, then city-wide sessions (district_id False)::

                {"district_id": int or False, "district_name": str,
                 "sessions_held": int, "sessions_cancelled": int,
                 "citizens_received": int, "no_shows": int,
                 "orders_given": int, "orders_done": int,
                 "orders_done_on_time": int, "orders_open_late": int,
                 "on_time_rate": float (0-100, orders done on time / orders given;
                                        0.0 when no order)}

        Record rules apply: a district manager gets their own district only.
        """
        tz = pytz.timezone(
            self.env.context.get("tz") or self.env.user.tz or "Asia/Tehran"
        )

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        measures = [
            "sessions_held",
            "sessions_cancelled",
            "citizens_received",
            "no_shows",
            "orders_given",
            "orders_done",
            "orders_done_on_time",
            "orders_open_late",
        ]
        groups = self._read_group(
            [
                ("date", ">=", utc(fields.Date.to_date(date_from))),
                ("date", "<", utc(fields.Date.to_date(date_to) + timedelta(days=1))),
            ],
            ["district_id"],
            [f"{m}:sum" for m in measures],
        )
        groups.sort(key=lambda g: (not g[0], g[0].sequence, g[0].code or ""))
        figures = []
        for district, *values in groups:
            row = dict(zip(measures, (v or 0 for v in values), strict=True))
            row.update(
                district_id=district.id,
                district_name=district.name or self.env._("City-wide"),
                on_time_rate=(
                    round(100.0 * row["orders_done_on_time"] / row["orders_given"], 1)
                    if row["orders_given"]
                    else 0.0
                ),
            )
            figures.append(row)
        return figures
