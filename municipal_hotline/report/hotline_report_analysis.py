"""What every analysis shares: how its SQL is built, the period rule, the measures
defined once, and the contract with its readers (the workbook, the dashboard, the tests).

The contract: each analysis declares its figures once, in a module-level tuple of
:class:`Column` (key, translatable label, cell format, the ``_read_group`` aggregate
that gives it). ``_report_rows`` builds every row from that tuple and refuses a row
whose keys differ from it; the workbook writes its headers and cells from the same
tuple. A reader cannot ask for a key the analysis does not give.
"""

from datetime import datetime, time, timedelta
from typing import NamedTuple

import pytz

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, drop_view_if_exists

# the demo city's, and the default when neither the company nor the user has one
CITY_TZ = "Asia/Tehran"
# the key of a row's first cell (the district, agency, kind... the row is about)
LABEL = "label"


class Column(NamedTuple):
    """One figure of an analysis row."""

    key: str
    label: object  # a LazyGettext, translated by the reader (env._(label))
    kind: str  # the cell format: count, hours, percent, score
    aggregate: str = ""  # "field:aggregator" for _read_group; "" when derived


# ----------------------------------------------------------------------
# the measures, defined once (SQL expressions over the analysed table)
# ----------------------------------------------------------------------


def hours_sql(start, end):
    """Hours from ``start`` to ``end`` (NULL when either is missing)."""
    return SQL("EXTRACT(EPOCH FROM (%s - %s)) / 3600.0", end, start)


def on_time_sql(deadline, done_at, is_open):
    """On time: 100, late: 0, NULL when not counted (averaged, it is the on-time rate).

    A request, order or referral with a deadline is late when it was done after its
    deadline, or is still open past it (a deadline of exactly now is not past yet);
    otherwise it is on time. Without a deadline, or closed without being done (a
    cancelled referral), it is left out.

    :param deadline: SQL of the deadline
    :param done_at: SQL of when it was done, NULL while it is not
    :param is_open: SQL boolean, true while it is still owed
    """
    return SQL(
        """CASE
             WHEN %(deadline)s IS NULL THEN NULL
             WHEN %(done_at)s IS NOT NULL THEN
                  CASE WHEN %(done_at)s <= %(deadline)s THEN 100.0 ELSE 0.0 END
             WHEN %(is_open)s THEN
                  CASE WHEN %(deadline)s >= (now() AT TIME ZONE 'UTC')
                       THEN 100.0 ELSE 0.0 END
           END""",
        deadline=deadline,
        done_at=done_at,
        is_open=is_open,
    )


def ticket_closed_at_sql(ticket, stage):
    """When a request was closed: its closing date, else its last stage change (a
    request created straight into a closed stage has no closing date); NULL while open.

    :param ticket: SQL alias of helpdesk_ticket
    :param stage: SQL alias of its helpdesk_ticket_stage
    """
    return SQL(
        "CASE WHEN %s THEN COALESCE(%s, %s) END",
        SQL.identifier(stage, "closed"),
        SQL.identifier(ticket, "closed_date"),
        SQL.identifier(ticket, "last_stage_update"),
    )


def rating_answer_sql(answer):
    """The staff-rating answers that count: finished and not a test entry.

    :param answer: SQL alias of survey_user_input
    """
    return SQL(
        "%s = 'done' AND %s IS NOT TRUE",
        SQL.identifier(answer, "state"),
        SQL.identifier(answer, "test_entry"),
    )


def rating_score_sql(answer):
    """An answer's score, the satisfaction: its 1-5 answer to the survey's overall
    question (``hotline_overall_score``, stored on completion), NULL when the citizen
    skipped that question.

    :param answer: SQL alias of survey_user_input
    """
    return SQL("NULLIF(%s, 0)", SQL.identifier(answer, "hotline_overall_score"))


