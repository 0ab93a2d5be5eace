from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..tools import normalize_phone
from .helpdesk_ticket_category import JURISDICTIONS

# performance: followed requests inlined as ids up to this many (see
# _search_message_partner_ids)
FOLLOWED_IDS_LIMIT = 1000

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

    # performance: report measures stored, so pivots aggregate them in SQL, and indexes
    # for what the district queue, the portal and the reports filter, sort and group by
    resolution_hours = fields.Float(
        string="Resolution Time (h)",
        compute="_compute_resolution_figures",
        store=True,
        aggregator="avg",
        help="Hours from the request to its closing (0 while it is open).",
    )
    on_time_rate = fields.Float(
        string="On Time (%)",
        compute="_compute_resolution_figures",
        store=True,
        aggregator="avg",
        help="100 when the request was closed by its deadline (or had none), 0 when "
        "late. Averaged over closed requests it is the on-time rate.",
    )
    # helpdesk_mgmt's "Open" filter and every queue ask for open requests: stored, so
    # the partial index below holds only the open ones, in the list's order
    closed = fields.Boolean(related="stage_id.closed", store=True)
    # a district manager's queue: open requests of one district, first page straight
    # from the index (same order as helpdesk.ticket's _order)
    _district_open_idx = models.Index(
        "(district_id, priority DESC, sequence, number DESC, id DESC) "
        "WHERE closed IS NOT TRUE"
    )
    # the citizen's "My requests" (portal rule on partner_id, newest first)
    _partner_create_idx = models.Index(
        "(partner_id, create_date DESC) WHERE partner_id IS NOT NULL"
    )
    # the management pivot: months of creation
    _create_date_idx = models.Index("(create_date)")

    def _search_message_partner_ids(self, operator, operand):
        """Followed requests as a list of ids when there are few (a citizen's handful).

        mail.thread answers with `id IN (SELECT res_id FROM mail_followers ...)`. Inside the
        portal rule's OR (`partner_id child_of me OR message_partner_ids child_of me`)
        PostgreSQL cannot use an index for such a subquery and filters every ticket of the
        city; with literal ids it combines both index scans (BitmapOr) instead.
        """
        domain = super()._search_message_partner_ids(operator, operand)
        if domain is NotImplemented:
            return domain
        followers = self.env["mail.followers"].sudo()
        query = followers._search(
            [("res_model", "=", self._name), ("partner_id", operator, operand)],
            limit=FOLLOWED_IDS_LIMIT + 1,
        )
        res_ids = [row[0] for row in self.env.execute_query(query.select("res_id"))]
        if len(res_ids) > FOLLOWED_IDS_LIMIT:
            return domain  # staff following thousands of requests: keep the subquery
        return [("id", "in", res_ids)]

    @api.depends("create_date", "closed_date", "date_deadline")
    def _compute_resolution_figures(self):
        for ticket in self:
            closed, created = ticket.closed_date, ticket.create_date
            if not (closed and created):
                # floats store 0, not NULL: reports average these over closed requests
                ticket.resolution_hours = ticket.on_time_rate = 0.0
                continue
            ticket.resolution_hours = (closed - created).total_seconds() / 3600
            deadline = ticket.date_deadline
            ticket.on_time_rate = 100.0 if not deadline or closed <= deadline else 0.0
