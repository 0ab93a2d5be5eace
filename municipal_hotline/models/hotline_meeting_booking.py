import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..tools import latin_digits_vals
from ..tools.text import check_vals
from .hotline_public_meeting import ACTIVE_BOOKING_STATES

# the texts every way in (portal, API, imports) is held to: {field: (kind, multiline)}
TEXT_LIMITS = {"topic": ("topic", True), "phone": ("phone", False)}

BOOKING_STATES = [
    ("requested", "Requested"),
    ("waiting", "Waiting List"),
    ("confirmed", "Confirmed"),
    ("attended", "Attended"),
    ("no_show", "No-show"),
    ("cancelled", "Cancelled"),
]


# the citizen's text messages about a booking (hotline.sms.mixin)
SMS_BOOKING_CONFIRMED = "municipal_hotline.sms_template_meeting_booking_confirmed"
SMS_BOOKING_CANCELLED = "municipal_hotline.sms_template_meeting_booking_cancelled"
SMS_BOOKING_REMINDER = "municipal_hotline.sms_template_meeting_booking_reminder"


class HotlineMeetingBooking(models.Model):
    """A citizen's slot at a public meeting, with the minutes and the host's orders.

    Capacity is enforced by the database: a partial unique index on (meeting, slot) over the
    bookings that hold a slot, so two people taking the last slot at the same moment cannot
    both get it, whatever the process or the transaction isolation.
    """

    _name = "hotline.meeting.booking"
    _description = "Public Meeting Booking"
    _inherit = ["mail.thread", "mail.activity.mixin", "hotline.sms.mixin"]  # noqa: RUF012
    _order = "meeting_id desc, slot_start, id"
    _rec_name = "partner_id"

    meeting_id = fields.Many2one(
        "hotline.public.meeting",
        string="Session",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        domain="[('state', 'in', ('planned', 'open'))]",
    )
    district_id = fields.Many2one(
        related="meeting_id.district_id", store=True, index=True
    )
    host_id = fields.Many2one(related="meeting_id.host_id")
    meeting_start = fields.Datetime(related="meeting_id.start", string="Session Date")
    meeting_state = fields.Selection(
        related="meeting_id.state", string="Session Status"
    )
    meeting_started = fields.Boolean(
        related="meeting_id.has_started", string="Session Started"
    )
    slot_start = fields.Datetime(
        string="Slot",
        tracking=True,
        copy=False,
        help="Empty while on the waiting list.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Citizen", required=True, index=True, tracking=True
    )
    phone = fields.Char(
        compute="_compute_phone", store=True, readonly=False, precompute=True
    )
    topic = fields.Text(required=True)
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "hotline_meeting_booking_ticket_rel",
        "booking_id",
        "ticket_id",
        string="Linked Requests",
        help="The citizen's requests this meeting is about.",
    )
    state = fields.Selection(
        BOOKING_STATES,
        default="requested",
        required=True,
        index=True,
        tracking=True,
        group_expand=True,
    )
    minutes = fields.Html(help="What the citizen said and what the host answered.")
    order_ticket_ids = fields.One2many(
        "helpdesk.ticket", "meeting_booking_id", string="Orders"
    )
    order_count = fields.Integer(compute="_compute_order_count")
    earlier_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Earlier Requests",
        compute="_compute_earlier_ticket_ids",
        help="Requests this citizen filed before, by contact or phone number, that "
        "you may open.",
    )
    # read with sudo (see the compute): staff only, never a citizen over RPC
    earlier_ticket_count = fields.Integer(
        compute="_compute_earlier_ticket_ids",
        groups="base.group_user",
        help="All the requests this citizen filed before, in every district.",
    )
    earlier_requests_html = fields.Html(
        string="Earlier Requests in Every District",
        compute="_compute_earlier_ticket_ids",
        groups="base.group_user",
        sanitize=False,
        help="Number, title, district and stage of each of the citizen's requests, "
        "wherever they were filed.",
    )
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)

    _slot_uniq = models.UniqueIndex(
        "(meeting_id, slot_start) WHERE slot_start IS NOT NULL"
        " AND state IN ('requested', 'confirmed', 'attended', 'no_show')",
        "This slot is already taken.",
    )

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        # from a request: propose the next open session of its district
        district_id = self.env.context.get("booking_district_id")
        if "meeting_id" in field_names and not values.get("meeting_id") and district_id:
            values["meeting_id"] = (
                self.env["hotline.public.meeting"]
                .search(
                    [
                        ("district_id", "=", district_id),
                        ("state", "=", "open"),
                        ("start", ">", fields.Datetime.now()),
                    ],
                    order="start",
                    limit=1,
                )
                .id
            )
        return values

    @api.depends("partner_id")
    def _compute_phone(self):
        for booking in self:
            partner = booking.partner_id
            booking.phone = partner.phone or booking.phone

    @api.depends("order_ticket_ids")
    def _compute_order_count(self):
        for booking in self:
            booking.order_count = len(booking.order_ticket_ids)

    @api.depends(
        "partner_id",
        "partner_id.hotline_phone_key",
        "partner_id.hotline_phone_verified",
    )
    def _compute_earlier_ticket_ids(self):
        """One search for the whole list: tickets of these citizens or from their
        confirmed numbers. The booking's own phone is free text anyone can type: it
        finds nothing, or a booker would read another person's requests.

        A district manager hosting the session sees the citizen's requests of every
        district (his record rules give only his own district's): the count and four
        fields of each (number, title, district, stage) are read with sudo for the
        citizen of a booking he can read. The records themselves stay his own
        district's (``earlier_ticket_ids``)."""
        # sudo: the host needs the citizen's whole history; only the fields of
        # _earlier_requests_html leave this method
        Ticket = self.env["helpdesk.ticket"].sudo()
        partners = self.partner_id
        keys = {
            b.id: b.partner_id.sudo().hotline_phone_verified
            and b.partner_id.sudo().hotline_phone_key
            for b in self
        }
        domain = Domain("partner_id", "in", partners.ids)
        phone_keys = [k for k in keys.values() if k]
        if phone_keys:
            domain |= Domain("caller_phone_key", "in", phone_keys)
        tickets = Ticket.search(domain, order="create_date desc") if self else Ticket
        readable = (
            self.env["helpdesk.ticket"].browse(tickets.ids)._filtered_access("read")
        )
        for booking in self:
            key = keys[booking.id]
            mine = tickets.filtered(
                lambda t, b=booking, k=key: (
                    (t.partner_id == b.partner_id or (k and t.caller_phone_key == k))
                    and t.meeting_booking_id != b
                )
            )
            booking.earlier_ticket_ids = readable.browse(mine.ids) & readable
            booking.earlier_ticket_count = len(mine)
            booking.earlier_requests_html = booking._earlier_requests_html(mine)

    def _earlier_requests_html(self, tickets_sudo):
        """The citizen's requests as a table: only number, title, district, stage."""
        if not tickets_sudo:
            return False
        rows = [
            {
                "number": ticket.number,
                "name": ticket.name,
                "district": ticket.district_id.name or "",
                "other_district": ticket.district_id != self.district_id,
                "stage": ticket.stage_id.name or "",
            }
            for ticket in tickets_sudo
        ]
        return self.env["ir.qweb"]._render(
            "municipal_hotline.hotline_meeting_booking_earlier_requests",
            {"rows": rows},
        )

    @api.constrains("slot_start", "meeting_id")
    def _check_slot(self):
        for booking in self.filtered("slot_start"):
            if booking.slot_start not in booking.meeting_id._slot_starts():
                raise ValidationError(
                    self.env._("The chosen time is not a slot of this session.")
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_vals(self.env, self, vals, TEXT_LIMITS)
            latin_digits_vals(vals, ["phone"])
        bookings = super().create(vals_list)
        bookings.partner_id._hotline_mark_citizen()
        for booking in bookings:
            # make sure the booked citizen can follow the booking's messages
            booking.message_subscribe(partner_ids=booking.partner_id.ids)
        return bookings

    def write(self, vals):
        if "phone" in vals:
            vals = latin_digits_vals(dict(vals), ["phone"])
        check_vals(self.env, self, vals, TEXT_LIMITS)
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm(self):
        """Give each booking a slot (its own or the first free one) and confirm it, or put
        it on the waiting list when the session is full."""
        for booking in self:
            if booking.state not in ("requested", "waiting"):
                raise UserError(
                    self.env._("Only requested or waiting bookings can be confirmed.")
                )
            if booking.meeting_id.state not in ("planned", "open"):
                raise UserError(
                    self.env._(
                        "%(meeting)s is not taking bookings.",
                        meeting=booking.meeting_id.name,
                    )
                )
            booking._take_slot(booking.slot_start)
        return True

    def action_cancel(self):
        """Cancel the bookings and hand their slots to the waiting list."""
        if self.filtered(lambda b: b.state in ("attended", "no_show")):
            raise UserError(
                self.env._("A booking of a held session cannot be cancelled.")
            )
        freed = self.filtered(lambda b: b.state in ("requested", "confirmed"))
        self.write({"state": "cancelled"})
        freed.filtered("slot_start")._hotline_send_sms(
            SMS_BOOKING_CANCELLED, "cancelled"
        )
        freed.meeting_id._fill_from_waiting_list()
        return True

    def action_attended(self):
        self._check_can_mark()
        self.state = "attended"

    def action_no_show(self):
        self._check_can_mark()
        self.state = "no_show"

    def _check_can_mark(self):
        self.meeting_id._check_started()
        if self.filtered(lambda b: b.state not in ("confirmed", "attended", "no_show")):
            raise UserError(
                self.env._("Only confirmed bookings can be marked attended or no-show.")
            )

    def action_give_order(self):
        self.ensure_one()
        self.meeting_id._check_started()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Give an Order"),
            "res_model": "hotline.meeting.order.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_booking_id": self.id},
        }

    def action_open_host_screen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotline.meeting.booking",
            "res_id": self.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _take_slot(self, wanted=None):
        """Confirm on ``wanted`` (or the first free slot); the waiting list when none is
        free. A slot taken by a concurrent transaction surfaces as a unique violation,
        turned into a clear error (or, without a wanted slot, the next free one is tried)."""
        self.ensure_one()
        meeting = self.meeting_id
        candidates = [wanted] if wanted else meeting._free_slots()
        for slot in candidates:
            try:
                with self.env.cr.savepoint():
                    self.write({"slot_start": slot, "state": "confirmed"})
                    self.flush_recordset()
            except psycopg2.errors.UniqueViolation:
                if wanted:
                    raise UserError(
                        self.env._(
                            "This slot was just taken by someone else; please choose another."
                        )
                    ) from None
                continue
            self._send_template(
                "municipal_hotline.mail_template_meeting_booking_confirmed"
            )
            self._hotline_send_sms(SMS_BOOKING_CONFIRMED, f"confirmed-{slot}")
            return True
        self.write({"slot_start": False, "state": "waiting"})
        return False

    def _send_template(self, xmlid):
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template or self.env.context.get("meeting_no_mail"):
            return
        for booking in self:
            booking.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=booking.partner_id.ids,
            )

    def _hotline_send_sms(self, template_xmlid, event):
        """The booking's text message, when its mails are sent (not in the demo's
        or a test's quiet setup)."""
        if self and not self.env.context.get("meeting_no_mail"):
            self._hotline_sms_send(template_xmlid, event)

    def _hotline_sms_number(self):
        self.ensure_one()
        return self.phone or self.partner_id.phone

    def _hotline_sms_responsible(self):
        self.ensure_one()
        return self.host_id or self.create_uid

    @api.model
    def _cron_send_reminders(self):
        """Remind citizens of tomorrow's sessions (runs hourly; each booking once)."""
        now = fields.Datetime.now()
        bookings = self.search(
            [
                ("state", "=", "confirmed"),
                ("reminder_sent", "=", False),
                ("meeting_id.state", "=", "open"),
                ("meeting_id.start", ">", now),
                ("meeting_id.start", "<=", fields.Datetime.add(now, hours=24)),
            ]
        )
        bookings._send_template(
            "municipal_hotline.mail_template_meeting_booking_reminder"
        )
        bookings._hotline_send_sms(SMS_BOOKING_REMINDER, "reminder")
        bookings.reminder_sent = True
        return bookings

    def _check_portal_cancel(self):
        """Citizens may cancel their own upcoming bookings only."""
        for booking in self:
            if booking.state not in ACTIVE_BOOKING_STATES + ("waiting",) or (
                booking.meeting_id.state not in ("planned", "open")
            ):
                raise UserError(self.env._("This booking can no longer be cancelled."))
