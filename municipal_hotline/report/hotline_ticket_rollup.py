"""The request roll-up: the ticket analysis's figures summed per day and dimension,
kept current by PostgreSQL as requests change, so the director's pivot, the dashboard
and the workbook read thousands of summed rows instead of a city's million requests.

Storage: the table ``hotline_ticket_rollup_data``, one row per (city day, Jalali periods,
company, district, category, kind, channel, stage, team, agency, jurisdiction, closed)
with counts and sums. Three statement-level triggers on ``helpdesk_ticket`` (insert,
update, delete, with transition tables) add what the changed requests contribute and
subtract what they contributed before, in one upsert per statement whatever the number
of rows; rows whose contribution did not change cost nothing. A row-level trigger keeps
two inputs of a request that are not its own columns:

- whether an open request is already past its deadline (``hotline_rollup_late``): the
  on-time rate of open requests depends on the clock. The scheduled action
  ``_cron_rollup_deadlines`` (every 5 minutes) flags the open requests whose deadline
  passed since, through a partial index (only those rows are written, never a rebuild);
- its staff-rating answers (``hotline_rollup_answers`` / ``hotline_rollup_score``),
  refreshed by a trigger on ``survey_user_input`` for the requests whose answers changed.

Averages are kept as sums and counts and divided when read (``_read_group_select``), so
a pivot cell, a dashboard figure and a workbook row are exactly the ticket analysis's
averages over the same requests. The record rules are the analysis's: a district
manager reads their district's rows only.
"""

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..models.helpdesk_ticket import REQUEST_KINDS
from ..models.helpdesk_ticket_category import JURISDICTIONS
from ..tools import CITY_TZ
from .hotline_report_analysis import hours_sql
from .hotline_ticket_report import RATE, TICKET_COLUMNS

_lt = LazyTranslate(__name__)

DATA_TABLE = "hotline_ticket_rollup_data"
# the triggers only append here (no row is ever updated by a request's save, so two
# operators saving at once never wait on each other); reads and the cron fold it into
# DATA_TABLE (hotline_ticket_rollup_fold)
DELTA_TABLE = "hotline_ticket_rollup_delta"

# the key of a roll-up row: (column, SQL type, SQL over a helpdesk_ticket row ``r``
# and its category ``c``); every column after the day is the request's own, or decided
# by it (the closed flag by the stage, jurisdiction and agency by the category)
KEY = (
    ("level", "smallint", "lv.level"),
    ("day", "date", "(r.create_date AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date"),
    ("jalali_year", "varchar", "r.jalali_year"),
    ("jalali_month", "varchar", "r.jalali_month"),
    ("jalali_week", "varchar", "r.jalali_week"),
    ("company_id", "int", "r.company_id"),
    ("district_id", "int", "r.district_id"),
    ("is_closed", "boolean", "COALESCE(r.closed, FALSE)"),
    ("top_category_id", "int", "NULLIF(split_part(c.parent_path, '/', 1), '')::int"),
    ("category_id", "int", "r.category_id"),
    ("request_kind", "varchar", "r.request_kind"),
    ("channel_id", "int", "r.channel_id"),
    ("stage_id", "int", "r.stage_id"),
    ("team_id", "int", "r.team_id"),
    ("agency_id", "int", "r.agency_id"),
    ("jurisdiction", "varchar", "r.jurisdiction"),
)
# in every level: the period, the company and the district (the record rules), open
COMMON = ("day", "jalali_year", "jalali_month", "jalali_week", "company_id")
COMMON += ("district_id", "is_closed")
# the levels: 0 every dimension (a row per day and combination: what any filter or
# grouping can read), then small ones for what the pivot, the dashboard and the
# workbook ask most (a city's requests per day and district, per main category, kind
# or channel), each a few thousand rows where level 0 holds nearly one per request.
# Each level sums every request once: any level gives the same figures.
LEVELS = {
    0: tuple(name for name, _type, _expr in KEY if name != "level"),
    1: COMMON,
    2: (*COMMON, "top_category_id"),
    3: (*COMMON, "request_kind"),
    4: (*COMMON, "channel_id"),
}
# the fields of the model that name a key column of another name
FIELD_COLUMNS = {"date": "day"}

