from odoo import api, fields, models

from ..tools.phone import normalize_phone

CALL_OUTCOMES = [
    ("ticket", "Request Created"),
    ("information", "Information Given"),
    ("transferred", "Transferred"),
    ("abandoned", "Abandoned"),
    ("callback", "Callback Needed"),
]


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
