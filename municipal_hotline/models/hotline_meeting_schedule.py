from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.date_utils import float_to_time

WEEKDAYS = [
    ("sat", "Saturday"),
    ("sun", "Sunday"),
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
]


def _tz_get(self):
    return [(tz, tz) for tz in sorted(pytz.all_timezones)]


class HotlineMeetingSchedule(models.Model):
    """A district's weekly public meeting (ملاقات مردمی).

    The weekly rule itself is a ``calendar.recurrence``: its rrule engine (weekday flags,
    ``until``, week start) yields the occurrences, and each occurrence becomes one
    ``hotline.public.meeting`` with its own ``calendar.event``. The events are not chained to
    the recurrence, so that moving or cancelling one session never rewrites the others.
    """

    _name = "hotline.meeting.schedule"
    _description = "Weekly Public Meeting Schedule"
    _inherit = ["mail.thread"]  # noqa: RUF012
    _order = "district_id, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    district_id = fields.Many2one(
        "hotline.district",
        index=True,
        tracking=True,
        help="Leave empty for a city-wide meeting hosted by the mayor.",
    )
    host_id = fields.Many2one(
        "res.users",
        required=True,
        domain="[('share', '=', False)]",
        tracking=True,
        help="The district manager, or the mayor for city-wide meetings.",
    )
    weekday = fields.Selection(WEEKDAYS, required=True, default="sat", tracking=True)
    hour = fields.Float(
        string="Start Time", required=True, default=9.0, help="Local time, e.g. 9.5"
    )
    duration = fields.Float(string="Length (hours)", required=True, default=2.0)
    slot_minutes = fields.Integer(
        string="Slot Length (minutes)", required=True, default=15
    )
    weeks_ahead = fields.Integer(
        required=True,
        default=4,
        help="How many weeks of sessions are planned in advance.",
    )
    booking_open_days = fields.Integer(
        string="Booking Opens (days before)",
        required=True,
        default=14,
        help="Sessions open for booking this many days before they start.",
    )
    place = fields.Char(translate=True)
    tz = fields.Selection(
        _tz_get,
        string="Timezone",
        required=True,
        default=lambda self: self.env.user.tz or "Asia/Tehran",
    )
    date_start = fields.Date(
        string="First Week",
        required=True,
        default=fields.Date.context_today,
        help="No session is planned before this date.",
    )
    recurrence_id = fields.Many2one(
        "calendar.recurrence",
        string="Calendar Recurrence",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    recurrence_name = fields.Char(related="recurrence_id.name", string="Recurrence")
    meeting_ids = fields.One2many("hotline.public.meeting", "schedule_id")
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _duration_positive = models.Constraint(
        "CHECK (duration > 0 AND slot_minutes > 0 AND weeks_ahead >= 0)",
        "The length, the slot length and the weeks ahead must be positive.",
    )

    def _compute_meeting_count(self):
        counts = dict(
            self.env["hotline.public.meeting"]._read_group(
                [("schedule_id", "in", self.ids)], ["schedule_id"], ["__count"]
            )
        )
        for schedule in self:
            schedule.meeting_count = counts.get(schedule, 0)

    @api.constrains("hour", "duration", "slot_minutes")
    def _check_times(self):
        for schedule in self:
            if not 0 <= schedule.hour < 24 or schedule.hour + schedule.duration > 24:
                raise ValidationError(
                    self.env._(
                        "A meeting of %(name)s must start and end within the same day.",
                        name=schedule.name,
                    )
                )
            if schedule.slot_minutes > schedule.duration * 60:
                raise ValidationError(
                    self.env._(
                        "A slot of %(minutes)s minutes does not fit in the meeting.",
                        minutes=schedule.slot_minutes,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_generate_meetings(self):
        self._generate_meetings()
        return self.action_view_meetings()

    def action_view_meetings(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "municipal_hotline.hotline_public_meeting_action"
        )
        action["domain"] = [("schedule_id", "in", self.ids)]
        action["context"] = {"default_schedule_id": self[:1].id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _recurrence_values(self, until):
        self.ensure_one()
        values = {day: day == self.weekday for day, _label in WEEKDAYS}
        values.update(
            rrule_type="weekly",
            interval=1,
            end_type="end_date",
            until=until,
            event_tz=self.tz,
        )
        return values

    def _sync_recurrence(self, until):
        """Keep the schedule's calendar.recurrence in line with its weekly settings."""
        for schedule in self:
            values = schedule._recurrence_values(until)
            if schedule.recurrence_id:
                schedule.recurrence_id.write(values)
            else:
                schedule.recurrence_id = self.env["calendar.recurrence"].create(values)

    def _get_occurrences(self, until):
        """Session starts and stops (naive UTC) from date_start to ``until``, from the
        calendar's rrule. calendar.recurrence._get_occurrences() would treat a recurrence
        without events as all-day, so we ask its rrule for local times and localize them
        the same way it does."""
        self.ensure_one()
        tz = pytz.timezone(self.tz)
        local_start = datetime.combine(self.date_start, float_to_time(self.hour))
        rule = self.recurrence_id._get_rrule(dtstart=local_start)
        length = timedelta(hours=self.duration)
        for local in rule:
            start = tz.localize(local, is_dst=False).astimezone(pytz.utc)
            start = start.replace(tzinfo=None)
            yield start, start + length

    def _generate_meetings(self, today=None):
        """Create the missing sessions of the next ``weeks_ahead`` weeks. Idempotent."""
        today = today or fields.Date.context_today(self)
        Meeting = self.env["hotline.public.meeting"]
        vals_list = []
        for schedule in self:
            until = today + timedelta(weeks=schedule.weeks_ahead)
            schedule._sync_recurrence(until)
            now = datetime.combine(today, time.min)
            meetings = Meeting.search([("schedule_id", "=", schedule.id)])
            occurrences = [
                (start, stop)
                for start, stop in schedule._get_occurrences(until)
                if start >= now
            ]
            starts = {start for start, _stop in occurrences}
            # the rule changed: drop coming sessions nobody booked that no longer fit it
            meetings.filtered(
                lambda m, starts=starts, now=now: (
                    m.start >= now
                    and m.start not in starts
                    and m.state in ("planned", "open")
                    and not m.booked_count
                    and not m.waiting_count
                )
            ).unlink()
            existing = set(meetings.exists().mapped("start"))
            vals_list += [
                schedule._meeting_values(start, stop)
                for start, stop in occurrences
                if start not in existing
            ]
        return Meeting.create(vals_list)

    def _meeting_values(self, start, stop):
        self.ensure_one()
        return {
            "schedule_id": self.id,
            "district_id": self.district_id.id,
            "host_id": self.host_id.id,
            "start": start,
            "stop": stop,
            "slot_minutes": self.slot_minutes,
            "place": self.place,
        }

    @api.model
    def _cron_generate_meetings(self):
        """Daily: plan the coming weeks and open booking for the sessions that are near."""
        self.search([])._generate_meetings()
        self.env["hotline.public.meeting"]._open_upcoming_meetings()

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

    @api.model
    def _demo_populate(self, citizen_xmlids, portal_user_xmlid):
        """Demo data (called from demo/meeting_demo.xml): three past weeks held with
        minutes and orders in several states, the coming weeks planned and open."""
        quiet = self.with_context(
            meeting_no_mail=True, mail_create_nolog=True, tracking_disable=True
        )
        return quiet._demo_populate_quietly(citizen_xmlids, portal_user_xmlid)

    def _demo_populate_quietly(self, citizen_xmlids, portal_user_xmlid):
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        citizens = self.env["res.partner"]
        for xmlid in citizen_xmlids:
            citizens |= self.env.ref(xmlid)
        stages = {
            key: self.env.ref(xmlid)
            for key, xmlid in [
                ("new", "helpdesk_mgmt.helpdesk_ticket_stage_new"),
                ("progress", "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
                ("done", "municipal_hotline.helpdesk_ticket_stage_resolved"),
            ]
        }
        channel = self.env.ref(
            "municipal_hotline.helpdesk_ticket_channel_public_meeting"
        )
        schedules = self.search([("district_id", "!=", False)])
        schedules._generate_meetings(today=today - timedelta(weeks=3))
        schedules._generate_meetings()
        # what the citizens raise, and the category of the order it becomes
        topics = [
            (topic, self.env.ref(xmlid))
            for topic, xmlid in [
                ("چراغ‌های کوچه شب‌ها خاموش است", "municipal_hotline.category_lighting_out"),
                ("چاله‌های آسفالت خیابان اصلی", "municipal_hotline.category_streets_pothole"),
                ("زباله‌های کوچه دیر جمع‌آوری می‌شود", "municipal_hotline.category_waste_collection"),
                ("درختان پارک محله آبیاری نمی‌شود", "municipal_hotline.category_green_irrigation"),
            ]
        ]  # fmt: skip
        booking_vals, held = [], self.env["hotline.public.meeting"]
        for index, schedule in enumerate(schedules):
            past = schedule.meeting_ids.filtered(lambda m: m.stop < now).sorted("start")
            held |= past
            for number, meeting in enumerate(past):
                people = (
                    citizens[(index + number) % len(citizens) :][:3] or citizens[:3]
                )
                slots = meeting._slot_starts()
                for rank, citizen in enumerate(people):
                    no_show = rank == len(people) - 1
                    booking_vals.append(
                        {
                            "meeting_id": meeting.id,
                            "partner_id": citizen.id,
                            "slot_start": slots[rank],
                            "state": "no_show" if no_show else "attended",
                            "topic": topics[(index + number + rank) % len(topics)][0],
                            "minutes": False
                            if no_show
                            else "<p>درخواست شهروند بررسی شد و دستور پیگیری صادر شد.</p>",
                        }
                    )
        bookings = self.env["hotline.meeting.booking"].create(booking_vals)
        attended = bookings.filtered(lambda b: b.state == "attended")
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    # an order is titled by what the citizen raised, in its category,
                    # assigned by the host (the district's manager)
                    "name": booking.topic,
                    "category_id": dict(topics)[booking.topic].id,
                    "user_id": booking.host_id.id,
                    "description": "<p>دستور مدیر منطقه در ملاقات مردمی</p>",
                    "partner_id": booking.partner_id.id,
                    "district_id": booking.district_id.id,
                    "channel_id": channel.id,
                    "meeting_id": booking.meeting_id.id,
                    "meeting_booking_id": booking.id,
                }
                for booking in attended
            ]
        )
        for booking, ticket in zip(attended, tickets, strict=True):
            booking.ticket_ids = ticket
        # orders in several states: done, in progress and late, new and not yet due
        for rank, ticket in enumerate(tickets):
            late = rank % 2 == 0
            stage = (
                stages["done"]
                if rank % 3 == 0
                else (stages["progress"] if late else stages["new"])
            )
            ticket.write(
                {
                    "stage_id": stage.id,
                    "date_deadline": ticket.meeting_id.stop
                    + timedelta(days=3 if late else 30),
                }
            )
        held.write(
            {
                "minutes": "<p>جلسه با حضور مدیر منطقه و شهروندان برگزار شد.</p>",
                "state": "held",
            }
        )
        Meeting = self.env["hotline.public.meeting"]
        Meeting._open_upcoming_meetings()
        # the demo citizen (portal) has a booking in District 1's next open session
        upcoming = Meeting.search(
            [("schedule_id", "=", schedules[:1].id), ("state", "=", "open")],
            order="start",
            limit=1,
        )
        if upcoming:
            self.env["hotline.meeting.booking"].create(
                {
                    "meeting_id": upcoming.id,
                    "partner_id": self.env.ref(portal_user_xmlid).partner_id.id,
                    "topic": "جمع‌آوری نشدن زباله در کوچه ما",
                }
            )._take_slot()