# when a request was closed, NULL while open (ticket_closed_at_sql, on the ticket's
# own stored ``closed``); whether it is on time (NULL: not counted)
_CLOSED_AT = "CASE WHEN r.closed THEN COALESCE(r.closed_date, r.last_stage_update) END"
_ON_TIME = f"""CASE
    WHEN r.date_deadline IS NULL THEN NULL
    WHEN {_CLOSED_AT} IS NOT NULL THEN {_CLOSED_AT} <= r.date_deadline
    WHEN r.closed IS NOT TRUE THEN r.hotline_rollup_late IS NOT TRUE
END"""
_FIRST_RESPONSE = hours_sql(SQL("r.create_date"), SQL("r.date_first_response")).code
_RESOLUTION = hours_sql(SQL("r.create_date"), SQL(_CLOSED_AT)).code

# the sums of a roll-up row: (column, SQL type, a request's contribution)
SUMS = (
    ("ticket_count", "int", "1"),
    ("answered_count", "int", "(r.date_first_response IS NOT NULL)::int"),
    ("closed_count", "int", "COALESCE(r.closed, FALSE)::int"),
    ("deadline_count", "int", f"(({_ON_TIME}) IS NOT NULL)::int"),
    ("on_time_count", "int", f"COALESCE(({_ON_TIME}), FALSE)::int"),
    ("late_count", "int", f"(({_ON_TIME}) IS FALSE)::int"),
    ("reopen_count", "int", "COALESCE(r.reopen_count, 0)"),
    ("reopened_count", "int", "(r.reopen_count > 0)::int"),
    (
        "out_of_jurisdiction_count",
        "int",
        "(r.jurisdiction IN ('agency', 'none'))::int",
    ),
    ("unrelated_count", "int", "(r.jurisdiction = 'none')::int"),
    ("repeat_count", "int", "COALESCE(r.is_repeat_contact, FALSE)::int"),
    ("escalated_count", "int", "COALESCE(r.is_escalated_to_mayor, FALSE)::int"),
    ("survey_count", "int", "COALESCE(r.hotline_rollup_answers, 0)"),
    ("score_sum", "float8", "COALESCE(r.hotline_rollup_score, 0)"),
    ("score_n", "int", "(r.hotline_rollup_score IS NOT NULL)::int"),
    ("first_response_sum", "float8", f"COALESCE({_FIRST_RESPONSE}, 0)"),
    ("first_response_n", "int", f"(({_FIRST_RESPONSE}) IS NOT NULL)::int"),
    ("resolution_sum", "float8", f"COALESCE({_RESOLUTION}, 0)"),
    ("resolution_n", "int", f"(({_RESOLUTION}) IS NOT NULL)::int"),
)

# the averages the analysis gives, as sums divided when read
AVERAGES = {
    "on_time_rate": "100.0 * SUM({t}.on_time_count) / NULLIF(SUM({t}.deadline_count), 0)",
    "reopened_rate": "100.0 * SUM({t}.reopened_count) / NULLIF(SUM({t}.ticket_count), 0)",
    "out_of_jurisdiction_rate": (
        "100.0 * SUM({t}.out_of_jurisdiction_count) / NULLIF(SUM({t}.ticket_count), 0)"
    ),
    "unrelated_rate": "100.0 * SUM({t}.unrelated_count) / NULLIF(SUM({t}.ticket_count), 0)",
    "repeat_rate": "100.0 * SUM({t}.repeat_count) / NULLIF(SUM({t}.ticket_count), 0)",
    "hours_to_first_response": (
        "SUM({t}.first_response_sum) / NULLIF(SUM({t}.first_response_n), 0)"
    ),
    "hours_to_resolution": "SUM({t}.resolution_sum) / NULLIF(SUM({t}.resolution_n), 0)",
    "satisfaction": "SUM({t}.score_sum) / NULLIF(SUM({t}.score_n), 0)",
}


