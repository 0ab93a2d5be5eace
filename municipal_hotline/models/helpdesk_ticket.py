from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import normalize_phone
from .helpdesk_ticket_category import JURISDICTIONS

# performance: followed requests inlined as ids up to this many (see
# _search_message_partner_ids)
FOLLOWED_IDS_LIMIT = 1000
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


# reporting: a change of these makes a request a repeated contact, or no longer one
REPEAT_CONTACT_FIELDS = {"category_id", "caller_phone", "partner_id"}


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

    # survey: the staff-rating answers this request's citizen was invited to give
    hotline_rating_ids = fields.One2many(
        "survey.user_input",
        "hotline_ticket_id",
        string="Staff Ratings",
        groups="municipal_hotline.group_hotline_supervisor",
    )

    # public meetings
    meeting_id = fields.Many2one(
        "hotline.public.meeting",
        string="Public Meeting",
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="The public meeting whose host ordered this request.",
    )
    meeting_booking_id = fields.Many2one(
        "hotline.meeting.booking",
        index="btree_not_null",
        copy=False,
    )
    meeting_days_late = fields.Integer(
        string="Days Late",
        compute="_compute_meeting_days_late",
        help="Days past the deadline the host gave (0 when on time).",
    )

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

    _district_create_idx = models.Index("(district_id, create_date)")

    # reporting: repeated contacts, stored so the monthly figures group by it without a
    # window query over millions of rows
    is_repeat_contact = fields.Boolean(
        string="Repeated Contact",
        readonly=True,
        copy=False,
        help="The same caller asked about the same category within the configured "
        "number of days of an earlier request.",
    )

    # reporting: the month filters of the reports and the repeated-contact look-ups
    _create_date_idx = models.Index("(create_date)")
    _repeat_phone_idx = models.Index(
        "(caller_phone_key, category_id, create_date) WHERE caller_phone_key IS NOT NULL"
    )
    _repeat_partner_idx = models.Index(
        "(partner_id, category_id, create_date) WHERE partner_id IS NOT NULL"
    )

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

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._update_repeat_contact()
        return tickets

    def write(self, vals):
        closing = self._hotline_closing(vals)  # survey
        if "stage_id" in vals:
            self._track_life_cycle(
                self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            )
        res = super().write(vals)
        if closing:  # survey
            closing._hotline_send_rating_invitations()
        if REPEAT_CONTACT_FIELDS & set(vals):  # reporting
            self._update_repeat_contact()
        return res

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

    # survey: staff-rating invitations sent to the citizen when a request is closed

    def _hotline_closing(self, vals):
        """The tickets this write moves from an open stage into a closed one."""
        if not vals.get("stage_id"):
            return self.browse()
        stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
        return self.filtered(lambda t: not t.closed) if stage.closed else self.browse()

    def _hotline_staff_to_rate(self):
        """The employees a citizen rates for this request: the operator who took the
        call (creator, when a staff member) and the staff member who handled it."""
        self.ensure_one()
        users = self.env["res.users"]
        creator = self.create_uid
        if creator and creator._is_internal() and not creator._is_superuser():
            users |= creator
        users |= self.user_id
        employees = self.env["hr.employee"]
        for user in users.sudo():
            employees |= (
                user.employee_ids.filtered(
                    lambda e, t=self: e.company_id == t.company_id
                )[:1]
                or user.employee_ids[:1]
            )
        return employees

    def _hotline_pending_ratings(self):
        """Answers still to give for this request (for the invitation e-mail)."""
        self.ensure_one()
        now = fields.Datetime.now()
        return self.sudo().hotline_rating_ids.filtered(
            lambda a: a.state != "done" and (not a.deadline or a.deadline > now)
        )

    def _hotline_rating_expiry_days(self):
        return self.env["res.config.settings"]._hotline_rating_param("expiry_days")

    def _hotline_rating_channel(self):
        meeting = self.env.ref(
            "municipal_hotline.helpdesk_ticket_channel_public_meeting",
            raise_if_not_found=False,
        )
        return "meeting" if meeting and self.channel_id == meeting else "phone"

    def _hotline_send_rating_invitations(self):
        """Create one verified answer per person to rate and e-mail the links.

        Answers already created for a ticket and employee are kept (the unique index
        makes it one answer per ticket and person, even if a request is closed again).
        """
        settings = self.env["res.config.settings"]
        survey = settings._hotline_rating_survey()
        if not survey or not survey.active:
            return
        deadline = fields.Datetime.now() + timedelta(
            days=self._hotline_rating_expiry_days()
        )
        Answer = self.env["survey.user_input"].sudo()
        existing = {
            (ticket.id, employee.id)
            for ticket, employee in Answer._read_group(
                [("hotline_ticket_id", "in", self.ids)],
                ["hotline_ticket_id", "hotline_employee_id"],
            )
        }
        template = self.env.ref(
            "municipal_hotline.mail_template_staff_rating_invitation"
        )
        for ticket in self.sudo():
            partner = ticket.partner_id
            if ticket.is_anonymous or not partner.email:
                continue
            new_answers = Answer
            lang = self.env["res.lang"]._lang_get(partner.lang or "")
            for employee in ticket._hotline_staff_to_rate():
                if (ticket.id, employee.id) in existing:
                    continue
                new_answers |= survey.sudo()._create_answer(
                    partner=partner,
                    check_attempts=False,
                    hotline_employee_id=employee.id,
                    hotline_ticket_id=ticket.id,
                    hotline_channel=ticket._hotline_rating_channel(),
                    hotline_verified=True,
                    deadline=deadline,
                    lang_id=lang.id,
                )
            if new_answers:
                # sudo: the template lists the answers' links, which staff cannot read
                template.sudo().send_mail(ticket.id)
                ticket.message_post(
                    body=self.env._(
                        "Invitation to rate %(staff)s sent to the citizen.",
                        staff=", ".join(new_answers.hotline_employee_id.mapped("name")),
                    ),
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                )

    @api.depends("date_deadline", "closed_date", "stage_id.closed")
    def _compute_meeting_days_late(self):
        now = fields.Datetime.now()
        for ticket in self:
            end = ticket.closed_date if ticket.closed else now
            late = ticket.date_deadline and end and end - ticket.date_deadline
            ticket.meeting_days_late = late.days + 1 if late and late.days >= 0 else 0

    def action_book_public_meeting(self):
        """Operators book the caller into their district's next open session."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Book a Public Meeting"),
            "res_model": "hotline.meeting.booking",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_phone": self.caller_phone or self.partner_id.phone,
                "default_topic": self.name,
                "default_ticket_ids": [fields.Command.set(self.ids)],
                "booking_district_id": self.district_id.id,
            },
        }

    def _update_repeat_contact(self):
        """Set is_repeat_contact of these tickets in one UPDATE (an earlier request of
        the same caller and category within the configured days)."""
        if not self:
            return
        days = self.env["res.config.settings"]._get_repeat_contact_days()
        self.flush_recordset(
            ["category_id", "caller_phone_key", "partner_id", "create_date"]
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket t
                   SET is_repeat_contact = EXISTS (
                       SELECT 1
                         FROM helpdesk_ticket p
                        WHERE p.category_id = t.category_id
                          AND (p.create_date, p.id) < (t.create_date, t.id)
                          AND p.create_date >= t.create_date - make_interval(days => %s)
                          AND (p.caller_phone_key = t.caller_phone_key
                               OR p.partner_id = t.partner_id))
                 WHERE t.id IN %s
                """,
                days,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["is_repeat_contact"])

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

    # referral: agency referrals (the logic lives in hotline.referral)
    referral_ids = fields.One2many("hotline.referral", "ticket_id", string="Referrals")
    referral_count = fields.Integer(compute="_compute_referral_count")

    @api.depends("referral_ids")
    def _compute_referral_count(self):
        counts = dict(
            self.env["hotline.referral"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.referral_count = counts.get(ticket._origin, 0)

    def action_refer_to_agency(self):
        """Open the "Refer to agency" wizard, the category's agency prefilled."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer to Agency"),
            "res_model": "hotline.referral.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "municipal_hotline.hotline_referral_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def _hotline_mark_referred(self):
        """Referred requests wait for the agencies in the referred stage."""
        stage = self.env.ref("municipal_hotline.helpdesk_ticket_stage_referred")
        self.filtered(lambda t: not t.closed and t.stage_id != stage).write(
            {"stage_id": stage.id}
        )

    def _hotline_check_referrals_answered(self):
        """When every live referral is answered, the request goes back to the hotline
        (in progress: staff check the answers and close it) and the citizen is told."""
        referred = self.env.ref("municipal_hotline.helpdesk_ticket_stage_referred")
        in_progress = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        for ticket in self.filtered(lambda t: t.stage_id == referred):
            live = ticket.referral_ids.filtered(lambda r: r.state != "cancelled")
            if not live or any(r.state not in ("answered", "closed") for r in live):
                continue
            ticket.stage_id = in_progress
            self.env["hotline.referral"]._notify_citizen(ticket, live)

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
        return self.env["res.config.settings"]._hotline_int_param(
            "municipal_hotline.portal_reopen_days", 7, minimum=0
        )

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
