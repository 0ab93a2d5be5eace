"""District managers' record rules name their districts by id (issue 19).

`district_id.manager_id = user` joined the districts in every query of a manager's
lists; the rules now read `district_id in user.hotline_managed_district_ids.ids`. The
rules are noupdate: an updated database gets the new domains here, where a city has not
changed them.
"""

from odoo import SUPERUSER_ID, api

REWRITES = {
    "[('district_id.manager_id', '=', user.id)]": (
        "[('district_id', 'in', user.hotline_managed_district_ids.ids)]"
    ),
    "[('hotline_district_id.manager_id', '=', user.id)]": (
        "[('hotline_district_id', 'in', user.hotline_managed_district_ids.ids)]"
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    data = env["ir.model.data"].search(
        [("module", "=", "municipal_hotline"), ("model", "=", "ir.rule")]
    )
    for rule in env["ir.rule"].browse(data.mapped("res_id")).exists():
        new = REWRITES.get((rule.domain_force or "").strip())
        if new:
            rule.domain_force = new
