"""The operations people wait on, each timed against a reference in the same run.

ORM and reference runs are interleaved (A, B, A, B, ...) so a noisy neighbour on a shared
machine slows both sides alike. Each ORM run starts with an empty record cache, like a new
web request (registry caches, e.g. record rules, stay warm as in a running server).
"""

import random
import statistics
import time
import uuid
from datetime import timedelta

from odoo import api, fields
from odoo.fields import Domain
from odoo.tools import SQL

from . import fixtures, load

CTX = {"lang": "en_US", "tz": "Asia/Tehran"}


def _pct(values, pct):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(pct / 100 * (len(values) - 1))))
    return values[k]


def _summary(times, queries):
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(_pct(times, 95), 2),
        "queries": int(statistics.median(queries)) if queries else None,
        "runs": len(times),
    }


def interleaved(cr, subject, reference, runs, warmup=2, before=None):
    """Time two callables alternately; returns (subject summary, reference summary)."""
    res = {"a": ([], []), "b": ([], [])}
    for i in range(warmup + runs):
        for key, fn in (("a", subject), ("b", reference)):
            if before:
                before()
            q0 = cr.sql_log_count
            t0 = time.perf_counter()
            fn(i)
            dt = (time.perf_counter() - t0) * 1000
            dq = cr.sql_log_count - q0
            if i >= warmup:
                res[key][0].append(dt)
                res[key][1].append(dq)
    return _summary(*res["a"]), _summary(*res["b"])


def _row(name, orm, ref, target, ref_label, note=""):
    ratio = orm["p50_ms"] / ref["p50_ms"] if ref and ref["p50_ms"] else None
    return {
        "name": name,
        "orm": orm,
        "reference": ref,
        "reference_label": ref_label,
        "ratio": round(ratio, 2) if ratio else None,
        "target": target,
        "note": note,
    }


def _same_rows_row(name, orm, ref, same, rows):
    """A list read against raw SQL for the same rows: met within 3x and rows equal."""
    row = _row(
        name,
        orm,
        ref,
        "<= 3x raw SQL",
        "raw SQL, same rows" + ("" if same else " (ROWS DIFFER)"),
    )
    row["met"] = bool(row["ratio"] and row["ratio"] <= 3 and same)
    row["rows"] = rows
    return row


# --- operator save -------------------------------------------------------------------------

SAVE_SPEC = {
    "number": {},
    "display_name": {},
    "stage_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "team_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
}


def operator_save(registry, runs):
    """An operator saves a new request (web_save, tracking, commit) vs a bare helpdesk_mgmt
    ticket: same user, same form read-back, same partner and category; the peer leaves out
    what the hotline adds (district, caller phone, kind, address, coordinates)."""
    created = []
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        operator = env["res.users"].search([("login", "=", "bench_operator1")])
        district = env["hotline.district"].search([("code", "=", "1")])
        category = env.ref("municipal_hotline.category_waste_collection")
        phone = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cr.execute(
            "SELECT partner_id FROM helpdesk_ticket WHERE partner_id IS NOT NULL "
            "GROUP BY partner_id HAVING count(*) BETWEEN 3 AND 6 LIMIT %s",
            [runs + 5],
        )
        partners = [r[0] for r in cr.fetchall()] or [False]
        op_env = api.Environment(cr, operator.id, CTX)
        Ticket = op_env["helpdesk.ticket"]

        def hotline(i):
            partner = partners[i % len(partners)]
            rec = Ticket.web_save(
                {
                    "name": "Missed waste collection",
                    "description": "<p>Bins not emptied for three days.</p>",
                    "partner_id": partner,
                    "caller_phone": f"+98 918 {uuid.uuid4().int % 10**7:07d}",
                    "category_id": category.id,
                    "district_id": district.id,
                    "team_id": district.team_id.id,
                    "channel_id": phone.id,
                    "request_kind": "complaint",
                    "address": "خیابان مدرس، کوچه ۱۲",
                    "latitude": 34.3142,
                    "longitude": 47.0650,
                },
                SAVE_SPEC,
            )
            cr.commit()
            created.append(rec[0]["id"])

        def peer(i):
            partner = partners[i % len(partners)]
            rec = Ticket.web_save(
                {
                    "name": "Missed waste collection",
                    "description": "<p>Bins not emptied for three days.</p>",
                    "partner_id": partner,
                    "category_id": category.id,
                    "team_id": district.team_id.id,
                    "channel_id": phone.id,
                },
                SAVE_SPEC,
            )
            cr.commit()
            created.append(rec[0]["id"])

        orm, ref = interleaved(cr, hotline, peer, runs, before=op_env.invalidate_all)
        # leave the loaded database as it was for the next run
        env["helpdesk.ticket"].browse(created).unlink()
        cr.commit()
    row = _row(
        "operator save (web_save + tracking + commit)",
        orm,
        ref,
        "<= 1.3x peer, <= 40 queries",
        "bare helpdesk_mgmt create",
    )
    row["met"] = bool(row["ratio"] and row["ratio"] <= 1.3 and orm["queries"] <= 40)
    return row


