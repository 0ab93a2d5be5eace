from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..tools import normalize_phone
from .helpdesk_ticket_category import JURISDICTIONS

# Ticket fields a portal user may not read (see _has_field_access).
PORTAL_HIDDEN_FIELDS = {
    "user_id",
    "operator_guidance",
    "is_escalated_to_mayor",
    "date_escalated",
}
PORTAL_HIDDEN_PREFIXES = ("review_",)

REQUEST_KINDS = [
    ("request", "Request"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("criticism", "Criticism"),
    ("appreciation", "Appreciation"),
    ("inquiry", "Inquiry"),
    ("expert_opinion", "Expert Opinion"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # what and where
    request_kind = fields.Selection(
        REQUEST_KINDS,
        string="Kind",
        default="request",
        required=True,
        index=True,
        tracking=True,
    )
    district_id = fields.Many2one(
        "hotline.district",
        index=True,
        tracking=True,
    )
    address = fields.Char(help="Where the problem is, as the caller describes it.")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    # caller
    caller_phone = fields.Char(help="The number the citizen called from or gave.")
    caller_phone_key = fields.Char(
        compute="_compute_caller_phone_key",
        store=True,
        index="btree_not_null",
        help="The caller's number normalized (digits, no country or trunk prefix).",
    )
    is_anonymous = fields.Boolean(
        string="Anonymous Caller", help="The caller did not give a name."
    )
    # jurisdiction, copied from the category when it is chosen
    jurisdiction = fields.Selection(
        JURISDICTIONS,
        compute="_compute_from_category",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
    )
    agency_id = fields.Many2one(
        "res.partner",
        string="Agency in Charge",
        compute="_compute_from_category",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        domain="[('hotline_agency_type', '!=', False)]",
    )
    is_emergency = fields.Boolean(related="category_id.is_emergency")
    operator_guidance = fields.Text(related="category_id.operator_guidance")
    # deadline
    date_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Past its deadline and not closed.",
    )

    # life cycle figures the reports use
    date_first_response = fields.Datetime(
        string="First Response",
        readonly=True,
        copy=False,
        help="When the citizen first got an answer or the request left the New stage.",
    )
    reopen_count = fields.Integer(
        string="Reopened",
        readonly=True,
        copy=False,
        help="How many times the request went back from a closed stage to an open one.",
    )
    # expert opinions that reach the mayor's office
    is_escalated_to_mayor = fields.Boolean(
        string="Escalated to Mayor",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_escalated = fields.Datetime(string="Escalated On", readonly=True, copy=False)

    _district_create_idx = models.Index("(district_id, create_date)")

    @api.depends("caller_phone")
    def _compute_caller_phone_key(self):
        for ticket in self:
            ticket.caller_phone_key = normalize_phone(ticket.caller_phone) or False

    @api.depends("category_id")
    def _compute_from_category(self):
        for ticket in self:
            category = ticket.category_id
            ticket.jurisdiction = (
                category.jurisdiction or ticket.jurisdiction or "municipal"
            )
            ticket.agency_id = category.agency_id if category else ticket.agency_id
            if category.team_id and not ticket.team_id:
                ticket.team_id = category.team_id

    @api.depends("category_id")
    def _compute_date_deadline(self):
        now = fields.Datetime.now()
        for ticket in self:
            hours = ticket.category_id.resolution_hours
            start = ticket.create_date or now
            ticket.date_deadline = start + timedelta(hours=hours) if hours else False

    @api.depends("date_deadline", "stage_id.closed")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.is_overdue = bool(
                ticket.date_deadline
                and ticket.date_deadline < now
                and not ticket.closed
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        overdue = Domain("date_deadline", "<", fields.Datetime.now()) & Domain(
            "stage_id.closed", "=", False
        )
        return overdue if (operator == "in") == (True in value) else ~overdue

    def write(self, vals):
        if "stage_id" in vals:
            self._track_life_cycle(
                self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            )
        return super().write(vals)

    def _track_life_cycle(self, new_stage):
        """Before a stage change: count reopenings and stamp the first response."""
        now = fields.Datetime.now()
        new_stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id
        for ticket in self:
            if ticket.closed and not new_stage.closed:
                ticket.reopen_count += 1
            if not ticket.date_first_response and new_stage.id != new_stage_id:
                ticket.date_first_response = now

    def _message_post_after_hook(self, message, msg_vals):
        # a public answer by staff is a response to the citizen
        if (
            message.message_type == "comment"
            and not message.is_internal
            and message.subtype_id
            and not message.subtype_id.internal
            and message.author_id
            and not message.author_id.partner_share
        ):
            self.filtered(
                lambda t: not t.date_first_response
            ).date_first_response = fields.Datetime.now()
        return super()._message_post_after_hook(message, msg_vals)

    # portal
    # The tracking code is looked up by the public page: index it (millions of tickets).
    _portal_number_idx = models.Index("(number)")

    def _has_field_access(self, field, operation):
        """Citizens (portal users) may read their own requests, even over RPC, but not
        what the city keeps internal: who handles it, the expert's assessment, the
        operator's script, the escalation to the mayor."""
        if (
            not self.env.su
            and self.env.user.share
            and (
                field.name in PORTAL_HIDDEN_FIELDS
                or field.name.startswith(PORTAL_HIDDEN_PREFIXES)
            )
        ):
            return False
        return super()._has_field_access(field, operation)

    def _portal_reopen_days(self):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("municipal_hotline.portal_reopen_days", "7")
        )
        try:
            return max(int(param), 0)
        except ValueError:
            return 7

    def _portal_can_confirm(self):
        self.ensure_one()
        return self.stage_id == self.env.ref(
            "municipal_hotline.helpdesk_ticket_stage_resolved"
        )

    def _portal_reopen_until(self):
        """Last moment the citizen may reopen the request, or False if never."""
        self.ensure_one()
        reopenable = self.env.ref(
            "municipal_hotline.helpdesk_ticket_stage_resolved"
        ) | self.env.ref("municipal_hotline.helpdesk_ticket_stage_closed")
        if self.stage_id not in reopenable:
            return False
        closed_on = self.closed_date or self.last_stage_update or self.write_date
        return closed_on + timedelta(days=self._portal_reopen_days())

    def _portal_can_reopen(self):
        until = self._portal_reopen_until()
        return bool(until and fields.Datetime.now() <= until)

    def _portal_confirm_resolution(self):
        """The citizen accepts the answer: the request is closed for good."""
        self.ensure_one()
        if not self._portal_can_confirm():
            raise UserError(
                self.env._("This request is not waiting for your confirmation.")
            )
        self.stage_id = self.env.ref("municipal_hotline.helpdesk_ticket_stage_closed")
        self.message_post(
            body=self.env._("The citizen confirmed the resolution."),
            author_id=self.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _portal_reopen(self, reason):
        """The citizen is not satisfied: back to work, with the reason on record."""
        self.ensure_one()
        if not self._portal_can_reopen():
            raise UserError(
                self.env._("This request can no longer be reopened: file a new one.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Tell us why you reopen the request."))
        self.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        self.message_post(
            body=Markup("<p>%s</p><p>%s</p>")
            % (self.env._("The citizen reopened the request:"), reason),
            author_id=self.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _portal_public_answer(self):
        """The last public answer staff gave the citizen (a message, not a note)."""
        self.ensure_one()
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("message_type", "=", "comment"),
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                    ("author_id.partner_share", "=", False),
                ],
                order="date desc, id desc",
                limit=1,
            )
        )