class HotlineReportAnalysis(models.AbstractModel):
    """Mixin of the analysis models (``_auto = False``, read-only).

    Each one gives its SQL in parts, ``_select``, ``_from``, ``_where`` and, when it
    aggregates, ``_group_by`` (bodies without their keyword), and is read through
    ``_read_group`` only, so that record rules apply (a district manager's figures
    are their district's).
    """

    _name = "hotline.report.analysis"
    _description = "Hotline Analysis"

    # the Datetime (or Date) column a period filters on
    _period_field = None
    # the figures of a row, a tuple of Column
    _report_columns = ()

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------

    @property
    def _table_query(self):
        if self._abstract:
            return None
        group_by = self._group_by()
        return SQL(
            "SELECT %s FROM %s WHERE %s%s",
            self._select(),
            self._from(),
            self._where(),
            SQL(" GROUP BY %s", group_by) if group_by else SQL(),
        )

    def _select(self):
        raise NotImplementedError

    def _from(self):
        raise NotImplementedError

    def _where(self):
        return SQL("TRUE")

    def _group_by(self):
        return SQL()  # no GROUP BY: one row per record of the analysed table

    def init(self):
        # the analyses are queries, not views: drop the view an older version created
        if not self._abstract:
            drop_view_if_exists(self.env.cr, self._table)

    # ------------------------------------------------------------------
    # period: both dates included, days in the city's time zone
    # ------------------------------------------------------------------

    @api.model
    def _city_tz(self):
        """The company's time zone, else the user's, else Tehran's."""
        return pytz.timezone(
            self.env.company.partner_id.tz or self.env.user.tz or CITY_TZ
        )

    @api.model
    def _city_today(self):
        return datetime.now(self._city_tz()).date()

    @api.model
    def _period_bounds(self, date_from, date_to):
        """``(start, stop)`` in naive UTC: from midnight of ``date_from`` to midnight
        after ``date_to`` in the city, ``stop`` excluded."""
        tz = self._city_tz()

        def midnight(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return (
            midnight(fields.Date.to_date(date_from)),
            midnight(fields.Date.to_date(date_to) + timedelta(days=1)),
        )

    @api.model
    def _period_domain(self, date_from, date_to):
        field = self._period_field
        if self._fields[field].type == "date":  # already a day of the city
            return Domain(field, ">=", date_from) & Domain(field, "<=", date_to)
        start, stop = self._period_bounds(date_from, date_to)
        return Domain(field, ">=", start) & Domain(field, "<", stop)

    # ------------------------------------------------------------------
    # the contract
    # ------------------------------------------------------------------

    @api.model
    def _report_rows(self, date_from, date_to, groupby=None, order=None):
        """The figures of the period per value of ``groupby`` (record rules apply).

        :param groupby: a field of the analysis; None for one row of the whole period
        :param order: ``_read_group`` order of the rows (default: biggest first)
        :return: a list of dicts, each with the key ``LABEL`` (the group's name) and
            exactly the keys of ``_report_columns``
        """
        columns = self._report_columns
        measured = [column for column in columns if column.aggregate]
        domain = self._period_domain(date_from, date_to)
        if groupby:
            order = order or self._report_default_order(measured)
            if groupby not in order:  # ties in the group's own order, every time
                order = f"{order}, {groupby}"
        groups = self._read_group(
            domain,
            [groupby] if groupby else [],
            [column.aggregate for column in measured],
            order=order if groupby else None,
        )
        values, rows = [], []
        for group in groups:
            value = group[0] if groupby else None
            figures = group[1:] if groupby else group
            row = {LABEL: self._report_label(groupby, value)}
            for column, figure in zip(measured, figures, strict=True):
                row[column.key] = self._report_value(column, figure)
            values.append(value)
            rows.append(row)
        self._report_complete(domain, groupby, values, rows)
        expected = {LABEL} | {column.key for column in columns}
        for row in rows:
            if set(row) != expected:
                raise ValueError(
                    f"{self._name}: a row has the keys {sorted(row)}, "
                    f"its columns declare {sorted(expected)}"
                )
        return rows

    def _report_default_order(self, measured):
        """Biggest first (by the first figure)."""
        return f"{measured[0].aggregate} desc" if measured else "__count desc"

    def _report_value(self, column, figure):
        """Counts are 0 over no row; averages stay None (an empty cell)."""
        if column.kind == "count":
            return figure or 0
        return None if figure is None or figure is False else figure

    def _report_label(self, groupby, value):
        """The row's name: a record's name, a selection's label, "Not set"."""
        if not groupby:
            return self.env._("Total")
        if isinstance(value, models.BaseModel):
            return value.display_name if value else self._report_empty_label(groupby)
        if not value:
            return self._report_empty_label(groupby)
        field = self._fields[groupby]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        return str(value)

    def _report_empty_label(self, groupby):
        return self.env._("Not set")

    def _report_complete(self, domain, groupby, values, rows):
        """Fill the derived columns (no aggregate) of ``rows`` in place.

        :param values: the group value of each row, in the same order
        """