# --- management pivot -------------------------------------------------------------------


def _time_pivot(cr, senv, model, domain, sets, aggregates, sql, runs):
    """The pivot's ORM call against the raw SQL of the same numbers, interleaved:
    (cells of the pivot's first grouping set, ORM timings, SQL timings, same figures)."""

    def orm_call(i):
        model.formatted_read_grouping_sets(domain, sets, aggregates)

    def raw(i):
        cr.execute(sql)
        cr.fetchall()

    groups = model.formatted_read_grouping_sets(domain, sets, aggregates)
    cr.execute(sql)
    same = _same_totals(groups[-1], cr.fetchall(), aggregates)
    orm, ref = interleaved(cr, orm_call, raw, runs, before=senv.invalidate_all)
    return len(groups[0]), orm, ref, same


def _same_totals(total_groups, rows, aggregates):
    """The grand total of the pivot equals the SQL's (the row of the empty grouping set,
    sorted last): count and every average, to the 4th decimal."""
    if not total_groups or not rows:
        return False
    orm = [total_groups[0].get(a) or 0 for a in aggregates]
    ref = [v or 0 for v in rows[-1][2:]]
    return all(abs(float(a) - float(b)) < 1e-4 for a, b in zip(orm, ref, strict=True))


def _pivot_row(name, orm, ref, same):
    label = "plain SQL on helpdesk_ticket, GROUPING SETS"
    row = _row(
        name, orm, ref, "<= 1.5x raw SQL", label + ("" if same else " (FIGURES DIFFER)")
    )
    row["met"] = bool(row["ratio"] and row["ratio"] <= 1.5 and same)
    return row


def _base_pivot_sql(period, measures, companies):
    """The reference: the best plain SQL over the base tables for the pivot's figures,
    helpdesk_ticket and its stage, no report view; ``period`` is the column grouped by
    with the districts."""
    # the report's own definitions of its measures; a column of that name otherwise
    from odoo.addons.municipal_hotline.report.hotline_report_analysis import (
        hours_sql,
        on_time_sql,
        ticket_closed_at_sql,
    )

    closed_at = ticket_closed_at_sql("t", "s")
    expressions = {
        "on_time_rate": on_time_sql(
            SQL("t.date_deadline"), closed_at, SQL("NOT COALESCE(s.closed, FALSE)")
        ),
        "hours_to_resolution": hours_sql(SQL("t.create_date"), closed_at),
    }
    averages = SQL(", ").join(
        SQL("avg(%s)", expressions.get(m) or SQL.identifier("t", m)) for m in measures
    )
    return SQL(
        """
        SELECT t.district_id, %(period)s AS p, count(*), %(averages)s
          FROM helpdesk_ticket t
          LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
         WHERE t.active IS NOT FALSE AND t.company_id = ANY(%(companies)s)
         GROUP BY GROUPING SETS ((t.district_id, p), (t.district_id), (p), ())
         ORDER BY 1, 2
        """,
        period=period,
        averages=averages,
        companies=companies,
    )


