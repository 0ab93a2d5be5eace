"""The operations people wait on, each timed against a reference in the same run.

ORM and reference runs are interleaved (A, B, A, B, ...) so a noisy neighbour on a shared
machine slows both sides alike. Each ORM run starts as a new web request does: an empty
record cache, then the user read by the framework (registry caches, e.g. record rules,
stay warm as in a running server). The list reads take their columns and filters from
the views and actions the users open.
"""

import contextlib
import random
import statistics
import time
import uuid
from datetime import timedelta

from lxml import etree

from odoo import api, fields
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from . import fixtures, load, peer

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


def interleaved(cr, subject, reference, runs, warmup=2, before=None, ref_cr=None):
    """Time two callables alternately; returns (subject summary, reference summary).
    ``ref_cr``: the reference's cursor when it runs on another database (the peer)."""
    res = {"a": ([], []), "b": ([], [])}
    for i in range(warmup + runs):
        for key, fn in (("a", subject), ("b", reference)):
            if before:
                before()
            counted = ref_cr if key == "b" and ref_cr is not None else cr
            q0 = counted.sql_log_count
            t0 = time.perf_counter()
            fn(i)
            dt = (time.perf_counter() - t0) * 1000
            dq = counted.sql_log_count - q0
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


def new_request(env):
    """What each timed run starts from, as a web request does: an empty record cache,
    then the user read by the framework (session check, language, time zone) before
    the controller or RPC method runs."""

    def before():
        env.invalidate_all()
        env.user.fetch()

    return before


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


def operator_save(registry, runs, peer_registry=None):
    """An operator saves a new request (web_save, tracking, commit) vs the peer: a
    helpdesk user's web_save of a bare ticket in the peer database (only helpdesk_mgmt
    installed, the same requests loaded), same form read-back, same partner, category
    and team names. Without a peer database, the bare ticket on this database."""
    created, peer_created = [], []
    with contextlib.ExitStack() as stack:
        cr = stack.enter_context(registry.cursor())
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
        if peer_registry:
            pcr = stack.enter_context(peer_registry.cursor())
            penv = api.Environment(pcr, 1, CTX)
            peer_user = penv["res.users"].search([("login", "=", peer.PEER_LOGIN)])
            peer_env = api.Environment(pcr, peer_user.id, CTX)
            pcr.execute("SELECT coalesce(max(id), 0) FROM res_partner")
            names = {
                "category": category.with_context(lang="en_US").name,
                "team": district.team_id.name,
                "channel": phone.with_context(lang="en_US").name,
            }
            peer_ids = {
                key: penv[model].search([("name", "=", names[key])], limit=1).id
                for key, model in (
                    ("category", "helpdesk.ticket.category"),
                    ("team", "helpdesk.ticket.team"),
                    ("channel", "helpdesk.ticket.channel"),
                )
            }
            pcr.execute(
                "SELECT partner_id FROM helpdesk_ticket WHERE partner_id IS NOT NULL "
                "GROUP BY partner_id HAVING count(*) BETWEEN 3 AND 6 LIMIT %s",
                [runs + 5],
            )
            peer_partners = [r[0] for r in pcr.fetchall()] or [False]
        else:
            pcr, peer_env = cr, op_env
            peer_ids = {
                "category": category.id,
                "team": district.team_id.id,
                "channel": phone.id,
            }
            peer_partners = partners

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

        def bare(i):
            rec = peer_env["helpdesk.ticket"].web_save(
                {
                    "name": "Missed waste collection",
                    "description": "<p>Bins not emptied for three days.</p>",
                    "partner_id": peer_partners[i % len(peer_partners)],
                    "category_id": peer_ids["category"],
                    "team_id": peer_ids["team"],
                    "channel_id": peer_ids["channel"],
                },
                SAVE_SPEC,
            )
            pcr.commit()
            peer_created.append(rec[0]["id"])

        def before():
            op_env.invalidate_all()
            peer_env.invalidate_all()

        orm, ref = interleaved(
            cr,
            hotline,
            bare,
            runs,
            before=before,
            ref_cr=pcr if peer_registry else None,
        )
        # leave the loaded databases as they were for the next run
        env["helpdesk.ticket"].browse(created).unlink()
        cr.commit()
        peer_env["helpdesk.ticket"].sudo().browse(peer_created).unlink()
        pcr.commit()
    row = _row(
        "operator save (web_save + tracking + commit)",
        orm,
        ref,
        "<= 1.3x peer, <= 40 queries",
        "peer DB (helpdesk_mgmt only), bare create"
        if peer_registry
        else "bare helpdesk_mgmt create, same DB",
    )
    row["reference_queries"] = ref["queries"]
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

