"""Agencies' portal: answer the referrals the hotline sends to their agency."""

from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools.text import strip_control

PAGE_SIZE = 20
FILTER_DOMAINS = {
    "open": [("state", "in", ("sent", "acknowledged"))],
    "overdue": [("is_overdue", "=", True)],
    "answered": [("state", "in", ("answered", "closed"))],
    "all": [],
}


class AgencyPortal(CustomerPortal):
    """Agency contacts answer the referrals sent to their agency.

    Listing runs as the portal user, so the record rule (agency = the user's commercial
    partner) decides what is seen. Each referral page is opened through
    `_document_check_access` (the rule, or the token of the referral's email link); only
    then does the controller act in sudo, and only through the referral's own methods,
    which keep the acting user as the author of every tracked change.
    """

    def _referral_searchbar_filters(self):
        labels = {
            "open": request.env._("Awaiting Answer"),
            "overdue": request.env._("Overdue"),
            "answered": request.env._("Answered"),
            "all": request.env._("All"),
        }
        return {
            key: {"label": labels[key], "domain": domain}
            for key, domain in FILTER_DOMAINS.items()
        }

    @http.route(
        ["/my/referrals", "/my/referrals/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_referrals(self, page=1, filterby="open", **kw):
        Referral = request.env["hotline.referral"]
        if not Referral.has_access("read"):
            return request.redirect("/my")
        filters = self._referral_searchbar_filters()
        filterby = filterby if filterby in filters else "open"
        domain = filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/referrals",
            url_args={"filterby": filterby},
            total=Referral.search_count(domain),
            page=page,
            step=PAGE_SIZE,
        )
        referrals = Referral.search(
            domain,
            order="is_urgent desc, date_due asc, id desc",
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "referrals": referrals,
                "page_name": "referral",
                "pager": pager,
                "default_url": "/my/referrals",
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        request.session["my_referrals_history"] = referrals.ids[:100]
        return request.render("municipal_hotline.portal_my_referrals", values)

    def _referral_check(self, referral_id, access_token):
        """The referral, sudo'ed but still acting as the visitor (authorship, tracking)."""
        referral_sudo = self._document_check_access(
            "hotline.referral", referral_id, access_token=access_token
        )
        if referral_sudo.state == "draft":
            raise MissingError(request.env._("This referral was not sent."))
        # _document_check_access switches to the superuser: come back to the visitor
        return referral_sudo.with_user(request.env.user).sudo()

    def _referral_page(self, referral, access_token, error=None, form=None):
        """The referral's page; ``error`` is the refusal of a posted answer (never
        text from the URL), ``form`` what the agency typed, shown again."""
        values = {
            "referral": referral,
            "page_name": "referral",
            "token": access_token,
            "error": error,
            # what was typed, without the characters that were refused
            "form": {key: strip_control(value) for key, value in (form or {}).items()},
        }
        values = self._get_page_view_values(
            referral, access_token, values, "my_referrals_history", False
        )
        return request.render("municipal_hotline.portal_referral_page", values)

    @http.route(
        "/my/referrals/<int:referral_id>", type="http", auth="public", website=True
    )
    def portal_my_referral(self, referral_id, access_token=None, **kw):
        try:
            referral = self._referral_check(referral_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._referral_page(referral, access_token)

    @http.route("/my/referral/<int:referral_id>", type="http", auth="public")
    def portal_my_referral_old_url(self, referral_id, **kw):
        """The address of the referral page in emails sent before it moved."""
        query = urlencode(list(request.httprequest.args.items(multi=True)))
        url = f"/my/referrals/{referral_id}"
        return request.redirect(f"{url}?{query}" if query else url)

    @http.route(
        "/my/referrals/<int:referral_id>/acknowledge",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_referral_acknowledge(self, referral_id, access_token=None, **post):
        try:
            referral = self._referral_check(referral_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            referral.action_acknowledge(
                agency_reference=(post.get("agency_reference") or "").strip() or None
            )
        except (UserError, ValidationError) as error:
            return self._referral_page(
                referral, access_token, error=error.args[0], form=post
            )
        return request.redirect(referral.get_portal_url())

    @http.route(
        "/my/referrals/<int:referral_id>/answer",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_referral_answer(self, referral_id, access_token=None, **post):
        try:
            referral = self._referral_check(referral_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        files = [
            (f.filename, f.read())
            for f in request.httprequest.files.getlist("attachments")
            if f.filename
        ]
        text = (post.get("response") or "").strip()
        try:
            referral.action_answer(
                plaintext2html(text) if text else "",
                agency_reference=(post.get("agency_reference") or "").strip() or None,
                attachments=files,
            )
        except (UserError, ValidationError) as error:
            # the typed answer is shown again: nothing the agency wrote is lost
            return self._referral_page(
                referral, access_token, error=error.args[0], form=post
            )
        return request.redirect(referral.get_portal_url())