def _contribution(relation, sign):
    """SELECT of the key and signed sums of the active requests of ``relation``, one
    row per request and level (the dimensions a level does not keep are NULL)."""

    def key(name, expr):
        if name == "level" or all(name in dims for dims in LEVELS.values()):
            return f"{expr} AS {name}"
        levels = ", ".join(str(lv) for lv, dims in LEVELS.items() if name in dims)
        return f"CASE WHEN lv.level IN ({levels}) THEN {expr} END AS {name}"

    keys = ", ".join(key(name, expr) for name, _type, expr in KEY)
    sums = ", ".join(
        f"{sign} * COALESCE(({expr}), 0) AS {name}" for name, _type, expr in SUMS
    )
    levels = ", ".join(f"({lv})" for lv in LEVELS)
    return f"""
        SELECT {keys}, {sums}
          FROM {relation} r
          LEFT JOIN helpdesk_ticket_category c ON c.id = r.category_id
          LEFT JOIN LATERAL (
              SELECT COALESCE((SELECT p.tz FROM res_company co
                                 JOIN res_partner p ON p.id = co.partner_id
                                WHERE co.id = r.company_id), '{CITY_TZ}') AS tz
          ) tz ON TRUE
         CROSS JOIN (VALUES {levels}) lv(level)
         WHERE r.active IS NOT FALSE
    """


def _append(*parts):
    """The trigger's work: the summed contributions of ``parts`` appended to the
    delta table (an INSERT without conflict: no lock on the roll-up's rows)."""
    key_names = ", ".join(name for name, _type, _expr in KEY)
    sum_names = ", ".join(name for name, _type, _expr in SUMS)
    summed = ", ".join(f"SUM({name}) AS {name}" for name, _type, _expr in SUMS)
    changed = " OR ".join(f"SUM({name}) <> 0" for name, _type, _expr in SUMS)
    union = " UNION ALL ".join(parts)
    return f"""
        INSERT INTO {DELTA_TABLE} ({key_names}, {sum_names})
        SELECT {key_names}, {summed}
          FROM ({union}) delta
         GROUP BY {key_names}
        HAVING {changed};
    """


def _merge(*parts, prefix=""):
    """The upsert of the summed contributions of ``parts``: rows whose sums all net to
    zero are skipped, rows left with no request are deleted. ``prefix``: CTEs the
    parts read."""
    key_names = ", ".join(name for name, _type, _expr in KEY)
    sum_names = ", ".join(name for name, _type, _expr in SUMS)
    summed = ", ".join(f"SUM({name}) AS {name}" for name, _type, _expr in SUMS)
    changed = " OR ".join(f"SUM({name}) <> 0" for name, _type, _expr in SUMS)
    update = ", ".join(f"{name} = d.{name} + EXCLUDED.{name}" for name, _t, _e in SUMS)
    union = " UNION ALL ".join(parts)
    return f"""
        WITH {prefix} up AS (
            INSERT INTO {DATA_TABLE} AS d ({key_names}, {sum_names})
            SELECT {key_names}, {summed}
              FROM ({union}) delta
             GROUP BY {key_names}
            HAVING {changed}
             ORDER BY {key_names}
            ON CONFLICT ({key_names}) DO UPDATE SET {update}
            RETURNING d.id, d.ticket_count
        )
        SELECT array_agg(id) INTO empty FROM up WHERE ticket_count = 0;
        IF empty IS NOT NULL THEN
            DELETE FROM {DATA_TABLE} WHERE id = ANY(empty) AND ticket_count = 0;
        END IF;
    """


def _trigger_function(name, body):
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            empty int[];
        BEGIN
            {body}
            RETURN NULL;
        END
        $$;
    """


TRIGGERS_SQL = f"""
CREATE OR REPLACE FUNCTION hotline_ticket_rollup_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- an open request past its deadline, as of now (the cron catches up later)
    NEW.hotline_rollup_late := NEW.closed IS NOT TRUE
        AND NEW.date_deadline < (now() AT TIME ZONE 'UTC');
    RETURN NEW;
