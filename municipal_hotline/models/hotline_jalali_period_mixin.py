"""Jalali periods (year, month, week) stored on a record, so that pivots, graphs, the
dashboard and the workbook group by "1404 آذر" and the search filters "This Jalali
Month", "Last Jalali Month", "This Jalali Year" are plain indexed comparisons.

The day is the record's date in the city's time zone (its company's, else Tehran's):
a request at 23:30 on the last evening of a month belongs to that month. The ORM fills
the fields on create and write (precomputed, no extra UPDATE); rows changed in SQL
(install on an existing database, backdated demo rows) are filled by one UPDATE per
table, ``_jalali_refresh_sql``, with the PostgreSQL function ``hotline_jalali_ymd``
that follows the Python arithmetic of ``tools/jalali.py`` day for day.
"""

from datetime import datetime

import pytz

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, table_exists

from ..tools import (
    CITY_TZ,
    city_tz,
    gregorian_to_jalali,
    jalali_month_label,
    jalali_period_keys,
    shift_jalali_month,
)

# the Jalali years the month selection lists (values outside stay readable)
FIRST_JALALI_YEAR = 1380

JALALI_PERIOD_FIELDS = ("jalali_year", "jalali_month", "jalali_week")

# hotline_jalali_ymd(day): {year, month, day, week of the year (Saturday first)};
# hotline_jalali_ymd(utc timestamp, tz): the same for the local day. The arithmetic of
# tools/jalali.py (Borkowski), on the day number of gregorian_to_jalali.
JALALI_SQL_FUNCTIONS = """
CREATE OR REPLACE FUNCTION hotline_jalali_ymd(d date) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    days int := (d - DATE '0001-01-01') + 1 + 356032;
    jy int;
    jm int;
    jd int;
BEGIN
    IF d IS NULL THEN
        RETURN NULL;
    END IF;
    jy := -1595 + 33 * (days / 12053);
    days := days % 12053;
    jy := jy + 4 * (days / 1461);
    days := days % 1461;
    IF days > 365 THEN
        jy := jy + (days - 1) / 365;
        days := (days - 1) % 365;
    END IF;
    IF days < 186 THEN
        jm := 1 + days / 31;
        jd := 1 + days % 31;
    ELSE
        jm := 7 + (days - 186) / 30;
        jd := 1 + (days - 186) % 30;
    END IF;
    -- days is now the day of the Jalali year (0 for 1 Farvardin)
    RETURN ARRAY[
        jy, jm, jd,
        (days + (EXTRACT(ISODOW FROM d - days)::int + 1) % 7) / 7 + 1
    ];
END
$$;
CREATE OR REPLACE FUNCTION hotline_jalali_ymd(ts timestamp, tz text) RETURNS int[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT hotline_jalali_ymd((ts AT TIME ZONE 'UTC' AT TIME ZONE tz)::date)
$$;
CREATE OR REPLACE FUNCTION hotline_jalali_month(ts timestamp, tz text) RETURNS varchar
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT j[1] || '-' || lpad(j[2]::text, 2, '0')
      FROM hotline_jalali_ymd(ts, tz) j
$$;
"""


def create_jalali_sql_functions(cr):
    cr.execute(JALALI_SQL_FUNCTIONS)


