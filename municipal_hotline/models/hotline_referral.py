from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id

from ..tools.text import check_vals

# HTML-escape a text in SQL (the escalation to-do's agency name and tracking code)
_HTML_ESCAPE_SQL = (
    "replace(replace(replace(replace(replace(%s, '&', '&amp;'), '<', '&lt;'), "
    "'>', '&gt;'), '\"', '&quot;'), '''', '&#39;')"
)


class _DigestLine:
    """A late referral as the agency's digest prints it (link, code, subject, due
    date), read in one query for all agencies."""

    __slots__ = ("date_due", "ticket_name", "ticket_number", "url")

    def __init__(self, url, ticket_number, ticket_name, date_due):
        self.url = url
        self.ticket_number = ticket_number
        self.ticket_name = ticket_name
        self.date_due = date_due

    def get_base_url(self):
        return ""

    def get_portal_url(self):
        return self.url


REFERRAL_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("acknowledged", "Acknowledged"),
    ("answered", "Answered"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# the agency still owes an answer in these states
OPEN_STATES = ("sent", "acknowledged")
# an answer exists in these states
ANSWERED_STATES = ("answered", "closed")

SEND_METHODS = [
    ("email", "Email"),
    ("portal", "Portal"),
    ("letter", "Letter"),
    ("phone", "Phone"),
]

ESCALATION_PARAM = "municipal_hotline.referral_escalation_hours"
DEFAULT_ESCALATION_HOURS = 24


class HotlineReferral(models.Model):
    """A request handed to an outside agency (water, power, gas, police...).

    The agency's contacts answer it in the portal or by replying to its email; the scheduled
    job follows up late ones. Portal users only ever see the fields the portal page renders:
    the request itself, never the caller nor the ticket's internal notes.
    """

    _name = "hotline.referral"
    _description = "Agency Referral"
    _inherit = (
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "hotline.jalali.period.mixin",
    )
    _jalali_date_fields = ("date_sent",)
    # urgent ones (an emergency's) first
    _order = "is_urgent desc, id desc"
    _rec_names_search = ("name", "agency_reference", "ticket_id")
    # agencies answer by email and in the portal: readers may post
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference",
        compute="_compute_name",
        store=True,
        readonly=True,
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Request",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    agency_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain="[('hotline_agency_type', '!=', False)]",
    )
    state = fields.Selection(
        REFERRAL_STATES,
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    send_method = fields.Selection(
        SEND_METHODS,
        string="Sent By",
        default="email",
        required=True,
        tracking=True,
        help="How the referral reaches the agency. Email also opens the portal to the "
        "agency's portal users; letter and phone are recorded by staff.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Referred By",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False, index=True)
    date_due = fields.Datetime(
        string="Due On",
        copy=False,
        index=True,
        tracking=True,
        help="Set when sending from the category's referral deadline or the agency's "
        "agreed response time, counted in working hours (elapsed hours when urgent), "
        "never after the request's own deadline.",
    )
    is_urgent = fields.Boolean(
        string="Urgent",
        compute="_compute_is_urgent",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="An emergency's referral: listed first, due in elapsed hours.",
    )
    date_acknowledged = fields.Datetime(
        string="Acknowledged On", readonly=True, copy=False
    )
    date_answered = fields.Datetime(string="Answered On", readonly=True, copy=False)
    answer_hours = fields.Float(
        string="Answer Time (hours)",
        compute="_compute_answer_hours",
        store=True,
        aggregator="avg",
        help="Hours from sending to the agency's answer.",
    )
    agency_reference = fields.Char(
        tracking=True,
        copy=False,
        help="The agency's own number for this case.",
    )
    response = fields.Html(
        string="Agency Answer", copy=False, sanitize_style=True
    )  # not tracked (html): the answer is posted in the chatter instead
    note = fields.Text(
        string="Message to the Agency",
        help="What the hotline asks of the agency, added to the request.",
    )
    response_attachment_ids = fields.Many2many(
        "ir.attachment",
        "hotline_referral_response_attachment_rel",
        "referral_id",
        "attachment_id",
        string="Answer Files",
        copy=False,
    )
    # follow-up by the scheduled job
    # not tracked: the scheduled job logs one note per batch instead of a tracking message
    is_overdue = fields.Boolean(
        string="Overdue",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the scheduled job when the due date passed without an answer.",
    )
    date_reminded = fields.Datetime(string="Reminded On", readonly=True, copy=False)
    date_escalated = fields.Datetime(string="Escalated On", readonly=True, copy=False)
    # what the agency sees of the request (stored to group, filter and apply rules)
    district_id = fields.Many2one(
        related="ticket_id.district_id", store=True, index=True, string="District"
    )
    category_id = fields.Many2one(
        related="ticket_id.category_id", store=True, index=True, string="Category"
    )
    ticket_number = fields.Char(related="ticket_id.number", string="Tracking Code")
    ticket_name = fields.Char(related="ticket_id.name", string="Subject")
    ticket_description = fields.Html(
        related="ticket_id.description", string="Description"
    )
    address = fields.Char(related="ticket_id.address")
    latitude = fields.Float(related="ticket_id.latitude")
    longitude = fields.Float(related="ticket_id.longitude")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    color = fields.Integer(compute="_compute_color")

    _ticket_agency_state_idx = models.Index("(ticket_id, agency_id, state)")
    _open_due_idx = models.Index("(date_due) WHERE state IN ('sent', 'acknowledged')")

    # ------------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------------

    @api.depends("ticket_id.number", "agency_id.name")
    def _compute_name(self):
        for referral in self:
            referral.name = (
                f"{referral.ticket_id.number or ''} / {referral.agency_id.name or ''}"
            )

    @api.depends("category_id.is_emergency")
    def _compute_is_urgent(self):
        for referral in self:
            referral.is_urgent = referral.category_id.is_emergency

    @api.depends("date_sent", "date_answered")
    def _compute_answer_hours(self):
        for referral in self:
            if referral.date_sent and referral.date_answered:
                delta = referral.date_answered - referral.date_sent
                referral.answer_hours = delta.total_seconds() / 3600
            else:
                referral.answer_hours = 0.0

    @api.depends("state", "is_overdue")
    def _compute_color(self):
        for referral in self:
            referral.color = 1 if referral.is_overdue else 0

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for referral in self:
            referral.access_url = f"/my/referrals/{referral.id}"
        return res

    # ------------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------------

    @api.constrains("agency_id")
    def _check_agency(self):
        for referral in self:
            if not referral.agency_id.hotline_agency_type:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not an agency: requests can only be referred to a "
                        "partner with an agency type.",
                        partner=referral.agency_id.display_name,
                    )
                )

    @api.constrains("date_sent", "date_due")
    def _check_dates(self):
        for referral in self:
            if (
                referral.date_sent
                and referral.date_due
                and referral.date_due < referral.date_sent
            ):
                raise ValidationError(
                    self.env._(
                        "The due date of %(referral)s cannot be before the date it was "
                        "sent (%(sent)s).",
                        referral=referral.display_name,
                        sent=fields.Datetime.to_string(referral.date_sent),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(referral.state != "draft" for referral in self):
            raise UserError(
                self.env._("Only draft referrals can be deleted; cancel the others.")
            )

    # ------------------------------------------------------------------
    # ACTIONS (staff)
    # ------------------------------------------------------------------

    def action_send(self):
        """Send draft referrals: due date, email to the agency's contacts, ticket referred."""
        if any(referral.state != "draft" for referral in self):
            raise UserError(self.env._("Only draft referrals can be sent."))
        now = fields.Datetime.now()
        due_dates = self.filtered(lambda r: not r.date_due)._default_due_dates(now)
        for referral in self:
            referral.write(
                {
                    "state": "sent",
                    "date_sent": now,
                    "date_due": referral.date_due or due_dates[referral],
                }
            )
        self._notify_agency()
        self.ticket_id._hotline_mark_referred()
        return True

    def action_cancel(self):
        if any(referral.state in ANSWERED_STATES for referral in self):
            raise UserError(
                self.env._(
                    "An answered referral cannot be cancelled; close it instead."
                )
            )
        self.write({"state": "cancelled", "is_overdue": False})
        self.ticket_id._hotline_check_referrals_answered()
        return True

    def action_close(self):
        """Staff accept the agency's answer."""
        if any(referral.state != "answered" for referral in self):
            raise UserError(self.env._("Only answered referrals can be closed."))
        self.write({"state": "closed"})
        return True

    def action_reset_draft(self):
        if any(referral.state != "cancelled" for referral in self):
            raise UserError(
                self.env._("Only cancelled referrals can be reset to draft.")
            )
        self.write({"state": "draft", "date_sent": False, "date_due": False})
        return True

    def action_open_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # ACTIONS (agency, from the portal or recorded by staff)
    # ------------------------------------------------------------------

    def action_acknowledge(self, agency_reference=None):
        """The agency confirms it received the referral."""
        self._check_agency_text(agency_reference=agency_reference)
        for referral in self:
            referral._check_agency_can_act()
            if referral.state != "sent":
                raise UserError(
                    self.env._(
                        "%(referral)s was already acknowledged or answered.",
                        referral=referral.display_name,
                    )
                )
        vals = {"state": "acknowledged", "date_acknowledged": fields.Datetime.now()}
        if agency_reference:
            vals["agency_reference"] = agency_reference
        self.write(vals)
        return True

    def action_answer(self, response, agency_reference=None, attachments=None):
        """Record the agency's answer; when a request's referrals are all answered,
        the request moves on and the citizen is told.

        :param response: the answer (HTML or plain text)
        :param agency_reference: the agency's own number, optional
        :param attachments: list of (file name, bytes)
        """
        self.ensure_one()
        self._check_agency_can_act()
        if not response or not str(response).strip():
            raise UserError(self.env._("Write the agency's answer before sending it."))
        self._check_agency_text(
            response=str(response), agency_reference=agency_reference
        )
        if attachments:
            # the same type and size checks as the files citizens send
            Ticket = self.env["helpdesk.ticket"]
            checked, error = Ticket._portal_check_files(attachments)
            if error:
                code, params = error
                raise UserError(Ticket._portal_message(code, **params))
            attachments = [(values["name"], values["raw"]) for values in checked]
        vals = {
            "state": "answered",
            "response": response,
            "date_answered": fields.Datetime.now(),
            "is_overdue": False,
        }
        if agency_reference:
            vals["agency_reference"] = agency_reference
        if attachments:
            files = self.env["ir.attachment"].create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for name, content in attachments
                ]
            )
            vals["response_attachment_ids"] = [fields.Command.link(f.id) for f in files]
        self.write(vals)
        self.message_post(
            body=self.response,
            subject=self.env._("Answer from %(agency)s", agency=self.agency_id.name),
            attachment_ids=vals.get("response_attachment_ids") and files.ids or [],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.ticket_id._hotline_check_referrals_answered()
        return True

    def action_answer_wizard(self):
        """Staff record an answer the agency gave by phone or letter."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Agency's Answer"),
            "res_model": "hotline.referral.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_referral_id": self.id},
        }

    def _check_agency_text(self, **texts):
        """The texts an agency sends: no control characters, bounded lengths."""
        check_vals(
            self.env,
            self,
            texts,
            {"response": ("answer", True), "agency_reference": ("reference", False)},
        )

    def _check_agency_can_act(self):
        """Cancelled and closed referrals are frozen: nothing is overwritten."""
        self.ensure_one()
        if self.state in ("cancelled", "closed"):
            raise UserError(
                self.env._(
                    "%(referral)s is %(state)s: it cannot be acknowledged or answered any more.",
                    referral=self.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ],
                )
            )
        if self.state == "draft":
            raise UserError(
                self.env._("%(referral)s was not sent yet.", referral=self.display_name)
            )
        if self.state == "answered":
            raise UserError(
                self.env._(
                    "%(referral)s is already answered.", referral=self.display_name
                )
            )

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------

    def _response_hours(self):
        """The category's referral deadline wins over the agency's agreed time.

        The category's time is agreed with the category's agency only: the police, also
        alerted for a gas leak, keep their own time.
        """
        self.ensure_one()
        category = self.ticket_id.category_id
        return (
            category.agency_id == self.agency_id and category.agency_response_hours
        ) or self.agency_id.hotline_response_hours

    def _default_due_dates(self, start):
        """The due dates of these referrals sent at ``start``: {referral: datetime or
        False}, one calendar computation per company.

        The hours count on the company's working calendar, as the request's deadline
        does (helpdesk.ticket._compute_date_deadline): sent on Thursday evening, a
        referral is not late on Saturday morning. Urgent referrals (an emergency's)
        stay in elapsed hours: a burst main or a gas smell does not wait for Saturday.
        Either way a referral is never due after the request's own deadline, so that
        the city can still answer the caller in time.
        """
        due_dates = {}
        for company, referrals in self.grouped("company_id").items():
            # sudo: the calendar is configuration
            calendar = (company or self.env.company).sudo().hotline_calendar_id
            hours = [referral._response_hours() for referral in referrals]
            worked = [None] * len(referrals)
            if calendar:
                worked = calendar._hotline_plan_hours_batch(
                    [
                        (start, 0 if referral.is_urgent else count)
                        for referral, count in zip(referrals, hours, strict=True)
                    ]
                )
            for referral, count, on_calendar in zip(
                referrals, hours, worked, strict=True
            ):
                due = on_calendar or (start + timedelta(hours=count) if count else None)
                deadline = referral.ticket_id.date_deadline
                if deadline and deadline > start:
                    due = min(due, deadline) if due else deadline
                due_dates[referral] = due or False
        return due_dates

    def _agency_recipients(self):
        """The agency's contacts with an email, or the agency itself."""
        self.ensure_one()
        contacts = self.agency_id.child_ids.filtered(lambda p: p.email and p.active)
        return contacts or self.agency_id.filtered("email")

    def _notify_agency(self):
        """Email the agency's contacts (and subscribe them, so that replies thread here)."""
        template = self.env.ref(
            "municipal_hotline.mail_template_referral_sent", raise_if_not_found=False
        )
        for referral in self.filtered(lambda r: r.send_method in ("email", "portal")):
            recipients = referral._agency_recipients()
            if not recipients:
                referral._message_log(
                    body=self.env._(
                        "%(agency)s has no email address: send the referral by letter or "
                        "phone.",
                        agency=referral.agency_id.display_name,
                    )
                )
                continue
            referral.message_subscribe(partner_ids=recipients.ids)
            if template:
                referral.message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    message_type="comment",
                    partner_ids=recipients.ids,
                )

    @api.model
    def _escalation_hours(self):
        return self.env["res.config.settings"]._hotline_int_param(
            ESCALATION_PARAM, DEFAULT_ESCALATION_HOURS, minimum=0
        )

    @api.model
    def _cron_follow_up(self):
        """Mark late referrals overdue, remind their agencies (one email per agency),
        then escalate to the supervisors those still late after the escalation delay.

        Set-based: the marks, the chatter notes, the activities and their followers
        are one SQL statement each over all the late referrals, so the job's queries
        depend on the number of agencies and supervisors, not of referrals (the
        benchmark runs it on 1,000 and 10,000). The ORM caches are invalidated after.
        """
        now = fields.Datetime.now()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """UPDATE hotline_referral
                      SET is_overdue = TRUE, date_reminded = %(now)s,
                          write_date = %(now)s, write_uid = %(uid)s
                    WHERE state IN %(open)s AND date_due < %(now)s
                      AND is_overdue IS NOT TRUE
                RETURNING id""",
                now=now,
                uid=self.env.uid,
                open=OPEN_STATES,
            )
        )
        late_ids = [row[0] for row in cr.fetchall()]
        if late_ids:
            self._log_notes_sql(
                late_ids, self.env._("Overdue: the agency was reminded."), now
            )
            self.invalidate_model(["is_overdue", "date_reminded", "write_date"])
            self.browse(late_ids)._send_agency_reminders()
        limit = now - timedelta(hours=self._escalation_hours())
        cr.execute(
            SQL(
                """UPDATE hotline_referral
                      SET date_escalated = %(now)s, write_date = %(now)s,
                          write_uid = %(uid)s
                    WHERE state IN %(open)s AND is_overdue AND date_escalated IS NULL
                      AND date_due < %(limit)s
                RETURNING id""",
                now=now,
                uid=self.env.uid,
                open=OPEN_STATES,
                limit=limit,
            )
        )
        escalated_ids = [row[0] for row in cr.fetchall()]
        if escalated_ids:
            self.invalidate_model(["date_escalated", "write_date"])
            self._escalate_to_supervisors_sql(escalated_ids, now)
        return True

    @api.model
    def _log_notes_sql(self, ids, text, now):
        """The same internal note on the chatter of the referrals ``ids``, in one
        INSERT: what ``_message_log_batch`` writes (no notification)."""
        author = self.env.user.partner_id
        email_from = author.email_formatted
        reply_to = self.env["mail.thread"]._notify_get_reply_to(
            default=email_from, author_id=author.id
        )[False]
        self.env.cr.execute(
            SQL(
                """INSERT INTO mail_message (model, res_id, body, author_id, email_from,
                                             reply_to, message_type, is_internal,
                                             subtype_id, message_id, date, create_date,
                                             write_date, create_uid, write_uid,
                                             email_add_signature)
                   SELECT %(model)s, r.id, %(body)s, %(author)s, %(email_from)s,
                          %(reply_to)s, 'notification', TRUE, %(subtype)s,
                          %(message_id)s, %(now)s, %(now)s, %(now)s, %(uid)s, %(uid)s,
                          FALSE
                     FROM unnest(%(ids)s::int[]) r(id)""",
                model=self._name,
                body=str(Markup("<p>%s</p>") % text),
                author=author.id,
                email_from=email_from or None,
                reply_to=reply_to or None,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                message_id=generate_tracking_message_id("message-notify"),
                now=now,
                uid=self.env.uid,
                ids=list(ids),
            )
        )
        self.env["mail.message"].invalidate_model()

    def _send_agency_reminders(self):
        """One digest email per agency listing its overdue referrals: the lines of all
        agencies read in one query (and the portal tokens set in one UPDATE), the
        template rendered once per agency."""
        template = self.env.ref(
            "municipal_hotline.mail_template_referral_reminder",
            raise_if_not_found=False,
        )
        if not template or not self:
            return
        cr = self.env.cr
        cr.execute(
            SQL(
                """UPDATE hotline_referral SET access_token = gen_random_uuid()::text
                    WHERE id = ANY(%s) AND access_token IS NULL""",
                self.ids,
            )
        )
        self.invalidate_model(["access_token"])
        cr.execute(
            SQL(
                """SELECT r.agency_id, r.id, r.access_token, t.number, t.name,
                          r.date_due
                     FROM hotline_referral r JOIN helpdesk_ticket t ON t.id = r.ticket_id
                    WHERE r.id = ANY(%s)
                    ORDER BY r.agency_id, r.date_due, r.id""",
                self.ids,
            )
        )
        base_url = self.browse().get_base_url()
        lines = {}
        for agency_id, rid, token, number, name, due in cr.fetchall():
            url = f"{base_url}/my/referrals/{rid}?access_token={token}"
            lines.setdefault(agency_id, []).append(_DigestLine(url, number, name, due))
        agencies = self.env["res.partner"].browse(list(lines))
        for agency in agencies:
            contacts = agency.child_ids.filtered(lambda p: p.email and p.active)
            recipients = contacts or agency.filtered("email")
            if not recipients:
                continue
            template.with_context(referrals=lines[agency.id]).send_mail(
                agency.id,
                email_values={
                    "recipient_ids": [fields.Command.set(recipients.ids)],
                    "email_to": False,
                },
            )

    @api.model
    def _escalate_to_supervisors_sql(self, ids, now):
        """The escalation note on each referral, and a to-do per referral for each
        hotline supervisor in their language, with the supervisor following the
        referral: one INSERT each, then one notification per supervisor."""
        self._log_notes_sql(
            ids,
            self.env._("Still no answer: escalated to the hotline supervisors."),
            now,
        )
        supervisors = (
            self.env.ref("municipal_hotline.group_hotline_supervisor")
            .sudo()
            .all_user_ids.filtered(lambda u: u.active and not u.share)
        )
        if not supervisors:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        deadline = fields.Date.context_today(self)
        # the note's text per language, the agency and tracking code put in by SQL
        texts = []
        for lang, users in supervisors.grouped("lang").items():
            env = self.with_context(lang=lang).env
            note = str(
                Markup("<p>%s</p>")
                % env._(
                    "%(agency)s has not answered request %(number)s: call them and "
                    "follow it up.",
                    agency="\x01",
                    number="\x02",
                )
            )
            summary = env._("Agency referral overdue: follow up with the agency")
            texts += [(user.id, user.partner_id.id, summary, note) for user in users]
        user_ids, partner_ids, summaries, notes = (
            list(x) for x in zip(*texts, strict=True)
        )
        cr = self.env.cr
        cr.execute(
            SQL(
                """INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                              activity_type_id, summary, note,
                                              date_deadline, user_id, user_tz, active,
                                              automated, create_date, write_date,
                                              create_uid, write_uid)
                   SELECT %(model_id)s, %(model)s, r.id, r.name, %(type)s, s.summary,
                          replace(replace(s.note, E'\\x01', %(escape_agency)s),
                                  E'\\x02', %(escape_number)s),
                          %(deadline)s, s.user_id, p.tz, TRUE, FALSE, %(now)s, %(now)s,
                          %(uid)s, %(uid)s
                     FROM hotline_referral r
                     JOIN res_partner a ON a.id = r.agency_id
                     JOIN helpdesk_ticket t ON t.id = r.ticket_id
                    CROSS JOIN unnest(%(users)s::int[], %(summaries)s::varchar[],
                                      %(notes)s::text[]) s(user_id, summary, note)
                     JOIN res_users u ON u.id = s.user_id
                     JOIN res_partner p ON p.id = u.partner_id
                    WHERE r.id = ANY(%(ids)s)""",
                model_id=self.env["ir.model"]._get_id(self._name),
                model=self._name,
                type=activity_type.id,
                escape_agency=SQL(_HTML_ESCAPE_SQL, SQL("a.name")),
                escape_number=SQL(_HTML_ESCAPE_SQL, SQL("COALESCE(t.number, '')")),
                deadline=deadline,
                now=now,
                uid=self.env.uid,
                users=user_ids,
                summaries=summaries,
                notes=notes,
                ids=list(ids),
            )
        )
        cr.execute(
            SQL(
                """INSERT INTO mail_followers (res_model, res_id, partner_id)
                   SELECT %(model)s, r.id, p.id
                     FROM unnest(%(ids)s::int[]) r(id)
                    CROSS JOIN unnest(%(partners)s::int[]) p(id)
                   ON CONFLICT DO NOTHING""",
                model=self._name,
                ids=list(ids),
                partners=partner_ids,
            )
        )
        self.env["mail.activity"].invalidate_model()
        self.env["mail.followers"].invalidate_model()
        self.invalidate_model(["activity_ids", "message_follower_ids"])
        if deadline <= fields.Date.today():
            for user in supervisors:
                user._bus_send(
                    "mail.activity/updated",
                    {"activity_created": True, "count_diff": len(ids)},
                )

    @api.model
    def _notify_citizen(self, ticket, referrals):
        """Tell the citizen the agencies' answers; without an email, ask staff to call."""
        partner = ticket.partner_id
        if partner.email:
            template = self.env.ref("municipal_hotline.mail_template_referral_answered")
            ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
            )
        else:
            ticket._message_log(
                body=self.env._(
                    "Every agency answered. The caller has no email: tell them the answer "
                    "by phone."
                )
            )
        if ticket.user_id:
            # in the language of the operator who reads it, not of the agency answering
            env = self.with_context(lang=ticket.user_id.lang).env
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("Agencies answered: check and close the request"),
                user_id=ticket.user_id.id,
            )
