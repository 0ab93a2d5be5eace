import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

SUPERVISOR = "municipal_hotline.group_hotline_supervisor"
# What a request keeps of its caller after the retention period: nothing. The request
# itself (subject, description, category, district, dates, stage) stays for the figures.
TICKET_PERSONAL_COLUMNS = (
    "partner_name",
    "partner_email",
    "caller_phone",
    "caller_phone_key",
    "address",
    "latitude",
    "longitude",
)
# A contact's personal columns, cleared (the name is replaced); those a database lacks
# (a module not installed) are left out.
PARTNER_PERSONAL_COLUMNS = (
    "phone",
    "mobile",
    "email",
    "email_normalized",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "vat",
    "website",
    "comment",
    "function",
    "ref",
    "hotline_phone_key",
)
# A staff rating keeps its scores, the rated employee and the request; not who gave it.
RATING_PERSONAL_COLUMNS = (
    "partner_id",
    "email",
    "nickname",
    "hotline_phone",
    "hotline_phone_key",
    "hotline_device_key",
)


class HotlineRetentionWizard(models.TransientModel):
    """Anonymize callers' personal data after the period the city keeps it.

    Closed requests older than the period lose their caller's details; the contacts who
    have nothing newer (no open or recent request, booking or rating, no user account,
    not staff or an agency) are anonymized; old meeting bookings lose their phone and old
    staff ratings who gave them. Categories, districts, dates, stages and scores stay, so
    every analysis counts the same. "Dry run" counts and lists, "Apply" anonymizes in a
    few set-based queries. Supervisors only; the monthly job applies it when the city
    turned automatic retention on.
    """

    _name = "hotline.retention.wizard"
    _description = "Personal Data Retention"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    months = fields.Integer(
        string="Keep Personal Data (months)",
        required=True,
        default=lambda self: self.env.company.hotline_retention_months,
        help="Requests closed longer ago than this lose their caller's details.",
    )
    date_limit = fields.Datetime(string="Closed Before", compute="_compute_date_limit")
    state = fields.Selection(
        [("draft", "Draft"), ("dry_run", "Dry Run"), ("done", "Done")],
        default="draft",
        required=True,
    )
    ticket_count = fields.Integer(string="Requests", readonly=True)
    partner_count = fields.Integer(string="Contacts", readonly=True)
    booking_count = fields.Integer(string="Meeting Bookings", readonly=True)
    rating_count = fields.Integer(string="Staff Ratings", readonly=True)
    ticket_ids = fields.Many2many(
        "helpdesk.ticket", string="Requests to Anonymize", readonly=True
    )

    @api.depends("months")
    def _compute_date_limit(self):
        now = fields.Datetime.now()
        for wizard in self:
            wizard.date_limit = now - relativedelta(months=max(wizard.months, 0))

    @api.constrains("months")
    def _check_months(self):
        if any(wizard.months < 1 for wizard in self):
            raise UserError(
                self.env._("Personal data must be kept at least one month.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_supervisor()
        return super().create(vals_list)

    # ACTIONS ------------------------------------------------------------------------------

    def action_dry_run(self):
        """Count and list what Apply would anonymize; change nothing."""
        self.ensure_one()
        self._check_supervisor()
        scope = self._retention_scope()
        self.write(
            {
                "state": "dry_run",
                "ticket_count": len(scope["tickets"]),
                "partner_count": len(scope["partners"]),
                "booking_count": len(scope["bookings"]),
                "rating_count": len(scope["ratings"]),
                "ticket_ids": [fields.Command.set(scope["tickets"][:1000])],
            }
        )
        return self._reopen()

    def action_apply(self):
        """Anonymize what the dry run lists, set-based; a second run finds nothing."""
        self.ensure_one()
        self._check_supervisor()
        scope = self._retention_scope()
        self._anonymize(scope)
        self.write(
            {
                "state": "done",
                "ticket_count": len(scope["tickets"]),
                "partner_count": len(scope["partners"]),
                "booking_count": len(scope["bookings"]),
                "rating_count": len(scope["ratings"]),
                "ticket_ids": [fields.Command.clear()],
            }
        )
        _logger.info(
            "retention (%s months, user %s): anonymized %s requests, %s contacts, "
            "%s bookings, %s ratings",
            self.months,
            self.env.uid,
            *(len(scope[k]) for k in ("tickets", "partners", "bookings", "ratings")),
        )
        return self._reopen()

    # BUSINESS ------------------------------------------------------------------------------

    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group(SUPERVISOR):
            raise AccessError(
                self.env._(
                    "Only the hotline's supervisors may anonymize personal data."
                )
            )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _retention_scope(self):
        """The ids to anonymize: {"tickets", "partners", "bookings", "ratings"}."""
        self.ensure_one()
        self.env.flush_all()
        cr = self.env.cr
        limit = self.date_limit
        cr.execute(
            SQL(
                """
                SELECT t.id FROM helpdesk_ticket t
                 WHERE t.closed AND t.company_id = %(company)s
                   AND t.hotline_anonymized_date IS NULL
                   AND COALESCE(t.closed_date, t.last_stage_update, t.write_date)
                       < %(limit)s
                 ORDER BY t.id
                """,
                company=self.company_id.id,
                limit=limit,
            )
        )
        tickets = [row[0] for row in cr.fetchall()]
        partners = self._retention_partners(tickets, limit)
        cr.execute(
            SQL(
                """
                SELECT b.id FROM hotline_meeting_booking b
                  JOIN hotline_public_meeting m ON m.id = b.meeting_id
                 WHERE m.start < %(limit)s
                   AND (b.phone IS NOT NULL OR b.partner_id = ANY(%(partners)s))
                   AND (b.company_id = %(company)s OR b.company_id IS NULL)
                 ORDER BY b.id
                """,
                limit=limit,
                partners=partners,
                company=self.company_id.id,
            )
        )
        bookings = [row[0] for row in cr.fetchall()]
        cr.execute(
            SQL(
                """
                SELECT u.id FROM survey_user_input u
                 WHERE u.hotline_employee_id IS NOT NULL
                   AND u.create_date < %(limit)s
                   AND (u.partner_id IS NOT NULL OR u.email IS NOT NULL
                        OR u.nickname IS NOT NULL OR u.hotline_phone IS NOT NULL
                        OR u.hotline_device_key IS NOT NULL)
                 ORDER BY u.id
                """,
                limit=limit,
            )
        )
        ratings = [row[0] for row in cr.fetchall()]
        return {
            "tickets": tickets,
            "partners": partners,
            "bookings": bookings,
            "ratings": ratings,
        }

    def _retention_partners(self, tickets, limit):
        """The callers of `tickets` with nothing newer the city still needs them for:
        no other request not yet anonymized, no recent booking or rating, no user
        account (staff, portal), not an employee, a company, an agency or a contact of
        one."""
        if not tickets:
            return []
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT p.id FROM helpdesk_ticket t
                  JOIN res_partner p ON p.id = t.partner_id
                 WHERE t.id = ANY(%(tickets)s)
                   AND NOT p.is_company AND p.parent_id IS NULL
                   AND p.hotline_agency_type IS NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM helpdesk_ticket o
                        WHERE o.partner_id = p.id AND o.hotline_anonymized_date IS NULL
                          AND NOT o.id = ANY(%(tickets)s))
                   AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
                   AND NOT EXISTS (
                       SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
                   AND NOT EXISTS (
                       SELECT 1 FROM hr_employee e WHERE e.work_contact_id = p.id)
                   AND NOT EXISTS (
                       SELECT 1 FROM hotline_meeting_booking b
                         JOIN hotline_public_meeting m ON m.id = b.meeting_id
                        WHERE b.partner_id = p.id AND m.start >= %(limit)s)
                   AND NOT EXISTS (
                       SELECT 1 FROM survey_user_input s
                        WHERE s.partner_id = p.id AND s.create_date >= %(limit)s)
                 ORDER BY p.id
                """,
                tickets=tickets,
                limit=limit,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _existing_columns(self, model, names):
        fields_ = self.env[model]._fields
        return [n for n in names if n in fields_ and fields_[n].store]

    def _set_null(self, model, columns, ids, **extra):
        """UPDATE <model> SET <columns> = NULL, <extra> WHERE id = ANY(ids)."""
        assignments = [
            SQL("%s = NULL", SQL.identifier(c))
            for c in self._existing_columns(model, columns)
        ]
        assignments += [
            SQL("%s = %s", SQL.identifier(column), value)
            for column, value in extra.items()
        ]
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE id = ANY(%s)",
                SQL.identifier(self.env[model]._table),
                SQL(", ").join(assignments),
                ids,
            )
        )

    def _anonymize(self, scope):
        """The anonymization itself: a handful of UPDATEs, whatever the volume."""
        now = fields.Datetime.now()
        anonymous = self.env._("Anonymized citizen")
        if scope["tickets"]:
            self._set_null(
                "helpdesk.ticket",
                TICKET_PERSONAL_COLUMNS,
                scope["tickets"],
                hotline_anonymized_date=now,
            )
        if scope["partners"]:
            self._set_null(
                "res.partner",
                PARTNER_PERSONAL_COLUMNS,
                scope["partners"],
                name=anonymous,
                complete_name=anonymous,
            )
        if scope["bookings"]:
            self._set_null("hotline.meeting.booking", ("phone",), scope["bookings"])
        if scope["ratings"]:
            self._set_null(
                "survey.user_input", RATING_PERSONAL_COLUMNS, scope["ratings"]
            )
        self._anonymize_messages_and_logs(scope, anonymous)
        self.env.invalidate_all()

    def _anonymize_messages_and_logs(self, scope, anonymous):
        """The copies of the same data elsewhere: the sender address of the callers'
        emails on those requests, and the values kept by the audit log."""
        cr = self.env.cr
        if scope["tickets"]:
            cr.execute(
                SQL(
                    """
                    UPDATE mail_message SET email_from = NULL, reply_to = NULL
                     WHERE model = 'helpdesk.ticket' AND res_id = ANY(%(tickets)s)
                       AND (author_id IS NULL OR author_id = ANY(%(partners)s)
                            OR message_type = 'email')
                    """,
                    tickets=scope["tickets"],
                    partners=scope["partners"],
                )
            )
        if "auditlog.log" not in self.env:
            return
        audited = [
            ("helpdesk.ticket", scope["tickets"]),
            ("res.partner", scope["partners"]),
            ("survey.user_input", scope["ratings"]),
        ]
        for model, ids in audited:
            if not ids:
                continue
            cr.execute(
                SQL(
                    """
                    UPDATE auditlog_log_line SET old_value = NULL, new_value = NULL,
                           old_value_text = NULL, new_value_text = NULL
                     WHERE log_id IN (SELECT id FROM auditlog_log
                                       WHERE model_model = %(model)s
                                         AND res_id = ANY(%(ids)s))
                    """,
                    model=model,
                    ids=ids,
                )
            )
        if scope["partners"]:
            cr.execute(
                SQL(
                    """
                    UPDATE auditlog_log SET name = %(name)s
                     WHERE model_model = 'res.partner' AND res_id = ANY(%(ids)s)
                    """,
                    name=anonymous,
                    ids=scope["partners"],
                )
            )

    @api.model
    def _cron_apply_retention(self):
        """The monthly job: apply the retention of every company that turned it on."""
        companies = self.env["res.company"].search(
            [("hotline_retention_auto", "=", True)]
        )
        for company in companies:
            wizard = (
                self.sudo()
                .with_company(company)
                .create(
                    {
                        "company_id": company.id,
                        "months": company.hotline_retention_months,
                    }
                )
            )
            wizard.action_apply()
