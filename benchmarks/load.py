"""Bulk SQL loader: a city's two years of hotline requests in a few INSERT ... SELECT.

The ORM is not what is measured here, so tickets, callers, chatter, followers and survey
answers are written with set-based SQL over generate_series(). Every stored computed field
(caller_phone_key, jurisdiction, agency_id, date_deadline, unattended,
commercial_partner_id) is written with the value its compute method gives; check()
recomputes a sample through the ORM to prove it.
"""

import time

from . import fixtures

DAYS = 730  # two years of requests

# relative frequency of the seed categories (by xml id); others get 1
CATEGORY_WEIGHTS = {
    "category_waste_collection": 14,
    "category_waste_street_cleaning": 6,
    "category_waste_bins": 3,
    "category_waste_debris": 3,
    "category_streets_pothole": 9,
    "category_streets_sidewalk": 4,
    "category_streets_excavation": 3,
    "category_lighting_out": 8,
    "category_lighting_pole": 2,
    "category_green_trees": 4,
    "category_green_irrigation": 2,
    "category_traffic_bus": 4,
    "category_traffic_taxi": 3,
    "category_traffic_signs": 2,
    "category_building_unpermitted": 4,
    "category_stray_animals": 3,
    "category_water_leak": 6,
    "category_sewage_overflow": 3,
    "category_power_cut": 5,
    "category_gas": 1,
    "category_police_noise": 3,
    "category_other_none": 4,
}
KINDS = [
    ("request", 58),
    ("complaint", 20),
    ("inquiry", 9),
    ("suggestion", 5),
    ("criticism", 3),
    ("appreciation", 3),
    ("expert_opinion", 2),
]
CHANNELS = [
    ("helpdesk_mgmt.helpdesk_ticket_channel_phone", 70),
    ("helpdesk_mgmt.helpdesk_ticket_channel_web", 15),
    ("municipal_hotline.helpdesk_ticket_channel_in_person", 5),
    ("municipal_hotline.helpdesk_ticket_channel_public_meeting", 4),
    ("helpdesk_mgmt.helpdesk_ticket_channel_email", 3),
    ("municipal_hotline.helpdesk_ticket_channel_api", 3),
]
FIRST_NAMES = [
    "علی",
    "محمد",
    "زهرا",
    "فاطمه",
    "حسین",
    "مریم",
    "رضا",
    "سارا",
    "مهدی",
    "نرگس",
]
LAST_NAMES = ["احمدی", "کریمی", "رحیمی", "محمدی", "حسینی", "کرمانشاهی", "نظری", "یوسفی"]


def _slots(cr, name, rows, columns):
    """A temp table of `slot` -> values, each row repeated by its weight (weighted draw)."""
    cr.execute(f"DROP TABLE IF EXISTS {name}")
    cr.execute(f"CREATE TEMP TABLE {name} (slot int PRIMARY KEY, {columns})")
    slot = 0
    values = []
    for weight, *vals in rows:
        for _ in range(max(1, round(weight))):
            values.append((slot, *vals))
            slot += 1
    placeholders = ",".join(["%s"] * (len(values[0])))
    cr.executemany(f"INSERT INTO {name} VALUES ({placeholders})", values)
    return slot


def _step(log, label, cr, query, params=None):
    t0 = time.perf_counter()
    cr.execute(query, params or {})
    log(f"  {label}: {cr.rowcount} rows in {time.perf_counter() - t0:.1f}s")


