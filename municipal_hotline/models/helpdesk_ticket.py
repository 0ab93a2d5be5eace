import logging
import re
from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.orm.domains import DomainAnd, DomainCondition
from odoo.tools import SQL, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from ..tools import (
    gregorian_to_jalali,
    latin_digits,
    latin_digits_vals,
    normalize_phone,
)
from ..tools.demo_tickets import generate_demo_tickets
from ..tools.text import MAX_LENGTHS, check_vals, text_error
from .helpdesk_ticket_category import JURISDICTIONS
from .ir_rule import DISTRICT_SCOPE

_logger = logging.getLogger(__name__)

# the request columns "My requests" prints (fetched with the page's search)
PORTAL_LIST_FIELDS = [
    "number",
    "name",
    "create_date",
    "closed",
    "closed_date",
    "date_deadline",
    "category_id",
]
REQUEST_KINDS = [
    ("request", "Request"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("criticism", "Criticism"),
    ("appreciation", "Appreciation"),
    ("inquiry", "Inquiry"),
    ("expert_opinion", "Expert Opinion"),
]
REVIEW_STATES = [
    ("pending", "Under Review"),
    ("done", "Reviewed"),
]
REVIEW_DECISIONS = [
    ("accept", "Accept"),
    ("field_visit", "Field Visit"),
    ("refer_to_agency", "Refer to Agency"),
    ("reject", "Reject"),
]
# the stage each review decision moves the request to
REVIEW_DECISION_STAGES = {
    "accept": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
    "field_visit": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
    "refer_to_agency": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
    "reject": "municipal_hotline.helpdesk_ticket_stage_closed",
}
EXPERT_GROUP = "municipal_hotline.group_hotline_expert"
SUPERVISOR_GROUP = "municipal_hotline.group_hotline_supervisor"
OPERATOR_GROUP = "municipal_hotline.group_hotline_operator"
DISTRICT_MANAGER_GROUP = "municipal_hotline.group_hotline_district_manager"
# the hotline's staff roles (not line managers, not citizens)
STAFF_GROUP_XMLIDS = (
    OPERATOR_GROUP,
    EXPERT_GROUP,
    DISTRICT_MANAGER_GROUP,
    SUPERVISOR_GROUP,
)
STAFF_GROUPS = ",".join(STAFF_GROUP_XMLIDS)
# duplicates: at most this many proposals; the master's priority from its reporters
# (this many or more: that priority; never lowered)
DUPLICATE_PROPOSALS = 10
REPORTER_PRIORITIES = ((10, "3"), (3, "2"))
# the columns the duplicate look-up reads in SQL (flushed first)
DUPLICATE_QUERY_FIELDS = [
    "latitude",
    "longitude",
    "category_id",
    "closed",
    "create_date",
    "company_id",
    "active",
    "duplicate_of_id",
]
# the stages an operator moves a request to by hand (Resolved: an inquiry answered on
# the phone, the citizen may still reopen it); the others come with their own step
# (refer, send for review, close: caller informed) or are an expert's or a district
# manager's to set (Closed, Cancelled, Rejected)
OPERATOR_STAGES = (
    "helpdesk_mgmt.helpdesk_ticket_stage_new",
    "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
    "municipal_hotline.helpdesk_ticket_stage_resolved",
)

TRACKING_SEQUENCE_CODE = "hotline.ticket.tracking"
CALLER_HISTORY_LIMIT = 20
# the requests' search box: a tracking code as read to the caller ("05-000123"), and a
# phone number as typed (digits, spaces, + - ( ) .; 7 digits or more)
TRACKING_CODE_INPUT = re.compile(r"\d{2}-\d{6,}")
PHONE_INPUT = re.compile(r"\+?[\d\s().-]+")
PHONE_INPUT_MIN_DIGITS = 7
# a whole national number (below it, a number's first digits)
PHONE_KEY_FULL = 10
# performance: followed requests inlined as ids up to this many (see
# _search_message_partner_ids)
FOLLOWED_IDS_LIMIT = 1000
# Ticket fields a portal user (citizen, agency contact) may read, over the portal and
# over RPC (see _has_field_access), besides those of the chatter and portal mixins:
# what the citizen filed and where it stands. Who handles, reviews, created or last
# edited it, the team, the expert's assessment, the operator's script, the escalation
# to the mayor and the staff ratings are internal.
PORTAL_READABLE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "active",
        "name",
        "number",
        "description",
        "request_kind",
        "category_id",
        "jurisdiction",
        "is_emergency",
        "district_id",
        "address",
        "latitude",
        "longitude",
        "caller_phone",
        "partner_id",
        "partner_name",
        "partner_email",
        "commercial_partner_id",
        "email_cc",
        "company_id",
        "channel_id",
        "stage_id",
        "closed",
        "priority",
        "sequence",
        "create_date",
        "write_date",
        "last_stage_update",
        "date_deadline",
        "is_overdue",
        "closed_date",
        "reopen_count",
        "referral_count",
    }
)
# the mixins whose fields the standard chatter and portal pages read as the visitor
PORTAL_READABLE_MIXINS = ("mail.thread", "portal.mixin")
# a change of these makes a request a repeated contact, or no longer one
REPEAT_CONTACT_FIELDS = {"category_id", "caller_phone", "partner_id"}
# the hotline's own stage mails, sent by helpdesk_mgmt's stage templates
CITIZEN_STAGE_TEMPLATES = ("municipal_hotline.mail_template_ticket_resolved",)

# the citizen's text messages (hotline.sms.mixin): the tracking code when a request is
# filed, the answer when it is closed
SMS_INTAKE_TEMPLATE = "municipal_hotline.sms_template_ticket_tracking_code"
SMS_ANSWER_TEMPLATE = "municipal_hotline.sms_template_ticket_answered"

# portal: what a citizen may file (see _portal_prepare_request)
# Kinds a citizen may file; expert opinions are written by staff.
PORTAL_KINDS = [kind for kind, _label in REQUEST_KINDS if kind != "expert_opinion"]
PORTAL_MIMETYPES = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "application/pdf",
}
PORTAL_MAX_FILES = 5
PORTAL_MAX_TEXT = {
    "description": MAX_LENGTHS["description"],
    "address": MAX_LENGTHS["address"],
    "name": 120,
    "phone": MAX_LENGTHS["phone"],
}
# texts of one line (the others may have line breaks)
PORTAL_LINE_TEXT = ("name", "address", "phone")
# the texts every way in (API, imports, forms) is held to: {field: (kind, multiline)}
TEXT_LIMITS = {
    "name": ("title", False),
    "address": ("address", False),
    "caller_phone": ("phone", False),
}
PORTAL_REQUIRED_TEXT = ("description", "address", "phone")
# any tag-like sequence: "<b", "</p", "<!--", "<script"
MARKUP_RE = re.compile(r"<\s*[a-zA-Z/!?]")
# the decimal separator of Persian and Arabic phone keyboards
ARABIC_DECIMAL_SEPARATOR = "\u066b"
# notices a request's page shows after an action, by code, with their alert level
PORTAL_NOTICE_LEVELS = {
    "confirmed": "success",
    "reopened": "success",
    "not_waiting": "danger",
    "reopen_expired": "danger",
    "reason_required": "danger",
    "markup": "danger",
    "too_long": "danger",
    "control": "danger",
}


# the staff map's and the public map's most points (the newest first)
MAP_POINTS_LIMIT = 20000
# the public map's grid: points snapped to 0.002 degrees (about 220 m north-south,
# 180 m east-west in Kermanshah), so no home can be told
PUBLIC_MAP_GRID = 0.002


def _map_grid(value):
    return round(round(value / PUBLIC_MAP_GRID) * PUBLIC_MAP_GRID, 4)