END
$$;
{_trigger_function("hotline_ticket_rollup_ins", _append(_contribution("new_rows", 1)))}
{
    _trigger_function(
        "hotline_ticket_rollup_upd",
        _append(_contribution("new_rows", 1), _contribution("old_rows", -1)),
    )
}
{_trigger_function("hotline_ticket_rollup_del", _append(_contribution("old_rows", -1)))}
CREATE OR REPLACE FUNCTION hotline_ticket_rollup_fold() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    empty int[];
BEGIN
    {
    _merge(
        "SELECT * FROM moved",
        prefix=f"moved AS (DELETE FROM {DELTA_TABLE} RETURNING "
        + ", ".join(name for name, _t, _e in KEY + SUMS)
        + "),",
    )
}
END
$$;
CREATE OR REPLACE FUNCTION hotline_ticket_rollup_survey() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids int[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT hotline_ticket_id) INTO ids FROM new_rows
         WHERE hotline_ticket_id IS NOT NULL;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT hotline_ticket_id) INTO ids FROM old_rows
         WHERE hotline_ticket_id IS NOT NULL;
    ELSE
        SELECT array_agg(DISTINCT i) INTO ids FROM (
            SELECT hotline_ticket_id AS i FROM new_rows
            UNION SELECT hotline_ticket_id FROM old_rows) u WHERE i IS NOT NULL;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE helpdesk_ticket t
       SET hotline_rollup_answers = s.answers, hotline_rollup_score = s.score
      FROM (
          SELECT i.id, count(a.id) AS answers,
                 avg(NULLIF(a.hotline_overall_score, 0)) AS score
            FROM unnest(ids) i(id)
            LEFT JOIN survey_user_input a
              ON a.hotline_ticket_id = i.id AND a.state = 'done'
             AND a.test_entry IS NOT TRUE AND NULLIF(a.hotline_overall_score, 0) IS NOT NULL
           GROUP BY i.id
      ) s
     WHERE t.id = s.id
       AND (COALESCE(t.hotline_rollup_answers, 0) <> s.answers
            OR t.hotline_rollup_score IS DISTINCT FROM s.score);
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS hotline_ticket_rollup_row ON helpdesk_ticket;
CREATE TRIGGER hotline_ticket_rollup_row BEFORE INSERT OR UPDATE ON helpdesk_ticket
    FOR EACH ROW EXECUTE FUNCTION hotline_ticket_rollup_row();
DROP TRIGGER IF EXISTS hotline_ticket_rollup_ins ON helpdesk_ticket;
CREATE TRIGGER hotline_ticket_rollup_ins AFTER INSERT ON helpdesk_ticket
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hotline_ticket_rollup_ins();
DROP TRIGGER IF EXISTS hotline_ticket_rollup_upd ON helpdesk_ticket;
CREATE TRIGGER hotline_ticket_rollup_upd AFTER UPDATE ON helpdesk_ticket
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hotline_ticket_rollup_upd();
DROP TRIGGER IF EXISTS hotline_ticket_rollup_del ON helpdesk_ticket;
CREATE TRIGGER hotline_ticket_rollup_del AFTER DELETE ON helpdesk_ticket
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hotline_ticket_rollup_del();
DROP TRIGGER IF EXISTS hotline_ticket_rollup_survey_ins ON survey_user_input;
CREATE TRIGGER hotline_ticket_rollup_survey_ins AFTER INSERT ON survey_user_input
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hotline_ticket_rollup_survey();
DROP TRIGGER IF EXISTS hotline_ticket_rollup_survey_upd ON survey_user_input;
CREATE TRIGGER hotline_ticket_rollup_survey_upd AFTER UPDATE ON survey_user_input
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hotline_ticket_rollup_survey();
DROP TRIGGER IF EXISTS hotline_ticket_rollup_survey_del ON survey_user_input;
CREATE TRIGGER hotline_ticket_rollup_survey_del AFTER DELETE ON survey_user_input
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hotline_ticket_rollup_survey();
"""

_KEY_NAMES = ", ".join(name for name, _type, _expr in KEY)
_SUM_NAMES = ", ".join(name for name, _type, _expr in SUMS)
_COLUMNS = ", ".join(
    [f"{name} {sql_type}" for name, sql_type, _e in KEY]
    + [f"{name} {sql_type} NOT NULL DEFAULT 0" for name, sql_type, _e in SUMS]
)
DELTA_SQL = f"""
    CREATE TABLE IF NOT EXISTS {DELTA_TABLE} (id bigserial PRIMARY KEY, {_COLUMNS});
"""
CREATE_SQL = f"""
    DROP TABLE IF EXISTS {DATA_TABLE};
    CREATE TABLE {DATA_TABLE} (id serial PRIMARY KEY, {_COLUMNS});
    CREATE UNIQUE INDEX {DATA_TABLE}_key
        ON {DATA_TABLE} ({_KEY_NAMES}) NULLS NOT DISTINCT;
    CREATE INDEX {DATA_TABLE}_level_day ON {DATA_TABLE} (level, day);
    CREATE INDEX {DATA_TABLE}_level_district ON {DATA_TABLE} (level, district_id);