class HotlineJalaliPeriodMixin(models.AbstractModel):
    """Stored, indexed Jalali year, month and week of a record's date.

    A model using it names its date in ``_jalali_date_fields`` (the first that is set
    counts). Analyses (``_auto = False``) select the columns in their SQL instead.
    """

    _name = "hotline.jalali.period.mixin"
    _description = "Jalali Periods"

    # the Datetime fields giving the record's date, the first set one counts
    _jalali_date_fields = ("create_date",)

    jalali_year = fields.Char(
        compute="_compute_jalali_periods",
        store=True,
        precompute=True,
        index=True,
        readonly=True,
        help="The Jalali year, in the city's time zone.",
    )
    jalali_month = fields.Selection(
        selection="_jalali_month_selection",
        validate=False,
        compute="_compute_jalali_periods",
        store=True,
        precompute=True,
        index=True,
        readonly=True,
        help="The Jalali month, in the city's time zone.",
    )
    jalali_week = fields.Char(
        compute="_compute_jalali_periods",
        store=True,
        precompute=True,
        index=True,
        readonly=True,
        help="The week of the Jalali year (weeks start on Saturday), in the city's "
        "time zone.",
    )
    jalali_period = fields.Selection(
        [
            ("this_month", "This Jalali Month"),
            ("last_month", "Last Jalali Month"),
            ("this_year", "This Jalali Year"),
        ],
        compute="_compute_jalali_period",
        search="_search_jalali_period",
        help="For the search filters: the Jalali month or year of today in the city.",
    )

    @api.model
    def _jalali_month_selection(self):
        """ "1404-09" labelled "1404 آذر" in Persian, "1404 Azar" otherwise, from
        1380 to next year."""
        last_year = self._jalali_today()[0] + 1
        lang = self.env.lang
        return [
            (f"{jy}-{jm:02d}", jalali_month_label(jy, jm, lang))
            for jy in range(FIRST_JALALI_YEAR, last_year + 1)
            for jm in range(1, 13)
        ]

    @api.depends(lambda self: self._jalali_date_fields)
    def _compute_jalali_periods(self):
        if not self._auto:  # an analysis: its SQL gives the columns
            return
        tz_by_company = {}
        for record in self:
            moment = next(
                (record[name] for name in self._jalali_date_fields if record[name]),
                None,
            )
            if not moment:
                record.update(dict.fromkeys(JALALI_PERIOD_FIELDS, False))
                continue
            company = record._jalali_company()
            if company not in tz_by_company:
                tz_by_company[company] = pytz.timezone(city_tz(company))
            day = pytz.utc.localize(moment).astimezone(tz_by_company[company]).date()
            keys = jalali_period_keys(day)
            record.update(dict(zip(JALALI_PERIOD_FIELDS, keys, strict=True)))

    def _compute_jalali_period(self):
        self.jalali_period = False

    def _search_jalali_period(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        jy, jm, _jd = self._jalali_today()
        last_y, last_m = shift_jalali_month(jy, jm, -1)
        domains = {
            "this_month": Domain("jalali_month", "=", f"{jy}-{jm:02d}"),
            "last_month": Domain("jalali_month", "=", f"{last_y}-{last_m:02d}"),
            "this_year": Domain("jalali_year", "=", f"{jy}"),
        }
        values = [value] if isinstance(value, str) else value
        return Domain.OR(domains[v] for v in values if v in domains)

    # ------------------------------------------------------------------
    # the city's calendar
    # ------------------------------------------------------------------
    def _jalali_company(self):
        self.ensure_one()
        company = self["company_id"] if "company_id" in self._fields else None
        return company or self.env.company

    @api.model
    def _jalali_today(self):
        """(jy, jm, jd) of today in the city of the current company."""
        today = datetime.now(pytz.timezone(city_tz(self.env.company))).date()
        return gregorian_to_jalali(today.year, today.month, today.day)

    # ------------------------------------------------------------------
    # set-based filling
    # ------------------------------------------------------------------
    def _auto_init(self):
        """Create and fill the columns in one UPDATE before the ORM sees them, so that
        installing on a city's database computes no record in Python."""
        cr = self.env.cr
        if (
            not self._abstract
            and self._auto
            and table_exists(cr, self._table)
            and not column_exists(cr, self._table, "jalali_month")
        ):
            for name in JALALI_PERIOD_FIELDS:
                create_column(cr, self._table, name, "varchar")
            self._jalali_refresh_sql()
        return super()._auto_init()

    def _jalali_refresh_sql(self):
        """Recompute the columns in SQL: of ``self``, or of the whole table when
        ``self`` is empty (after rows were changed in SQL, e.g. backdated)."""
        create_jalali_sql_functions(self.env.cr)
        moment = SQL(
            "COALESCE(%s)",
            SQL(", ").join(
                SQL.identifier("r", name) for name in self._jalali_date_fields
            ),
        )
        # the company's time zone, read in SQL: this runs before res.company is set up
        # at install
        company_tz = SQL(
            """COALESCE((SELECT p.tz FROM res_company c
                          JOIN res_partner p ON p.id = c.partner_id
                         WHERE c.id = %s), %s)""",
            self.env.company.id,
            CITY_TZ,
        )
        if "company_id" in self._fields:
            tz = SQL(
                """COALESCE((SELECT p.tz FROM res_company c
                              JOIN res_partner p ON p.id = c.partner_id
                             WHERE c.id = r.company_id), %s)""",
                company_tz,
            )
        else:
            tz = company_tz
        self.env.cr.execute(
            SQL(
                """UPDATE %(table)s r
                      SET jalali_year = j[1]::varchar,
                          jalali_month = j[1] || '-' || lpad(j[2]::text, 2, '0'),
                          jalali_week = j[1] || '-W' || lpad(j[4]::text, 2, '0')
                     FROM (SELECT r.id, hotline_jalali_ymd(%(moment)s, %(tz)s) AS j
                             FROM %(table)s r %(where)s) computed
                    WHERE computed.id = r.id""",
                table=SQL.identifier(self._table),
                moment=moment,
                tz=tz,
                where=SQL("WHERE r.id IN %s", tuple(self.ids)) if self else SQL(),
            )
        )
        self.invalidate_model(list(JALALI_PERIOD_FIELDS))
