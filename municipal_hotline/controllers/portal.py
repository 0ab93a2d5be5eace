"""The citizen's portal: file a request, follow it, answer back, confirm or reopen it.

It replaces helpdesk_mgmt's portal pages and closes the routes of helpdesk_mgmt that trust
posted ids (see README, "Citizen portal").
"""

import json
import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.mail.controllers.attachment import AttachmentController
from odoo.addons.mail.tools.discuss import add_guest_to_context
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.helpdesk_ticket import REQUEST_KINDS
from ..tools import normalize_phone

# Kinds a citizen may file; expert opinions are written by staff.
PORTAL_KINDS = [kind for kind, _label in REQUEST_KINDS if kind != "expert_opinion"]
ALLOWED_MIMETYPES = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "application/pdf",
}
MAX_FILES = 5
NOTICE_LEVELS = {
    "confirmed": "success",
    "reopened": "success",
    "not_waiting": "danger",
    "reopen_expired": "danger",
    "reason_required": "danger",
    "markup": "danger",
    "too_long": "danger",
}
MAX_TEXT = {"description": 5000, "address": 300, "name": 120}
# any tag-like sequence: "<b", "</p", "<!--", "<script"
MARKUP_RE = re.compile(r"<\s*[a-zA-Z/!?]")


def _contains_markup(text):
    return bool(text and MARKUP_RE.search(text))


class HotlinePortalTicketController(HelpdeskTicketController):
    """helpdesk_mgmt's own routes, made safe for a city's citizens."""

    @http.route("/ticket/close", type="http", auth="user", methods=["POST"])
    def support_ticket_close(self, **kw):
        """helpdesk_mgmt closes ANY ticket by its posted id (sudo, no ownership check)
        and by GET (no CSRF). Here: POST only, the citizen's own request only, and only
        "confirm the resolution" as a closing action."""
        ticket = HotlinePortal._citizen_ticket(kw.get("ticket_id"))
        return HotlinePortal()._confirm(ticket)

    @http.route("/new/ticket", type="http", auth="user", website=True)
    def create_new_ticket(self, **kw):
        """The hotline's form replaces helpdesk_mgmt's (any category, no address)."""
        return request.redirect("/my/requests/new")

    @http.route(
        "/submitted/ticket",
        type="http",
        auth="user",
        website=True,
        csrf=True,
        methods=["POST"],
    )
    def submit_ticket(self, **kw):
        """helpdesk_mgmt's handler trusts the posted category (any, even hidden or of
        another company) and saves any file: go through the hotline's validation."""
        return HotlinePortal()._submit_request(**kw)


