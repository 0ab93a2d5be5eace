"""Import the PBX's call records (Asterisk Master.csv or queue_log) as hotline calls.

Idempotent: a call is keyed by its PBX id per company (the unique index of hotline.call),
inserted with ``ON CONFLICT DO NOTHING``, so importing a file twice, or the queue_log and
the CDR of the same day, records each call once. Built for a city's month (300,000 calls)
in one go: the file is parsed whole first (a bad line refuses the file, nothing saved),
then inserted in chunks of plain SQL and completed by a few set-based UPDATEs (operator,
caller, request, outcome, callback list, Jalali periods) over the new rows only.
"""

import base64
import binascii

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import city_tz
from ..tools.asterisk_cdr import PbxFileError, parse_pbx_file
from ..tools.demo_calls import generate_demo_calls

CHUNK = 5000
# a request created this long after the call ended is still that call's
DEFAULT_MATCH_MINUTES = 30
# a call from the same number this soon after a request is about that request
FOLLOW_UP_DAYS = 7
PBX_TZ_PARAM = "municipal_hotline.pbx_tz"


class HotlineCallImportWizard(models.TransientModel):
    _name = "hotline.call.import.wizard"
    _description = "Import PBX Call Records"

    file_data = fields.Binary(string="File", required=True, attachment=False)
    file_name = fields.Char()
    pbx_tz = fields.Char(
        string="PBX Time Zone",
        default=lambda self: self._default_pbx_tz(),
        required=True,
        help="The time zone of the PBX's clock, in which Master.csv writes its times "
        "(queue_log times are absolute).",
    )
    match_minutes = fields.Integer(
        string="Match Requests Within (minutes)",
        default=DEFAULT_MATCH_MINUTES,
        help="A request from the caller's number created during the call or this many "
        "minutes after it is the request that call opened.",
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    call_count = fields.Integer(string="Calls in the File", readonly=True)
    imported_count = fields.Integer(string="Calls Imported", readonly=True)

    @api.model
    def _default_pbx_tz(self):
        param = self.env["ir.config_parameter"].sudo().get_param(PBX_TZ_PARAM)
        return param or city_tz(self.env.company)

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------
    def action_import(self):
        self.ensure_one()
        calls = self._parse_file()
        new_ids = self._import_calls(calls, match_minutes=self.match_minutes)
        self.write(
            {
                "state": "done",
                "call_count": len(calls),
                "imported_count": len(new_ids),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _parse_file(self):
        try:
            text = base64.b64decode(self.file_data or b"").decode("utf-8-sig")
        except (binascii.Error, UnicodeDecodeError):
            raise UserError(
                self.env._(
                    "The file %(name)s is not a text file: export the call records "
                    "as CSV (Master.csv) or the queue_log as it is.",
                    name=self.file_name or "",
                )
            ) from None
        try:
            pytz.timezone(self.pbx_tz)
        except pytz.UnknownTimeZoneError:
            raise UserError(
                self.env._(
                    "%(tz)s is not a time zone: write it as Asia/Tehran.",
                    tz=self.pbx_tz,
                )
            ) from None
        try:
            calls = parse_pbx_file(text, self.pbx_tz)
        except PbxFileError as error:
            raise UserError(
                self.env._(
                    "The file %(name)s was not imported: %(reason)s",
                    name=self.file_name or "",
                    reason=self.env._(error.message) % error.params,
                )
            ) from None
        if not calls:
            raise UserError(
                self.env._(
                    "The file %(name)s holds no call.", name=self.file_name or ""
                )
            )
        return calls

    @api.model
    def _hotline_generate_demo_calls(self):
        """Demo data: six months of calls (demo/hotline_call_demo.xml)."""
        return len(generate_demo_calls(self.env))

    # ------------------------------------------------------------------
    # the import, in SQL
    # ------------------------------------------------------------------
    @api.model
    def _import_calls(self, calls, match_minutes=DEFAULT_MATCH_MINUTES, company=None):
        """Insert the PbxCalls not yet recorded, then complete them; return the new
        ids. Supervisors only (the wizard's access); runs as superuser in SQL."""
        company = company or self.env.company
        self.env["hotline.call"].flush_model()
        users = self._users_by_extension(company)
        new_ids = []
        for start in range(0, len(calls), CHUNK):
            chunk = calls[start : start + CHUNK]
            ids = self._insert_chunk(chunk, users, company)
            if ids:
                self.env["hotline.call"].browse(ids)._jalali_refresh_sql()
            new_ids += ids
        if new_ids:
            self._complete_calls(new_ids, match_minutes)
        self.env["hotline.call"].invalidate_model()
        return new_ids

    @api.model
    def _users_by_extension(self, company):
        """{extension: user id} of the operators (``hotline_extension`` on the users,
        when the phone line's module part that adds it is installed)."""
        Users = self.env["res.users"].sudo()
        if "hotline_extension" not in Users._fields:
            return {}
        rows = Users.search_read(
            [("hotline_extension", "!=", False), ("company_ids", "in", company.ids)],
            ["hotline_extension"],
        )
        return {row["hotline_extension"].strip(): row["id"] for row in rows}

    def _insert_chunk(self, calls, users, company):
        columns = {
            "pbx_call_id": ("varchar", [c.pbx_call_id for c in calls]),
            "direction": ("varchar", [c.direction for c in calls]),
            "caller_phone": ("varchar", [c.caller_phone or None for c in calls]),
            "caller_phone_key": ("varchar", [c.caller_phone_key for c in calls]),
            "user_id": ("int4", [users.get(c.extension) for c in calls]),
            "extension": ("varchar", [c.extension or None for c in calls]),
            "queue": ("varchar", [c.queue or None for c in calls]),
            "ring_time": ("timestamp", [c.ring_time for c in calls]),
            "answer_time": ("timestamp", [c.answer_time for c in calls]),
            "end_time": ("timestamp", [c.end_time for c in calls]),
            "wait_seconds": ("int4", [c.wait_seconds for c in calls]),
            "talk_seconds": ("int4", [c.talk_seconds for c in calls]),
            "outcome": ("varchar", [c.outcome for c in calls]),
        }
        names = SQL(", ").join(SQL.identifier(name) for name in columns)
        arrays = SQL(", ").join(
            SQL("%s::" + kind + "[]", values)  # kind: a constant of the dict above
            for kind, values in columns.values()
        )
        rows = self.env.execute_query(
            SQL(
                """INSERT INTO hotline_call (%(names)s, company_id, create_uid,
                                             write_uid, create_date, write_date)
                   SELECT u.*, %(company)s, %(uid)s, %(uid)s,
                          now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                     FROM unnest(%(arrays)s) AS u
                   ON CONFLICT (company_id, pbx_call_id) WHERE pbx_call_id IS NOT NULL
                   DO NOTHING
                   RETURNING id""",
                names=names,
                arrays=arrays,
                company=company.id,
                uid=self.env.uid,
            )
        )
        return [row[0] for row in rows]

    def _complete_calls(self, ids, match_minutes):
        """Caller, request, outcome and the callback list of the new calls ``ids``."""
        execute = self.env.cr.execute
        # the caller: the contact with that number (the oldest, when several share it)
        execute(
            SQL(
                """UPDATE hotline_call c SET partner_id = p.id
                     FROM (SELECT DISTINCT ON (hotline_phone_key) hotline_phone_key, id
                             FROM res_partner
                            WHERE hotline_phone_key IS NOT NULL AND active
                            ORDER BY hotline_phone_key, id) p
                    WHERE c.id = ANY(%s) AND c.partner_id IS NULL
                      AND p.hotline_phone_key = c.caller_phone_key""",
                ids,
            )
        )
        # the request the call opened: one from that number, created while the caller
        # was on the line or shortly after (the operator finishing the form)
        execute(
            SQL(
                """UPDATE hotline_call c
                      SET ticket_id = m.ticket_id,
                          outcome = COALESCE(c.outcome, 'ticket')
                     FROM (SELECT DISTINCT ON (t.id) t.id AS ticket_id, c.id AS call_id
                             FROM hotline_call c
                             JOIN helpdesk_ticket t
                               ON t.caller_phone_key = c.caller_phone_key
                              AND t.company_id = c.company_id
                              AND t.create_date >= c.ring_time
                              AND t.create_date <= COALESCE(c.end_time, c.answer_time)
                                  + make_interval(mins => %s)
                            WHERE c.id = ANY(%s) AND c.answer_time IS NOT NULL
                            ORDER BY t.id, c.ring_time DESC) m
                    WHERE c.id = m.call_id AND c.ticket_id IS NULL""",
                match_minutes,
                ids,
            )
        )
        # a later call from that number within FOLLOW_UP_DAYS is about that request
        execute(
            SQL(
                """UPDATE hotline_call c SET ticket_id = t.id
                     FROM hotline_call c2
                     CROSS JOIN LATERAL (
                           SELECT t.id FROM helpdesk_ticket t
                            WHERE t.caller_phone_key = c2.caller_phone_key
                              AND t.company_id = c2.company_id
                              AND t.create_date < c2.ring_time
                              AND t.create_date >= c2.ring_time
                                  - make_interval(days => %s)
                            ORDER BY t.create_date DESC LIMIT 1) t
                    WHERE c.id = c2.id AND c.id = ANY(%s) AND c.ticket_id IS NULL
                      AND c.answer_time IS NOT NULL
                      AND c.caller_phone_key IS NOT NULL""",
                FOLLOW_UP_DAYS,
                ids,
            )
        )
        execute(
            SQL(
                """UPDATE hotline_call SET outcome = 'information'
                    WHERE id = ANY(%s) AND outcome IS NULL""",
                ids,
            )
        )
        self._refresh_callbacks(ids)

    def _refresh_callbacks(self, ids):
        """Abandoned calls of known numbers (a contact, or an earlier request) go on
        the callback list, unless that number got through later; a number that got
        through takes its earlier calls off the list."""
        execute = self.env.cr.execute
        answered_later = """EXISTS (
                SELECT 1 FROM hotline_call later
                 WHERE later.caller_phone_key = c.caller_phone_key
                   AND later.company_id = c.company_id
                   AND later.ring_time > c.ring_time
                   AND later.answer_time IS NOT NULL)"""
        execute(
            SQL(
                """UPDATE hotline_call c SET callback_state = 'needed'
                    WHERE c.id = ANY(%s) AND c.answer_time IS NULL
                      AND c.direction = 'inbound' AND c.callback_state IS NULL
                      AND c.caller_phone_key IS NOT NULL
                      AND (c.partner_id IS NOT NULL OR EXISTS (
                            SELECT 1 FROM helpdesk_ticket t
                             WHERE t.caller_phone_key = c.caller_phone_key
                               AND t.company_id = c.company_id
                               AND t.create_date < c.ring_time))
                      AND NOT %s""",
                ids,
                SQL(answered_later),
            )
        )
        execute(
            SQL(
                """UPDATE hotline_call c SET callback_state = 'done'
                    WHERE c.callback_state = 'needed'
                      AND c.caller_phone_key IN (
                            SELECT caller_phone_key FROM hotline_call
                             WHERE id = ANY(%s) AND answer_time IS NOT NULL)
                      AND %s""",
                ids,
                SQL(answered_later),
            )
        )
