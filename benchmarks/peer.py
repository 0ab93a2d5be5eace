"""The peer database: only helpdesk_mgmt installed, holding the same requests as the
hotline's benchmark database (copied from it in the same run, their helpdesk_mgmt
columns only), so that "the same save without the hotline" is measured on an equally
full table, in another database, as a plain helpdesk_mgmt installation would run it.

Mapping: teams, categories, channels and stages by name (created in the peer when
missing, with the same closed flag), callers' contacts copied with their ids shifted
past the peer's own, users left out (helpdesk_mgmt's columns only).
"""

import io
import time

from odoo import api
from odoo.fields import Command

PEER_SIZE_KEY = "municipal_hotline.bench_peer_size"
PEER_LOGIN = "bench_peer_operator"
# the helpdesk_mgmt columns copied as they are (the rest is mapped or left empty)
PLAIN_COLUMNS = (
    "id",
    "number",
    "name",
    "description",
    "priority",
    "kanban_state",
    "sequence",
    "active",
    "color",
    "partner_name",
    "partner_email",
    "create_date",
    "write_date",
    "last_stage_update",
    "closed_date",
    "unattended",
)


def _map_by_name(src_env, dst_env, model, extra=()):
    """{source id: peer id} for the records of ``model``, matched or created by name."""
    result = {}
    Dst = dst_env[model].with_context(active_test=False)
    for record in src_env[model].with_context(active_test=False).search([]):
        name = record.with_context(lang="en_US").name
        found = Dst.search([("name", "=", name)], limit=1)
        if not found:
            found = Dst.create({"name": name, **{f: record[f] for f in extra}})
        result[record.id] = found.id
    return result


def ensure_peer(src_registry, dst_registry, size, log=print):
    """Copy the loaded requests into the peer database unless it holds them already;
    returns the seconds it took (0 when reused)."""
    with dst_registry.cursor() as dcr:
        denv = api.Environment(dcr, 1, {"lang": "en_US"})
        params = denv["ir.config_parameter"].sudo()
        if params.get_param(PEER_SIZE_KEY) == str(size):
            log(f"reusing the peer database ({size} requests)")
            return 0.0
    t0 = time.perf_counter()
    with src_registry.cursor() as scr, dst_registry.cursor() as dcr:
        senv = api.Environment(scr, 1, {"lang": "en_US"})
        denv = api.Environment(dcr, 1, {"lang": "en_US"})
        dcr.execute("DELETE FROM helpdesk_ticket")
        teams = _map_by_name(senv, denv, "helpdesk.ticket.team")
        categories = _map_by_name(senv, denv, "helpdesk.ticket.category")
        channels = _map_by_name(senv, denv, "helpdesk.ticket.channel")
        stages = _map_by_name(senv, denv, "helpdesk.ticket.stage", extra=("closed",))
        dcr.execute("SELECT coalesce(max(id), 0) FROM res_partner")
        shift = dcr.fetchone()[0] + 1000
        company = denv.company.id

        def copy(select, table, columns, params=None):
            buf = io.StringIO()
            scr._obj.copy_expert(
                scr._obj.mogrify(f"COPY ({select}) TO STDOUT", params).decode(), buf
            )
            buf.seek(0)
            dcr._obj.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)

        partner_columns = (
            "id",
            "name",
            "complete_name",
            "phone",
            "email",
            "type",
            "active",
            "is_company",
            "partner_share",
            "commercial_partner_id",
            "create_date",
            "write_date",
        )
        copy(
            """SELECT p.id + %(shift)s, p.name, p.complete_name, p.phone, p.email,
                       p.type, p.active, p.is_company, p.partner_share,
                       p.id + %(shift)s, p.create_date, p.write_date
                  FROM res_partner p
                 WHERE p.id IN (SELECT partner_id FROM helpdesk_ticket)""",
            "res_partner",
            partner_columns,
            {"shift": shift},
        )

        def case(column, mapping):
            whens = " ".join(f"WHEN {k} THEN {v}" for k, v in mapping.items())
            return f"CASE t.{column} {whens} END" if mapping else "NULL"

        columns = (
            *PLAIN_COLUMNS,
            "company_id",
            "team_id",
            "category_id",
            "channel_id",
            "stage_id",
            "partner_id",
            "commercial_partner_id",
            "create_uid",
            "write_uid",
        )
        copy(
            f"""SELECT {", ".join("t." + c for c in PLAIN_COLUMNS)},
                       {company}, {case("team_id", teams)},
                       {case("category_id", categories)},
                       {case("channel_id", channels)}, {case("stage_id", stages)},
                       t.partner_id + %(shift)s, t.partner_id + %(shift)s, 1, 1
                  FROM helpdesk_ticket t""",
            "helpdesk_ticket",
            columns,
            {"shift": shift},
        )
        for table in ("helpdesk_ticket", "res_partner"):
            dcr.execute(
                f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"
            )
        # the peer's operator: a helpdesk user of every team
        user = denv["res.users"].search([("login", "=", PEER_LOGIN)])
        if not user:
            denv["res.users"].with_context(no_reset_password=True).create(
                {
                    "name": "Peer Operator",
                    "login": PEER_LOGIN,
                    "group_ids": [
                        Command.link(denv.ref("helpdesk_mgmt.group_helpdesk_user").id)
                    ],
                }
            )
        denv["ir.config_parameter"].sudo().set_param(PEER_SIZE_KEY, str(size))
        denv.invalidate_all()
    with dst_registry.cursor() as dcr:
        dcr.execute("ANALYZE helpdesk_ticket")
        dcr.execute("ANALYZE res_partner")
    seconds = time.perf_counter() - t0
    log(f"  peer database: {size} requests copied in {seconds:.0f}s")
    return seconds