def load(env, size, log=print):
    cr = env.cr
    t_start = time.perf_counter()
    staff = fixtures.ensure_staff(env)
    env.flush_all()
    # the request roll-up is rebuilt once at the end instead of by its triggers
    rollup = env.get("hotline.ticket.rollup")
    if rollup is not None:
        rollup._rollup_triggers(False)
    ref = env.ref
    cr.execute("SELECT setseed(0.137)")

    # weighted draws: districts, categories (with what their computes copy), kinds, ...
    n_dist = _slots(
        cr,
        "bench_dist",
        [
            (share * 100, d.id, d.team_id.id, i, d.name)
            for i, (d, share) in enumerate(staff["districts"])
        ],
        "district_id int, team_id int, idx int, dname text",
    )
    categories = env["helpdesk.ticket.category"].search([])
    categories -= categories.parent_id  # requests are filed on the leaves of the tree
    xmlids = categories.get_external_id()
    n_cat = _slots(
        cr,
        "bench_cat",
        [
            (
                CATEGORY_WEIGHTS.get(xmlids[c.id].split(".")[-1], 1),
                c.id,
                c.resolution_hours or 0,
                c.jurisdiction or "municipal",
                c.agency_id.id or None,
                c.with_context(lang="en_US").name,
                c.is_emergency,
            )
            for c in categories
        ],
        "cat_id int, hours int, jurisdiction text, agency_id int, cname text, emergency bool",
    )
    n_kind = _slots(cr, "bench_kind", [(w, k) for k, w in KINDS], "kind text")
    n_chan = _slots(
        cr,
        "bench_chan",
        [(w, ref(x).id) for x, w in CHANNELS],
        "channel_id int",
    )
    n_op = _slots(
        cr,
        "bench_op",
        [(1, u.id, u.partner_id.id) for u in staff["operators"]],
        "user_id int, partner_id int",
    )
    _slots(
        cr,
        "bench_expert",
        [(1, u.id) for u in staff["experts"]],
        "user_id int",
    )
    stage = {
        key: ref(xmlid).id
        for key, xmlid in {
            "new": "helpdesk_mgmt.helpdesk_ticket_stage_new",
            "review": "municipal_hotline.helpdesk_ticket_stage_review",
            "progress": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
            "referred": "municipal_hotline.helpdesk_ticket_stage_referred",
            "resolved": "municipal_hotline.helpdesk_ticket_stage_resolved",
            "closed": "municipal_hotline.helpdesk_ticket_stage_closed",
            "informed": "municipal_hotline.helpdesk_ticket_stage_informed",
            "cancelled": "helpdesk_mgmt.helpdesk_ticket_stage_cancelled",
        }.items()
    }
    callers = max(size // 3, 10)
    partners = callers // 2
    params = {
        "n": size,
        "days": DAYS,
        "callers": callers,
        "partners": partners,
        "n_dist": n_dist,
        "n_cat": n_cat,
        "n_kind": n_kind,
        "n_chan": n_chan,
        "n_op": n_op,
        "experts_per_district": fixtures.EXPERTS_PER_DISTRICT,
        "web": ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
        "company": env.company.id,
        **{f"s_{k}": v for k, v in stage.items()},
    }
    log(f"loading {size} tickets ({callers} callers, {partners} with a contact)")

    # callers with a contact card: ids reserved first so tickets can point to them
    _step(
        log,
        "caller contacts",
        cr,
        """
        DROP TABLE IF EXISTS bench_partner;
        CREATE TEMP TABLE bench_partner AS
            SELECT g AS caller, nextval('res_partner_id_seq')::int AS partner_id
              FROM generate_series(0, %(partners)s - 1) g;
        INSERT INTO res_partner (id, name, complete_name, phone, email, type, active,
                                 is_company, partner_share, commercial_partner_id,
                                 ref, create_date, write_date, create_uid, write_uid)
        SELECT p.partner_id, nm, nm, '0' || (9120000000 + p.caller)::text,
               CASE WHEN p.caller %% 4 = 0 THEN 'caller' || p.caller || '@example.ir' END,
               'contact', true, false, true, p.partner_id, 'bench-caller-' || p.caller,
               now() - interval '%(days)s days', now(), 1, 1
          FROM bench_partner p,
               LATERAL (SELECT (%(first)s::text[])[1 + p.caller %% 10] || ' '
                               || (%(last)s::text[])[1 + (p.caller / 10) %% 8] AS nm) names
        """,
        {**params, "first": FIRST_NAMES, "last": LAST_NAMES},
    )

    _step(
        log,
        "tickets",
        cr,
        """
        INSERT INTO helpdesk_ticket (
            id, number, name, description, company_id, team_id, district_id, category_id,
            jurisdiction, agency_id, request_kind, channel_id, priority, kanban_state,
            sequence, active, color, stage_id, unattended, closed, user_id, assigned_date,
            partner_id, commercial_partner_id, partner_name, partner_email,
            caller_phone, caller_phone_key, is_anonymous, address, latitude, longitude,
            create_date, write_date, create_uid, write_uid, last_stage_update,
            date_deadline, closed_date, date_first_response, reopen_count,
            is_escalated_to_mayor)
        WITH src AS MATERIALIZED (
            SELECT g AS n,
                   (now() at time zone 'UTC') - interval '%(days)s days'
                     + (g::float8 / %(n)s) * interval '%(days)s days'
                     - random() * interval '2 hours' AS cdate,
                   random() AS r_dist, random() AS r_cat, random() AS r_kind,
                   random() AS r_chan, random() AS r_stage, random() AS r_res,
                   random() AS r_caller, random() AS r_anon, random() AS r_reopen,
                   random() AS r_prio, random() AS r_resp, random() AS r_op
              FROM generate_series(1, %(n)s) g
        ), t AS MATERIALIZED (
            SELECT s.*, d.district_id, d.team_id, d.idx AS didx, d.dname,
                   c.cat_id, c.hours, c.jurisdiction, c.agency_id, c.cname, c.emergency,
                   k.kind, ch.channel_id, op.user_id AS creator,
                   extract(epoch FROM (now() at time zone 'UTC') - s.cdate) / 86400 AS age,
                   CASE WHEN s.r_anon < 0.08 THEN NULL
                        ELSE floor(%(callers)s * power(s.r_caller, 1.7))::int END AS caller,
                   -- chance the request is still open: high for a few days, then a backlog
                   0.03 + 0.9 * exp(-extract(epoch FROM (now() at time zone 'UTC') - s.cdate)
                                    / 86400 / 4) AS p_open
              FROM src s
              JOIN bench_dist d ON d.slot = floor(s.r_dist * %(n_dist)s)
              JOIN bench_cat c ON c.slot = floor(s.r_cat * %(n_cat)s)
              JOIN bench_kind k ON k.slot = floor(s.r_kind * %(n_kind)s)
              JOIN bench_chan ch ON ch.slot = floor(s.r_chan * %(n_chan)s)
              JOIN bench_op op ON op.slot = floor(s.r_op * %(n_op)s)
        ), st AS MATERIALIZED (
            SELECT t.*,
                   CASE
                     WHEN t.r_stage < t.p_open THEN
                       CASE WHEN t.age < 0.5 OR t.r_stage < t.p_open * 0.15 THEN %(s_new)s
                            WHEN t.jurisdiction = 'agency' THEN %(s_referred)s
                            WHEN t.r_stage < t.p_open * 0.4 THEN %(s_review)s
                            ELSE %(s_progress)s END
                     WHEN t.jurisdiction = 'none' THEN %(s_informed)s
                     WHEN t.jurisdiction = 'agency' AND t.r_res < 0.3 THEN %(s_informed)s
                     WHEN t.r_prio < 0.03 THEN %(s_cancelled)s
                     WHEN t.r_prio < 0.15 THEN %(s_closed)s
                     ELSE %(s_resolved)s
                   END AS stage_id,
                   -- resolution time as a share of the category's allowed hours: ~65%% on time
                   CASE WHEN t.r_stage >= t.p_open THEN LEAST(
                       t.cdate + greatest(t.hours, 2) * (0.1 + 1.5 * power(t.r_res, 1.3))
                                 * interval '1 hour',
                       (now() at time zone 'UTC') - interval '1 minute') END AS cl_date
              FROM t
        )
        SELECT st.n,
               '04-' || lpad(st.n::text, 7, '0'),  -- the tracking code's shape, unique
               st.cname || ' - ' || st.dname,
               '<p>' || st.cname || ': reported by phone, see address.</p>',
               %(company)s, st.team_id, st.district_id, st.cat_id,
               st.jurisdiction, st.agency_id, st.kind, st.channel_id,
               CASE WHEN st.emergency OR st.r_prio > 0.98 THEN '3'
                    WHEN st.r_prio > 0.9 THEN '2' WHEN st.r_prio > 0.7 THEN '1' ELSE '0' END,
               'normal', 10, true, 0,
               st.stage_id, st.stage_id = %(s_new)s, st.r_stage >= st.p_open,
               CASE WHEN st.stage_id <> %(s_new)s AND st.jurisdiction = 'municipal'
                    THEN (SELECT e.user_id FROM bench_expert e
                           WHERE e.slot = st.didx * %(experts_per_district)s
                                          + st.n %% %(experts_per_district)s) END,
               CASE WHEN st.stage_id <> %(s_new)s AND st.jurisdiction = 'municipal'
                    THEN st.cdate + interval '20 minutes' END,
               p.partner_id, p.partner_id, rp.name, rp.email,
               CASE WHEN st.caller IS NULL THEN NULL
                    WHEN st.n %% 5 = 0 THEN '+98 ' || (9120000000 + st.caller)::text
                    ELSE '0' || (9120000000 + st.caller)::text END,
               (9120000000 + st.caller)::text,
               st.caller IS NULL,
               'خیابان ' || (st.n %% 300) || '، کوچه ' || (st.n %% 37),
               34.31 + (st.didx - 4) * 0.01 + st.r_res * 0.01,
               47.06 + (st.didx - 4) * 0.01 + st.r_resp * 0.01,
               st.cdate, coalesce(st.cl_date, st.cdate),
               CASE WHEN st.channel_id = %(web)s THEN 1 ELSE st.creator END, 1,
               coalesce(st.cl_date,
                        st.cdate + st.r_resp * ((now() at time zone 'UTC') - st.cdate) / 2),
               CASE WHEN st.hours > 0 THEN st.cdate + st.hours * interval '1 hour' END,
               st.cl_date,
               CASE WHEN st.stage_id <> %(s_new)s THEN LEAST(
                   st.cdate + power(st.r_resp, 2) * interval '8 hours',
                   coalesce(st.cl_date, now() at time zone 'UTC')) END,
               CASE WHEN st.r_reopen < 0.005 THEN 2 WHEN st.r_reopen < 0.04 THEN 1 ELSE 0 END,
               st.kind = 'expert_opinion' AND st.r_reopen > 0.9
          FROM st
          LEFT JOIN bench_partner p ON p.caller = st.caller
          LEFT JOIN res_partner rp ON rp.id = p.partner_id
        """,
        params,
    )
    cr.execute(
        "SELECT setval('helpdesk_ticket_id_seq', (SELECT max(id) FROM helpdesk_ticket))"
    )
    seq = env["ir.sequence"].sudo().search([("code", "=", "helpdesk.ticket.sequence")])
    seq.number_next = size + 1

    _working_time_and_jalali(env, log)
    # chatter: creation notes on half the tickets, a stage change with tracking on 30%
    field_stage = env["ir.model.fields"]._get("helpdesk.ticket", "stage_id").id
    created = ref("helpdesk_mgmt.hlp_tck_created").id
    stage_sub = (
        ref("helpdesk_mgmt.hlp_tck_stage").id
        if ref("helpdesk_mgmt.hlp_tck_stage", raise_if_not_found=False)
        else ref("mail.mt_note").id
    )
    _step(
        log,
        "creation messages",
        cr,
        """
        INSERT INTO mail_message (model, res_id, message_type, subtype_id, author_id,
                                  body, date, create_date, write_date, create_uid, write_uid,
                                  record_company_id, is_internal)
        SELECT 'helpdesk.ticket', t.id, 'notification', %(sub)s, u.partner_id,
               '', t.create_date, t.create_date, t.create_date, t.create_uid, t.create_uid,
               t.company_id, false
          FROM helpdesk_ticket t JOIN res_users u ON u.id = t.create_uid
         WHERE t.id %% 2 = 0
        """,
        {"sub": created},
    )
    _step(
        log,
        "stage changes with tracking values",
        cr,
        """
        WITH m AS (
            INSERT INTO mail_message (model, res_id, message_type, subtype_id, author_id,
                                      body, date, create_date, write_date, create_uid,
                                      write_uid, record_company_id, is_internal)
            SELECT 'helpdesk.ticket', t.id, 'notification', %(sub)s, 3, '',
                   t.last_stage_update, t.last_stage_update, t.last_stage_update, 1, 1,
                   t.company_id, false
              FROM helpdesk_ticket t
             WHERE t.id %% 10 < 3 AND t.stage_id <> %(new)s
            RETURNING id, res_id, create_date
        )
        INSERT INTO mail_tracking_value (field_id, mail_message_id, old_value_integer,
                                         new_value_integer, old_value_char, new_value_char,
                                         create_date, write_date, create_uid, write_uid)
        SELECT %(field)s, m.id, %(new)s, t.stage_id, 'New', s.name->>'en_US',
               m.create_date, m.create_date, 1, 1
          FROM m JOIN helpdesk_ticket t ON t.id = m.res_id
          JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
        """,
        {"sub": stage_sub, "new": stage["new"], "field": field_stage},
    )
    # followers: the operator who took the call and the citizen with a contact card
    _step(
        log,
        "followers",
        cr,
        """
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'helpdesk.ticket', t.id, u.partner_id
          FROM helpdesk_ticket t JOIN res_users u ON u.id = t.create_uid
         WHERE t.create_uid <> 1
        UNION ALL
        SELECT 'helpdesk.ticket', t.id, t.partner_id
          FROM helpdesk_ticket t WHERE t.partner_id IS NOT NULL
        """,
    )
    # staff ratings: 12% of the closed requests with a known caller answer the survey
    _step(
        log,
        "survey answers",
        cr,
        """
        INSERT INTO survey_user_input (survey_id, partner_id, state, access_token,
                                       hotline_ticket_id, hotline_channel, hotline_verified,
                                       hotline_overall_score, start_datetime, end_datetime,
                                       create_date, write_date, create_uid, write_uid,
                                       test_entry, is_session_answer)
        SELECT %(survey)s, t.partner_id, 'done', md5(t.id::text || random()::text),
               t.id, 'phone', true, 1 + floor(random() * 5), t.closed_date,
               t.closed_date + interval '3 minutes', t.closed_date, t.closed_date, 1, 1,
               false, false
          FROM helpdesk_ticket t
         WHERE t.closed_date IS NOT NULL AND t.partner_id IS NOT NULL AND random() < 0.12
        """,
        {"survey": staff["survey"].id},
    )
    load_optional(env, log, staff)
    if rollup is not None:
        t0 = time.perf_counter()
        rollup._rollup_rebuild()
        cr.execute(f"SELECT count(*) FROM {rollup_table()}")
        log(
            f"  request roll-up: {cr.fetchone()[0]} rows in "
            f"{time.perf_counter() - t0:.1f}s"
        )

    env.invalidate_all()
    t_load = time.perf_counter() - t_start
    log(f"  loaded in {t_load:.0f}s")
    return t_load


def rollup_table():
    from odoo.addons.municipal_hotline.report.hotline_ticket_rollup import DATA_TABLE

    return DATA_TABLE


def load_optional(env, log=print, staff=None):
    """Referrals and meetings, for the models installed now and still empty: a database
    loaded before those features were merged gets them on its next run. True if any."""
    staff = staff or fixtures.ensure_staff(env)
    loaded = False
    for model, loader in (
        ("hotline.referral", _load_referrals),
        ("hotline.public.meeting", _load_meetings),
    ):
        if model not in env:
            log(f"  {model}: n/a (feature not present)")
            continue
        env.cr.execute(f'SELECT EXISTS (SELECT 1 FROM "{env[model]._table}")')
        if env.cr.fetchone()[0]:
            continue
        loader(env, log, staff)
        loaded = True
    return loaded


def _referral_columns(cr, table):
    """The optional columns a referral row needs (company, name, send method), and all
    its columns; None when the model has required columns this loader does not know."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL
              AND column_name <> 'id'""",
        [table],
    )
    known = {
        "ticket_id",
        "agency_id",
        "state",
        "date_sent",
        "date_due",
        "company_id",
        "name",
        "send_method",
    }
    missing = {r[0] for r in cr.fetchall()} - known
    if missing:
        return None, sorted(missing)
    cols = {r[0] for r in _columns(cr, table)}
    return [c for c in ("company_id", "name", "send_method") if c in cols], cols