def pivot(registry, runs):
    """District x month with count, on-time rate and average resolution hours, as the
    pivot view asks for it (formatted_read_grouping_sets: rows, columns and totals)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        supervisor = env["res.users"].search([("login", "=", "bench_supervisor")])
        senv = api.Environment(cr, supervisor.id, CTX)
        if "hotline.ticket.report" in env:
            model, source, measures = _report_model(senv)
        else:
            model = senv["helpdesk.ticket"]
            source = "helpdesk.ticket"
            measures = ("on_time_rate", "resolution_hours")
        sets = [
            ["district_id", "create_date:month"],
            ["district_id"],
            ["create_date:month"],
            [],
        ]
        aggregates = ["__count"] + [f"{m}:avg" for m in measures]
        month = SQL(
            "date_trunc('month', timezone('Asia/Tehran', timezone('UTC', t.create_date)))"
        )
        sql = _base_pivot_sql(month, measures, senv.user.company_ids.ids)
        cells, orm, ref, same = _time_pivot(
            cr, senv, model, [], sets, aggregates, sql, runs
        )
    return _pivot_row(f"management pivot ({source}, {cells} cells)", orm, ref, same)


def pivot_jalali(registry, runs):
    """The director's pivot by Jalali month: district x Jalali month (the stored,
    indexed ``jalali_month``) with count, on-time rate and average resolution hours,
    rows, columns and totals, against the same numbers in plain SQL on helpdesk_ticket
    grouped by its own ``jalali_month`` column."""
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        if "hotline.ticket.report" not in env or (
            "jalali_month" not in env["hotline.ticket.report"]._fields
        ):
            return None
        supervisor = env["res.users"].search([("login", "=", "bench_supervisor")])
        senv = api.Environment(cr, supervisor.id, CTX)
        model, source, measures = _report_model(senv)
        sets = [["district_id", "jalali_month"], ["district_id"], ["jalali_month"], []]
        aggregates = ["__count"] + [f"{m}:avg" for m in measures]
        sql = _base_pivot_sql(
            SQL("t.jalali_month"), measures, senv.user.company_ids.ids
        )
        cells, orm, ref, same = _time_pivot(
            cr, senv, model, [], sets, aggregates, sql, runs
        )
    return _pivot_row(
        f"management pivot by Jalali month ({source}, {cells} cells)", orm, ref, same
    )


def _report_model(env):
    model = env["hotline.ticket.report"]
    floats = [n for n, f in model._fields.items() if f.type in ("float", "integer")]
    measures = tuple(
        next((n for n in floats if key in n), None) for key in ("on_time", "resolution")
    )
    return model, "hotline.ticket.report", tuple(m for m in measures if m)


# --- district manager's queue ------------------------------------------------------------

QUEUE_SPEC = {
    "priority": {},
    "sequence": {},
    "number": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "partner_name": {},
    "user_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
    "unattended": {},
    "closed": {},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "create_date": {},
    "last_stage_update": {},
    "stage_id": {"fields": {"display_name": {}}},
    "district_id": {"fields": {"display_name": {}}},
    "request_kind": {},
    "caller_phone": {},
    "date_deadline": {},
    "is_overdue": {},
}
QUEUE_SQL = """
    SELECT t.id, t.priority, t.sequence, t.number, t.name, t.partner_id, p.name,
           t.partner_name, t.user_id, up.name, t.category_id, c.name->>'en_US',
           t.unattended, s.closed, t.create_date, t.last_stage_update, t.stage_id,
           s.name->>'en_US', t.district_id, d.name->>'en_US', t.request_kind,
           t.caller_phone, t.date_deadline,
           (t.date_deadline < now() at time zone 'UTC') AS overdue
      FROM helpdesk_ticket t
      JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
      LEFT JOIN res_partner p ON p.id = t.partner_id
      LEFT JOIN res_users u ON u.id = t.user_id
      LEFT JOIN res_partner up ON up.id = u.partner_id
      LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
      LEFT JOIN hotline_district d ON d.id = t.district_id
     WHERE t.district_id = %(district)s AND t.closed IS NOT TRUE AND t.active
     ORDER BY t.priority DESC, t.sequence, t.number DESC, t.id DESC
     LIMIT 80
"""
QUEUE_COUNT_SQL = """
    SELECT count(*) FROM (
        SELECT 1 FROM helpdesk_ticket t
         WHERE t.district_id = %(district)s AND t.closed IS NOT TRUE AND t.active
         LIMIT 10001) q
