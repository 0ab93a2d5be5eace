"""The portal home (/my), shared by every audience: one card per feature, one counter
each (a card with a counter shows only to those who have some)."""

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..tools.sms_gateway import iranian_mobile

# portal home counter -> model counted as the visitor (record rules decide)
HOME_COUNTERS = {
    "referral_count": "hotline.referral",
    "meeting_booking_count": "hotline.meeting.booking",
}


def agency_desk_redirect():
    """The citizens' pages send an agency's desk to its referrals (None for others)."""
    if request.env.user._hotline_is_agency_desk():
        return request.redirect("/my/referrals")
    return None


class HotlinePortalHome(CustomerPortal):
    def _prepare_portal_layout_values(self):
        """The home shows an agency's desk its referrals only."""
        values = super()._prepare_portal_layout_values()
        values["hotline_agency_desk"] = request.env.user._hotline_is_agency_desk()
        if request.httprequest.path in ("/my", "/my/home"):
            values["hotline_sms_state"] = self._hotline_sms_state()
        return values

    def _hotline_sms_state(self):
        """'on' or 'off' for the visitor's mobile, False without one."""
        number = iranian_mobile(request.env.user.partner_id.phone)
        if not number:
            return False
        # sudo: the opt-out list is not the citizen's to read; their own number only
        opted_out = request.env["helpdesk.ticket"].sudo()._hotline_sms_opted_out(number)
        return "off" if opted_out else "on"

    @http.route("/my/sms", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_sms(self, sms=None, **kw):
        """Turn the citizen's text messages off or on.

        :param str sms: "off" or "on"

        sudo: citizens cannot write the opt-out list; only the number of their own
        contact is put on it or taken off, never a number from the form.
        """
        number = iranian_mobile(request.env.user.partner_id.phone)
        if number and sms in ("on", "off"):
            Blacklist = request.env["phone.blacklist"].sudo()
            if sms == "off":
                Blacklist._hotline_opt_out(
                    number, request.env._("Opted out from the citizen's portal.")
                )
            else:
                Blacklist._hotline_opt_in(
                    number, request.env._("Opted in again from the citizen's portal.")
                )
        return request.redirect("/my")

    def _prepare_home_portal_values(self, counters):
        """Agencies' referrals and citizens' meeting bookings; helpdesk_mgmt counts
        the citizen's requests (``ticket_count``)."""
        values = super()._prepare_home_portal_values(counters)
        for counter, model in HOME_COUNTERS.items():
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count([]) if Model.has_access("read") else 0
                )
        return values