def _referral_extra_values(extra):
    """The SELECT expressions of the optional columns, over a ticket `t`."""
    return (
        (", t.company_id" if "company_id" in extra else "")
        + (", 'REF-' || t.id" if "name" in extra else "")
        + (", 'email'" if "send_method" in extra else "")
    )


def _load_referrals(env, log, staff):
    """Referrals of agency requests (issue 4)."""
    table = env["hotline.referral"]._table
    cr = env.cr
    extra, cols = _referral_columns(cr, table)
    if extra is None:
        log(f"  referrals: skipped, unknown required columns {cols}")
        return
    # the 10,000 most recent agency requests have an open referral (the follow-up job's
    # load); older ones were answered or closed
    _step(
        log,
        "referrals",
        cr,
        f"""
        INSERT INTO {table} (ticket_id, agency_id, state, date_sent, date_due
                             {"".join(", " + c for c in extra)}
                             {", date_answered" if "date_answered" in cols else ""},
                             create_date, write_date, create_uid, write_uid)
        SELECT t.id, t.agency_id,
               CASE WHEN rn <= 10000 THEN 'sent'
                    WHEN t.closed_date IS NOT NULL THEN 'closed' ELSE 'answered' END,
               t.create_date + interval '30 minutes',
               t.create_date + interval '30 minutes'
                 + coalesce(p.hotline_response_hours, 72) * interval '1 hour'
               {_referral_extra_values(extra)}
               {
            ", CASE WHEN rn > 10000 THEN coalesce(t.closed_date, t.last_stage_update) END"
            if "date_answered" in cols
            else ""
        },
               t.create_date, t.create_date, 1, 1
          FROM (SELECT t.*, row_number() OVER (ORDER BY t.id DESC) AS rn
                  FROM helpdesk_ticket t
                 WHERE t.jurisdiction = 'agency' AND t.agency_id IS NOT NULL) t
          JOIN res_partner p ON p.id = t.agency_id
        """,
    )