"""


def manager_queue(registry, runs):
    """A district manager opens the open requests of the district: 80 rows of the list
    view's fields (web_search_read with the pager's count) vs the same rows in raw SQL."""
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        district = env["hotline.district"].search([("code", "=", "1")])
        menv = api.Environment(cr, district.manager_id.id, CTX)
        Ticket = menv["helpdesk.ticket"]
        # the list's "Open" filter on the manager's district
        domain = [("district_id", "=", district.id), ("closed", "=", False)]

        def orm_call(i):
            Ticket.web_search_read(domain, QUEUE_SPEC, limit=80, count_limit=10001)

        def raw(i):
            cr.execute(QUEUE_SQL, {"district": district.id})
            cr.fetchall()
            cr.execute(QUEUE_COUNT_SQL, {"district": district.id})
            cr.fetchall()

        result = Ticket.web_search_read(domain, QUEUE_SPEC, limit=80, count_limit=10001)
        cr.execute(QUEUE_SQL, {"district": district.id})
        same = [r[0] for r in cr.fetchall()] == [r["id"] for r in result["records"]]
        orm, ref = interleaved(cr, orm_call, raw, runs, before=menv.invalidate_all)
    row = _same_rows_row(
        f"district manager queue ({len(result['records'])} of {result['length']} open)",
        orm,
        ref,
        same,
        len(result["records"]),
    )
    row["result_size"] = result["length"]
    return row


# --- citizen's "My requests" -------------------------------------------------------------

# what one would write by hand: the citizen's requests and the ones they follow, as a
# semi-join PostgreSQL answers from the partner and follower indexes
PORTAL_IDS = """
    SELECT id FROM helpdesk_ticket WHERE partner_id = %(partner)s
    UNION
    SELECT res_id FROM mail_followers
     WHERE res_model = 'helpdesk.ticket' AND partner_id = %(partner)s
"""
PORTAL_SQL = f"""
    SELECT t.id, t.number, t.name, t.create_date, t.last_stage_update, t.closed_date,
           t.stage_id, s.name->>'en_US',
           coalesce(pc.name->>'en_US' || ' / ', '') || (c.name->>'en_US'), p.name
      FROM helpdesk_ticket t
      JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
      LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
      LEFT JOIN helpdesk_ticket_category pc ON pc.id = c.parent_id
      LEFT JOIN res_partner p ON p.id = t.partner_id
     WHERE t.active AND t.id IN ({PORTAL_IDS})
     ORDER BY t.create_date DESC, t.id DESC
     LIMIT 80
"""
PORTAL_COUNT_SQL = f"""
    SELECT count(*) FROM helpdesk_ticket t WHERE t.active AND t.id IN ({PORTAL_IDS})
