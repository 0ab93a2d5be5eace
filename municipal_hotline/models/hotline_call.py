from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.phone import latin_digits, normalize_phone

CALL_OUTCOMES = [
    ("ticket", "Request Created"),
    ("information", "Information Given"),
    ("transferred", "Transferred"),
    ("abandoned", "Abandoned"),
    ("callback", "Callback Needed"),
]
# what the operator logs for a call ended without a request
NO_REQUEST_OUTCOMES = ("information", "transferred", "callback")


class HotlineCall(models.Model):
    """One telephone call on the 137 line, answered or not.

    Created by the PBX's events (screen pop), by the operator logging a call answered
    without a request, or by importing the PBX's call records (CDR / queue_log); the
    PBX's unique call id makes every import idempotent.
    """

    _name = "hotline.call"
    _description = "Hotline Call"
    _inherit = ["hotline.jalali.period.mixin"]  # noqa: RUF012
    _jalali_date_fields = ("ring_time",)
    _order = "ring_time desc, id desc"
    _rec_name = "caller_phone"

    pbx_call_id = fields.Char(
        string="PBX Call ID",
        index=True,
        copy=False,
        help="The PBX's unique id of the call (Asterisk uniqueid / linkedid).",
    )
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        default="inbound",
        required=True,
    )
    caller_phone = fields.Char(string="Number")
    caller_phone_key = fields.Char(
        compute="_compute_caller_phone_key",
        store=True,
        index=True,
        help="The number normalized (digits, no country or trunk prefix).",
    )
    partner_id = fields.Many2one("res.partner", string="Caller", index="btree_not_null")
    user_id = fields.Many2one("res.users", string="Operator", index=True)
    extension = fields.Char(help="The operator's extension that took the call.")
    queue = fields.Char(help="The PBX queue the call came through.")
    ring_time = fields.Datetime(
        string="Received", required=True, index=True, default=fields.Datetime.now
    )
    answer_time = fields.Datetime(string="Answered")
    end_time = fields.Datetime(string="Ended")
    wait_seconds = fields.Integer(
        string="Wait (s)", help="Seconds from ringing to answer (or hang-up)."
    )
    talk_seconds = fields.Integer(string="Talk (s)")
    outcome = fields.Selection(CALL_OUTCOMES, index=True)
    reason_id = fields.Many2one(
        "hotline.call.reason",
        string="Inquiry",
        help="What was answered on the spot, for a call without a request.",
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Request", index="btree_not_null"
    )
    callback_state = fields.Selection(
        [("needed", "To Call Back"), ("done", "Called Back")],
        index="btree_not_null",
        help="An abandoned call from a known number is put on the callback list.",
    )
    recording_url = fields.Char(
        string="Recording", groups="municipal_hotline.group_hotline_supervisor"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _pbx_call_uniq = models.UniqueIndex(
        "(company_id, pbx_call_id) WHERE pbx_call_id IS NOT NULL",
        "This PBX call is already recorded.",
    )

    @api.depends("caller_phone")
    def _compute_caller_phone_key(self):
        for call in self:
            call.caller_phone_key = normalize_phone(call.caller_phone) or False

    # PBX events (controllers/pbx.py) -------------------------------------------------

    @api.model
    def _pbx_ring(self, company, data, when):
        """A call rings at an operator's extension: record it and pop the intake form
        on that operator's browser. The operator is the user with the extension (in the
        company); an unknown extension records the call without a screen pop.
        ``data`` is the checked event (see controllers/pbx.py); returns the call, or an
        empty recordset when this call already rang (a replay)."""
        if self.search_count(
            [("company_id", "=", company.id), ("pbx_call_id", "=", data["call_id"])],
            limit=1,
        ):
            return self.browse()
        user = self.env["res.users"]._hotline_by_extension(company, data["extension"])
        call = self.create(
            {
                "pbx_call_id": data["call_id"],
                "caller_phone": data["caller"],
                "extension": data["extension"],
                "queue": data.get("queue") or False,
                "ring_time": when,
                "user_id": user.id,
                "company_id": company.id,
            }
        )
        if user:
            user._bus_send("hotline/screen_pop", call._screen_pop_payload())
        return call

    def _pbx_answer(self, when):
        """The operator picked up: the wait ends. False when already answered or
        ended (a replay or an event out of order)."""
        self.ensure_one()
        if self.answer_time or self.end_time:
            return False
        self.write(
            {
                "answer_time": when,
                "wait_seconds": self._seconds(self.ring_time, when),
            }
        )
        self.user_id.filtered(
            lambda u: u.hotline_phone_state == "available"
        ).hotline_phone_state = "on_call"
        return True

    def _pbx_hangup(self, when, recording_url=None):
        """The call ended: talk time, or abandoned when nobody answered. False when it
        had already ended."""
        self.ensure_one()
        if self.end_time:
            return False
        vals = {"end_time": when}
        if self.answer_time:
            vals["talk_seconds"] = self._seconds(self.answer_time, when)
        else:
            vals["wait_seconds"] = self._seconds(self.ring_time, when)
            vals["outcome"] = "abandoned"
        if recording_url:
            vals["recording_url"] = recording_url
        self.write(vals)
        self.user_id.filtered(
            lambda u: u.hotline_phone_state == "on_call"
        ).hotline_phone_state = "available"
        return True

    @staticmethod
    def _seconds(start, end):
        return max(0, int((end - start).total_seconds())) if start and end else 0

    def _screen_pop_payload(self):
        """What the operator's browser gets: the number to fill in and the call to link
        the request to (the caller's history is read by the form from the number)."""
        self.ensure_one()
        return {
            "call_id": self.id,
            "caller_phone": self.caller_phone or "",
            "queue": self.queue or "",
        }

    # the operator's side ---------------------------------------------------------------

    @api.model
    def _link_new_tickets(self, tickets):
        """A request saved on the intake form opened by a screen pop (``hotline_call_id``
        in the context) is the call's outcome. Only a call of the user's (record rules)
        not linked yet: a second request on the same form stays unlinked."""
        call_id = self.env.context.get("hotline_call_id")
        if not call_id or not tickets or not isinstance(call_id, int):
            return
        call = self.browse(call_id).exists()._filtered_access("write")
        if call and not call.ticket_id and not call.outcome:
            call.write(
                {
                    "ticket_id": tickets[0].id,
                    "outcome": "ticket",
                    "partner_id": call.partner_id.id or tickets[0].partner_id.id,
                }
            )

    @api.model
    def log_without_request(self, outcome, reason_id=False, call_id=False, phone=False):
        """Log the call on the operator's screen that ends without a request, from the
        "Answered, no request" menu of Take a Call: information given (with the inquiry
        answered), transferred, or to call back. The screen-popped call when there is
        one (``call_id``), else a new call of the operator's (a call the PBX did not
        report, e.g. a direct line). Returns the call's id."""
        if outcome not in NO_REQUEST_OUTCOMES:
            raise UserError(
                self.env._("This is not an outcome of a call without request.")
            )
        reason = self.env["hotline.call.reason"].browse(reason_id or []).exists()
        if outcome == "information" and not reason:
            raise UserError(self.env._("Choose what the caller asked."))
        vals = {
            "outcome": outcome,
            "reason_id": reason.id,
            "callback_state": "needed" if outcome == "callback" else False,
        }
        call = self.browse(call_id or []).exists()
        if call:
            call.check_access("write")
            if call.outcome and call.outcome != "abandoned":
                raise UserError(self.env._("This call is already logged."))
            if phone and not call.caller_phone:
                vals["caller_phone"] = latin_digits(phone)
            call.write(vals)
        else:
            now = fields.Datetime.now()
            call = self.create(
                {
                    **vals,
                    "caller_phone": latin_digits(phone) or False,
                    "user_id": self.env.user.id,
                    "extension": self.env.user.hotline_extension or False,
                    "ring_time": now,
                    "answer_time": now,
                }
            )
        return call.id