def open_referrals(env, count):
    """Ids of `count` sent referrals that nobody marked overdue, reminded or escalated:
    the loaded open ones, then new ones on agency requests (in SQL, in the caller's
    transaction; the follow-up measure rolls it back)."""
    table = env["hotline.referral"]._table
    cr = env.cr
    cr.execute(
        f"SELECT id FROM {table} WHERE state = 'sent' ORDER BY id DESC LIMIT %s",
        [count],
    )
    ids = [r[0] for r in cr.fetchall()]
    extra, _cols = _referral_columns(cr, table)
    if len(ids) < count and extra is not None:
        # more referrals on the agency requests, round-robin over them
        cr.execute(
            f"""
            INSERT INTO {table} (ticket_id, agency_id, state, date_sent, date_due
                                 {"".join(", " + c for c in extra)},
                                 create_date, write_date, create_uid, write_uid)
            SELECT t.id, t.agency_id, 'sent', t.create_date, t.create_date
                   {_referral_extra_values(extra)},
                   t.create_date, t.create_date, 1, 1
              FROM generate_series(0, %s - 1) n
              JOIN (SELECT t.*, row_number() OVER (ORDER BY t.id DESC) - 1 AS k,
                           count(*) OVER () AS total
                      FROM helpdesk_ticket t
                     WHERE t.jurisdiction = 'agency' AND t.agency_id IS NOT NULL) t
                ON t.k = n %% t.total
            RETURNING id
            """,
            [count - len(ids)],
        )
        ids += [r[0] for r in cr.fetchall()]
    cr.execute(
        f"""UPDATE {table} SET is_overdue = FALSE, date_reminded = NULL,
                   date_escalated = NULL
             WHERE id = ANY(%s)""",
        [ids],
    )
    env.invalidate_all()
    return ids


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        [table],
    )
    return cr.fetchall()


