# folded into helpdesk_ticket.py by the lead at merge
"""Requests filed by citizens on the portal: one check for every way in.

The request form (/my/requests/new), helpdesk_mgmt's form route (/submitted/ticket) and
the files a citizen adds later from a request's history (the chatter upload) all go
through `_portal_prepare_request` / `_portal_check_files`, so a bad input gets the same
answer, and nothing is saved, whichever way it comes in.

Every message a page shows is named by a code (form errors, notices after an action):
pages pass codes, never text, and `_portal_message` turns a known code into translated
text; an unknown code gives nothing.
"""

import re

from odoo import api, models
from odoo.tools import plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from ..tools import normalize_phone
from .helpdesk_ticket import REQUEST_KINDS

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
PORTAL_MAX_TEXT = {"description": 5000, "address": 300, "name": 120}
PORTAL_REQUIRED_TEXT = ("description", "address", "phone")
# any tag-like sequence: "<b", "</p", "<!--", "<script"
MARKUP_RE = re.compile(r"<\s*[a-zA-Z/!?]")
# Persian digits and decimal separator typed on a phone keyboard
PERSIAN_NUMBER = str.maketrans("۰۱۲۳۴۵۶۷۸۹٫", "0123456789.")
# notices a request's page shows after an action, by code, with their alert level
PORTAL_NOTICE_LEVELS = {
    "confirmed": "success",
    "reopened": "success",
    "not_waiting": "danger",
    "reopen_expired": "danger",
    "reason_required": "danger",
    "markup": "danger",
    "too_long": "danger",
}


def _to_int(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/requests/{ticket.id}"
        return res

    # ------------------------------------------------------------------
    # messages
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # checks
    # ------------------------------------------------------------------
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
    def _portal_text_error(self, text, limit):
        """The error code of a free text a citizen typed, or None."""
        if len(text) > limit:
            return ("too_long", {"limit": limit})
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
            error = self._portal_text_error(text[key], limit)
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
    def _portal_check_district(self, form, errors):
        district_id = _to_int(form.get("district_id"))
        # sudo: portal users cannot read districts; only the id is checked
        district = self.env["hotline.district"].sudo()
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
                value = float(raw.translate(PERSIAN_NUMBER))
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
        district = self._portal_check_district(form, errors)
        coords = self._portal_check_location(form, errors)
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

    # ------------------------------------------------------------------
    # actions of the citizen
    # ------------------------------------------------------------------
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