"""
REBUILD_SQL = f"""
    TRUNCATE {DATA_TABLE}, {DELTA_TABLE};
    INSERT INTO {DATA_TABLE} ({_KEY_NAMES}, {_SUM_NAMES})
    SELECT {_KEY_NAMES}, {", ".join(f"SUM({name})" for name, _t, _e in SUMS)}
      FROM ({_contribution("helpdesk_ticket", 1)}) c
     GROUP BY {_KEY_NAMES};
"""

# the triggers on helpdesk_ticket, for a bulk loader that rebuilds once at the end
TICKET_TRIGGERS = (
    "hotline_ticket_rollup_row",
    "hotline_ticket_rollup_ins",
    "hotline_ticket_rollup_upd",
    "hotline_ticket_rollup_del",
)


class HotlineTicketRollup(models.Model):
    """Request analysis by day: the figures of ``hotline.ticket.report`` summed per day
    and dimension (see the module docstring). Read-only, through ``_read_group``."""

    _name = "hotline.ticket.rollup"
    _inherit = ["hotline.report.analysis", "hotline.jalali.period.mixin"]  # noqa: RUF012
    _description = "Request Analysis by Day"
    _auto = False
    _order = "date desc, id desc"
    _period_field = "date"
    _jalali_date_fields = ("date",)
    _report_columns = TICKET_COLUMNS
    # searching flushes these first (the triggers then see the pending writes)
    _depends = {  # noqa: RUF012 (Odoo reads this class attribute)
        "helpdesk.ticket": [
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
            "agency_id",
            "jurisdiction",
            "active",
            "create_date",
            "closed",
            "closed_date",
            "last_stage_update",
            "date_deadline",
            "date_first_response",
            "reopen_count",
            "is_repeat_contact",
            "is_escalated_to_mayor",
        ],
        "survey.user_input": [
            "hotline_ticket_id",
            "state",
            "test_entry",
            "hotline_overall_score",
        ],
    }

    level = fields.Integer(
        readonly=True, help="0: a row per day and combination; 1-4: summed rows."
    )
    date = fields.Date(string="Received On", readonly=True)
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
    agency_id = fields.Many2one("res.partner", string="Agency in Charge", readonly=True)
    jurisdiction = fields.Selection(JURISDICTIONS, readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    # measures: the analysis's names, so pivots and the workbook ask for the same ones
    ticket_count = fields.Integer(string="# Requests", readonly=True)
    answered_count = fields.Integer(string="# Answered", readonly=True)
    closed_count = fields.Integer(string="# Closed", readonly=True)
    late_count = fields.Integer(string="# Late", readonly=True)
    reopen_count = fields.Integer(string="# Reopenings", readonly=True)
    out_of_jurisdiction_count = fields.Integer(
        string="# Out of Jurisdiction", readonly=True
    )
    unrelated_count = fields.Integer(string="# Unrelated Messages", readonly=True)
    repeat_count = fields.Integer(string="# Repeated Contacts", readonly=True)
    escalated_count = fields.Integer(string="# Escalated to Mayor", readonly=True)
    survey_count = fields.Integer(string="# Survey Answers", readonly=True)
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
    reopened_rate = fields.Float(string="Reopened (%)", readonly=True, **RATE)
    out_of_jurisdiction_rate = fields.Float(
        string="Out of Jurisdiction (%)", readonly=True, **RATE
    )
    unrelated_rate = fields.Float(
        string="Unrelated Messages (%)", readonly=True, **RATE
    )
    repeat_rate = fields.Float(string="Repeated Contacts (%)", readonly=True, **RATE)
    satisfaction = fields.Float(
        string="Satisfaction (1-5)",
        aggregator="avg",
        digits=(16, 2),
        readonly=True,
        help="Average overall score (1 to 5) of the completed staff ratings about "
        "the request.",
    )

    # ------------------------------------------------------------------
    # SQL: the roll-up rows, each with its own averages (for a list of rows)
    # ------------------------------------------------------------------
    def _select(self):
        averages = ",\n".join(
            f"{expr.format(t='r')} AS {name}".replace("SUM(", "(")
            for name, expr in AVERAGES.items()
        )
        sums = ", ".join(f"r.{name}" for name, _type, _expr in SUMS)
        return SQL(
            f"""
            r.id, r.level, r.day AS date, r.jalali_year, r.jalali_month, r.jalali_week,
            r.company_id, r.district_id, r.category_id, r.top_category_id,
            r.request_kind, r.channel_id, r.stage_id, r.team_id, r.agency_id,
            r.jurisdiction, r.is_closed, {sums},
            {averages}
            """
        )

    def _from(self):
        return SQL(f"{DATA_TABLE} r")

    # ------------------------------------------------------------------
    # reading: the smallest level that has every field a read filters or groups on
    # ------------------------------------------------------------------
    @api.model
    def _rollup_level(self, domain, groupby=()):
        """The level to read for ``domain`` and the group-by specs ``groupby``: the
        smallest one keeping every field they name (the record rules' company and
        district are in every level)."""
        names = {spec.split(":")[0].split(".")[0] for spec in groupby}
        for condition in Domain(domain).iter_conditions():
            names.add(condition.field_expr.split(".")[0])
        names = {FIELD_COLUMNS.get(name, name) for name in names}
        names.discard("jalali_period")  # searches jalali_month / jalali_year
        for level in sorted(LEVELS, key=lambda lv: (lv == 0, lv)):
            if names <= set(LEVELS[level]):
                return level
        return 0

    @api.model
    def _rollup_domain(self, domain, groupby=()):
        # a caller's own level, or rows read by id, are left as asked
        if any(
            c.field_expr in ("level", "id") for c in Domain(domain).iter_conditions()
        ):
            return Domain(domain)
        return Domain(domain) & Domain(
            "level", "=", self._rollup_level(domain, groupby)
        )

    @api.model
    @api.model
    def _rollup_fold(self):
        """The requests' changes appended since (by the triggers) added into the
        roll-up's rows: a read sees every saved request. Not on a read-only cursor
        (a replica): the cron folds within minutes."""
        if getattr(self.env.cr, "readonly", False):
            return
        self.env.flush_all()
        self.env.cr.execute("SELECT hotline_ticket_rollup_fold()")

    def _search(self, domain, *args, **kwargs):
        """A list of rows shows level 0 (a row per day and combination) unless the
        caller chose a level."""
        self._rollup_fold()
        return super()._search(
            self._rollup_domain(domain, ["category_id"]), *args, **kwargs
        )

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), *args, **kwargs):
        self._rollup_fold()
        return super()._read_group(
            self._rollup_domain(domain, groupby), groupby, aggregates, *args, **kwargs
        )

    @api.model
    def _read_grouping_sets(
        self, domain, grouping_sets, aggregates=(), *args, **kwargs
    ):
        """Each grouping set from its own smallest level (one query per level)."""
        self._rollup_fold()
        by_level = {}
        for index, specs in enumerate(grouping_sets):
            level = self._rollup_level(domain, specs)
            by_level.setdefault(level, []).append(index)
        if len(by_level) == 1 or any(
            c.field_expr in ("level", "id") for c in Domain(domain).iter_conditions()
        ):
            groupby = [spec for specs in grouping_sets for spec in specs]
            return super()._read_grouping_sets(
                self._rollup_domain(domain, groupby),
                grouping_sets,
                aggregates,
                *args,
                **kwargs,
            )
        result = [None] * len(grouping_sets)
        for level, indexes in by_level.items():
            sets = [grouping_sets[i] for i in indexes]
            groups = super()._read_grouping_sets(
                Domain(domain) & Domain("level", "=", level),
                sets,
                aggregates,
                *args,
                **kwargs,
            )
            for index, group in zip(indexes, groups, strict=True):
                result[index] = group
        return result

    def _read_group_select(self, aggregate_spec, query):
        """A group's averages are its sums divided, and its count the requests it
        holds (not the roll-up rows)."""
        if aggregate_spec == "__count":
            return SQL(
                "COALESCE(SUM(%s), 0)", SQL.identifier(self._table, "ticket_count")
            )
        fname, _property, func = aggregate_spec.partition(":")
        if fname in AVERAGES and func == "avg":
            return SQL(AVERAGES[fname].format(t=f'"{self._table}"'))
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------
    # storage
    # ------------------------------------------------------------------
    def init(self):
        res = super().init()
        # after every model's table and column exists (survey answers' ones included)
        self.pool.post_init(self._rollup_install)
        return res

    def _rollup_install(self):
        cr = self.env.cr
        cr.execute(
            """
            ALTER TABLE helpdesk_ticket
                ADD COLUMN IF NOT EXISTS hotline_rollup_late boolean,
                ADD COLUMN IF NOT EXISTS hotline_rollup_answers int,
                ADD COLUMN IF NOT EXISTS hotline_rollup_score float8;
            CREATE INDEX IF NOT EXISTS helpdesk_ticket_rollup_deadline_idx
                ON helpdesk_ticket (date_deadline)
             WHERE closed IS NOT TRUE AND hotline_rollup_late IS NOT TRUE
               AND date_deadline IS NOT NULL;
            """
        )
        cr.execute(
            """SELECT count(*) FROM information_schema.columns
                WHERE table_name = %s AND column_name = 'level'""",
            [DATA_TABLE],
        )
        fresh = not cr.fetchone()[0]
        if fresh:  # none yet, or of another shape (before the levels)
            cr.execute(SQL(CREATE_SQL))
        cr.execute(SQL(DELTA_SQL))
        cr.execute(TRIGGERS_SQL)
        if fresh:
            self._rollup_rebuild()

    @api.model
    def _rollup_triggers(self, enable):
        """Enable or disable the triggers on helpdesk_ticket (a bulk load disables
        them, then calls ``_rollup_rebuild``)."""
        action = "ENABLE" if enable else "DISABLE"
        for name in TICKET_TRIGGERS:
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE helpdesk_ticket %s TRIGGER %s",
                    SQL(action),
                    SQL.identifier(name),
                )
            )

    @api.model
    def _rollup_rebuild(self):
        """Fill the roll-up from the requests as they are (install, or after a bulk
        load with the triggers disabled): the inputs of every request, then every row
        in one INSERT. Never needed while the triggers run."""
        cr = self.env.cr
        self._rollup_triggers(False)
        cr.execute(
            """
            UPDATE helpdesk_ticket t
               SET hotline_rollup_answers = s.answers, hotline_rollup_score = s.score
              FROM (SELECT a.hotline_ticket_id AS id, count(*) AS answers,
                           avg(NULLIF(a.hotline_overall_score, 0)) AS score
                      FROM survey_user_input a
                     WHERE a.hotline_ticket_id IS NOT NULL AND a.state = 'done'
                       AND a.test_entry IS NOT TRUE
                       AND NULLIF(a.hotline_overall_score, 0) IS NOT NULL
                     GROUP BY a.hotline_ticket_id) s
             WHERE t.id = s.id
               AND (t.hotline_rollup_answers IS DISTINCT FROM s.answers
                    OR t.hotline_rollup_score IS DISTINCT FROM s.score);
            UPDATE helpdesk_ticket SET hotline_rollup_late =
                   closed IS NOT TRUE AND date_deadline < (now() AT TIME ZONE 'UTC')
             WHERE hotline_rollup_late IS DISTINCT FROM
                   (closed IS NOT TRUE AND date_deadline < (now() AT TIME ZONE 'UTC'));
            """
        )
        cr.execute(SQL(REBUILD_SQL))
        self._rollup_triggers(True)

    @api.model
    def _cron_rollup_deadlines(self):
        """Open requests whose deadline passed since the last run count as late from now
        on: flag them (the update trigger moves their figures); a partial index holds
        only the open, unflagged requests with a deadline."""
        self._rollup_fold()
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE helpdesk_ticket SET hotline_rollup_late = TRUE
                WHERE closed IS NOT TRUE AND hotline_rollup_late IS NOT TRUE
                  AND date_deadline IS NOT NULL
                  AND date_deadline < (now() AT TIME ZONE 'UTC')"""
        )
        return self.env.cr.rowcount

    def action_open_requests(self):
        """The requests a roll-up row sums (a pivot's drill-down opens the rows)."""
        self.ensure_one()
        start, stop = self._period_bounds(self.date, self.date)
        domain = [
            ("create_date", ">=", start),
            ("create_date", "<", stop),
            ("district_id", "=", self.district_id.id),
            ("category_id", "=", self.category_id.id),
            ("request_kind", "=", self.request_kind),
            ("channel_id", "=", self.channel_id.id),
            ("stage_id", "=", self.stage_id.id),
            ("team_id", "=", self.team_id.id),
        ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Requests"),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
        }