def _load_meetings(env, log, staff):
    """Weekly public meetings per district (issue 7)."""
    Meeting = env["hotline.public.meeting"]
    from datetime import datetime, timedelta

    date_field = next(
        (
            f
            for f in ("date_start", "start", "date", "meeting_date")
            if f in Meeting._fields
        ),
        None,
    )
    vals_list = []
    start = datetime.now() - timedelta(days=DAYS)
    for district, _share in staff["districts"]:
        for week in range(DAYS // 7):
            vals = {"district_id": district.id}
            if "host_id" in Meeting._fields:
                vals["host_id"] = district.manager_id.id or env.uid
            if date_field:
                vals[date_field] = start + timedelta(days=7 * week, hours=10)
                if "stop" in Meeting._fields:
                    vals["stop"] = vals[date_field] + timedelta(hours=2)
            vals_list.append(vals)
    try:
        with env.cr.savepoint():
            Meeting.create(vals_list)
        log(f"  public meetings: {len(vals_list)} created through the ORM")
    except Exception as exc:  # noqa: BLE001 - unknown model shape before the merge
        log(f"  public meetings: skipped ({exc})")


def _working_time_and_jalali(env, log):
    """What the computes give and plain SQL does not: deadlines on the company's working
    calendar (one batch, the compute's own function) and the Jalali periods (one
    UPDATE, the install's backfill)."""
    Ticket = env["helpdesk.ticket"]
    calendar = (
        env.company.hotline_calendar_id
        if "hotline_calendar_id" in env.company._fields
        else None
    )
    cr = env.cr
    if calendar:
        t0 = time.perf_counter()
        cr.execute(
            """SELECT t.id, t.create_date, c.resolution_hours
                 FROM helpdesk_ticket t JOIN helpdesk_ticket_category c
                   ON c.id = t.category_id
                WHERE c.resolution_hours > 0"""
        )
        rows = cr.fetchall()
        deadlines = calendar._hotline_plan_hours_batch([(r[1], r[2]) for r in rows])
        cr.execute(
            """UPDATE helpdesk_ticket t SET date_deadline = d.deadline
                 FROM unnest(%s::int[], %s::timestamp[]) AS d(id, deadline)
                WHERE t.id = d.id""",
            [[r[0] for r in rows], deadlines],
        )
        log(
            f"  deadlines on the working calendar: {cr.rowcount} rows in "
            f"{time.perf_counter() - t0:.1f}s"
        )
    if "jalali_month" in Ticket._fields:
        t0 = time.perf_counter()
        Ticket._jalali_refresh_sql()
        log(f"  Jalali periods: one UPDATE in {time.perf_counter() - t0:.1f}s")


def analyze(env, log=print):
    t0 = time.perf_counter()
    env.cr.execute("ANALYZE")
    log(f"  ANALYZE in {time.perf_counter() - t0:.1f}s")


def check(env, sample=300, log=print):
    """Recompute the stored fields of a sample through the ORM and compare with SQL."""
    Ticket = env["helpdesk.ticket"]
    env.cr.execute(
        "SELECT id FROM helpdesk_ticket TABLESAMPLE SYSTEM (5) ORDER BY random() LIMIT %s",
        [sample],
    )
    tickets = Ticket.browse([r[0] for r in env.cr.fetchall()])
    fields_ = [
        "caller_phone_key",
        "jurisdiction",
        "agency_id",
        "date_deadline",
        "unattended",
        "closed",
        "commercial_partner_id",
        "jalali_year",
        "jalali_month",
        "jalali_week",
    ]
    fields_ = [f for f in fields_ if f in Ticket._fields]
    stored = {t.id: {f: t[f] for f in fields_} for t in tickets}
    # recompute into the cache only: the caller rolls this cursor back
    for fname in fields_:
        field = Ticket._fields[fname]
        tickets.invalidate_recordset([fname], flush=False)
        field.compute_value(tickets)
    bad = []
    for t in tickets:
        for f in fields_:
            sql_value, orm_value = stored[t.id][f], t[f]
            if isinstance(orm_value, float) and isinstance(sql_value, float):
                same = abs(orm_value - sql_value) < 0.01
            else:
                same = orm_value == sql_value
            if not same:
                bad.append((t.id, f, sql_value, orm_value))
    env.cr.rollback()
    log(
        f"  consistency: {len(tickets)} tickets x {len(fields_)} stored fields, {len(bad)} differ"
    )
    for row in bad[:10]:
        log(f"    ticket {row[0]} {row[1]}: sql={row[2]!r} orm={row[3]!r}")
    return not bad
