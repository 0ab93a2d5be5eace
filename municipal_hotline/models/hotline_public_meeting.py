from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import is_html_empty

from ..tools import format_date

# bookings that hold a slot (the unique index on bookings uses the same list)
ACTIVE_BOOKING_STATES = ("requested", "confirmed", "attended", "no_show")


class HotlinePublicMeeting(models.Model):
    """One public meeting session: a district manager (or the mayor) receives citizens in
    booked slots, writes minutes and gives orders, which become helpdesk tickets."""

    _name = "hotline.public.meeting"
    _description = "Public Meeting Session"
    _inherit = [  # noqa: RUF012
        "mail.thread",
        "mail.activity.mixin",
        "hotline.jalali.period.mixin",
    ]
    _jalali_date_fields = ("start",)
    _order = "start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    schedule_id = fields.Many2one(
        "hotline.meeting.schedule", index="btree_not_null", ondelete="set null"
    )
    district_id = fields.Many2one(
        "hotline.district",
        index=True,
        tracking=True,
        help="Empty for a city-wide meeting hosted by the mayor.",
    )
    host_id = fields.Many2one(
        "res.users",
        required=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    sequence_number = fields.Integer(
        string="Session No.",
        readonly=True,
        copy=False,
        help="Sessions are numbered per district.",
    )
    event_id = fields.Many2one(
        "calendar.event",
        string="Calendar Event",
        readonly=True,
        copy=False,
        index=True,
        ondelete="restrict",
    )
    # stored on the event: moving the event in the Odoo calendar moves the session
    start = fields.Datetime(
        related="event_id.start", store=True, readonly=False, index=True
    )
    stop = fields.Datetime(related="event_id.stop", store=True, readonly=False)
    # the session's Jalali periods follow its start, a related field: computed after
    # the insert rather than before it
    jalali_year = fields.Char(precompute=False)
    jalali_month = fields.Selection(precompute=False)
    jalali_week = fields.Char(precompute=False)
    place = fields.Char(translate=True)
    slot_minutes = fields.Integer(
        string="Slot Length (minutes)", required=True, default=15
    )
    slot_count = fields.Integer(
        string="Slots", compute="_compute_slot_count", store=True
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("open", "Open for Booking"),
            ("held", "Held"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        index=True,
        tracking=True,
        group_expand=True,
    )
    has_started = fields.Boolean(
        compute="_compute_has_started",
        help="Attendance, orders and closing as held wait until the session starts.",
    )
    cancel_reason = fields.Char(tracking=True)
    minutes = fields.Html(
        help="What was discussed; required before the session is closed as held."
    )
    booking_ids = fields.One2many("hotline.meeting.booking", "meeting_id")
    booked_count = fields.Integer(compute="_compute_booking_figures")
    free_slot_count = fields.Integer(
        string="Free Slots", compute="_compute_booking_figures"
    )
    waiting_count = fields.Integer(compute="_compute_booking_figures")
    order_ticket_ids = fields.One2many("helpdesk.ticket", "meeting_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count")
    followup_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Earlier Orders Still Open",
        compute="_compute_followup_ticket_ids",
        help="Orders given at this district's earlier sessions that are not closed yet.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _district_number_uniq = models.UniqueIndex(
        "(district_id, sequence_number) WHERE district_id IS NOT NULL",
        "Two sessions of a district cannot share a number.",
    )
    _schedule_start_uniq = models.UniqueIndex(
        "(schedule_id, start) WHERE schedule_id IS NOT NULL",
        "A schedule cannot have two sessions at the same time.",
    )
    _district_start_idx = models.Index("(district_id, start)")

    @api.depends("district_id.name", "sequence_number", "start")
    def _compute_name(self):
        # the name is stored once: write it in the city's language (the municipality's
        # own), not in that of whoever or whatever (a cron) happens to create the session
        city = self.with_context(lang=self.env.company.partner_id.lang or self.env.lang)
        for meeting in city:
            where = meeting.district_id.name or city.env._("City")
            meeting.name = city.env._(
                "%(district)s: public meeting no. %(number)s",
                district=where,
                number=meeting.sequence_number or "",
            )

    @api.depends("start", "stop", "slot_minutes")
    def _compute_slot_count(self):
        for meeting in self:
            if meeting.start and meeting.stop and meeting.slot_minutes > 0:
                minutes = (meeting.stop - meeting.start).total_seconds() / 60
                meeting.slot_count = int(minutes // meeting.slot_minutes)
            else:
                meeting.slot_count = 0

    @api.depends("start")
    def _compute_has_started(self):
        now = fields.Datetime.now()
        for meeting in self:
            meeting.has_started = bool(meeting.start) and meeting.start <= now

    def _compute_booking_figures(self):
        groups = self.env["hotline.meeting.booking"]._read_group(
            [("meeting_id", "in", self.ids)], ["meeting_id", "state"], ["__count"]
        )
        booked, waiting = {}, {}
        for meeting, state, count in groups:
            if state in ACTIVE_BOOKING_STATES:
                booked[meeting] = booked.get(meeting, 0) + count
            elif state == "waiting":
                waiting[meeting] = count
        for meeting in self:
            meeting.booked_count = booked.get(meeting, 0)
            meeting.waiting_count = waiting.get(meeting, 0)
            meeting.free_slot_count = max(meeting.slot_count - meeting.booked_count, 0)

    def _compute_order_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"]
            )
        )
        for meeting in self:
            meeting.order_count = counts.get(meeting, 0)

    @api.depends("district_id", "start")
    def _compute_followup_ticket_ids(self):
        Ticket = self.env["helpdesk.ticket"]
        for meeting in self:
            if not meeting.district_id or not meeting.start:
                meeting.followup_ticket_ids = Ticket
                continue
            meeting.followup_ticket_ids = Ticket.search(
                meeting._followup_domain(), order="date_deadline, id"
            )

    def _followup_domain(self):
        self.ensure_one()
        return (
            Domain("meeting_id.district_id", "=", self.district_id.id)
            & Domain("meeting_id.start", "<", self.start)
            & Domain("stage_id.closed", "=", False)
        )

    @api.constrains("start", "stop")
    def _check_dates(self):
        for meeting in self:
            if meeting.start and meeting.stop and meeting.stop <= meeting.start:
                raise ValidationError(self.env._("A session must end after it starts."))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Event = self.env["calendar.event"].with_context(
            no_mail_to_attendees=True, mail_create_nolog=True
        )
        Host = self.env["res.users"]
        numbers = {}
        for vals in vals_list:
            district_id = vals.get("district_id")
            if district_id and not vals.get("sequence_number"):
                if district_id not in numbers:
                    numbers[district_id] = self._next_number(district_id)
                else:
                    numbers[district_id] += 1
                vals["sequence_number"] = numbers[district_id]
        # one calendar event per session, created in one batch
        need_event = [vals for vals in vals_list if not vals.get("event_id")]
        now = fields.Datetime.now()
        events = Event.create(
            [
                {
                    "name": self.env._("Public meeting"),
                    "start": vals.pop("start", False) or now,
                    "stop": vals.pop("stop", False) or now + timedelta(hours=2),
                    "user_id": vals.get("host_id"),
                    "partner_ids": [
                        fields.Command.set(
                            Host.browse(vals.get("host_id")).partner_id.ids
                        )
                    ],
                    "location": vals.get("place"),
                    "privacy": "public",
                }
                for vals in need_event
            ]
        )
        for vals, event in zip(need_event, events, strict=True):
            vals["event_id"] = event.id
        meetings = super().create(vals_list)
        for meeting in meetings:
            meeting.event_id.name = meeting.name
        return meetings

    def write(self, vals):
        res = super().write(vals)
        if {"place", "district_id", "host_id"} & set(vals):
            for meeting in self:
                event_vals = {"name": meeting.name, "location": meeting.place}
                if "host_id" in vals:
                    event_vals["user_id"] = meeting.host_id.id
                    event_vals["partner_ids"] = [
                        fields.Command.link(meeting.host_id.partner_id.id)
                    ]
                meeting.event_id.write(event_vals)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held_or_booked(self):
        if any(m.state == "held" or m.booked_count for m in self):
            raise UserError(
                self.env._(
                    "A session that was held or has bookings cannot be deleted; cancel it."
                )
            )

    def unlink(self):
        events = self.event_id
        res = super().unlink()
        events.unlink()
        return res

    def _next_number(self, district_id):
        # lock the district row so that two sessions created at once get different numbers
        self.env.cr.execute(
            "SELECT id FROM hotline_district WHERE id = %s FOR UPDATE", [district_id]
        )
        self.flush_model(["district_id", "sequence_number"])
        self.env.cr.execute(
            "SELECT COALESCE(MAX(sequence_number), 0) + 1 FROM hotline_public_meeting"
            " WHERE district_id = %s",
            [district_id],
        )
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_booking(self):
        if self.filtered(lambda m: m.state != "planned"):
            raise UserError(
                self.env._("Only planned sessions can be opened for booking.")
            )
        self.state = "open"

    def action_set_held(self):
        self._check_started()
        for meeting in self:
            if meeting.state not in ("planned", "open"):
                raise UserError(
                    self.env._("Only a planned or open session can be closed as held.")
                )
            if is_html_empty(meeting.minutes):
                raise UserError(
                    self.env._(
                        "Write the minutes of %(name)s before closing it as held.",
                        name=meeting.name,
                    )
                )
            pending = meeting.booking_ids.filtered(
                lambda b: b.state in ("requested", "confirmed")
            )
            if pending:
                raise UserError(
                    self.env._(
                        "Mark each booking as attended or no-show first: %(names)s",
                        names=", ".join(pending.mapped("partner_id.name")),
                    )
                )
        self.state = "held"
        # the waiting list of a held session is over
        self.booking_ids.filtered(lambda b: b.state == "waiting").state = "cancelled"

    def action_cancel(self):
        """Cancel the sessions and tell every booked citizen."""
        if self.filtered(lambda m: m.state == "held"):
            raise UserError(self.env._("A session that was held cannot be cancelled."))
        self.state = "cancelled"
        bookings = self.booking_ids.filtered(
            lambda b: b.state in ("requested", "confirmed", "waiting")
        )
        bookings.write({"state": "cancelled"})
        bookings._send_template(
            "municipal_hotline.mail_template_meeting_booking_session_cancelled"
        )
        # most citizens read SMS, not mail: the booked ones (a time) are told by SMS
        bookings.filtered("slot_start")._hotline_send_sms(
            "municipal_hotline.sms_template_meeting_booking_cancelled", "cancelled"
        )
        self.event_id.write({"active": False})

    def action_reset_planned(self):
        if self.filtered(lambda m: m.state != "cancelled"):
            raise UserError(
                self.env._("Only a cancelled session can be planned again.")
            )
        self.event_id.with_context(active_test=False).write({"active": True})
        self.state = "planned"

    def action_book_citizen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Book a Citizen"),
            "res_model": "hotline.meeting.booking",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action.update(
            domain=[("meeting_id", "=", self.id)],
            context={"default_meeting_id": self.id, "create": False},
        )
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_started(self):
        """Refuse attendance, orders and "held" before the session starts.

        ``start`` and now are both UTC instants, so "started" is the same moment on the
        city's clock; the error shows the start as the city reads it."""
        now = fields.Datetime.now()
        for meeting in self:
            if not meeting.start or meeting.start > now:
                raise UserError(
                    self.env._(
                        "%(name)s has not started yet (it starts on %(start)s): "
                        "attendance, orders and closing as held wait until then.",
                        name=meeting.name,
                        start=format_date(self.env, meeting.start),
                    )
                )

    def _slot_starts(self):
        """The start of every slot of the session, in order (naive UTC)."""
        self.ensure_one()
        step = timedelta(minutes=self.slot_minutes)
        return [self.start + i * step for i in range(self.slot_count)]

    def _free_slots(self):
        self.ensure_one()
        taken = set(
            self.booking_ids.filtered(
                lambda b: b.state in ACTIVE_BOOKING_STATES
            ).mapped("slot_start")
        )
        return [slot for slot in self._slot_starts() if slot not in taken]

    def _fill_from_waiting_list(self):
        """Give freed slots to the waiting list, first come first served."""
        for meeting in self.filtered(lambda m: m.state in ("planned", "open")):
            waiting = meeting.booking_ids.filtered(lambda b: b.state == "waiting")
            for booking in waiting.sorted("id"):
                if not booking._take_slot():
                    break

    @api.model
    def _open_upcoming_meetings(self):
        """Open booking for planned sessions that start within their schedule's window."""
        now = fields.Datetime.now()
        planned = self.search(
            [
                ("state", "=", "planned"),
                ("start", ">", now),
                ("schedule_id", "!=", False),
            ]
        )
        planned.filtered(
            lambda m: m.start <= now + timedelta(days=m.schedule_id.booking_open_days)
        ).write({"state": "open"})