# the columns of the requests' list view the raw SQL below reads; the benchmark takes the
# web client's request from the view itself (list_spec) and refuses a mismatch
QUEUE_COLUMNS = {
    "priority",
    "sequence",
    "number",
    "name",
    "is_overdue",
    "request_kind",
    "district_id",
    "channel_id",
    "jurisdiction",
    "caller_phone",
    "partner_name",
    "user_id",
    "category_id",
    "unattended",
    "closed",
    "create_date",
    "last_stage_update",
    "date_deadline",
    "stage_id",
}
QUEUE_SQL = """
    SELECT t.id, t.priority, t.sequence, t.number, t.name,
           (t.date_deadline < now() at time zone 'UTC') AS overdue, t.request_kind,
           t.district_id, d.name->>'en_US', t.channel_id, ch.name, t.jurisdiction,
           t.caller_phone, t.partner_name, t.user_id, up.name, t.category_id,
           c.name->>'en_US', t.unattended, s.closed, t.create_date,
           t.last_stage_update, t.date_deadline, t.stage_id, s.name->>'en_US'
      FROM helpdesk_ticket t
      JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
      LEFT JOIN res_users u ON u.id = t.user_id
      LEFT JOIN res_partner up ON up.id = u.partner_id
      LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
      LEFT JOIN hotline_district d ON d.id = t.district_id
      LEFT JOIN helpdesk_ticket_channel ch ON ch.id = t.channel_id
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


def list_spec(Model):
    """What the web client asks for the model's default list view: every field column
    (hidden optional ones too, the web client fetches them), a linked record's name."""
    arch = Model.get_views([(False, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iterchildren("field"):
        field = Model._fields[node.get("name")]
        spec[field.name] = {"fields": {"display_name": {}}} if field.relational else {}
    return spec


def search_filters_domain(Model, action_xmlid):
    """The domain of the filters an action turns on (its search_default_* context),
    as its search view defines them."""
    action = Model.env.ref(action_xmlid).sudo()
    context = safe_eval(action.context or "{}", {"uid": Model.env.uid})
    view_id = action.search_view_id.id
    arch = Model.get_views([(view_id, "search")])["views"]["search"]["arch"]
    root = etree.fromstring(arch)
    domain = Domain.TRUE
    for key in context:
        if key.startswith("search_default_"):
            node = root.find(f".//filter[@name='{key[len('search_default_') :]}']")
            domain &= Domain(safe_eval(node.get("domain"), {"uid": Model.env.uid}))
    return domain


def manager_queue(registry, runs):
    """A district manager opens "My District's Requests" after login: the web client's
    call for the list view's columns (web_search_read, 80 rows and the pager's count)
    under the action's filters (My District, Open) vs the same rows in raw SQL."""
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        district = env["hotline.district"].search([("code", "=", "1")])
        menv = api.Environment(cr, district.manager_id.id, CTX)
        Ticket = menv["helpdesk.ticket"]
        spec = list_spec(Ticket)
        domain = search_filters_domain(
            Ticket, "municipal_hotline.helpdesk_ticket_action_my_district"
        )

        def orm_call(i):
            Ticket.web_search_read(domain, spec, limit=80, count_limit=10001)

        def raw(i):
            cr.execute(QUEUE_SQL, {"district": district.id})
            cr.fetchall()
            cr.execute(QUEUE_COUNT_SQL, {"district": district.id})
            cr.fetchall()

        result = Ticket.web_search_read(domain, spec, limit=80, count_limit=10001)
        cr.execute(QUEUE_SQL, {"district": district.id})
        same = [r[0] for r in cr.fetchall()] == [r["id"] for r in result["records"]]
        orm, ref = interleaved(cr, orm_call, raw, runs, before=new_request(menv))
    row = _same_rows_row(
        f"district manager queue ({len(result['records'])} of {result['length']} open)",
        orm,
        ref,
        same and set(spec) == QUEUE_COLUMNS,
        len(result["records"]),
    )
    if set(spec) != QUEUE_COLUMNS:
        row["note"] = (
            "the list view's columns differ from the raw SQL's: "
            f"{sorted(set(spec) ^ QUEUE_COLUMNS)}"
        )
    row["result_size"] = result["length"]
    return row


# --- citizen's "My requests" -------------------------------------------------------------

# what one would write by hand for the citizen's own requests (the hotline's
# /my/requests: partner_id = the citizen, whatever else the rules let them read)
PORTAL_SQL = """
    SELECT t.id, t.number, t.name, t.create_date, t.closed, t.closed_date,
           t.date_deadline, c.name->>'en_US'
      FROM helpdesk_ticket t
      LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
     WHERE t.active AND t.partner_id = %(partner)s
     ORDER BY t.create_date DESC, t.id DESC
     LIMIT 80
"""
PORTAL_COUNT_SQL = """
    SELECT count(*) FROM helpdesk_ticket t WHERE t.active AND t.partner_id = %(partner)s
"""


def portal_list(registry, runs):
    """The ORM calls of the hotline's /my/requests (helpdesk_mgmt's /my/tickets
    redirects there) as the citizen: access check, the page of 80 with its count for the
    pager (helpdesk.ticket._hotline_citizen_page, as the controller calls it), the fields
    the template prints vs raw SQL for the same rows and count."""
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
            # the controller's own calls: the access check, then one page (and its
            # count) from the model method /my/requests uses
            Ticket.has_access("read")
            _count, tickets = Ticket._hotline_citizen_page(
                [], "create_date desc, id desc", 80
            )
            # what the template prints for each request
            for t in tickets:
                _row = (
                    t.number,
                    t.name,
                    t.create_date,
                    t.closed,
                    t.closed_date,
                    t.date_deadline,
                    t.is_overdue,
                    t.category_id.name,
                )
            return tickets

        def raw(i):
            cr.execute(PORTAL_SQL, {"partner": partner.id})
            cr.fetchall()
            cr.execute(PORTAL_COUNT_SQL, {"partner": partner.id})
            cr.fetchall()

        tickets = orm_call(0)
        cr.execute(PORTAL_SQL, {"partner": partner.id})
        same = [r[0] for r in cr.fetchall()] == tickets.ids
        orm, ref = interleaved(cr, orm_call, raw, runs, before=new_request(penv))
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


def referral_followups(registry, counts=(1_000, FOLLOW_UP_REFERRALS)):
    """The job on 1,000 then 10,000 late referrals: met when each run costs no more
    queries on 10,000 than on 1,000 (no query per referral)."""
    referral_followup(registry, 10)  # warm-up: templates and caches, not reported
    runs = [referral_followup(registry, count) for count in counts]
    rows = [row for result in runs for row in result]
    if all("orm" in row for row in rows):
        for same_step in zip(*runs, strict=True):
            queries = [row["orm"]["queries"] for row in same_step]
            for row in same_step:
                row["target"] = "no more queries for 10,000 than for 1,000 referrals"
                row["met"] = queries[-1] <= queries[0] and not row.get("note")
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


# --- the management analyses on the roll-up (issue 19) ------------------------------------


# the figures of the analyses in plain SQL over the base tables (helpdesk_ticket ``t``, its
# stage ``s``, category ``c`` and per-request staff-rating average ``sv``): the
# reference each roll-up read is compared with
def _base_measures():
    from odoo.addons.municipal_hotline.report.hotline_report_analysis import (
        hours_sql,
        on_time_sql,
        ticket_closed_at_sql,
    )

    closed_at = ticket_closed_at_sql("t", "s")
    return {
        "__count": SQL("count(*)"),
        "ticket_count": SQL("count(*)"),
        "answered_count": SQL("count(t.date_first_response)"),
        "closed_count": SQL("count(*) FILTER (WHERE s.closed)"),
        "on_time_rate": SQL(
            "avg(%s)",
            on_time_sql(
                SQL("t.date_deadline"), closed_at, SQL("NOT COALESCE(s.closed, FALSE)")
            ),
        ),
        "hours_to_first_response": SQL(
            "avg(%s)", hours_sql(SQL("t.create_date"), SQL("t.date_first_response"))
        ),
        "hours_to_resolution": SQL(
            "avg(%s)", hours_sql(SQL("t.create_date"), closed_at)
        ),
        "reopened_rate": SQL(
            "avg(CASE WHEN t.reopen_count > 0 THEN 100.0 ELSE 0.0 END)"
        ),
        "repeat_count": SQL("count(*) FILTER (WHERE t.is_repeat_contact)"),
        "unrelated_count": SQL("count(*) FILTER (WHERE t.jurisdiction = 'none')"),
        "out_of_jurisdiction_rate": SQL(
            "avg(CASE WHEN t.jurisdiction IN ('agency', 'none') THEN 100.0 ELSE 0.0 END)"
        ),
        "satisfaction": SQL("avg(sv.score)"),
        "escalated_count": SQL("count(*) FILTER (WHERE t.is_escalated_to_mayor)"),
    }


BASE_GROUPBY = {
    "district_id": "t.district_id",
    "jalali_month": "t.jalali_month",
    "request_kind": "t.request_kind",
    "channel_id": "t.channel_id",
    "top_category_id": "NULLIF(split_part(c.parent_path, '/', 1), '')::int",
}


def _base_sql(grouping_sets, measures, where, companies):
    """One plain GROUP BY GROUPING SETS over the base tables for ``measures``, joining
    the category or the staff ratings only when a figure or group needs them."""
    base = _base_measures()
    names = sorted({g for gs in grouping_sets for g in gs})
    keys = [SQL(f"{BASE_GROUPBY[n]} AS {n}") for n in names]
    grouping = (
        SQL("GROUPING(%s),", SQL(", ").join(SQL(BASE_GROUPBY[n]) for n in names))
        if names
        else SQL("0,")
    )
    sets = SQL(", ").join(
        SQL("(%s)", SQL(", ").join(SQL(BASE_GROUPBY[n]) for n in gs))
        if gs
        else SQL("()")
        for gs in grouping_sets
    )
    joins = SQL()
    if "top_category_id" in names:
        joins = SQL("LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id")
    if "satisfaction" in measures:
        from odoo.addons.municipal_hotline.report.hotline_report_analysis import (
            rating_answer_sql,
            rating_score_sql,
        )

        joins = SQL(
            """%s LEFT JOIN (
                SELECT a.hotline_ticket_id, AVG(%s) AS score FROM survey_user_input a
                 WHERE a.hotline_ticket_id IS NOT NULL AND %s AND %s IS NOT NULL
                 GROUP BY a.hotline_ticket_id) sv ON sv.hotline_ticket_id = t.id""",
            joins,
            rating_score_sql("a"),
            rating_answer_sql("a"),
            rating_score_sql("a"),
        )
    return SQL(
        """SELECT %(grouping)s %(keys)s %(measures)s
             FROM helpdesk_ticket t
             LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id %(joins)s
            WHERE t.active IS NOT FALSE AND t.company_id = ANY(%(companies)s) AND %(where)s
            GROUP BY GROUPING SETS (%(sets)s)""",
        grouping=grouping,
        keys=SQL("%s,", SQL(", ").join(keys)) if keys else SQL(),
        measures=SQL(", ").join(base[m] for m in measures),
        joins=joins,
        where=where,
        companies=companies,
        sets=sets,
    )


def _same_groups(orm_sets, sql_rows, grouping_sets, measures):
    """Every group of every grouping set has the same figures (to 1e-6); the SQL rows
    start with GROUPING() of the group-by columns (sorted by name), then those columns."""
    names = sorted({g for gs in grouping_sets for g in gs})
    expected = {}
    for row in sql_rows:
        expected[tuple(row[: len(names) + 1])] = row[len(names) + 1 :]
    got = {}
    for gs, groups in zip(grouping_sets, orm_sets, strict=True):
        mask = sum(
            1 << (len(names) - 1 - i) for i, n in enumerate(names) if n not in gs
        )
        for group in groups:
            values = dict(zip(gs, group[: len(gs)], strict=True))
            key = [mask]
            for n in names:
                v = values.get(n)
                v = v.id if hasattr(v, "_name") else v
                key.append(v if v not in (False, "") else None)
            got[tuple(key)] = group[len(gs) :]
    if set(got) != set(expected):
        return False
    for key, figures in expected.items():
        for a, b in zip(got[key], figures, strict=True):
            if (a is None or a is False) != (b is None):
                return False
            if b is not None and abs(float(a) - float(b)) > 1e-6:
                return False
    return True


def _rollup_row(name, orm, ref, same, target=0.25):
    label = "plain GROUP BY on helpdesk_ticket" + ("" if same else " (FIGURES DIFFER)")
    row = _row(name, orm, ref, f"<= {target}x base GROUP BY, same figures", label)
    row["met"] = bool(row["ratio"] and row["ratio"] <= target and same)
    return row


def _time_rollup(registry, runs, user_login, calls, sql, grouping_sets, measures):
    """``calls(env)``: the ORM reads on the roll-up (a list of grouping-set results)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        if "hotline.ticket.rollup" not in env:
            return None
        env["hotline.ticket.rollup"]._cron_rollup_deadlines()
        user = env["res.users"].search([("login", "=", user_login)])
        uenv = api.Environment(cr, user.id, CTX)
        query = sql(uenv)
        result = calls(uenv)
        cr.execute(query)
        same = _same_groups(result, cr.fetchall(), grouping_sets, measures)

        def raw(i):
            cr.execute(query)
            cr.fetchall()

        orm, ref = interleaved(
            cr, lambda i: calls(uenv), raw, runs, before=uenv.invalidate_all
        )
        cr.rollback()
    return orm, ref, same


def rollup_pivot(registry, runs):
    """The director's pivot on the roll-up: district x Jalali month, the whole history,
    count, on-time rate and resolution hours, rows, columns and totals (the pivot
    view's formatted_read_grouping_sets) vs the plain GROUP BY of the same figures."""
    sets = [["district_id", "jalali_month"], ["district_id"], ["jalali_month"], []]
    measures = ["ticket_count", "on_time_rate", "hours_to_resolution"]
    aggregates = ["ticket_count:sum", "on_time_rate:avg", "hours_to_resolution:avg"]

    def calls(env):
        return env["hotline.ticket.rollup"]._read_grouping_sets([], sets, aggregates)

    def sql(env):
        return _base_sql(sets, measures, SQL("TRUE"), env.user.company_ids.ids)

    timed = _time_rollup(registry, runs, "bench_supervisor", calls, sql, sets, measures)
    if not timed:
        return None
    return _rollup_row(
        "management pivot on the roll-up (district x Jalali month)", *timed
    )


DASHBOARD_MEASURES = [
    "ticket_count",
    "on_time_rate",
    "hours_to_first_response",
    "hours_to_resolution",
    "reopened_rate",
    "repeat_count",
    "unrelated_count",
    "satisfaction",
    "escalated_count",
]


def _aggregate(name):
    return f"{name}:sum" if name.endswith("_count") else f"{name}:avg"


def rollup_dashboard(registry, runs):
    """The director's dashboard pivots (per district, per main category, the headline
    figures, per Jalali month of this year) on the whole history, every figure, vs the
    plain GROUP BY of the same figures."""
    sets = [["district_id"], ["top_category_id"], [], ["jalali_month"]]
    aggregates = [_aggregate(m) for m in DASHBOARD_MEASURES]

    def calls(env):
        return env["hotline.ticket.rollup"]._read_grouping_sets([], sets, aggregates)

    def sql(env):
        return _base_sql(
            sets, DASHBOARD_MEASURES, SQL("TRUE"), env.user.company_ids.ids
        )

    timed = _time_rollup(
        registry, runs, "bench_supervisor", calls, sql, sets, DASHBOARD_MEASURES
    )
    if not timed:
        return None
    return _rollup_row("director's dashboard pivots on the roll-up (9 figures)", *timed)


def rollup_workbook(registry, runs):
    """The workbook's request figures for a Jalali quarter (summary, districts, main
    categories, kinds, channels: ``_report_rows`` on the roll-up) vs the plain GROUP BY
    of the same figures; the whole xlsx is the 'monthly workbook' row."""
    sets = [[], ["district_id"], ["top_category_id"], ["request_kind"], ["channel_id"]]
    columns_measures = [
        "ticket_count",
        "answered_count",
        "closed_count",
        "on_time_rate",
        "hours_to_first_response",
        "hours_to_resolution",
        "reopened_rate",
        "repeat_count",
        "unrelated_count",
        "out_of_jurisdiction_rate",
        "satisfaction",
        "escalated_count",
    ]
    aggregates = [_aggregate(m) for m in columns_measures]
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        if "hotline.ticket.rollup" not in env:
            return None
        date_to = env["hotline.ticket.rollup"]._city_today()
        date_from = date_to - timedelta(days=90)

    def calls(env):
        Rollup = env["hotline.ticket.rollup"]
        domain = Rollup._period_domain(date_from, date_to)
        return Rollup._read_grouping_sets(domain, sets, aggregates)

    def sql(env):
        start, stop = env["hotline.ticket.rollup"]._period_bounds(date_from, date_to)
        where = SQL("t.create_date >= %s AND t.create_date < %s", start, stop)
        return _base_sql(sets, columns_measures, where, env.user.company_ids.ids)

    timed = _time_rollup(
        registry, runs, "bench_supervisor", calls, sql, sets, columns_measures
    )
    if not timed:
        return None
    return _rollup_row(
        f"workbook figures on the roll-up ({date_from} to {date_to}, 12 figures x 5 sheets)",
        *timed,
    )


PG_SETTINGS = (
    "server_version",
    "jit",
    "work_mem",
    "shared_buffers",
    "effective_cache_size",
    "max_parallel_workers_per_gather",
    "max_parallel_workers",
    "random_page_cost",
    "autovacuum",
    "autovacuum_vacuum_scale_factor",
    "autovacuum_analyze_scale_factor",
    "default_statistics_target",
)


def pg_settings(registry):
    """The PostgreSQL settings the figures were measured with."""
    with registry.cursor() as cr:
        values = {}
        for name in PG_SETTINGS:
            cr.execute(SQL("SELECT current_setting(%s)", name))
            values[name] = cr.fetchone()[0]
    return values


SMS_NOTICE_RECIPIENTS = 10_000


def sms_notice(registry, count=SMS_NOTICE_RECIPIENTS):
    """A city-wide notice by SMS (issue 15): `count` citizens with a mobile (made for
    the run when the load has fewer), the messages and their trackers queued through
    the hotline's set-based notice (sms.sms._hotline_queue_notice), log-only gateway.
    Rolled back."""
    name = f"SMS city-wide notice ({count:,} citizens)"
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, CTX)
        Sms = env["sms.sms"]
        if not hasattr(Sms, "_hotline_queue_notice"):
            return [{"name": name, "note": "n/a (feature not present)"}]
        env.company.hotline_sms_gateway = "log"
        partners = env["res.partner"].create(
            [
                {"name": f"Notice citizen {i}", "phone": f"0912{i:07d}"}
                for i in range(count)
            ]
        )
        env.flush_all()
        env.invalidate_all()
        queued = []
        orm, note = _once(
            cr,
            lambda: (
                queued.append(
                    Sms._hotline_queue_notice(partners, "اطلاعیه شهرداری", "bench")
                )
                or env.flush_all()
            ),
        )
        cr.rollback()
        return [
            _job_row(
                f"{name}: {queued[0] if queued else 0:,} queued",
                orm,
                target="bounded queries, minutes at most",
                met=bool(queued) and orm["queries"] < 30 and orm["p50_ms"] < 300_000,
                note=note,
            )
        ]


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