def _to_int(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _within_my_districts(domain):
    """Whether ``domain`` requires the user's own districts (a top-level "My
    District" condition, see HelpdeskTicket._search)."""
    conditions = domain.children if isinstance(domain, DomainAnd) else (domain,)
    return any(
        isinstance(condition, DomainCondition)
        and condition.field_expr == "in_my_district"
        and (
            (condition.operator == "=" and condition.value is True)
            or (condition.operator == "in" and list(condition.value) == [True])
        )
        for condition in conditions
    )


class HelpdeskTicket(models.Model):
    """A citizen's contact with the 137 line, on helpdesk_mgmt's ticket.

    Intake (the caller found by phone, a tracking code), jurisdiction and agency
    referrals, the expert review, public-meeting orders, the life-cycle figures the
    reports read, and what a citizen may see on the portal.
    """

    _name = "helpdesk.ticket"
    _inherit = [  # noqa: RUF012
        "helpdesk.ticket",
        "hotline.jalali.period.mixin",
        "hotline.sms.mixin",
    ]

    # what and where
    request_kind = fields.Selection(
        REQUEST_KINDS,
        string="Kind",
        default="request",
        required=True,
        index=True,
        tracking=True,
    )
    district_id = fields.Many2one("hotline.district", tracking=True)
    address = fields.Char(help="Where the problem is, as the caller describes it.")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))

    # duplicates: reports of the same problem at the same place (see DUPLICATES)
    duplicate_of_id = fields.Many2one(
        "helpdesk.ticket",
        index="btree_not_null",
        tracking=True,
        copy=False,
        readonly=True,
        help="The request this one reports again (its master): resolving the master "
        "resolves this request too and answers its citizen.",
    )
    duplicate_ids = fields.One2many(
        "helpdesk.ticket", "duplicate_of_id", string="Duplicates", readonly=True
    )
    reporter_count = fields.Integer(
        string="Reporters",
        compute="_compute_reporter_count",
        store=True,
        precompute=True,
        help="How many citizens reported this problem: this request and its duplicates.",
    )
    duplicate_candidate_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Possible Duplicates",
        compute="_compute_duplicate_candidate_ids",
        groups=STAFF_GROUPS,
        help="Open requests of the same category near this one's point, filed within "
        "the category's window: perhaps the same problem.",
    )
    # proof of repair: the photos staff attach when resolving; the citizen's own photos
    # are the request's other images
    hotline_after_photo_ids = fields.Many2many(
        "ir.attachment",
        "helpdesk_ticket_after_photo_rel",
        "ticket_id",
        "attachment_id",
        string="Photos After Repair",
        copy=False,
        help="Photos of the repair, shown to the citizen next to their own. Required to "
        "resolve a request whose category asks for one.",
    )
    requires_photo = fields.Boolean(related="category_id.requires_photo")
    resolved_with_photo = fields.Boolean(
        compute="_compute_resolved_with_photo",
        store=True,
        precompute=True,
        help="Closed with a photo of the repair (the director's share of resolutions "
        "with a photo).",
    )
    # the team follows the category, else the district (_compute_hotline_team_id)
    team_id = fields.Many2one(
        compute="_compute_hotline_team_id", store=True, readonly=False, precompute=True
    )

    # caller
    caller_phone = fields.Char(help="The number the citizen called from or gave.")
    caller_phone_key = fields.Char(
        compute="_compute_caller_phone_key",
        store=True,
        precompute=True,
        help="The caller's number normalized (digits, no country or trunk prefix).",
    )
    caller_phone_lookup = fields.Char(
        string="Caller Phone (any format)",
        compute="_compute_caller_phone_lookup",
        search="_search_caller_phone_lookup",
        help="Search by phone as typed: Persian digits, +98, 0098 or 0 prefixes.",
    )
    hotline_quick_search = fields.Char(
        string="Request or Phone",
        compute="_compute_hotline_quick_search",
        search="_search_hotline_quick_search",
        help="The requests' search box: a phone number finds the caller's requests, "
        "a tracking code its request, other text the titles.",
    )
    hotline_anonymized_date = fields.Datetime(
        string="Anonymized On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the retention period removed the caller's personal data.",
    )
    is_anonymous = fields.Boolean(
        string="Anonymous Caller", help="The caller did not give a name."
    )
    caller_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Earlier Requests of the Caller",
        compute="_compute_caller_tickets",
        help="The caller's earlier requests, found by the normalized phone number.",
    )
    caller_ticket_count = fields.Integer(
        string="Earlier Requests", compute="_compute_caller_tickets"
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
    # what the operator tells the caller: the subcategory's or its parent's guidance
    operator_guidance = fields.Text(related="category_id.guidance_to_show")

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
    # the "My District" filter: the user's districts as literal ids
    # (res.users.hotline_managed_district_ids), so the queue reads the district's
    # index in its order instead of joining the districts
    in_my_district = fields.Boolean(
        compute="_compute_in_my_district",
        search="_search_in_my_district",
    )

    # life cycle figures the reports read (stored: pivots aggregate them in SQL)
    # helpdesk_mgmt's "Open" filter and every queue ask for open requests
    # performance (precompute): the stored computed fields a new request needs are in
    # its INSERT, not two UPDATEs of the new row after it (each writes every index)
    # (helpdesk_mgmt's compute and related definitions repeated with precompute)
    stage_id = fields.Many2one(compute="_compute_stage_id", store=True, precompute=True)
    closed = fields.Boolean(related="stage_id.closed", store=True, precompute=True)
    unattended = fields.Boolean(
        related="stage_id.unattended", store=True, precompute=True
    )
    # performance: helpdesk_mgmt's "duplicate of" link, unindexed: deleting a request
    # (ON DELETE SET NULL) and its duplicate count read every request without one
    duplicate_id = fields.Many2one(index="btree_not_null")
    # performance: the citizens' portal rule compares it (docs/security.md)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        index="btree_not_null",
        precompute=True,
    )
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
    is_repeat_contact = fields.Boolean(
        string="Repeated Contact",
        readonly=True,
        copy=False,
        help="The same caller asked about the same category within the configured "
        "number of days of an earlier request.",
    )

    # expert review
    reviewer_id = fields.Many2one(
        "res.users",
        string="Reviewing Expert",
        index="btree_not_null",
        tracking=True,
        copy=False,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref(EXPERT_GROUP).ids),
            ("share", "=", False),
        ],
    )
    review_state = fields.Selection(
        REVIEW_STATES, index="btree_not_null", tracking=True, copy=False, readonly=True
    )
    review_decision = fields.Selection(
        REVIEW_DECISIONS,
        string="Decision",
        index="btree_not_null",
        tracking=True,
        copy=False,
        readonly=True,
    )
    review_assessment = fields.Text(
        string="Assessment", tracking=True, copy=False, readonly=True
    )
    review_reject_reason = fields.Text(
        string="Reason for Rejection", tracking=True, copy=False, readonly=True
    )
    review_date = fields.Datetime(
        string="Reviewed On", tracking=True, copy=False, readonly=True
    )

    # expert opinions that reach the mayor's office
    is_escalated_to_mayor = fields.Boolean(
        string="Escalated to the Mayor's Office",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_escalated = fields.Datetime(
        string="Escalated to the Mayor's Office On", readonly=True, copy=False
    )

    # agency referrals (the logic lives in hotline.referral)
    referral_ids = fields.One2many("hotline.referral", "ticket_id", string="Referrals")
    referral_count = fields.Integer(compute="_compute_referral_count")

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

    # staff ratings: the answers this request's citizen was invited to give
    hotline_rating_ids = fields.One2many(
        "survey.user_input",
        "hotline_ticket_id",
        string="Staff Ratings",
        groups="municipal_hotline.group_hotline_supervisor",
    )
    # the short link of the SMS invitation (/hotline/r/<code>): a secret, as the
    # answers' own tokens are, read by nobody but the system
    hotline_rating_code = fields.Char(
        copy=False, index="btree_not_null", groups="base.group_system"
    )

    # Indexes: what the queues, the portal, the look-ups and the reports filter,
    # sort and group by, declared once here. EXPLAIN shows `number = %s` using
    # _number_uniq, `district_id = %s` using _district_create_idx and
    # `caller_phone_key = %s` (or a prefix) using _repeat_phone_idx: the single-column
    # indexes those three fields had duplicated them and were dropped.
    # a tracking code is read over the phone: one per ticket, ever
    _number_uniq = models.UniqueIndex(
        "(number) WHERE number IS NOT NULL AND number <> '/'",
        "Two requests cannot share a tracking code.",
    )
    # a district manager's queue: open requests of one district, first page straight
    # from the index (same order as helpdesk.ticket's _order)
    _district_open_idx = models.Index(
        "(district_id, priority DESC, sequence, number DESC, id DESC) "
        "WHERE closed IS NOT TRUE"
    )
    # a district's requests of a period (reports, district filter)
    _district_create_idx = models.Index("(district_id, create_date)")
    # the citizen's "My requests" (portal rule on partner_id, newest first)
    _partner_create_idx = models.Index(
        "(partner_id, create_date DESC) WHERE partner_id IS NOT NULL"
    )
    # the reports' period filters
    _create_date_idx = models.Index("(create_date)")
    # the caller's history and the repeated-contact look-ups
    _repeat_phone_idx = models.Index(
        "(caller_phone_key, category_id, create_date) WHERE caller_phone_key IS NOT NULL"
    )
    _repeat_partner_idx = models.Index(
        "(partner_id, category_id, create_date) WHERE partner_id IS NOT NULL"
    )
    # the duplicate look-up on every save: open requests' points on the earth (cube +
    # earthdistance, see _auto_init()); the look-up's WHERE repeats this predicate
    _location_open_gist = models.Index(
        "USING gist (ll_to_earth(latitude::float8, longitude::float8)) WHERE "
        "closed IS NOT TRUE AND latitude IS NOT NULL AND longitude IS NOT NULL"
    )

    # ------------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------------

    @api.depends("category_id", "district_id")
    def _compute_hotline_team_id(self):
        """The one rule for a request's team: its category's, else its district's.

        It replaces helpdesk_mgmt's compute (the assignee's first team, recomputed on
        every assignment), which would undo a team chosen by hand whenever someone is
        assigned. A request with neither keeps its team, or takes its assignee's.
        """
        for ticket in self:
            ticket.team_id = (
                ticket.category_id.team_id
                or ticket.district_id.team_id
                or ticket.team_id
                or ticket.user_id.helpdesk_team_ids[:1]
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/requests/{ticket.id}"
        return res

    @api.depends("caller_phone")
    def _compute_caller_phone_key(self):
        for ticket in self:
            ticket.caller_phone_key = normalize_phone(ticket.caller_phone) or False

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

    def _compute_hotline_quick_search(self):
        self.hotline_quick_search = False

    def _search_hotline_quick_search(self, operator, value):
        """What the requests' search box finds for ``value``, each through an index:
        a phone number (any digits, any prefix) the caller's requests by their
        normalized key, a tracking code its request, other text the number or title."""
        if operator not in ("ilike", "like", "=ilike", "=like") or not isinstance(
            value, str
        ):
            return NotImplemented
        text = latin_digits(value).strip()
        if TRACKING_CODE_INPUT.fullmatch(text):
            return Domain("number", "=", text)
        key = normalize_phone(text) if PHONE_INPUT.fullmatch(text) else ""
        if len(key.lstrip("+")) >= PHONE_INPUT_MIN_DIGITS:
            if len(key) >= PHONE_KEY_FULL:
                return Domain("caller_phone_key", "=", key)
            # the first digits of a number: a prefix, still read from the index
            return Domain("caller_phone_key", "=like", f"{key}%")
        return Domain("number", operator, value) | Domain("name", operator, value)

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

    @api.depends("category_id")
    def _compute_from_category(self):
        for ticket in self:
            category = ticket.category_id
            ticket.jurisdiction = (
                category.jurisdiction or ticket.jurisdiction or "municipal"
            )
            ticket.agency_id = category.agency_id if category else ticket.agency_id

    @api.depends("category_id", "company_id")
    def _compute_date_deadline(self):
        """The category's hours counted on the company's working calendar (Friday,
        Thursday afternoon and official holidays do not count), one calendar
        computation per company; elapsed hours when the company has no calendar."""
        now = fields.Datetime.now()
        for company, tickets in self.grouped("company_id").items():
            # sudo: the calendar is configuration (a citizen's portal request reads it)
            calendar = (company or self.env.company).sudo().hotline_calendar_id
            plans = [
                (ticket.create_date or now, ticket.category_id.resolution_hours)
                for ticket in tickets
            ]
            if calendar:
                deadlines = calendar._hotline_plan_hours_batch(plans)
            else:
                deadlines = [
                    start + timedelta(hours=hours) if hours else None
                    for start, hours in plans
                ]
            for ticket, deadline in zip(tickets, deadlines, strict=True):
                ticket.date_deadline = deadline or False

    @api.depends("closed", "hotline_after_photo_ids")
    def _compute_resolved_with_photo(self):
        for ticket in self:
            ticket.resolved_with_photo = ticket.closed and bool(
                ticket.hotline_after_photo_ids
            )

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

    @api.depends("district_id")
    @api.depends_context("uid")
    def _compute_in_my_district(self):
        mine = set(self.env["res.users"]._hotline_managed_district_ids())
        for ticket in self:
            ticket.in_my_district = ticket.district_id.id in mine

    def _search_in_my_district(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        mine = Domain(
            "district_id",
            "in",
            list(self.env["res.users"]._hotline_managed_district_ids()),
        )
        return mine if (operator == "in") == (True in value) else ~mine

    @api.depends("referral_ids")
    def _compute_referral_count(self):
        counts = dict(
            self.env["hotline.referral"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.referral_count = counts.get(ticket._origin, 0)

    @api.depends("date_deadline", "closed_date", "stage_id.closed")
    def _compute_meeting_days_late(self):
        now = fields.Datetime.now()
        for ticket in self:
            end = ticket.closed_date if ticket.closed else now
            late = ticket.date_deadline and end and end - ticket.date_deadline
            ticket.meeting_days_late = late.days + 1 if late and late.days >= 0 else 0

    @api.model
    def search_fetch(self, domain, field_names=None, offset=0, limit=None, order=None):
        """performance: the access check that follows a search (``read``) evaluates the
        record rules on the rows found, and the rules name ``company_id``: fetch it with
        the rows, otherwise one more query reads every column of the page (their
        descriptions included) just for it."""
        if field_names is not None and "company_id" not in field_names:
            field_names = [*field_names, "company_id"]
        return super().search_fetch(
            domain, field_names, offset=offset, limit=limit, order=order
        )

    def web_read(self, specification):
        """performance: for a many2one column shown by its name (the lists' district,
        stage, channel...), the linked records' name column is read alone first, not
        with every other column of those records (a district's boundary, a stage's
        description): a preload, the names are still computed as before."""
        for name, spec in specification.items() if self else ():
            field = self._fields.get(name)
            if not field or field.type != "many2one":
                continue
            if set(spec.get("fields") or ()) != {"display_name"}:
                continue
            comodel = self.env[field.comodel_name]
            rec_name = comodel._fields.get(comodel._rec_name or "")
            if rec_name and rec_name.store and rec_name.column_type:
                self.sudo()[name].fetch([rec_name.name])
        return super().web_read(specification)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """performance: a search within the user's own districts ("My District", the
        district manager's home list) is checked against the district rule alone
        (ir_rule.py): the same rows, a simpler query."""
        domain = Domain(domain)
        if not self.env.su and _within_my_districts(domain):
            self = self.with_context(**{DISTRICT_SCOPE: True})  # noqa: PLW0642
        return super()._search(domain, offset, limit, order, **kwargs)

    @api.model
    def _hotline_citizen_page(self, domain, order, limit, offset=0):
        """The current user's own requests matching ``domain``: (count, page), the page's
        rows with the columns "My requests" prints, sudo.

        performance (issue 19): the requests are searched as sudo under ``partner_id =
        the user's contact``, narrower than every rule a portal user has (helpdesk_mgmt's
        ``commercial_partner_id = mine``, followed requests), so re-applying those rules
        only costs time; the company rule is applied here. The pager's count is a
        second query only when the page is full or empty: a citizen's handful of
        requests is one query.
        """
        # the user's contact, not every column of the user when not yet read
        user = self.env.user.sudo()
        user.fetch(["partner_id"])
        own = (
            Domain("partner_id", "=", user.partner_id.id)
            & Domain("company_id", "in", self.env.companies.ids)  # required
            & Domain(domain)
        )
        Ticket = self.sudo()
        tickets = Ticket.search_fetch(
            own, PORTAL_LIST_FIELDS, order=order, limit=limit, offset=offset
        )
        # the template prints the category's name: that column, not all of them
        tickets.category_id.fetch(["name"])
        if len(tickets) < limit and (tickets or not offset):
            return offset + len(tickets), tickets
        return Ticket.search_count(own), tickets

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

    # ------------------------------------------------------------------
    # CONSTRAINTS AND ONCHANGES
    # ------------------------------------------------------------------

    @api.constrains("reviewer_id")
    def _check_reviewer_is_expert(self):
        for ticket in self.filtered("reviewer_id"):
            if not ticket.reviewer_id.has_group(EXPERT_GROUP):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a hotline expert and cannot review requests.",
                        user=ticket.reviewer_id.name,
                    )
                )

    @api.constrains("review_decision", "review_reject_reason")
    def _check_reject_reason(self):
        for ticket in self:
            if (
                ticket.review_decision == "reject"
                and not (ticket.review_reject_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Request %(number)s: give the reason for rejecting it.",
                        number=ticket.number,
                    )
                )

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
    def _onchange_category_id(self):
        """The operator sees the category's title and the emergency priority at once."""
        category = self.category_id
        if not self.name and category:
            self.name = category.name
        if category.is_emergency:
            self.priority = "3"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_vals(self.env, self, vals, TEXT_LIMITS)
            # stored as searched: Latin digits, however the number was typed
            latin_digits_vals(vals, ["caller_phone"])
        self._hotline_link_callers(vals_list)
        self._hotline_category_defaults(vals_list)
        self._hotline_district_from_point(vals_list)
        tickets = super().create(vals_list)
        tickets.partner_id._hotline_mark_citizen()
        tickets._update_repeat_contact()
        # saved on a screen-popped Take a Call: the request is the call's outcome
        self.env["hotline.call"]._link_new_tickets(tickets)
        tickets._hotline_send_citizen_mail(
            "municipal_hotline.mail_template_ticket_tracking_code"
        )
        if not self.env.context.get("hotline_no_citizen_mail"):
            tickets._hotline_sms_send(SMS_INTAKE_TEMPLATE, "intake")
        return tickets

    def write(self, vals):
        if "caller_phone" in vals:
            vals = latin_digits_vals(dict(vals), ["caller_phone"])
        check_vals(self.env, self, vals, TEXT_LIMITS)
        closing = self.browse()
        if vals.get("stage_id"):
            new_stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            closing = (
                self.filtered(lambda t: not t.closed) if new_stage.closed else closing
            )
            if not self.env.su:
                self._hotline_check_operator_stage(new_stage)
            self._track_life_cycle(new_stage)
        res = super().write(vals)
        if closing:
            closing._hotline_check_repair_photo()
        if vals.get("partner_id"):
            self.partner_id._hotline_mark_citizen()
        if closing:
            self.env["survey.user_input"]._hotline_invite_to_rate(closing)
            if not self.env.context.get("hotline_no_citizen_mail"):
                # the answer by SMS; a request reopened and answered again gets the
                # new answer
                for ticket in closing:
                    ticket._hotline_sms_send(
                        SMS_ANSWER_TEMPLATE, f"answer-{ticket.reopen_count}"
                    )
        if REPEAT_CONTACT_FIELDS & set(vals):
            self._update_repeat_contact()
        if {"latitude", "longitude"} & set(vals) and "district_id" not in vals:
            self._hotline_update_district_from_point()
        if closing:
            closing._hotline_close_duplicates()
        return res

    @api.depends("number", "name")
    def _compute_display_name(self):
        # helpdesk_mgmt shows "/ - False" for a call being taken
        new = self.filtered(lambda t: not t._origin.id)
        for ticket in new:
            ticket.display_name = ticket.name or self.env._("New Call")
        return super(HelpdeskTicket, self - new)._compute_display_name()

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
    def _portal_readable_fields(self):
        """The names of the fields a portal user may read (see PORTAL_READABLE_FIELDS).

        Kept on the registry's class of the model, which is built anew when modules
        change: a plain attribute read, where an ormcache'd call costs microseconds on
        each of the thousands of field reads of a list."""
        cls = type(self)
        names = cls.__dict__.get("_hotline_portal_readable")
        if names is None:
            names = set(PORTAL_READABLE_FIELDS)
            for mixin in PORTAL_READABLE_MIXINS:
                names.update(self.env[mixin]._fields)
            names = cls._hotline_portal_readable = frozenset(
                names - {"create_uid", "write_uid"}
            )
        return names

    def _has_field_access(self, field, operation):
        """Citizens and agencies (portal users) may read their own requests, even over
        RPC, but only the fields of PORTAL_READABLE_FIELDS: no staff member is named to
        them (assignee, reviewer, creator, last editor, team) and nothing the city keeps
        internal (assessment, operator's script, escalation) is shown."""
        # performance: called for every field of every row read (a list of 80 requests
        # calls it ~1,800 times): the user's kind is read once per environment
        env = self.env
        if not env.su:
            share = env.__dict__.get("_hotline_share")
            if share is None:
                share = env.__dict__["_hotline_share"] = env.user.share
            if share and field.name not in self._portal_readable_fields():
                return False
        return super()._has_field_access(field, operation)

    # ------------------------------------------------------------------
    # MAIL
    # ------------------------------------------------------------------

    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        """helpdesk_mgmt lets anyone who reads a ticket post on it (`_mail_post_access =
        "read"`). Staff read far more requests than they handle (operators read every
        caller's history): for them, posting a message or a note needs write access.
        Citizens still post on their own requests (portal chatter) with read access."""
        operations = super()._mail_get_operation_for_mail_message_operation(
            message_operation
        )
        if message_operation == "create" and self.env.user._is_internal():
            return dict.fromkeys(operations, "write")
        return operations

    def _track_template(self, tracking):
        """helpdesk_mgmt mails the stage's template on a stage change. The hotline's
        own templates (the answer on resolution) go to citizens with an email only,
        and stay in the chatter, where the citizen reads them on the portal too."""
        res = super()._track_template(tracking)
        template = res.get("stage_id", (None,))[0]
        if (
            not template
            or template.get_external_id().get(template.id)
            not in CITIZEN_STAGE_TEMPLATES
        ):
            return res
        ticket = self[0]
        if not (
            ticket.partner_id.email or ticket.partner_email
        ) or self.env.context.get("hotline_no_citizen_mail"):
            del res["stage_id"]
            return res
        res["stage_id"] = (
            template,
            {
                "composition_mode": "comment",
                "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                    "mail.mt_comment"
                ),
                "message_type": "auto_comment",
            },
        )
        return res

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

    def _hotline_sms_number(self):
        """The number the citizen called from, else their contact's."""
        self.ensure_one()
        return self.caller_phone or self.partner_id.phone

    def _hotline_sms_responsible(self):
        """Who calls the citizen back: the assignee, else who recorded the request."""
        self.ensure_one()
        return self.user_id or self.create_uid

    def _hotline_send_citizen_mail(self, template_xmlid):
        """Mail the citizen (only those with an email), logged in the chatter."""
        with_email = self.filtered(lambda t: t.partner_id.email or t.partner_email)
        if not with_email or self.env.context.get("hotline_no_citizen_mail"):
            return
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if template:
            with_email.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment"
            )

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

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
        self._hotline_move_to(
            self.env.ref("municipal_hotline.helpdesk_ticket_stage_informed")
        )
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

    def action_send_for_review(self):
        """Hand the request to its reviewing expert: stage, to-do activity, follower."""
        missing = self.filtered(lambda t: not t.reviewer_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose the expert who reviews request %(number)s first.",
                    number=missing[0].number,
                )
            )
        closed = self.filtered("closed")
        if closed:
            raise UserError(
                self.env._(
                    "Request %(number)s is closed: reopen it before sending it for "
                    "review.",
                    number=closed[0].number,
                )
            )
        self._hotline_move_to(
            self.env.ref("municipal_hotline.helpdesk_ticket_stage_review"),
            {"review_state": "pending", "review_decision": False, "review_date": False},
        )
        for ticket in self:
            ticket.message_subscribe(partner_ids=ticket.reviewer_id.partner_id.ids)
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=ticket.reviewer_id.id,
                summary=self.env._("Review request %(number)s", number=ticket.number),
                note=ticket.name,
            )
        return True

    def action_open_review_decision(self):
        self.ensure_one()
        self._hotline_check_can_decide()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Review"),
            "res_model": "hotline.review.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_escalate_to_mayor(self):
        """Send an expert opinion to the mayor's office: flag it, notify supervisors.

        Only a finished review goes: the office reads the expert's assessment."""
        if not self.env.user.has_group(EXPERT_GROUP):
            raise AccessError(
                self.env._("Only experts and supervisors escalate to the mayor.")
            )
        wrong = self.filtered(lambda t: t.request_kind != "expert_opinion")
        if wrong:
            raise UserError(
                self.env._(
                    "Only expert opinions go to the mayor's office; %(number)s is not "
                    "one.",
                    number=wrong[0].number,
                )
            )
        todo = self.filtered(lambda t: not t.is_escalated_to_mayor)
        unreviewed = todo.filtered(
            lambda t: (
                t.review_state != "done" or not (t.review_assessment or "").strip()
            )
        )
        if unreviewed:
            raise UserError(
                self.env._(
                    "Request %(number)s cannot go to the mayor's office yet: the expert "
                    "must finish the review and write an assessment first.",
                    number=unreviewed[0].number,
                )
            )
        if not todo:
            return True
        todo.write(
            {"is_escalated_to_mayor": True, "date_escalated": fields.Datetime.now()}
        )
        supervisors = (
            self.env.ref(SUPERVISOR_GROUP)
            .sudo()
            .user_ids.filtered(lambda u: u.active and not u.share)
        )
        for ticket in todo:
            ticket.message_post(
                body=self.env._(
                    "Expert opinion escalated to the mayor's office by %(user)s.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=supervisors.partner_id.ids,
            )
        return True

    def action_refer_to_agency(self):
        """Open the "Refer to agency" wizard, the category's agency prefilled. From
        Take a Call (the call saved by the button), the wizard goes back to the call,
        where the operator reads the tracking code."""
        self.ensure_one()
        context = {"default_ticket_id": self.id}
        if self.env.context.get("hotline_intake"):
            context["hotline_back_to_call"] = True
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer to Agency"),
            "res_model": "hotline.referral.wizard",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "municipal_hotline.hotline_referral_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

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

    # ------------------------------------------------------------------
    # INTAKE
    # ------------------------------------------------------------------

    @api.model
    def _hotline_find_callers(self, keys):
        """Map each phone key to the earliest partner registered with it.

        A number is not proof of identity: anyone can type any number on their portal
        account. A contact with a user (who would then read the caller's requests) is
        found by its number only once staff confirmed it (hotline_phone_verified)."""
        if not keys:
            return {}
        partners = self.env["res.partner"].search(
            [
                ("hotline_phone_key", "in", list(keys)),
                "|",
                ("user_ids", "=", False),
                ("hotline_phone_verified", "=", True),
            ],
            order="id",
        )
        found = {}
        for partner in partners:
            found.setdefault(partner.hotline_phone_key, partner)
        return found

    @api.model
    def _hotline_link_callers(self, vals_list):
        """Link each call to the caller registered with its number, or register the
        caller with the name and number given on the phone."""
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
        if not to_create:
            return
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
                        "hotline_is_citizen": True,
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

    @api.model
    def _hotline_category_defaults(self, vals_list):
        """A request saved without a title takes its category's name; an emergency
        category makes it urgent (the onchange does the same on screen)."""
        categories = self.env["helpdesk.ticket.category"].browse(
            {v["category_id"] for v in vals_list if v.get("category_id")}
        )
        for vals in vals_list:
            category = categories.browse(vals.get("category_id"))
            if not vals.get("name") and category:
                vals["name"] = category.name
            if category.is_emergency and "priority" not in vals:
                vals["priority"] = "3"

    @api.model
    def _hotline_generate_demo_tickets(self, count=300):
        """Demo data: ~300 backdated requests (demo/helpdesk_ticket_demo.xml)."""
        return generate_demo_tickets(self.env, count=count).ids

    # ------------------------------------------------------------------
    # LIFE CYCLE FIGURES
    # ------------------------------------------------------------------

    def _hotline_check_operator_stage(self, stage):
        """Operators move a request by hand only to New, In Progress or Resolved: the
        other stages come with their step (a referral, a review, the caller informed),
        and closing is an expert's, a district manager's or a supervisor's."""
        user = self.env.user
        if not user.has_group(OPERATOR_GROUP) or any(
            user.has_group(group) for group in (EXPERT_GROUP, DISTRICT_MANAGER_GROUP)
        ):
            return
        if stage in {self.env.ref(xmlid) for xmlid in OPERATOR_STAGES}:
            return
        moved = self.filtered(lambda t: t.stage_id != stage)
        if moved:
            raise UserError(
                self.env._(
                    'An operator cannot move request %(number)s to "%(stage)s": '
                    "use its button (Refer to Agency, Send for Review, Close: Caller "
                    "Informed) or ask an expert or a district manager.",
                    number=moved[0].number,
                    stage=stage.name,
                )
            )

    def _hotline_move_to(self, stage, vals=None):
        """Move the requests to ``stage`` as one of the hotline's steps: the user's
        write access is checked, not the operators' stage rule (the step is the
        sensible way there). sudo keeps the user as the author of the change."""
        self.check_access("write")
        return self.sudo().write({"stage_id": stage.id, **(vals or {})})

    def _track_life_cycle(self, new_stage):
        """Before a stage change: count reopenings and stamp the first response."""
        now = fields.Datetime.now()
        new_stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id
        for ticket in self:
            if ticket.closed and not new_stage.closed:
                ticket.reopen_count += 1
            if not ticket.date_first_response and new_stage.id != new_stage_id:
                ticket.date_first_response = now

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

    # ------------------------------------------------------------------
    # EXPERT REVIEW
    # ------------------------------------------------------------------

    def _hotline_check_can_decide(self):
        for ticket in self:
            if ticket.review_state != "pending":
                raise UserError(
                    self.env._(
                        "Request %(number)s is not waiting for a review.",
                        number=ticket.number,
                    )
                )
            if ticket.reviewer_id != self.env.user and not self.env.user.has_group(
                SUPERVISOR_GROUP
            ):
                raise AccessError(
                    self.env._(
                        "Request %(number)s is reviewed by %(expert)s, not by you.",
                        number=ticket.number,
                        expert=ticket.reviewer_id.name,
                    )
                )

    def _hotline_record_review(self, decision, assessment, reject_reason=False):
        """The expert's decision: stored, tracked, and the request moves on."""
        self._hotline_check_can_decide()
        vals = {
            "review_state": "done",
            "review_decision": decision,
            "review_assessment": assessment,
            "review_reject_reason": reject_reason if decision == "reject" else False,
            "review_date": fields.Datetime.now(),
            "stage_id": self.env.ref(REVIEW_DECISION_STAGES[decision]).id,
        }
        if decision == "refer_to_agency":
            # the referral itself is made from the ticket (Refer to agency)
            vals["jurisdiction"] = "agency"
        self.write(vals)
        decision_label = dict(
            self._fields["review_decision"]._description_selection(self.env)
        )[decision]
        for ticket in self:
            ticket.activity_feedback(
                ["mail.mail_activity_data_todo"],
                user_id=ticket.reviewer_id.id,
                feedback=decision_label,
            )
            if decision == "field_visit":
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=(ticket.user_id or ticket.reviewer_id).id,
                    summary=self.env._(
                        "Field visit for %(number)s", number=ticket.number
                    ),
                    note=assessment,
                )
            ticket.message_post(
                body=Markup("<p><b>%s</b></p><p>%s</p>")
                % (
                    self.env._(
                        "Expert decision: %(decision)s", decision=decision_label
                    ),
                    assessment,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # REFERRALS
    # ------------------------------------------------------------------

    def _hotline_mark_referred(self):
        """Referred requests wait for the agencies in the referred stage."""
        stage = self.env.ref("municipal_hotline.helpdesk_ticket_stage_referred")
        self.filtered(lambda t: not t.closed and t.stage_id != stage)._hotline_move_to(
            stage
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

    # ------------------------------------------------------------------
    # STAFF RATINGS
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # PORTAL
    # ------------------------------------------------------------------
    # Requests filed by citizens on the portal: one check for every way in.
    # The request form (/my/requests/new), helpdesk_mgmt's form route (/submitted/ticket) and
    # the files a citizen adds later from a request's history (the chatter upload) all go
    # through `_portal_prepare_request` / `_portal_check_files`, so a bad input gets the same
    # answer, and nothing is saved, whichever way it comes in.
    # Every message a page shows is named by a code (form errors, notices after an action):
    # pages pass codes, never text, and `_portal_message` turns a known code into translated
    # text; an unknown code gives nothing.

    # -- messages
    @api.model
    def _portal_message(self, code, **params):
        """The translated text of a portal message code, or None for an unknown code.

        :param str code: a form error or a notice (see _portal_prepare_request and
            PORTAL_NOTICE_LEVELS)
        :param params: the code's values (a field, a file name, a limit)
        """
        _ = self.env._
        labels = {
            "description": _("Description"),
            "address": _("Address"),
            "phone": _("Phone"),
        }
        messages = {
            # form errors
            "required": lambda field: _("%(field)s is required.", field=labels[field]),
            "too_long": lambda limit=PORTAL_MAX_TEXT["description"]: _(
                "Too long: at most %(limit)s characters.", limit=limit
            ),
            "markup": lambda: _(
                "Please write plain text: tags such as <script> or <b> are not allowed."
            ),
            "control": lambda: _(
                "This text contains invisible control characters: please type it again."
            ),
            "phone_invalid": lambda: _("Enter a valid phone number, e.g. 09123456789."),
            "kind_invalid": lambda: _("Choose the kind of your request."),
            "category_required": lambda: _("Choose a category."),
            "category_hidden": lambda: _(
                "This category cannot be chosen on the portal: choose another one."
            ),
            "category_vague": lambda: _("Choose a more precise category."),
            "district_required": lambda: _("Choose your district."),
            "district_unknown": lambda: _("This district does not exist."),
            "location_invalid": lambda: _("The location is not valid."),
            "location_partial": lambda: _(
                "Give both latitude and longitude, or neither."
            ),
            "files_too_many": lambda count: _("At most %(count)s files.", count=count),
            "file_too_large": lambda file, size: _(
                "%(file)s is too large: at most %(size)s MB per file.",
                file=file,
                size=size,
            ),
            "file_type": lambda file: _(
                "%(file)s is not allowed: attach photos (JPEG, PNG, WebP, GIF) or PDF "
                "files.",
                file=file,
            ),
            # notices after an action on a request
            "confirmed": lambda: _("Thank you: the request is closed."),
            "reopened": lambda: _("The request is reopened: we are on it again."),
            "not_waiting": lambda: _(
                "This request is not waiting for your confirmation."
            ),
            "reopen_expired": lambda: _(
                "This request can no longer be reopened: file a new one."
            ),
            "reason_required": lambda: _("Tell us why you reopen the request."),
        }
        message = messages.get(code) if isinstance(code, str) else None
        return message(**params) if message else None

    @api.model
    def _portal_error_messages(self, errors):
        """{field: text} of the {field: (code, params)} errors of a check."""
        return {
            field: self._portal_message(code, **params)
            for field, (code, params) in errors.items()
        }

    @api.model
    def _portal_notice(self, code):
        """(alert level, text) of a notice code for a request's page, or None."""
        if code not in PORTAL_NOTICE_LEVELS:
            return None
        return PORTAL_NOTICE_LEVELS[code], self._portal_message(code)

    # -- checks
    @api.model
    def _portal_categories(self):
        """The categories a citizen may choose, parents included (the form's tree)."""
        # sudo: portal users cannot read categories; only active portal ones are given
        return (
            self.env["helpdesk.ticket.category"]
            .sudo()
            .search(
                [
                    ("active", "=", True),
                    ("show_in_portal", "=", True),
                    ("company_id", "in", [False, self.env.company.id]),
                ]
            )
        )

    @api.model
    def _portal_upload_limit_mb(self):
        return self.env["res.config.settings"]._hotline_int_param(
            "municipal_hotline.portal_max_upload_mb", 10, minimum=1
        )

    @api.model
    def _portal_text_error(self, text, limit, multiline=True):
        """The error code of a free text a citizen typed, or None."""
        code = text_error(text, limit, multiline=multiline)
        if code == "too_long":
            return ("too_long", {"limit": limit})
        if code:
            return ("control", {})
        if MARKUP_RE.search(text):
            return ("markup", {})
        return None

    @api.model
    def _portal_check_text(self, form, errors):
        text = {
            key: (form.get(key) or "").strip()
            for key in ("name", "description", "address", "phone")
        }
        for key in PORTAL_REQUIRED_TEXT:
            if not text[key]:
                errors[key] = ("required", {"field": key})
        for key, limit in PORTAL_MAX_TEXT.items():
            error = self._portal_text_error(
                text[key], limit, multiline=key not in PORTAL_LINE_TEXT
            )
            if error:
                errors[key] = error
        digits = normalize_phone(text["phone"]).lstrip("+")
        if "phone" not in errors and not (digits.isdigit() and 7 <= len(digits) <= 15):
            errors["phone"] = ("phone_invalid", {})
        return text

    @api.model
    def _portal_check_category(self, form, errors):
        categories = self._portal_categories()
        category = categories.browse(_to_int(form.get("category_id")))
        if not category:
            errors["category_id"] = ("category_required", {})
        elif category not in categories:
            errors["category_id"] = ("category_hidden", {})
        elif category.child_id & categories:
            errors["category_id"] = ("category_vague", {})
        return category if "category_id" not in errors else categories.browse()

    @api.model
    def _portal_check_district(self, form, errors, coords=None):
        """The district chosen, else the one of the point placed on the map."""
        district_id = _to_int(form.get("district_id"))
        # sudo: portal users cannot read districts; only the id is checked
        district = self.env["hotline.district"].sudo()
        if not district_id and coords and len(coords) == 2:
            point = (coords["latitude"], coords["longitude"])
            district_id = (
                district._hotline_districts_at([point]).get(point, district).id
            )
        if not district_id:
            errors["district_id"] = ("district_required", {})
            return district
        district = district.search([("id", "=", district_id)])
        if not district:
            errors["district_id"] = ("district_unknown", {})
        return district

    @api.model
    def _portal_check_location(self, form, errors):
        coords = {}
        for key, bound in (("latitude", 90), ("longitude", 180)):
            raw = (form.get(key) or "").strip()
            if not raw:
                continue
            try:
                value = float(latin_digits(raw).replace(ARABIC_DECIMAL_SEPARATOR, "."))
            except ValueError:
                value = None
            if value is None or not -bound <= value <= bound:
                errors["location"] = ("location_invalid", {})
            else:
                coords[key] = value
        if len(coords) == 1 and "location" not in errors:
            errors["location"] = ("location_partial", {})
        return coords

    @api.model
    def _portal_check_files(self, files):
        """Check the files a citizen sends with a request or adds to it later.

        :param list files: (file name, content) pairs
        :return: (attachment values, error): the values to create, or the error as
            (code, params) with no values
        """
        if len(files) > PORTAL_MAX_FILES:
            return [], ("files_too_many", {"count": PORTAL_MAX_FILES})
        max_mb = self._portal_upload_limit_mb()
        attachments = []
        for name, data in files:
            if len(data) > max_mb * 1024 * 1024:
                return [], ("file_too_large", {"file": name, "size": max_mb})
            # the content decides, not the name nor what the browser claims
            mimetype = guess_mimetype(data, default="application/octet-stream")
            if mimetype not in PORTAL_MIMETYPES:
                return [], ("file_type", {"file": name})
            attachments.append({"name": name, "raw": data, "mimetype": mimetype})
        return attachments, None

    @api.model
    def _portal_prepare_request(self, form, files):
        """Check a request the signed-in citizen posted.

        :param dict form: the posted fields: request_kind, category_id, description,
            district_id, address, phone, latitude, longitude and an optional name
        :param list files: (file name, content) of the posted files
        :return: (ticket values, attachment values, errors), errors being
            {field: (code, params)} (see _portal_message); the values are empty when
            there are errors
        """
        errors = {}
        text = self._portal_check_text(form, errors)
        kind = form.get("request_kind") or ""
        if kind not in PORTAL_KINDS:
            errors["request_kind"] = ("kind_invalid", {})
        category = self._portal_check_category(form, errors)
        coords = self._portal_check_location(form, errors)
        district = self._portal_check_district(form, errors, coords)
        attachments, file_error = self._portal_check_files(files)
        if file_error:
            errors["attachment"] = file_error
        if errors:
            return {}, [], errors
        description = text["description"]
        partner = self.env.user.partner_id
        # no team here: the ticket picks it from its category and district
        vals = {
            "name": text["name"]
            or description[:60] + ("…" if len(description) > 60 else ""),
            "description": plaintext2html(description),
            "request_kind": kind,
            "category_id": category.id,
            "district_id": district.id,
            "address": text["address"],
            "caller_phone": text["phone"],
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": partner.email,
            "channel_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
            "company_id": (category.company_id or self.env.company).id,
            "user_id": False,
            **coords,
        }
        return vals, attachments, {}

    # -- actions of the citizen
    @api.model
    def _portal_create_request(self, form, files):
        """File the signed-in citizen's request with its files, all or nothing.

        :return: (ticket, errors): the new ticket (sudo), or an empty recordset and the
            errors of _portal_prepare_request
        """
        vals, attachments, errors = self._portal_prepare_request(form, files)
        if errors:
            return self.browse(), errors
        partner = self.env.user.partner_id
        with self.env.cr.savepoint():
            # sudo: citizens cannot create tickets nor attachments; all was checked
            # above. The tracking-code mail is sent below, once the files are in.
            ticket = self.sudo().with_context(hotline_no_citizen_mail=True).create(vals)
            ticket.message_subscribe(partner_ids=partner.ids)
            self.env["ir.attachment"].sudo().create(
                [
                    dict(attachment, res_model=self._name, res_id=ticket.id)
                    for attachment in attachments
                ]
            )
        ticket._portal_send_tracking_code()
        ticket._hotline_sms_send(SMS_INTAKE_TEMPLATE, "intake")
        return ticket, {}

    def _portal_send_tracking_code(self):
        self.ensure_one()
        template = self.env.ref(
            "municipal_hotline.mail_template_portal_submitted", raise_if_not_found=False
        )
        if not template or not self.partner_id.email:
            return
        # posted by the municipality (not the citizen, who as author would not be
        # notified), so it is emailed and stays in the request's history
        self.message_post_with_source(
            template.sudo(),
            author_id=self.company_id.partner_id.id,
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )

    def _portal_citizen_confirm(self):
        """The citizen confirms the resolution; returns the notice code to show."""
        self.ensure_one()
        if not self._portal_can_confirm():
            return "not_waiting"
        self._portal_confirm_resolution()
        return "confirmed"

    def _portal_citizen_reopen(self, reason):
        """The citizen reopens the request with a reason; returns the notice code."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not self._portal_can_reopen():
            return "reopen_expired"
        if not reason:
            return "reason_required"
        error = self._portal_text_error(reason, PORTAL_MAX_TEXT["description"])
        if error:
            return error[0]
        self._portal_reopen(reason)
        return "reopened"

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

    # ------------------------------------------------------------------
    # PROOF OF REPAIR
    # ------------------------------------------------------------------

    def _hotline_repair_stages(self):
        """The stages that say the problem was fixed (Resolved, Closed)."""
        return self.env.ref("municipal_hotline.helpdesk_ticket_stage_resolved") | (
            self.env.ref("municipal_hotline.helpdesk_ticket_stage_closed")
        )

    def _hotline_check_repair_photo(self):
        """After a closing: a request whose category asks for a photo of the repair is
        resolved only with one (a rejection is not a repair)."""
        missing = self.filtered(
            lambda t: (
                t.category_id.requires_photo
                and t.stage_id in self._hotline_repair_stages()
                and t.review_decision != "reject"
                and not t.hotline_after_photo_ids
            )
        )
        if missing:
            raise ValidationError(
                self.env._(
                    "Attach a photo of the repair (Photos After Repair) before "
                    "resolving: %(requests)s.",
                    requests=", ".join(missing.mapped("display_name")),
                )
            )

    def _hotline_portal_photos(self):
        """(before, after): the request's images the citizen sent or staff added, and
        the photos of the repair; sudo-ed attachments with an access token."""
        self.ensure_one()
        ticket = self.sudo()
        after = ticket.hotline_after_photo_ids.filtered(
            lambda a: (a.mimetype or "").startswith("image/")
        )
        before = ticket.attachment_ids.filtered(
            lambda a: (a.mimetype or "").startswith("image/") and a not in after
        )
        for attachment in before | after:
            attachment.generate_access_token()
        return before, after

    # ------------------------------------------------------------------
    # MAPS
    # ------------------------------------------------------------------

    @api.model
    def hotline_map_config(self):
        """The current company's map settings (tiles, credit, centre, address search)."""
        return self.env.company._hotline_map_config()

    @api.model
    def _hotline_map_domain(self, domain):
        """The staff map's requests: those of `domain` (the list's filters) that are
        open and placed on the map."""
        return (
            Domain(domain or [])
            & Domain("closed", "=", False)
            & Domain("latitude", "!=", False)
            & Domain("longitude", "!=", False)
        )

    @api.model
    @api.readonly
    def hotline_map_points(self, domain=None, limit=MAP_POINTS_LIMIT):
        """The open requests of `domain` the user may read, for the staff map.

        :param list domain: the filters of the requests list (category, district,
            stage, overdue...)
        :return: {"points": [[id, lat, lon, category, stage, district, age in days]],
            "categories"|"stages"|"districts": {id: name}, "truncated": bool}; no name,
            phone or address
        """
        limit = max(1, min(int(limit or MAP_POINTS_LIMIT), MAP_POINTS_LIMIT))
        records = self.search_fetch(
            self._hotline_map_domain(domain),
            ["latitude", "longitude", "category_id", "stage_id", "district_id"]
            + ["create_date"],
            limit=limit + 1,
            order="id desc",
        )
        truncated = len(records) > limit
        records = records[:limit]
        now = fields.Datetime.now()
        points = []
        ids = {"category_id": set(), "stage_id": set(), "district_id": set()}
        for ticket in records:
            row = [ticket.id, ticket.latitude, ticket.longitude]
            for fname, seen in ids.items():
                value_id = ticket[fname].id
                seen.add(value_id)
                row.append(value_id or 0)
            row.append((now - ticket.create_date).days)
            points.append(row)

        def names(model, id_set):
            records = self.env[model].browse(i for i in id_set if i)
            return {rec.id: rec.display_name for rec in records}

        return {
            "points": points,
            "categories": names("helpdesk.ticket.category", ids["category_id"]),
            "stages": names("helpdesk.ticket.stage", ids["stage_id"]),
            "districts": names("hotline.district", ids["district_id"]),
            "truncated": truncated,
        }

    @api.model
    @api.readonly
    def hotline_map_heat(self, jalali_month=None, domain=None):
        """Supervisors' heat map: every request of a Jalali month with a point.

        :param str jalali_month: "1404-09"; the current month when empty
        :return: {"month": key, "months": [[key, label]] (the last 12), "points":
            [[lat, lon]]}
        """
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise AccessError(self.env._("The heat map is for supervisors."))
        months = self._jalali_month_selection()
        jy, jm, _jd = self._jalali_today()
        current = f"{jy}-{jm:02d}"
        recent = [m for m in months if m[0] <= current][-12:]
        month = jalali_month if jalali_month in dict(months) else current
        records = self.search_fetch(
            Domain(domain or [])
            & Domain("jalali_month", "=", month)
            & Domain("latitude", "!=", False)
            & Domain("longitude", "!=", False),
            ["latitude", "longitude"],
        )
        return {
            "month": month,
            "months": [list(m) for m in reversed(recent)],
            "points": [[t.latitude, t.longitude] for t in records],
        }

    @api.model
    def _hotline_public_map_points(self):
        """The public map (when the company publishes it): open requests of the
        categories shown on the portal, as category, status and a point rounded to
        the grid; nothing that names or locates a person."""
        # sudo: the public map is for anonymous visitors; only the fields below leave
        tickets = self.sudo().search_fetch(
            self._hotline_map_domain(
                [
                    ("company_id", "=", self.env.company.id),
                    ("category_id.show_in_portal", "=", True),
                ]
            ),
            ["latitude", "longitude", "category_id", "stage_id"],
            limit=MAP_POINTS_LIMIT,
            order="id desc",
        )
        categories = {c.id: c.name for c in tickets.category_id}
        stages = {s.id: s.name for s in tickets.stage_id}
        return [
            {
                "category": categories.get(t.category_id.id, ""),
                "status": stages.get(t.stage_id.id, ""),
                "lat": _map_grid(t.latitude),
                "lon": _map_grid(t.longitude),
            }
            for t in tickets
        ]

    # ------------------------------------------------------------------
    # LOCATION AND DUPLICATES
    # ------------------------------------------------------------------
    # The district follows the point (hotline.district's boundaries). A new report of
    # the same problem at the same place is linked to the first one (its master) rather
    # than merged: each citizen keeps their own request, tracking code and history, the
    # master counts its reporters (and gains priority), and resolving the master
    # resolves its duplicates, each citizen answered on their own request.

    def _auto_init(self):
        # before the table objects: the GiST index needs earthdistance's functions
        self._hotline_create_spatial_extensions()
        return super()._auto_init()

    def _hotline_create_spatial_extensions(self):
        """cube and earthdistance (PostgreSQL contrib) back the duplicate look-up's GiST
        index. cube is a trusted extension; earthdistance is not: without superuser
        rights a DBA must create it once (see CONFIGURE). Missing, there is no proposal."""
        cr = self.env.cr
        for extension in ("cube", "earthdistance"):
            try:
                with cr.savepoint(flush=False):
                    cr.execute(
                        SQL(
                            "CREATE EXTENSION IF NOT EXISTS %s",
                            SQL.identifier(extension),
                        )
                    )
            except psycopg2.Error as exc:
                _logger.warning(
                    "Duplicate look-up disabled: cannot create the PostgreSQL extension "
                    "%s (%s). A superuser should run: CREATE EXTENSION %s;",
                    extension,
                    exc,
                    extension,
                )

    @api.model
    @tools.ormcache()
    def _hotline_has_earthdistance(self):
        self.env.cr.execute(
            "SELECT 1 FROM pg_extension WHERE extname = 'earthdistance'"
        )
        return bool(self.env.cr.fetchone())

    def _hotline_has_point(self):
        self.ensure_one()
        return bool(self.latitude or self.longitude)

    @api.depends("duplicate_ids")
    def _compute_reporter_count(self):
        counts = dict(
            self._read_group(
                [("duplicate_of_id", "in", self._origin.ids)],
                ["duplicate_of_id"],
                ["__count"],
            )
        )
        for ticket in self:
            ticket.reporter_count = 1 + counts.get(ticket._origin, 0)

    @api.depends("latitude", "longitude", "category_id", "duplicate_of_id", "closed")
    @api.depends_context("uid")
    def _compute_duplicate_candidate_ids(self):
        """The look-up runs as SQL over every request (the GiST index); the user is
        shown only the candidates their own record rules let them read."""
        for ticket in self:
            ids = ticket._hotline_duplicate_candidates()
            ticket.duplicate_candidate_ids = self.browse(ids)._filtered_access("read")

    @api.onchange("latitude", "longitude")
    def _onchange_point_district(self):
        """The operator sees the point's district at once (they may still change it)."""
        point = (self.latitude, self.longitude)
        district = self.env["hotline.district"]._hotline_districts_at([point])
        if point in district:
            self.district_id = district[point]

    def _hotline_duplicate_candidates(self, limit=DUPLICATE_PROPOSALS):
        """Ids of the open requests of the same category within the category's radius
        of this request's point, filed within its window, nearest first.

        Not proposed: this request, requests already linked to a master (their master
        is), closed or archived ones, another company's. Raw SQL: the caller filters
        by the user's access (see _compute_duplicate_candidate_ids).
        """
        self.ensure_one()
        if (
            not self._hotline_has_point()
            or not self.category_id
            or self.duplicate_of_id
            or self.closed
            or not self._hotline_has_earthdistance()
        ):
            return []
        radius, days = self.category_id._hotline_duplicate_rule()
        if not radius:
            return []
        since = (self._origin.create_date or fields.Datetime.now()) - timedelta(
            days=days
        )
        return self._hotline_duplicate_query(
            self.latitude,
            self.longitude,
            radius,
            self.category_id.id,
            since,
            (self.company_id or self.env.company).id,
            exclude_id=self._origin.id or 0,
            limit=limit,
        )

    @api.model
    def _hotline_duplicate_query(
        self, lat, lon, radius, category_id, since, company_id, exclude_id=0, limit=10
    ):
        """The duplicate look-up: ids nearest first (one query)."""
        self.flush_model(DUPLICATE_QUERY_FIELDS)
        self.env.cr.execute(
            self._hotline_duplicate_sql(
                lat, lon, radius, category_id, since, company_id, exclude_id, limit
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _hotline_duplicate_sql(
        self, lat, lon, radius, category_id, since, company_id, exclude_id, limit
    ):
        """The look-up's SQL. Its WHERE repeats the partial GiST index
        _location_open_gist's predicate and expression (latitude and longitude are
        numeric columns: cast to float8 as in the index) so the planner uses it;
        earth_box() is the index's box, earth_distance() the exact circle."""
        point = SQL("ll_to_earth(%s::float8, %s::float8)", lat, lon)
        there = SQL("ll_to_earth(t.latitude::float8, t.longitude::float8)")
        return SQL(
            """SELECT t.id
                 FROM helpdesk_ticket t
                WHERE t.closed IS NOT TRUE
                  AND t.latitude IS NOT NULL AND t.longitude IS NOT NULL
                  AND earth_box(%(point)s, %(radius)s) @> %(there)s
                  AND earth_distance(%(point)s, %(there)s) <= %(radius)s
                  AND t.category_id = %(category)s
                  AND t.create_date >= %(since)s
                  AND t.company_id = %(company)s
                  AND t.active
                  AND t.duplicate_of_id IS NULL
                  AND t.id <> %(exclude)s
             ORDER BY earth_distance(%(point)s, %(there)s), t.id
                LIMIT %(limit)s""",
            point=point,
            there=there,
            radius=radius,
            category=category_id,
            since=since,
            company=company_id,
            exclude=exclude_id,
            limit=limit,
        )

    def _hotline_district_from_point(self, vals_list):
        """Create: a request with a point and no district gets the point's district."""
        points = [
            (vals.get("latitude") or 0.0, vals.get("longitude") or 0.0)
            for vals in vals_list
            if not vals.get("district_id")
        ]
        found = self.env["hotline.district"]._hotline_districts_at(points)
        for vals in vals_list:
            point = (vals.get("latitude") or 0.0, vals.get("longitude") or 0.0)
            if not vals.get("district_id") and point in found:
                vals["district_id"] = found[point].id

    def _hotline_update_district_from_point(self):
        """Write: the point moved (and no district was given): the district follows."""
        found = self.env["hotline.district"]._hotline_districts_at(
            [(t.latitude, t.longitude) for t in self]
        )
        moved = self.filtered(
            lambda t: (
                (t.latitude, t.longitude) in found
                and t.district_id != found[(t.latitude, t.longitude)]
            )
        )
        for district, tickets in moved.grouped(
            lambda t: found[(t.latitude, t.longitude)]
        ).items():
            tickets.write({"district_id": district.id})

    def _hotline_check_can_link(self):
        if not self.env.su and not any(
            self.env.user.has_group(group) for group in STAFF_GROUP_XMLIDS
        ):
            raise AccessError(
                self.env._("Only the hotline's staff link or unlink duplicates.")
            )
        self.check_access("write")

    def _hotline_link_duplicate(self, master):
        """Make these requests duplicates of ``master`` (with the user's write access
        on them; the master gets a note and its priority, as a consequence)."""
        self._hotline_check_can_link()
        master.check_access("read")
        master = master.duplicate_of_id or master  # the master of a duplicate
        if master in self or master.closed:
            raise UserError(
                self.env._(
                    "Request %(number)s cannot be the master: it is closed or one of "
                    "the requests linked.",
                    number=master.number,
                )
            )
        # a master linked under another master brings its duplicates along
        former = self.sudo().duplicate_ids - self
        self.write({"duplicate_of_id": master.id})
        former.write({"duplicate_of_id": master.id})
        master = master.sudo()
        master._message_log(
            body=self.env._(
                "Linked as duplicates of this request: %(numbers)s (%(count)s "
                "reporters).",
                numbers=", ".join((self | former).mapped("number")),
                count=master.reporter_count,
            )
        )
        master._hotline_raise_priority()
        return True

    def _hotline_raise_priority(self):
        """A problem many citizens report goes up the queue (never down)."""
        for count, priority in REPORTER_PRIORITIES:
            lower = self.filtered(
                lambda t, c=count, p=priority: t.reporter_count >= c and t.priority < p
            )
            if lower:
                lower.write({"priority": priority})

    def _hotline_close_duplicates(self):
        """The masters were resolved (closed): their open duplicates follow, with the
        master's stage and assessment; each duplicate's citizen gets the answer on
        their own request (the stage's mail, the answer SMS), once. sudo: whoever may
        close the master closes what only repeats it."""
        duplicates = self.sudo().duplicate_ids.filtered(lambda t: not t.closed)
        for master, tickets in duplicates.grouped("duplicate_of_id").items():
            tickets._message_log_batch(
                dict.fromkeys(
                    tickets.ids,
                    self.env._(
                        "Closed with request %(number)s, of which it is a duplicate.",
                        number=master.number,
                    ),
                )
            )
            vals = {"stage_id": master.stage_id.id}
            if master.review_assessment:
                vals["review_assessment"] = master.review_assessment
            tickets.write(vals)

    # ACTIONS

    def action_hotline_link_as_master(self):
        """The "Link as duplicate" button of a proposal: the request being viewed
        (context hotline_duplicate_id) becomes a duplicate of this one."""
        self.ensure_one()
        duplicate = self.browse(_to_int(self.env.context.get("hotline_duplicate_id")))
        if not duplicate.exists():
            raise UserError(self.env._("Save the request first."))
        return duplicate._hotline_link_duplicate(self)

    def action_hotline_view_duplicates(self):
        """The master and its duplicates, in a list."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reports of %(number)s", number=self.number),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": ["|", ("id", "=", self.id), ("duplicate_of_id", "=", self.id)],
        }

    def action_hotline_unlink_duplicate(self):
        """No longer a duplicate: the request goes on on its own (tracked on both)."""
        self._hotline_check_can_link()
        linked = self.filtered("duplicate_of_id")
        by_master = linked.sudo().grouped("duplicate_of_id")
        linked.write({"duplicate_of_id": False})
        for master, tickets in by_master.items():
            master._message_log(
                body=self.env._(
                    "No longer duplicates of this request: %(numbers)s (%(count)s "
                    "reporters).",
                    numbers=", ".join(tickets.mapped("number")),
                    count=master.reporter_count,
                )
            )
        return True
