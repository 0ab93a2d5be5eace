import re

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import latin_digits, latin_digits_vals, normalize_phone

# the staff who may confirm that a number belongs to a contact
PHONE_CONFIRM_GROUPS = (
    "municipal_hotline.group_hotline_operator",
    "municipal_hotline.group_hotline_supervisor",
)

# a login that is a phone number: digits, at most a leading +
PHONE_LOGIN = re.compile(r"\+?\d{7,15}")

AGENCY_TYPES = [
    ("water_sewage", "Water & Sewage"),
    ("electricity", "Electricity"),
    ("gas", "Gas"),
    ("police", "Police"),
    ("fire", "Fire Department"),
    ("emergency", "Emergency (115)"),
    ("telecom", "Telecom"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # agencies: the outside bodies requests are referred to
    hotline_agency_type = fields.Selection(
        AGENCY_TYPES,
        string="Agency Type",
        index="btree_not_null",
        help="Set on the outside bodies (water, power, gas, police...) the hotline refers "
        "requests to.",
    )
    hotline_duty_mobile = fields.Char(
        string="Duty Mobile",
        help="The agency's round-the-clock duty mobile: an emergency's referral is "
        "also sent to it by text message, night or day.",
    )
    hotline_response_hours = fields.Integer(
        string="Agreed Response Time (hours)",
        default=72,
        help="Hours the agency agreed to answer a referral in; a category may override it.",
    )

    # intake: callers are found by their normalized number, however it was typed
    hotline_phone_key = fields.Char(
        string="Phone Key",
        compute="_compute_hotline_phone_key",
        store=True,
        index="btree_not_null",
        help="The phone number normalized (ASCII digits, no country or trunk prefix).",
    )

    hotline_phone_verified = fields.Boolean(
        string="Number Confirmed",
        copy=False,
        help="Staff confirmed that this phone number is the contact's. Calls from a "
        "number are linked to a contact with a portal account only once confirmed: "
        "anyone can type any number on their account. Changing the number clears it.",
    )

    # privacy: citizens' contacts are read by operators and supervisors, by other staff
    # only through the requests and bookings they handle (record rules)
    hotline_is_citizen = fields.Boolean(
        string="Citizen",
        copy=False,
        index="btree_not_null",
        help="A caller, a portal account or a request's contact: staff other than "
        "operators and supervisors read it only through the requests they handle.",
    )
    hotline_meeting_booking_ids = fields.One2many(
        "hotline.meeting.booking", "partner_id", string="Meeting Bookings"
    )

    @api.depends("phone")
    def _compute_hotline_phone_key(self):
        for partner in self:
            partner.hotline_phone_key = normalize_phone(partner.phone) or False

    # referral
    hotline_referral_ids = fields.One2many(
        "hotline.referral", "agency_id", string="Referrals Received"
    )
    hotline_referral_count = fields.Integer(
        string="Referrals", compute="_compute_hotline_referral_count"
    )

    def _compute_hotline_referral_count(self):
        counts = dict(
            self.env["hotline.referral"]._read_group(
                [("agency_id", "in", self.ids)], ["agency_id"], ["__count"]
            )
        )
        for partner in self:
            partner.hotline_referral_count = counts.get(partner, 0)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # stored as searched: Latin digits, however the number was typed
            latin_digits_vals(vals, ["phone"])
        if not self._hotline_can_confirm_phone():
            for vals in vals_list:
                vals.pop("hotline_phone_verified", None)
        return super().create(vals_list)

    def write(self, vals):
        if "phone" in vals:
            vals = latin_digits_vals(dict(vals), ["phone"])
        if vals.get("hotline_phone_verified") and not self._hotline_can_confirm_phone():
            raise AccessError(
                self.env._("Only hotline staff can confirm a contact's phone number.")
            )
        if vals.get("parent_id") and "hotline_is_citizen" not in vals:
            # an agency's desk is the agency's contact, not a citizen
            parent = self.browse(vals["parent_id"]).sudo()
            if parent.commercial_partner_id.hotline_agency_type:
                vals = {**vals, "hotline_is_citizen": False}
        if "phone" in vals and "hotline_phone_verified" not in vals:
            # a new number is not confirmed, whoever typed it (a portal account's
            # details are saved with sudo)
            new_key = normalize_phone(vals["phone"]) or False
            changed = self.filtered(lambda p: p.hotline_phone_key != new_key)
            if changed:
                super(ResPartner, changed).write({"hotline_phone_verified": False})
        return super().write(vals)

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_hotline_confirm_phone(self):
        """Staff checked (called back) that the number is this contact's."""
        if not self._hotline_can_confirm_phone():
            raise AccessError(
                self.env._("Only hotline staff can confirm a contact's phone number.")
            )
        # staff may not edit contacts in general: only this flag, after the check above
        self.filtered("phone").sudo().write({"hotline_phone_verified": True})
        return True

    def _hotline_mark_citizen(self):
        """Mark these contacts of requests, bookings or portal accounts as citizens
        (not staff's own contacts, companies or agencies)."""
        todo = self.filtered(
            lambda p: (
                not p.hotline_is_citizen
                and p.partner_share
                and not p.is_company
                and not p.hotline_agency_type
            )
        )
        if todo:
            todo.sudo().write({"hotline_is_citizen": True})

    @api.model
    def _hotline_mark_existing_citizens(self):
        """On install and every update: mark the contacts of the existing requests,
        bookings and portal accounts (new ones are marked as they are made), so that a
        database upgraded from before the contact rules is not left open."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                # performance: one list of the known contacts (a hash of them), not
                # three `IN (subquery)` under an OR, which PostgreSQL runs row by row
                # once the requests outgrow work_mem (unfinished after 4 minutes at a
                # million requests; this one: 9 s)
                """UPDATE res_partner p SET hotline_is_citizen = TRUE
                     FROM res_partner c,
                          (SELECT partner_id FROM helpdesk_ticket
                            WHERE partner_id IS NOT NULL
                           UNION
                           SELECT partner_id FROM hotline_meeting_booking
                            WHERE partner_id IS NOT NULL
                           UNION
                           SELECT partner_id FROM res_users WHERE share) AS known(id)
                    WHERE p.id = known.id
                      AND c.id = COALESCE(p.commercial_partner_id, p.id)
                      AND p.hotline_is_citizen IS NOT TRUE
                      AND p.partner_share AND p.is_company IS NOT TRUE
                      AND p.hotline_agency_type IS NULL
                      AND c.hotline_agency_type IS NULL"""
            )
        )
        self.invalidate_model(["hotline_is_citizen"])

    def _hotline_portal_phone(self):
        """The number to propose on this citizen's portal forms: the contact's phone,
        else a login that is a phone number, else the number of their last request."""
        self.ensure_one()
        if self.phone:
            return self.phone
        # sudo: the citizen's own account and requests, read for one number
        login = latin_digits(self.sudo().user_ids[:1].login or "")
        if PHONE_LOGIN.fullmatch(login) and normalize_phone(login):
            return login
        last = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [("partner_id", "=", self.id), ("caller_phone", "!=", False)],
                order="id desc",
                limit=1,
            )
        )
        return last.caller_phone or ""

    @api.model
    def _hotline_can_confirm_phone(self):
        """Operators and supervisors (and the system, not a sudo'ed portal route)."""
        user = self.env.user
        if user._is_superuser():
            return True
        return user._is_internal() and any(
            user.has_group(g) for g in PHONE_CONFIRM_GROUPS
        )

    def action_view_hotline_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "municipal_hotline.hotline_referral_action"
        )
        action["domain"] = [("agency_id", "=", self.id)]
        action["context"] = {"search_default_filter_to_follow_up": 1}
        return action
