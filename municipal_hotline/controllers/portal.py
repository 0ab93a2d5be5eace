"""The portal home (/my), shared by every audience: one card per feature, one counter
each (a card with a counter shows only to those who have some)."""

from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

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
        return values

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
