from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..tools import gregorian_to_jalali, normalize_phone
from ..tools.demo_tickets import generate_demo_tickets

TRACKING_SEQUENCE_CODE = "hotline.ticket.tracking"
CALLER_HISTORY_LIMIT = 20


# one file per concern of the ticket, so that parallel features merge cleanly
class HelpdeskTicket(models.Model):
    """Intake: the tracking code, the caller found by phone, a call taken in seconds."""

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # what the operator tells the caller: the subcategory's or its parent's guidance
    operator_guidance = fields.Text(related="category_id.guidance_to_show")
    caller_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Earlier Requests of the Caller",
        compute="_compute_caller_tickets",
        help="The caller's earlier requests, found by the normalized phone number.",
    )
    caller_ticket_count = fields.Integer(
        string="Earlier Requests", compute="_compute_caller_tickets"
    )
    caller_phone_lookup = fields.Char(
        string="Caller Phone (any format)",
        compute="_compute_caller_phone_lookup",
        search="_search_caller_phone_lookup",
        help="Search by phone as typed: Persian digits, +98, 0098 or 0 prefixes.",
    )

    # a tracking code is read over the phone: one per ticket, ever
    _number_uniq = models.UniqueIndex(
        "(number) WHERE number IS NOT NULL AND number <> '/'",
        "Two requests cannot share a tracking code.",
    )

    @api.depends("caller_phone_key", "partner_id")
    def _compute_caller_tickets(self):
        keys = {key for key in self.mapped("caller_phone_key") if key}
        earlier = self.browse()
        if keys:
            # one query for the whole batch, newest first
            earlier = self.search(
                [("caller_phone_key", "in", list(keys))],
                order="id desc",
                limit=CALLER_HISTORY_LIMIT * len(keys) + len(self),
            )
        for ticket in self:
            own = earlier.filtered(
                lambda t, key=ticket.caller_phone_key, this=ticket.id: (
                    key and t.caller_phone_key == key and t.id != this
                )
            )
            ticket.caller_ticket_ids = own[:CALLER_HISTORY_LIMIT]
            ticket.caller_ticket_count = len(own)

    @api.depends("number", "name")
    def _compute_display_name(self):
        # helpdesk_mgmt shows "/ - False" for a call being taken
        new = self.filtered(lambda t: not t._origin.id)
        for ticket in new:
            ticket.display_name = ticket.name or self.env._("New Call")
        return super(HelpdeskTicket, self - new)._compute_display_name()

    def _compute_caller_phone_lookup(self):
        for ticket in self:
            ticket.caller_phone_lookup = ticket.caller_phone

    def _search_caller_phone_lookup(self, operator, value):
        if operator not in ("=", "ilike", "like", "=ilike", "=like"):
            return NotImplemented
        key = normalize_phone(value)
        if not key:
            return Domain.FALSE
        # the stored, indexed key; part of a number finds it too
        return Domain("caller_phone_key", "=" if operator == "=" else "like", key)

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        # a call on the 137 line: the phone channel without a click
        if self.env.context.get("hotline_intake") and "channel_id" in fields:
            phone = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_phone", raise_if_not_found=False
            )
            defaults.setdefault("channel_id", phone.id if phone else False)
        return defaults

    @api.onchange("caller_phone", "is_anonymous")
    def _onchange_caller_phone(self):
        """Find the caller as soon as the number is typed (any digits, any prefix)."""
        if self.is_anonymous:
            self.partner_id = False
            self.partner_name = False
            return
        key = normalize_phone(self.caller_phone)
        if not key:
            return
        if self.partner_id and self.partner_id.hotline_phone_key == key:
            return
        partner = self._hotline_find_callers({key}).get(key)
        if partner:
            self.partner_id = partner
            self.partner_name = partner.name
            self.partner_email = partner.email
        elif self.partner_id:
            # the number was corrected: forget the caller found for the old one
            self.partner_id = self.partner_name = self.partner_email = False

    @api.onchange("category_id")
    def _onchange_category_intake(self):
        category = self.category_id
        if not category:
            return
        if not self.name:
            self.name = category.name
        if category.is_emergency:
            self.priority = "3"

    @api.onchange("district_id")
    def _onchange_district_team(self):
        if self.district_id.team_id and not self.category_id.team_id:
            self.team_id = self.district_id.team_id

    @api.model_create_multi
    def create(self, vals_list):
        self._hotline_prepare_intake_values(vals_list)
        tickets = super().create(vals_list)
        tickets._hotline_send_citizen_mail(
            "municipal_hotline.mail_template_ticket_tracking_code"
        )
        return tickets

    def write(self, vals):
        resolved = self.env.ref(
            "municipal_hotline.helpdesk_ticket_stage_resolved", raise_if_not_found=False
        )
        newly_resolved = self.browse()
        if resolved and vals.get("stage_id") == resolved.id:
            newly_resolved = self.filtered(lambda t: t.stage_id != resolved)
        res = super().write(vals)
        newly_resolved._hotline_send_citizen_mail(
            "municipal_hotline.mail_template_ticket_resolved"
        )
        return res

    def _prepare_ticket_number(self, values):
        """The citizen's tracking code: Jalali year (2 digits), a dash, a counter.

        e.g. ``05-000123`` for a request of 1405: digits and one dash, nine characters
        to read over the phone. The counter is a PostgreSQL sequence ("standard"
        implementation, no row lock), so operators saving at the same moment never
        wait for each other nor get the same code; a unique index guards it too.
        """
        sequence = self.env["ir.sequence"].sudo()
        if values.get("company_id"):
            sequence = sequence.with_company(values["company_id"])
        counter = sequence.next_by_code(TRACKING_SEQUENCE_CODE)
        if not counter:
            return super()._prepare_ticket_number(values)
        today = fields.Date.context_today(
            self.with_context(tz=self.env.user.tz or "Asia/Tehran")
        )
        jalali_year = gregorian_to_jalali(today.year, today.month, today.day)[0]
        return f"{jalali_year % 100:02d}-{counter}"

    @api.model
    def _hotline_find_callers(self, keys):
        """Map each phone key to the earliest partner registered with it."""
        if not keys:
            return {}
        partners = self.env["res.partner"].search(
            [("hotline_phone_key", "in", list(keys))], order="id"
        )
        found = {}
        for partner in partners:
            found.setdefault(partner.hotline_phone_key, partner)
        return found

    @api.model
    def _hotline_prepare_intake_values(self, vals_list):
        """Link or create the callers, fill the title and the district's team."""
        keys = set()
        for vals in vals_list:
            if vals.get("is_anonymous"):
                vals.update(partner_id=False, partner_name=False)
            elif not vals.get("partner_id") and vals.get("caller_phone"):
                keys.add(normalize_phone(vals["caller_phone"]))
        keys.discard("")
        callers = self._hotline_find_callers(keys)
        to_create = {}
        for vals in vals_list:
            key = normalize_phone(vals.get("caller_phone"))
            if vals.get("is_anonymous") or vals.get("partner_id") or not key:
                continue
            if key in callers:
                vals["partner_id"] = callers[key].id
            elif vals.get("partner_name"):
                to_create.setdefault(key, vals)
        if to_create:
            # operators may not create contacts in general: only a caller, with the
            # name, number and email they gave on the phone
            new_partners = (
                self.env["res.partner"]
                .sudo()
                .create(
                    [
                        {
                            "name": vals["partner_name"],
                            "phone": vals["caller_phone"],
                            "email": vals.get("partner_email") or False,
                        }
                        for vals in to_create.values()
                    ]
                )
            )
            callers.update(zip(to_create, new_partners, strict=True))
            for vals in vals_list:
                key = normalize_phone(vals.get("caller_phone"))
                if not vals.get("partner_id") and key in to_create:
                    vals["partner_id"] = callers[key].id
        category_ids = {v["category_id"] for v in vals_list if v.get("category_id")}
        categories = self.env["helpdesk.ticket.category"].browse(category_ids)
        districts = self.env["hotline.district"].browse(
            {v["district_id"] for v in vals_list if v.get("district_id")}
        )
        for vals in vals_list:
            category = categories.browse(vals.get("category_id"))
            if not vals.get("name") and category:
                vals["name"] = category.name
            if category.is_emergency and "priority" not in vals:
                vals["priority"] = "3"
            district = districts.browse(vals.get("district_id"))
            if not vals.get("team_id") and not category.team_id and district.team_id:
                vals["team_id"] = district.team_id.id

    def _hotline_send_citizen_mail(self, template_xmlid):
        """Mail the citizen (only those with an email), logged in the chatter."""
        with_email = self.filtered(lambda t: t.partner_id.email or t.partner_email)
        if not with_email or self.env.context.get("hotline_no_citizen_mail"):
            return
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        # a notification, not a comment: an automatic mail is not a staff response
        with_email.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    @api.model
    def _hotline_generate_demo_tickets(self, count=300):
        """Demo data: ~300 backdated requests (demo/helpdesk_ticket_demo.xml)."""
        return generate_demo_tickets(self.env, count=count).ids

    # ACTIONS

    def action_close_caller_informed(self):
        """Outside anyone's duty: the caller was told so, close the request."""
        not_none = self.filtered(lambda t: t.jurisdiction != "none")
        if not_none:
            raise UserError(
                self.env._(
                    "Only requests that are no public body's duty can be closed as "
                    "'caller informed': %(numbers)s.",
                    numbers=", ".join(not_none.mapped("number")),
                )
            )
        stage = self.env.ref("municipal_hotline.helpdesk_ticket_stage_informed")
        self.write({"stage_id": stage.id})
        for ticket in self:
            ticket.message_post(
                body=self.env._(
                    "The caller was informed that this is not a public body's duty."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_open_full_form(self):
        """From the intake screen to the ticket's full form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_caller_tickets(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Requests of %(phone)s", phone=self.caller_phone),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("caller_phone_key", "=", self.caller_phone_key)],
        }
