import secrets
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import latin_digits_vals, localize_digits, normalize_phone
from ..tools.staff_rating_demo import generate_demo_ratings

RATING_CHANNELS = [
    ("phone", "137 Phone Line"),
    ("counter", "Counter Visit"),
    ("meeting", "Public Meeting"),
]

# who may read a staff-rating answer's respondent (partner, email, nickname)
RESPONDENT_GROUPS = (
    "municipal_hotline.group_hotline_supervisor,survey.group_survey_user"
)

# overall answers at or below this open an activity for the employee's manager
LOW_SCORE = 2


SMS_RATING_INVITATION = "municipal_hotline.sms_template_ticket_rating_invitation"


class SurveyUserInput(models.Model):
    """A survey answer rating a member of staff: who was rated, for which request, where."""

    _name = "survey.user_input"
    _inherit = ["survey.user_input", "hotline.jalali.period.mixin"]  # noqa: RUF012
    # a rating counts on the day it was finished (as the staff rating analysis)
    _jalali_date_fields = ("end_datetime", "create_date")

    # who rated whom stays with supervisors and survey officers: district and line
    # managers read the scores and comments, never the respondent
    partner_id = fields.Many2one(groups=RESPONDENT_GROUPS)
    email = fields.Char(groups=RESPONDENT_GROUPS)
    nickname = fields.Char(groups=RESPONDENT_GROUPS)

    hotline_employee_id = fields.Many2one(
        "hr.employee", string="Rated Employee", index="btree_not_null"
    )
    hotline_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Request", index="btree_not_null", ondelete="set null"
    )
    hotline_channel = fields.Selection(RATING_CHANNELS, string="Rating Channel")
    hotline_verified = fields.Boolean(
        string="Verified",
        help="Linked to a real request; counter answers from walk-in citizens are not.",
    )
    hotline_overall_score = fields.Float(
        string="Overall Score",
        aggregator="avg",
        help="The 1-5 answer to the survey's overall question, stored for reports.",
    )
    # where the employee worked when rated: reports group by it, history stays true
    hotline_department_id = fields.Many2one(
        "hr.department",
        string="Rated Department",
        compute="_compute_hotline_employee_place",
        store=True,
        index="btree_not_null",
    )
    hotline_district_id = fields.Many2one(
        "hotline.district",
        string="Rated District",
        compute="_compute_hotline_employee_place",
        store=True,
        index="btree_not_null",
    )
    # walk-in citizens at a counter: what limits repeated answers; never shown to the
    # rated employee (they have no access to answers at all), kept for supervisors
    hotline_phone = fields.Char(
        string="Citizen Phone",
        groups="municipal_hotline.group_hotline_supervisor",
        help="Optional number a walk-in citizen gave on the counter survey.",
    )
    hotline_phone_key = fields.Char(
        string="Citizen Phone Key",
        compute="_compute_hotline_phone_key",
        store=True,
        index="btree_not_null",
        groups="municipal_hotline.group_hotline_supervisor",
    )
    hotline_client_key = fields.Char(
        string="Address Key",
        index="btree_not_null",
        copy=False,
        groups="municipal_hotline.group_hotline_supervisor",
        help="Salted hash of the internet address a counter survey was started from "
        "(daily limit per address); the address itself is not kept.",
    )
    hotline_device_key = fields.Char(
        string="Device Key",
        index="btree_not_null",
        copy=False,
        groups="municipal_hotline.group_hotline_supervisor",
        help="Random cookie of the phone that answered a counter survey (daily limit).",
    )

    # a citizen rates each person once per request, even if the invitation is resent
    _hotline_ticket_employee_uniq = models.UniqueIndex(
        "(hotline_ticket_id, hotline_employee_id) WHERE hotline_ticket_id IS NOT NULL",
        "A request's citizen can rate each member of staff only once.",
    )
    _hotline_employee_date_idx = models.Index(
        "(hotline_employee_id, create_date) WHERE hotline_employee_id IS NOT NULL"
    )

    @api.depends("hotline_employee_id")
    def _compute_hotline_employee_place(self):
        for answer in self:
            employee = answer.hotline_employee_id.sudo()
            answer.hotline_department_id = employee.department_id
            answer.hotline_district_id = employee.hotline_district_id

    @api.depends("hotline_phone")
    def _compute_hotline_phone_key(self):
        for answer in self:
            answer.hotline_phone_key = normalize_phone(answer.hotline_phone) or False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            latin_digits_vals(vals, ["hotline_phone"])
        return super().create(vals_list)

    def write(self, vals):
        if "hotline_phone" in vals:
            vals = latin_digits_vals(dict(vals), ["hotline_phone"])
        return super().write(vals)

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------

    def _mark_done(self):
        res = super()._mark_done()
        rating_answers = self.filtered("hotline_employee_id")
        if rating_answers:
            rating_answers._hotline_store_overall_score()
            rating_answers._hotline_alert_low_scores()
        return res

    def _hotline_store_overall_score(self):
        """Copy the overall 1-5 answer on the answer itself (one read for the batch)."""
        lines = self.env["survey.user_input.line"].search_fetch(
            [
                ("user_input_id", "in", self.ids),
                ("question_id.hotline_criterion", "=", "overall"),
                ("skipped", "=", False),
            ],
            ["user_input_id", "value_scale"],
        )
        scores = {line.user_input_id.id: line.value_scale for line in lines}
        for answer in self:
            answer.hotline_overall_score = scores.get(answer.id, 0.0)

    def _hotline_alert_low_scores(self):
        """An overall 1 or 2: the employee's manager should look at it (and the comment)."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        # unverified answers (anyone can send them) alert nobody
        for answer in self.filtered(
            lambda a: (
                a.hotline_verified
                and a.hotline_overall_score
                and a.hotline_overall_score <= LOW_SCORE
            )
        ):
            manager_user = answer.hotline_employee_id.parent_id.user_id
            if not manager_user:
                continue
            # the manager reads it in their language, not the citizen's
            env = self.with_context(lang=manager_user.lang).env
            score = localize_digits(
                manager_user.lang, int(answer.hotline_overall_score)
            )
            answer.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                user_id=manager_user.id,
                summary=env._(
                    "Low rating (%(score)s/5) for %(employee)s",
                    score=score,
                    employee=answer.hotline_employee_id.name,
                ),
                note=env._(
                    "A citizen gave an overall score of %(score)s out of 5. "
                    "Read the answer and its comment, and follow up with the employee.",
                    score=score,
                ),
            )

    @api.model
    def _hotline_invite_to_rate(self, tickets):
        """Closed requests: one verified answer per person the citizen rates, and the
        links by e-mail; to a citizen without e-mail, one short link by SMS
        (/hotline/r/<code>, no login) when the company sends SMS.

        Answers already created for a ticket and employee are kept (the unique index
        makes it one answer per ticket and person, even if a request is closed again).
        """
        survey = self.env["res.config.settings"]._hotline_rating_survey()
        if not survey or not survey.active:
            return
        deadline = fields.Datetime.now() + timedelta(
            days=tickets._hotline_rating_expiry_days()
        )
        Answer = self.sudo()
        existing = {
            (ticket.id, employee.id)
            for ticket, employee in Answer._read_group(
                [("hotline_ticket_id", "in", tickets.ids)],
                ["hotline_ticket_id", "hotline_employee_id"],
            )
        }
        template = self.env.ref(
            "municipal_hotline.mail_template_staff_rating_invitation"
        )
        for ticket in tickets.sudo():
            partner = ticket.partner_id
            if ticket.is_anonymous or not partner:
                continue
            by_sms = not partner.email
            if by_sms and not ticket._hotline_sms_mobile():
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
            if new_answers and by_sms:
                ticket.hotline_rating_code = ticket.hotline_rating_code or (
                    secrets.token_urlsafe(8)
                )
                ticket._hotline_sms_send(
                    SMS_RATING_INVITATION, "rating", masked=[ticket.hotline_rating_code]
                )
            elif new_answers:
                # sudo: the template lists the answers' links, which staff cannot read
                template.sudo().send_mail(ticket.id)
            if new_answers:
                ticket.message_post(
                    body=self.env._(
                        "Invitation to rate %(staff)s sent to the citizen.",
                        staff=", ".join(new_answers.hotline_employee_id.mapped("name")),
                    ),
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                )

    @api.model
    def _hotline_counter_day_start(self, employee):
        """Midnight today in the employee's time zone, in naive UTC: the daily limit's day."""
        tz = pytz.timezone(employee.tz or self.env.user.tz or "Asia/Tehran")
        today = datetime.now(tz).date()
        start = tz.localize(datetime.combine(today, time.min))
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _hotline_counter_answers_today(self, employee, device_key=None, phone=None):
        """Counter answers for this employee today from the same device or phone number."""
        keys = []
        if device_key:
            keys.append(("hotline_device_key", "=", device_key))
        phone_key = normalize_phone(phone)
        if phone_key:
            keys.append(("hotline_phone_key", "=", phone_key))
        if not keys:
            return self.browse()
        domain = [
            ("hotline_employee_id", "=", employee.id),
            ("hotline_channel", "=", "counter"),
            ("create_date", ">=", self._hotline_counter_day_start(employee)),
        ]
        domain += ["|"] * (len(keys) - 1) + keys
        return self.sudo().search(domain)

    @api.model
    def _hotline_counter_address_refusal(self, employee, client_key):
        """Why this internet address may not start a counter answer today, or None.

        One answer per employee per address and day, and at most the company's
        "Counter Answers per Address per Day" in all: a new cookie and no phone number
        do not give a new rating.
        """
        if not client_key:
            return None
        started = self.sudo().search(
            [
                ("hotline_client_key", "=", client_key),
                ("hotline_channel", "=", "counter"),
                ("create_date", ">=", self._hotline_counter_day_start(employee)),
            ]
        )
        if started.filtered(lambda a: a.hotline_employee_id == employee):
            return self.env._(
                "%(employee)s was already rated from your connection today. Thank you! "
                "You can rate again tomorrow.",
                employee=employee.name,
            )
        limit = employee.company_id.hotline_counter_address_limit
        if limit and len(started) >= limit:
            return self.env._(
                "Too many ratings were sent from your connection today. Thank you! "
                "You can rate again tomorrow."
            )
        return None

    @api.model
    def _hotline_is_known_phone(self, phone):
        """Whether a walk-in's phone number is one the hotline knows: a caller's number
        on one of its requests. Only such answers count in rankings and alerts."""
        phone_key = normalize_phone(phone)
        return bool(phone_key) and bool(
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("caller_phone_key", "=", phone_key)], limit=1)
        )

    @api.model
    def _hotline_create_counter_answer(
        self, employee, device_key, phone=None, client_key=None
    ):
        """A walk-in citizen starts rating a counter employee (no account).

        Returns the answer to continue: an unfinished one started today on the same
        device is resumed rather than counted twice. Raises UserError over the daily
        limits (per device or phone, per internet address). The answer is verified only
        when the phone given is a known caller's (see _hotline_is_known_phone).

        :param str client_key: the salted hash of the visitor's internet address
        """
        survey = self.env["res.config.settings"]._hotline_rating_survey()
        if not survey:
            raise UserError(self.env._("No staff-rating survey is configured."))
        today = self._hotline_counter_answers_today(employee, device_key, phone)
        unfinished = today.filtered(
            lambda a: a.state != "done" and a.hotline_device_key == device_key
        )
        if unfinished:
            return unfinished[0]
        limit = self.env["res.config.settings"]._hotline_rating_param("daily_limit")
        if len(today.filtered(lambda a: a.state == "done")) >= limit:
            raise UserError(
                self.env._(
                    "You have already rated %(employee)s today. Thank you! "
                    "You can rate again tomorrow.",
                    employee=employee.name,
                )
            )
        refusal = self._hotline_counter_address_refusal(employee, client_key)
        if refusal:
            raise UserError(refusal)
        expiry = timedelta(days=1)
        return survey.sudo()._create_answer(
            user=self.env.ref("base.public_user"),
            check_attempts=False,
            hotline_employee_id=employee.id,
            hotline_channel="counter",
            hotline_verified=self._hotline_is_known_phone(phone),
            hotline_device_key=device_key,
            hotline_client_key=client_key or False,
            hotline_phone=phone or False,
            deadline=fields.Datetime.now() + expiry,
        )

    @api.model
    def _hotline_generate_demo_ratings(self):
        """Called by the demo data: six months of ratings for the demo staff."""
        return bool(generate_demo_ratings(self.env))
