from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools.misc import format_datetime

from odoo.addons.portal.controllers.portal import CustomerPortal


class MeetingPortal(CustomerPortal):
    """Citizens book a slot of an open public meeting, and see and cancel their bookings.

    Sessions are read with sudo (portal users have no access to the session model) but only
    open, upcoming ones and only their public fields are shown. Bookings are always read
    as the citizen, so the record rule (own partner) guards every route; writes go through
    sudo only after that check."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "meeting_booking_count" in counters:
            Booking = request.env["hotline.meeting.booking"]
            values["meeting_booking_count"] = (
                Booking.search_count([]) if Booking.has_access("read") else 0
            )
        return values

    def _meeting_tz(self):
        return request.env.user.tz or "Asia/Tehran"

    def _format_dt(self, value):
        return format_datetime(
            request.env, value, tz=self._meeting_tz(), dt_format="short"
        )

    def _open_meetings(self):
        return (
            request.env["hotline.public.meeting"]
            .sudo()
            .search(
                [("state", "=", "open"), ("start", ">", fields.Datetime.now())],
                order="start, id",
            )
        )

    @http.route("/my/meetings", type="http", auth="user", website=True)
    def portal_my_meetings(self, district=None, **kw):
        bookings = request.env["hotline.meeting.booking"].search(
            [], order="meeting_start desc, id desc"
        )
        meetings = self._open_meetings()
        districts = meetings.district_id.sorted()
        # citizens usually look for their own district's sessions
        district_id = int(district) if district and district.isdigit() else None
        if district_id:
            meetings = meetings.filtered(lambda m: m.district_id.id == district_id)
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="meetings",
            meetings=meetings,
            districts=districts,
            district_id=district_id,
            bookings=bookings,
            format_dt=self._format_dt,
            message=kw.get("message"),
        )
        return request.render("municipal_hotline.portal_my_meetings", values)

    @http.route("/my/meetings/<int:meeting_id>", type="http", auth="user", website=True)
    def portal_meeting_page(self, meeting_id, error=None, **kw):
        meeting = self._open_meetings().filtered(lambda m: m.id == meeting_id)
        if not meeting:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="meetings",
            meeting=meeting,
            slots=[
                (fields.Datetime.to_string(slot), self._format_dt(slot))
                for slot in meeting._free_slots()
            ],
            format_dt=self._format_dt,
            error=error,
            partner=request.env.user.partner_id,
        )
        return request.render("municipal_hotline.portal_meeting_page", values)

    @http.route(
        "/my/meetings/<int:meeting_id>/book",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_meeting_book(self, meeting_id, slot=None, topic=None, phone=None, **kw):
        meeting = self._open_meetings().filtered(lambda m: m.id == meeting_id)
        if not meeting:
            raise request.not_found()
        partner = request.env.user.partner_id
        error = None
        if not (topic or "").strip():
            error = request.env._("Please say what you want to talk about.")
        elif meeting.booking_ids.filtered(
            lambda b: b.partner_id == partner and b.state not in ("cancelled",)
        ):
            error = request.env._("You already have a booking for this session.")
        if not error:
            wanted = fields.Datetime.to_datetime(slot) if slot else None
            # sudo: citizens cannot create bookings directly; the session was checked open
            # above and the booking is for the citizen's own partner only
            booking = (
                request.env["hotline.meeting.booking"]
                .sudo()
                .create(
                    {
                        "meeting_id": meeting.id,
                        "partner_id": partner.id,
                        "phone": (phone or "").strip() or partner.phone,
                        "topic": topic.strip(),
                    }
                )
            )
            try:
                booking._take_slot(wanted)
            except UserError as exc:
                booking.unlink()
                error = exc.args[0]
        if error:
            return self.portal_meeting_page(meeting_id, error=error)
        return request.redirect("/my/meetings?message=booked")

    @http.route(
        "/my/meetings/booking/<int:booking_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_booking_cancel(self, booking_id, **kw):
        booking = request.env["hotline.meeting.booking"].browse(booking_id)
        try:
            # read as the citizen: the record rule refuses other people's bookings
            if not booking.exists():
                raise MissingError(request.env._("This booking does not exist."))
            booking.check_access("read")
        except (AccessError, MissingError):
            raise request.not_found() from None
        # sudo: citizens cannot read sessions nor write bookings; ownership was checked
        # just above
        booking = booking.sudo()
        try:
            booking._check_portal_cancel()
        except UserError:
            return request.redirect("/my/meetings?message=not_cancellable")
        booking.action_cancel()
        return request.redirect("/my/meetings?message=cancelled")
