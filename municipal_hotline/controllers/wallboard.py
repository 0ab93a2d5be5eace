from datetime import datetime, time, timedelta

import pytz

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.tools import SQL

from ..tools import city_tz

# a call still "waiting" after this long lost its hang-up event: not on the board
STALE_HOURS = 2


class HotlineWallboard(http.Controller):
    @http.route("/hotline/wallboard/data", type="jsonrpc", auth="user", readonly=True)
    def wallboard_data(self):
        """The call centre's live figures for the wallboard, of the user's company.

        Operators and supervisors only. Read in SQL (sudo-free: counts and the names of
        the operators on a call, no caller's number), so the board shows the whole
        line whatever the record rules on single calls.
        """
        env = request.env
        if not env.user.has_group("municipal_hotline.group_hotline_operator"):
            raise AccessError(env._("The wallboard is for the call centre's staff."))
        return wallboard_figures(env, env.company)


def wallboard_figures(env, company, now=None):
    """{waiting, longest_wait, on_call: [{name, extension, seconds}], offered,
    answered, abandoned, answer_rate, avg_wait} of today in the city."""
    tz = pytz.timezone(city_tz(company))
    now = now or fields.Datetime.now()
    local_today = pytz.utc.localize(now).astimezone(tz).date()
    midnight = (
        tz.localize(datetime.combine(local_today, time.min))
        .astimezone(pytz.utc)
        .replace(tzinfo=None)
    )
    [(offered, answered, abandoned, avg_wait, waiting, longest)] = env.execute_query(
        SQL(
            """SELECT count(*),
                      count(*) FILTER (WHERE answer_time IS NOT NULL),
                      count(*) FILTER (WHERE answer_time IS NULL AND end_time IS NOT NULL),
                      avg(wait_seconds) FILTER (WHERE answer_time IS NOT NULL),
                      count(*) FILTER (WHERE answer_time IS NULL AND end_time IS NULL
                                         AND ring_time > %(stale)s),
                      max(EXTRACT(EPOCH FROM %(now)s - ring_time))
                          FILTER (WHERE answer_time IS NULL AND end_time IS NULL
                                    AND ring_time > %(stale)s)
                 FROM hotline_call
                WHERE company_id = %(company)s AND direction = 'inbound'
                  AND ring_time >= %(midnight)s""",
            company=company.id,
            midnight=midnight,
            now=now,
            stale=now - timedelta(hours=STALE_HOURS),
        )
    )
    on_call = env.execute_query_dict(
        SQL(
            """SELECT COALESCE(p.name, c.extension) AS name, c.extension,
                      EXTRACT(EPOCH FROM %(now)s - c.answer_time)::int AS seconds
                 FROM hotline_call c
                 LEFT JOIN res_users u ON u.id = c.user_id
                 LEFT JOIN res_partner p ON p.id = u.partner_id
                WHERE c.company_id = %(company)s AND c.answer_time IS NOT NULL
                  AND c.end_time IS NULL AND c.answer_time > %(stale)s
                ORDER BY c.answer_time""",
            company=company.id,
            now=now,
            stale=now - timedelta(hours=STALE_HOURS),
        )
    )
    settled = answered + abandoned
    return {
        "company_id": company.id,
        "waiting": waiting,
        "longest_wait": int(longest or 0),
        "on_call": on_call,
        "offered": offered,
        "answered": answered,
        "abandoned": abandoned,
        "answer_rate": round(100.0 * answered / settled, 1) if settled else None,
        "avg_wait": round(float(avg_wait), 1) if avg_wait is not None else None,
    }


def notify_wallboard(env, company):
    """Tell the open wallboards of ``company`` to refresh (the PBX endpoint calls this
    after each event, the import after a file): one bus message to the operators'
    group, whose members every wallboard listens as."""
    group = env.ref("municipal_hotline.group_hotline_operator").sudo()
    group._bus_send("hotline.wallboard/refresh", {"company_id": company.id})