"""


def portal_list(registry, runs):
    """The ORM calls of helpdesk_mgmt's /my/tickets controller as the citizen (access
    check, stage filters, count for the pager, the page of 80, the fields the template
    prints) vs raw SQL for the same rows."""
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        cr.execute(
            "SELECT partner_id FROM helpdesk_ticket WHERE partner_id IS NOT NULL "
            "GROUP BY partner_id ORDER BY abs(count(*) - 12), partner_id LIMIT 1"
        )
        partner = env["res.partner"].browse(cr.fetchone()[0])
        citizen = fixtures.ensure_citizen(env, partner)
        cr.commit()
        penv = api.Environment(cr, citizen.id, CTX)
        Ticket = penv["helpdesk.ticket"]

        def orm_call(i):
            Ticket.has_access("read")
            penv["helpdesk.ticket.stage"].search([]).mapped("name")
            domain = Domain.AND(
                [[], penv["ir.rule"]._compute_domain(Ticket._name, "read")]
            )
            Ticket.search_count(domain)
            tickets = Ticket.search(domain, order="create_date desc", limit=80)
            # what the template prints for each request
            tickets.mapped("stage_id.name")
            tickets.mapped("category_id.complete_name")
            tickets.mapped("partner_id.display_name")
            for t in tickets:
                _row = (
                    t.number,
                    t.name,
                    t.create_date,
                    t.last_stage_update,
                    t.closed_date,
                )
            return tickets

        def raw(i):
            cr.execute(PORTAL_SQL, {"partner": partner.id})
            cr.fetchall()
            cr.execute(PORTAL_COUNT_SQL, {"partner": partner.id})
            cr.fetchall()

        tickets = orm_call(0)
        cr.execute(PORTAL_SQL, {"partner": partner.id})
        same = {r[0] for r in cr.fetchall()} == set(tickets.ids)
        orm, ref = interleaved(cr, orm_call, raw, runs, before=penv.invalidate_all)
    return _same_rows_row(
        f"citizen 'My requests' ({len(tickets)} requests)", orm, ref, same, len(tickets)
    )


# --- jobs that exist only after the merge ------------------------------------------------


def _once(cr, fn):
    """Run `fn` once: its time and queries (a row's "orm"), and the note it returns,
    or the error it raised (reported, not stopping the benchmark)."""
    q0, t0 = cr.sql_log_count, time.perf_counter()
    try:
        note = fn() or ""
    except Exception as exc:  # noqa: BLE001 - report, do not stop the benchmark
        note = f"error: {exc}"
    dt = round((time.perf_counter() - t0) * 1000, 1)
    return {
        "p50_ms": dt,
        "p95_ms": dt,
        "queries": cr.sql_log_count - q0,
        "runs": 1,
    }, note


def _job_row(name, orm, target="", met=None, note=""):
    """A row for a job run once: no reference to compare with."""
    return {
        "name": name,
        "orm": orm,
        "reference": None,
        "ratio": None,
        "target": target,
        "met": met,
        "note": note,
    }


def _run_cron(env, cron):
    """What the scheduler runs for `cron`: its server action."""
    cron.ir_actions_server_id.run()
    env.flush_all()


FOLLOW_UP_REFERRALS = 10_000
# (what the run does, hours since the referrals fell due): the first run marks them
# overdue, logs it on each and reminds each agency once; a run 30 h later, past the 24 h
# escalation delay, escalates each to every supervisor with a to-do
FOLLOW_UP_RUNS = (
    ("mark overdue + remind", 1),
    ("escalate", 30),
)


def referral_followup(registry, count=FOLLOW_UP_REFERRALS):
    """The referral follow-up job as the scheduler runs it (its ir.cron's server action)
    on `count` open referrals spread over the agencies, each agency with a contact desk:
    once an hour after they fell due, once 30 hours after. One row per run; rolled back,
    so the loaded database keeps its referrals as they were."""
    name = "referral follow-up job"
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        if "hotline.referral" not in env:
            return [{"name": name, "note": "n/a (feature not present)"}]
        cron = env.ref(
            "municipal_hotline.ir_cron_referral_follow_up", raise_if_not_found=False
        )
        if not cron:
            return [{"name": name, "note": "n/a (no follow-up cron)"}]
        ids = load.open_referrals(env, count)
        Partner = env["res.partner"]
        agencies = Partner.search([("hotline_agency_type", "!=", False)])
        Partner.create(
            [
                {"name": "Desk", "parent_id": a.id, "email": f"desk{a.id}@example.com"}
                for a in agencies
                if not a.child_ids
            ]
        )
        env.flush_all()
        rows = []
        for label, hours in FOLLOW_UP_RUNS:
            due = fields.Datetime.now() - timedelta(hours=hours)
            cr.execute(
                "UPDATE hotline_referral SET date_sent = %s, date_due = %s"
                " WHERE id = ANY(%s)",
                [due - timedelta(hours=4), due, ids],
            )
            env.invalidate_all()
            orm, note = _once(cr, lambda: _run_cron(env, cron))
            rows.append(
                _job_row(
                    f"{name}, {label} ({len(ids):,} late referrals)",
                    orm,
                    target="no per-referral queries",
                    met=orm["queries"] < max(50, len(ids) / 100) and not note,
                    note=note,
                )
            )
        escalated = env["hotline.referral"].search_count(
            [
                ("id", "in", ids),
                ("is_overdue", "=", True),
                ("date_escalated", "!=", False),
            ]
        )
        if escalated != len(ids):
            rows[-1]["note"] += f" only {escalated} of {len(ids)} escalated"
            rows[-1]["met"] = False
        cr.rollback()  # keep the loaded referrals for the next run
    return rows


def monthly_workbook(registry):
    """The workbook of last month, as the monthly job renders it (as the superuser)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        if "hotline.report.workbook" not in env:
            return {"name": "monthly workbook", "note": "n/a (feature not present)"}
        Workbook = env["hotline.report.workbook"]
        date_from, date_to = Workbook._last_month()
        orm, note = _once(
            cr, lambda: f"{len(Workbook._render(date_from, date_to)) // 1024} KiB"
        )
        cr.rollback()
    return _job_row(f"monthly workbook ({date_from} to {date_to})", orm, note=note)


# --- duplicate look-up (issue 18) ----------------------------------------------------------

DUPLICATE_RUNS = 1000
DUPLICATE_REFERENCE_RUNS = 10


def duplicate_lookup(registry, runs=DUPLICATE_RUNS):
    """The duplicate look-up that runs on every save: `runs` random points (half near an
    open request, half anywhere in the loaded city), random categories with a duplicate
    rule, through the ORM method the form's proposal uses (partial GiST index on
    ll_to_earth). Reference: the same query with index scans off (a sequential scan of
    the table), a few runs. Also writes the EXPLAIN of one look-up."""
    rng = random.Random(137)
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        Ticket = env["helpdesk.ticket"]
        if not Ticket._hotline_has_earthdistance():
            return _job_row("duplicate look-up", None, note="earthdistance missing")
        cr.execute(
            """SELECT category_id, latitude, longitude FROM helpdesk_ticket
                WHERE closed IS NOT TRUE AND latitude IS NOT NULL
                  AND category_id IS NOT NULL
                ORDER BY random() LIMIT %s""",
            [runs],
        )
        seeds = cr.fetchall()
        cr.execute(
            "SELECT min(latitude), max(latitude), min(longitude), max(longitude), "
            "count(*) FILTER (WHERE closed IS NOT TRUE), count(*) FROM helpdesk_ticket"
        )
        lat0, lat1, lon0, lon1, open_count, total = cr.fetchone()
        categories = env["helpdesk.ticket.category"].browse({s[0] for s in seeds})
        rules = {c.id: c._hotline_duplicate_rule() for c in categories}
        ruled = [c for c, (radius, _d) in rules.items() if radius]
        company = env.company.id
        now = fields.Datetime.now()
        cases = []
        for i in range(runs):
            if i % 2 and seeds:
                category, lat, lon = seeds[i % len(seeds)]
                lat += rng.uniform(-0.0003, 0.0003)
                lon += rng.uniform(-0.0003, 0.0003)
            else:
                category = rng.choice(ruled)
                lat, lon = rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)
            radius, days = rules.get(category) or (100, 30)
            cases.append(
                (lat, lon, radius or 100, category, now - timedelta(days=days))
            )

        def lookup(case):
            return Ticket._hotline_duplicate_query(*case[:4], case[4], company)

        times, queries, found = [], [], []
        for case in cases[:20]:  # warm-up
            lookup(case)
        for case in cases:
            q0 = cr.sql_log_count
            t0 = time.perf_counter()
            ids = lookup(case)
            times.append((time.perf_counter() - t0) * 1000)
            queries.append(cr.sql_log_count - q0)
            found.append(len(ids))
        ref_times = []
        cr.execute("SET LOCAL enable_indexscan = off")
        cr.execute("SET LOCAL enable_bitmapscan = off")
        for case in cases[:DUPLICATE_REFERENCE_RUNS]:
            t0 = time.perf_counter()
            lookup(case)
            ref_times.append((time.perf_counter() - t0) * 1000)
        cr.execute("RESET enable_indexscan")
        cr.execute("RESET enable_bitmapscan")
        lat, lon, radius, category, since = cases[1]
        cr.execute(
            SQL(
                "EXPLAIN (ANALYZE, BUFFERS) %s",
                Ticket._hotline_duplicate_sql(
                    lat, lon, radius, category, since, company, 0, 10
                ),
            )
        )
        explain = "\n".join(row[0] for row in cr.fetchall())
        cr.rollback()
    orm = _summary(times, queries)
    orm["proposals_avg"] = round(statistics.mean(found), 2)
    ref = _summary(ref_times, [])
    row = _row(
        f"duplicate look-up ({total:,} requests, {open_count:,} open, {runs} points)",
        orm,
        ref,
        "p95 <= 20 ms",
        "same query, index scans off",
    )
    row["met"] = orm["p95_ms"] <= 20
    row["explain"] = explain
    return row