class HotlinePortal(CustomerPortalHelpdesk):
    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _page_messages(self):
        """Notices the request page shows after an action, by code (no free text in URLs)."""
        env = request.env
        # (texts first, levels apart: Odoo's term extractor takes a string that follows
        # a translated call inside a tuple for a term)
        texts = {
            "confirmed": env._("Thank you: the request is closed."),
            "reopened": env._("The request is reopened: we are on it again."),
            "not_waiting": env._("This request is not waiting for your confirmation."),
            "reopen_expired": env._(
                "This request can no longer be reopened: file a new one."
            ),
            "reason_required": env._("Tell us why you reopen the request."),
            "markup": env._(
                "Please write plain text: tags such as <script> or <b> are not allowed."
            ),
            "too_long": env._(
                "Too long: at most %(limit)s characters.", limit=MAX_TEXT["description"]
            ),
        }
        return {code: (NOTICE_LEVELS[code], text) for code, text in texts.items()}

    @staticmethod
    def _citizen_ticket(ticket_id):
        """The signed-in citizen's own request, sudo-ed, or 404.

        The same answer for a request that does not exist and one of someone else, so
        ids cannot be probed.
        """
        try:
            ticket_id = int(ticket_id or 0)
        except (TypeError, ValueError):
            raise NotFound() from None
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        partner = request.env.user.partner_id
        try:
            ticket.check_access("read")
        except (AccessError, MissingError):
            raise NotFound() from None
        ticket_sudo = ticket.sudo()
        if not ticket_sudo.exists() or ticket_sudo.partner_id != partner:
            raise NotFound()
        return ticket_sudo

    def _portal_categories(self):
        """Portal-visible categories, as the tree the form walks step by step."""
        categories = (
            request.env["helpdesk.ticket.category"]
            .sudo()
            .search(
                [
                    ("active", "=", True),
                    ("show_in_portal", "=", True),
                    ("company_id", "in", [False, request.env.company.id]),
                ]
            )
        )
        return categories

    def _category_tree_json(self, categories):
        nodes = []
        for category in categories:
            # guidance comes from the category or the nearest ancestor that has it
            guided = category
            while guided and not guided.operator_guidance:
                guided = guided.parent_id
            agency = category.agency_id
            nodes.append(
                {
                    "id": category.id,
                    "parent_id": category.parent_id.id
                    if category.parent_id in categories
                    else False,
                    "name": category.name,
                    "jurisdiction": category.jurisdiction,
                    "emergency": category.is_emergency,
                    "guidance": guided.operator_guidance or "",
                    "agency": agency.name or "",
                    "agency_phone": agency.phone or "",
                }
            )
        return json.dumps(nodes)

    def _request_form_values(self, form=None, errors=None):
        categories = self._portal_categories()
        partner = request.env.user.partner_id
        form = dict(form or {})
        form.setdefault("phone", partner.phone or "")
        form.setdefault("request_kind", "request")
        kinds = dict(
            request.env["helpdesk.ticket"]
            ._fields["request_kind"]
            ._description_selection(request.env)
        )
        return {
            "page_name": "hotline_new_request",
            "form": form,
            "errors": errors or {},
            "kinds": [(kind, kinds[kind]) for kind in PORTAL_KINDS],
            "districts": request.env["hotline.district"].sudo().search([]),
            "categories_json": self._category_tree_json(categories),
            "leaf_categories": categories.filtered(
                lambda category: not (category.child_id & categories)
            ),
            "files_help": request.env._(
                "Up to %(count)s files, %(size)s MB each: JPEG, PNG, WebP, GIF or PDF.",
                count=MAX_FILES,
                size=self._max_upload_mb(),
            ),
            "accept": ",".join(sorted(ALLOWED_MIMETYPES)),
        }

    def _max_upload_mb(self):
        return request.env["res.config.settings"]._hotline_int_param(
            "municipal_hotline.portal_max_upload_mb", 10, minimum=1
        )

    @staticmethod
    def _int(value):
        try:
            return int(value or 0)
        except ValueError:
            return 0

    def _validate_text(self, form, errors):
        env = request.env
        text = {
            key: (form.get(key) or "").strip()
            for key in ("name", "description", "address", "phone")
        }
        labels = {
            "description": env._("Description"),
            "address": env._("Address"),
            "phone": env._("Phone"),
        }
        for key, label in labels.items():
            if not text[key]:
                errors[key] = env._("%(field)s is required.", field=label)
        for key, limit in MAX_TEXT.items():
            if len(text[key]) > limit:
                errors[key] = env._(
                    "Too long: at most %(limit)s characters.", limit=limit
                )
            elif _contains_markup(text[key]):
                errors[key] = env._(
                    "Please write plain text: tags such as <script> or <b> are not "
                    "allowed."
                )
        digits = normalize_phone(text["phone"]).lstrip("+")
        if "phone" not in errors and not (digits.isdigit() and 7 <= len(digits) <= 15):
            errors["phone"] = env._("Enter a valid phone number, e.g. 09123456789.")
        return text

    def _validate_category(self, form, errors):
        env = request.env
        category_id = self._int(form.get("category_id"))
        portal_categories = self._portal_categories()
        if not category_id:
            errors["category_id"] = env._("Choose a category.")
        elif category_id not in portal_categories.ids:
            errors["category_id"] = env._(
                "This category cannot be chosen on the portal: choose another one."
            )
        else:
            category = portal_categories.browse(category_id)
            if category.child_id & portal_categories:
                errors["category_id"] = env._("Choose a more precise category.")
            return category
        return portal_categories.browse()

    def _validate_district(self, form, errors):
        district_id = self._int(form.get("district_id"))
        district = request.env["hotline.district"].sudo()
        if not district_id:
            errors["district_id"] = request.env._("Choose your district.")
            return district
        district = district.search([("id", "=", district_id)])
        if not district:
            errors["district_id"] = request.env._("This district does not exist.")
        return district

    def _validate_location(self, form, errors):
        env = request.env
        coords = {}
        for key, bound in (("latitude", 90), ("longitude", 180)):
            raw = (form.get(key) or "").strip()
            if not raw:
                continue
            try:
                value = float(
                    raw.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٫", "0123456789."))
                )
            except ValueError:
                value = None
            if value is None or not -bound <= value <= bound:
                errors["location"] = env._("The location is not valid.")
            else:
                coords[key] = value
        if len(coords) == 1 and "location" not in errors:
            errors["location"] = env._("Give both latitude and longitude, or neither.")
        return coords

    def _validate_request(self, form, files):
        """Check a posted request; return (ticket values, files, errors by field)."""
        errors = {}
        text = self._validate_text(form, errors)
        kind = form.get("request_kind") or ""
        if kind not in PORTAL_KINDS:
            errors["request_kind"] = request.env._("Choose the kind of your request.")
        category = self._validate_category(form, errors)
        district = self._validate_district(form, errors)
        coords = self._validate_location(form, errors)
        uploads, file_error = self._validate_files(files)
        if file_error:
            errors["attachment"] = file_error

        if errors:
            return {}, [], errors
        description = text["description"]
        name = text["name"] or (
            description[:60] + ("…" if len(description) > 60 else "")
        )
        partner = request.env.user.partner_id
        vals = {
            "name": name,
            "description": plaintext2html(description),
            "request_kind": kind,
            "category_id": category.id,
            "district_id": district.id,
            "address": text["address"],
            "caller_phone": text["phone"],
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": partner.email,
            "channel_id": request.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_web"
            ).id,
            "company_id": (category.company_id or request.env.company).id,
            "user_id": False,
            **coords,
        }
        team = category.team_id or district.team_id
        if team:
            vals["team_id"] = team.id
        return vals, uploads, {}

    def _validate_files(self, files):
        env = request.env
        files = [f for f in files if f and f.filename]
        if len(files) > MAX_FILES:
            return [], env._("At most %(count)s files.", count=MAX_FILES)
        max_mb = self._max_upload_mb()
        uploads = []
        for upload in files:
            data = upload.read()
            if len(data) > max_mb * 1024 * 1024:
                return [], env._(
                    "%(file)s is too large: at most %(size)s MB per file.",
                    file=upload.filename,
                    size=max_mb,
                )
            mimetype = guess_mimetype(data, default="application/octet-stream")
            if mimetype not in ALLOWED_MIMETYPES:
                return [], env._(
                    "%(file)s is not allowed: attach photos (JPEG, PNG, WebP, GIF) or PDF "
                    "files.",
                    file=upload.filename,
                )
            uploads.append((upload.filename, data, mimetype))
        return uploads, None

    def _submit_request(self, **form):
        files = request.httprequest.files.getlist("attachment")
        vals, uploads, errors = self._validate_request(form, files)
        if errors:
            values = self._request_form_values(form, errors)
            return request.render(
                "municipal_hotline.portal_request_form", values, status=400
            )
        # one savepoint: the request and its files are saved together or not at all
        with request.env.cr.savepoint():
            # the portal sends its own tracking-code mail below, once the files are in
            ticket = (
                request.env["helpdesk.ticket"]
                .sudo()
                .with_context(hotline_no_citizen_mail=True)
                .create(vals)
            )
            ticket.message_subscribe(partner_ids=request.env.user.partner_id.ids)
            request.env["ir.attachment"].sudo().create(
                [
                    {
                        "name": name,
                        "raw": data,
                        "mimetype": mimetype,
                        "res_model": "helpdesk.ticket",
                        "res_id": ticket.id,
                    }
                    for name, data, mimetype in uploads
                ]
            )
        self._send_tracking_code(ticket)
        return request.redirect(f"/my/ticket/{ticket.id}?submitted=1")

    def _send_tracking_code(self, ticket):
        if not ticket.partner_id.email:
            return
        template = request.env.ref(
            "municipal_hotline.mail_template_portal_submitted", raise_if_not_found=False
        )
        if template:
            # posted by the municipality (not the citizen, who as author would not be
            # notified), so it is emailed and stays in the request's history
            ticket.message_post_with_source(
                template.sudo(),
                author_id=ticket.company_id.partner_id.id,
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )

    # ------------------------------------------------------------------
    # submit
    # ------------------------------------------------------------------
    @http.route("/my/requests/new", type="http", auth="user", website=True)
    def portal_request_form(self, **kw):
        if request.httprequest.method == "POST":
            return self._submit_request(**kw)
        return request.render(
            "municipal_hotline.portal_request_form", self._request_form_values()
        )

    # ------------------------------------------------------------------
    # follow
    # ------------------------------------------------------------------
    def _request_searchbar_filters(self):
        env = request.env
        domains = {
            "all": [],
            "open": [("closed", "=", False)],
            "closed": [("closed", "=", True)],
        }
        labels = {"all": env._("All"), "open": env._("Open"), "closed": env._("Closed")}
        return {
            key: {"label": labels[key], "domain": domain}
            for key, domain in domains.items()
        }

    def _request_searchbar_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "create_date desc, id desc"},
            "oldest": {"label": env._("Oldest"), "order": "create_date asc, id asc"},
            "update": {
                "label": env._("Last Update"),
                "order": "last_stage_update desc",
            },
            "deadline": {
                "label": env._("Deadline"),
                "order": "date_deadline asc, id desc",
            },
            "stage": {"label": env._("Status"), "order": "stage_id, id desc"},
        }

    def _request_searchbar_inputs(self):
        env = request.env
        return {
            "all": {"input": "all", "label": env._("Search in All")},
            "number": {"input": "number", "label": env._("Tracking Code")},
            "name": {"input": "name", "label": env._("Title")},
        }

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        priority=90,
    )
    def portal_my_tickets(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw
    ):
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return request.redirect("/my")
        filters = self._request_searchbar_filters()
        sortings = self._request_searchbar_sortings()
        filterby = filterby if filterby in filters else "all"
        sortby = sortby if sortby in sortings else "date"
        search_in = (
            search_in if search_in in self._request_searchbar_inputs() else "all"
        )
        # the citizen's own requests only, whatever the record rules let them read
        domain = Domain("partner_id", "=", request.env.user.partner_id.id) & Domain(
            filters[filterby]["domain"]
        )
        if search:
            domain &= Domain(self._ticket_get_search_domain(search_in, search))
        count = Ticket.search_count(domain)
        pager = portal_pager(
            url="/my/tickets",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            },
            total=count,
            page=page,
            step=self._items_per_page,
        )
        tickets = Ticket.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_tickets_history"] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets.sudo(),
                "page_name": "ticket",
                "default_url": "/my/tickets",
                "pager": pager,
                "searchbar_sortings": sortings,
                "searchbar_filters": filters,
                "searchbar_inputs": self._request_searchbar_inputs(),
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            }
        )
        return request.render("municipal_hotline.portal_my_requests", values)

    @http.route(
        ["/my/ticket/<int:ticket_id>", "/my/ticket/<int:ticket_id>/<access_token>"],
        type="http",
        auth="public",
        website=True,
        priority=90,
    )
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        for attachment in ticket_sudo.attachment_ids:
            attachment.generate_access_token()
        values = self._ticket_get_page_view_values(ticket_sudo, access_token, **kw)
        is_owner = (
            not request.env.user._is_public()
            and ticket_sudo.partner_id == request.env.user.partner_id
        )
        referrals = []
        if "hotline.referral" in request.env:
            referrals = (
                request.env["hotline.referral"]
                .sudo()
                .search([("ticket_id", "=", ticket_sudo.id)], order="id")
            )
        values.update(
            {
                "is_owner": is_owner,
                "can_confirm": is_owner and ticket_sudo._portal_can_confirm(),
                "can_reopen": is_owner and ticket_sudo._portal_can_reopen(),
                "reopen_until": ticket_sudo._portal_reopen_until(),
                "referrals": referrals,
                "submitted": kw.get("submitted"),
                "notice": self._page_messages().get(kw.get("msg")),
            }
        )
        return request.render("municipal_hotline.portal_request_page", values)

    @http.route(
        "/my/ticket/<int:ticket_id>/confirm",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_request_confirm(self, ticket_id, **kw):
        return self._confirm(self._citizen_ticket(ticket_id))

    def _confirm(self, ticket):
        if not ticket._portal_can_confirm():
            return request.redirect(f"/my/ticket/{ticket.id}?msg=not_waiting")
        ticket._portal_confirm_resolution()
        return request.redirect(f"/my/ticket/{ticket.id}?msg=confirmed")

    @http.route(
        "/my/ticket/<int:ticket_id>/reopen",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_request_reopen(self, ticket_id, reason=None, **kw):
        ticket = self._citizen_ticket(ticket_id)
        reason = (reason or "").strip()
        if not ticket._portal_can_reopen():
            code = "reopen_expired"
        elif not reason:
            code = "reason_required"
        elif _contains_markup(reason):
            code = "markup"
        elif len(reason) > MAX_TEXT["description"]:
            code = "too_long"
        else:
            ticket._portal_reopen(reason)
            code = "reopened"
        return request.redirect(f"/my/ticket/{ticket.id}?msg={code}")


class HotlinePortalAttachment(AttachmentController):
    @http.route()
    @add_guest_to_context
    def mail_attachment_upload(
        self, ufile, thread_id, thread_model, is_pending=False, **kwargs
    ):
        """Files a citizen adds from a request's chatter obey the form's limits."""
        if thread_model == "helpdesk.ticket" and not request.env.user._is_internal():
            _uploads, error = HotlinePortal()._validate_files([ufile])
            if error:
                return request.make_json_response({"error": error})
            ufile.seek(0)
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )
