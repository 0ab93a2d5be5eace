"""The citizen's portal: file a request, follow it, confirm or reopen it; book a public
meeting. helpdesk_mgmt's portal routes lead here (see README, "Citizen portal").

Routes only read the request and answer: what a citizen may file, and how, is checked on
the ticket (the PORTAL section of models/helpdesk_ticket.py). Pages show messages by code (`?msg=`),
never text taken from the URL.
"""

import json
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.mail.controllers.attachment import AttachmentController
from odoo.addons.mail.tools.discuss import add_guest_to_context
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.portal.controllers.portal_thread import PortalChatter

from ..models.helpdesk_ticket import (
    PORTAL_KINDS,
    PORTAL_MAX_FILES,
    PORTAL_MIMETYPES,
    _to_int,
)
from ..tools import format_date, latin_digits
from ..tools.text import MAX_LENGTHS, error_message, strip_control, text_error
from .portal import agency_desk_redirect

# notices of the meetings page, by code (their texts are in the template)
MEETING_NOTICES = ("booked", "cancelled", "not_cancellable")


def _posted_files(name):
    """(file name, content) of the files posted under ``name``."""
    return [
        (upload.filename, upload.read())
        for upload in request.httprequest.files.getlist(name)
        if upload and upload.filename
    ]


def _citizen_ticket(ticket_id):
    """The signed-in citizen's own request, sudo-ed, or 404.

    The same answer for a request that does not exist and one of someone else, so ids
    cannot be probed.
    """
    try:
        ticket = request.env["helpdesk.ticket"].browse(int(ticket_id or 0))
        ticket.check_access("read")
    except (TypeError, ValueError, AccessError, MissingError):
        raise NotFound() from None
    ticket_sudo = ticket.sudo()
    if (
        not ticket_sudo.exists()
        or ticket_sudo.partner_id != request.env.user.partner_id
    ):
        raise NotFound()
    return ticket_sudo


def _file_request(form):
    """File the posted request: its page, or the form again with the errors (400)."""
    # Persian or Arabic digits typed on a phone keyboard are read as Latin ones
    form = dict(form)
    for key in ("phone", "latitude", "longitude"):
        if key in form:
            form[key] = latin_digits(form[key])
    Ticket = request.env["helpdesk.ticket"]
    ticket, errors = Ticket._portal_create_request(form, _posted_files("attachment"))
    if errors:
        # what was typed is shown again, without the characters that were refused
        form = {key: strip_control(value) for key, value in form.items()}
        values = _request_form_values(form, Ticket._portal_error_messages(errors))
        return request.render(
            "municipal_hotline.portal_request_form", values, status=400
        )
    return request.redirect(f"/my/requests/{ticket.id}?submitted=1")


def _request_form_values(form=None, errors=None):
    Ticket = request.env["helpdesk.ticket"]
    categories = Ticket._portal_categories()
    form = dict(form or {})
    form.setdefault("phone", request.env.user.partner_id._hotline_portal_phone())
    form.setdefault("request_kind", "request")
    kinds = dict(Ticket._fields["request_kind"]._description_selection(request.env))
    return {
        "page_name": "hotline_new_request",
        "form": form,
        "errors": errors or {},
        "kinds": [(kind, kinds[kind]) for kind in PORTAL_KINDS],
        # sudo: portal users cannot read districts; only their names are shown
        "districts": request.env["hotline.district"].sudo().search([]),
        "categories_json": _category_tree_json(categories),
        "leaf_categories": categories.filtered(
            lambda category: not (category.child_id & categories)
        ),
        "files_help": request.env._(
            "Up to %(count)s files, %(size)s MB each: JPEG, PNG, WebP, GIF or PDF.",
            count=PORTAL_MAX_FILES,
            size=Ticket._portal_upload_limit_mb(),
        ),
        "accept": ",".join(sorted(PORTAL_MIMETYPES)),
        # the point picker's tiles and centre (no address search on the portal)
        "map_config": json.dumps(
            {**request.env.company._hotline_map_config(), "geocoder_url": ""}
        ),
    }


def _category_tree_json(categories):
    """The portal categories as the tree the form walks step by step."""
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


def _redirect_keeping_query(url, **args):
    """Redirect to ``url`` with the query of the current request (and ``args``): the
    old addresses of a page keep their token and filters."""
    query = dict(request.httprequest.args.items(multi=True), **args)
    return request.redirect(f"{url}?{urlencode(query)}" if query else url)


class HotlineTicketController(HelpdeskTicketController):
    """helpdesk_mgmt's own routes, made safe for a city's citizens."""

    @http.route("/ticket/close", type="http", auth="user", methods=["POST"])
    def support_ticket_close(self, **kw):
        """helpdesk_mgmt closes ANY ticket by its posted id (sudo, no ownership check)
        and by GET (no CSRF). Here: POST only, the citizen's own request only, and only
        "confirm the resolution" as a closing action."""
        ticket = _citizen_ticket(kw.get("ticket_id"))
        code = ticket._portal_citizen_confirm()
        return request.redirect(f"/my/requests/{ticket.id}?msg={code}")

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
        another company) and saves any file: it goes through the hotline's checks,
        its field names read as the hotline form's."""
        form = dict(
            kw,
            category_id=kw.get("category_id") or kw.get("category"),
            name=kw.get("name") or kw.get("subject"),
        )
        return agency_desk_redirect() or _file_request(form)


class CitizenPortal(CustomerPortalHelpdesk):
    """The citizen's requests and meeting bookings (helpdesk_mgmt's pages replaced)."""

    # ------------------------------------------------------------------
    # requests
    # ------------------------------------------------------------------
    @http.route("/my/requests/new", type="http", auth="user", website=True)
    def portal_request_form(self, **kw):
        if refused := agency_desk_redirect():
            return refused
        if request.httprequest.method == "POST":
            return _file_request(kw)
        return request.render(
            "municipal_hotline.portal_request_form", _request_form_values()
        )

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
        ["/my/requests", "/my/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_requests(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw
    ):
        if refused := agency_desk_redirect():
            return refused
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return request.redirect("/my")
        filters = self._request_searchbar_filters()
        sortings = self._request_searchbar_sortings()
        inputs = self._request_searchbar_inputs()
        filterby = filterby if filterby in filters else "all"
        sortby = sortby if sortby in sortings else "date"
        search_in = search_in if search_in in inputs else "all"
        # the citizen's own requests only (see _hotline_citizen_page)
        domain = Domain(filters[filterby]["domain"])
        # control characters cannot reach the database, nor an unbounded text
        search = strip_control(search or "")[: MAX_LENGTHS["search"]].strip()
        if search:
            domain &= Domain(self._ticket_get_search_domain(search_in, search))
        step = self._items_per_page
        # a page number from the URL: bounded before it becomes an SQL offset (a page
        # past the last shows the last, below)
        page = max(1, min(page, 100_000))
        offset = (page - 1) * step
        order = sortings[sortby]["order"]
        count, tickets = Ticket._hotline_citizen_page(domain, order, step, offset)
        pager = portal_pager(
            url="/my/requests",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            },
            total=count,
            page=page,
            step=step,
        )
        if pager["offset"] != offset:  # a page past the last: the pager shows the last
            _count, tickets = Ticket._hotline_citizen_page(
                domain, order, step, pager["offset"]
            )
        request.session["my_tickets_history"] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets,
                "page_name": "ticket",
                "default_url": "/my/requests",
                "pager": pager,
                "searchbar_sortings": sortings,
                "searchbar_filters": filters,
                "searchbar_inputs": inputs,
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            }
        )
        return request.render("municipal_hotline.portal_my_requests", values)

    @http.route(
        "/my/requests/<int:ticket_id>", type="http", auth="public", website=True
    )
    def portal_request_page(self, ticket_id, access_token=None, msg=None, **kw):
        """A request's page, for its citizen or whoever has its link (token).

        :param str msg: the code of the notice to show after an action (unknown codes
            show nothing)
        """
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        for attachment in ticket_sudo.attachment_ids:
            attachment.generate_access_token()
        before_photos, after_photos = ticket_sudo._hotline_portal_photos()
        values = self._ticket_get_page_view_values(ticket_sudo, access_token, **kw)
        is_owner = (
            not request.env.user._is_public()
            and ticket_sudo.partner_id == request.env.user.partner_id
        )
        values.update(
            {
                "is_owner": is_owner,
                "can_confirm": is_owner and ticket_sudo._portal_can_confirm(),
                "can_reopen": is_owner and ticket_sudo._portal_can_reopen(),
                "reopen_until": ticket_sudo._portal_reopen_until(),
                "referrals": ticket_sudo.referral_ids.sorted("id"),
                "submitted": kw.get("submitted"),
                "notice": ticket_sudo._portal_notice(msg),
                "before_photos": before_photos,
                "after_photos": after_photos,
            }
        )
        return request.render("municipal_hotline.portal_request_page", values)

    @http.route(
        "/my/requests/<int:ticket_id>/confirm",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_request_confirm(self, ticket_id, **kw):
        ticket = _citizen_ticket(ticket_id)
        code = ticket._portal_citizen_confirm()
        return request.redirect(f"/my/requests/{ticket.id}?msg={code}")

    @http.route(
        "/my/requests/<int:ticket_id>/reopen",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_request_reopen(self, ticket_id, reason=None, **kw):
        ticket = _citizen_ticket(ticket_id)
        code = ticket._portal_citizen_reopen(reason)
        return request.redirect(f"/my/requests/{ticket.id}?msg={code}")

    # helpdesk_mgmt's pages: their links (portal home, emails) lead to the hotline's
    @http.route()
    def portal_my_tickets(self, page=1, **kw):
        return _redirect_keeping_query(
            "/my/requests" + (f"/page/{page}" if page != 1 else "")
        )

    @http.route()
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        token = {"access_token": access_token} if access_token else {}
        return _redirect_keeping_query(f"/my/requests/{ticket_id}", **token)

    # ------------------------------------------------------------------
    # public meetings
    # ------------------------------------------------------------------
    def _open_meetings(self):
        # sudo: portal users have no access to sessions; only open, upcoming ones
        # and their public fields are shown
        return (
            request.env["hotline.public.meeting"]
            .sudo()
            .search(
                [("state", "=", "open"), ("start", ">", fields.Datetime.now())],
                order="start, id",
            )
        )

    def _open_meeting(self, meeting_id):
        meeting = self._open_meetings().filtered(lambda m: m.id == meeting_id)
        if not meeting:
            raise request.not_found()
        return meeting

    @http.route("/my/meetings", type="http", auth="user", website=True)
    def portal_my_meetings(self, district=None, msg=None, **kw):
        """The citizen's bookings and the sessions open for booking.

        :param str district: id of the district whose sessions to list
        :param str msg: the code of the notice to show (booked, cancelled,
            not_cancellable; others show nothing)
        """
        if refused := agency_desk_redirect():
            return refused
        # read as the citizen: the record rule gives their own bookings only
        bookings = request.env["hotline.meeting.booking"].search(
            [], order="meeting_start desc, id desc"
        )
        meetings = self._open_meetings()
        districts = meetings.district_id.sorted()
        # citizens usually look for their own district's sessions
        district_id = (
            int(district)
            if isinstance(district, str) and district.isascii() and district.isdigit()
            else None
        )
        if district_id:
            meetings = meetings.filtered(lambda m: m.district_id.id == district_id)
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="meetings",
            meetings=meetings,
            districts=districts,
            district_id=district_id,
            bookings=bookings,
            msg=msg if msg in MEETING_NOTICES else None,
        )
        return request.render("municipal_hotline.portal_my_meetings", values)

    def _meeting_page(self, meeting, error=None, form=None, status=200):
        """The booking form of a session, with the error of a refused booking and
        what the citizen typed (``form``), shown again."""
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="meetings",
            meeting=meeting,
            slots=[
                (fields.Datetime.to_string(slot), format_date(request.env, slot))
                for slot in meeting._free_slots()
            ],
            error=error,
            form={key: strip_control(value) for key, value in (form or {}).items()},
            partner=request.env.user.partner_id,
            phone=request.env.user.partner_id._hotline_portal_phone(),
        )
        return request.render(
            "municipal_hotline.portal_meeting_page", values, status=status
        )

    @http.route("/my/meetings/<int:meeting_id>", type="http", auth="user", website=True)
    def portal_meeting_page(self, meeting_id, **kw):
        return agency_desk_redirect() or self._meeting_page(
            self._open_meeting(meeting_id)
        )

    def _booking_error(self, meeting, partner, slot, topic, phone):
        """Why the posted booking is refused (translated), or None; the wanted slot."""
        env = request.env
        for value, kind, multiline in (
            (topic, "topic", True),
            (phone, "phone", False),
            (slot, "reference", False),
        ):
            code = text_error(value, MAX_LENGTHS[kind], multiline=multiline)
            if code:
                return error_message(env, code, limit=MAX_LENGTHS[kind]), None
        if not topic.strip():
            return env._("Please say what you want to talk about."), None
        wanted = None
        if slot:
            try:
                wanted = fields.Datetime.to_datetime(slot.strip())
            except ValueError:
                wanted = None
            if wanted not in meeting._slot_starts():
                return env._("The chosen time is not a slot of this session."), None
        if meeting.booking_ids.filtered(
            lambda b: b.partner_id == partner and b.state not in ("cancelled",)
        ):
            return env._("You already have a booking for this session."), None
        return None, wanted

    @http.route(
        "/my/meetings/<int:meeting_id>/book",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_meeting_book(self, meeting_id, slot=None, topic=None, phone=None, **kw):
        if refused := agency_desk_redirect():
            return refused
        meeting = self._open_meeting(meeting_id)
        partner = request.env.user.partner_id
        slot, topic, phone = (
            value if isinstance(value, str) else "" for value in (slot, topic, phone)
        )
        phone, slot = latin_digits(phone), latin_digits(slot)
        form = {"topic": topic, "phone": phone, "slot": slot}
        error, wanted = self._booking_error(meeting, partner, slot, topic, phone)
        if error:
            return self._meeting_page(meeting, error=error, form=form, status=400)
        try:
            with request.env.cr.savepoint():
                # sudo: citizens cannot create bookings directly; the session was
                # checked open above and the booking is for the citizen's own partner
                booking = (
                    request.env["hotline.meeting.booking"]
                    .sudo()
                    .create(
                        {
                            "meeting_id": meeting.id,
                            "partner_id": partner.id,
                            "phone": phone.strip() or partner._hotline_portal_phone(),
                            "topic": topic.strip(),
                        }
                    )
                )
                booking._take_slot(wanted)
        except (UserError, ValidationError) as exc:
            return self._meeting_page(meeting, error=exc.args[0], form=form, status=400)
        return request.redirect("/my/meetings?msg=booked")

    @http.route(
        "/my/meetings/bookings/<int:booking_id>/cancel",
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
            return request.redirect("/my/meetings?msg=not_cancellable")
        booking.action_cancel()
        return request.redirect("/my/meetings?msg=cancelled")


class CitizenAttachmentController(AttachmentController):
    @http.route()
    @add_guest_to_context
    def mail_attachment_upload(
        self, ufile, thread_id, thread_model, is_pending=False, **kwargs
    ):
        """Files a citizen adds from a request's history obey the form's checks."""
        if thread_model == "helpdesk.ticket" and not request.env.user._is_internal():
            Ticket = request.env["helpdesk.ticket"]
            _attachments, error = Ticket._portal_check_files(
                [(ufile.filename, ufile.read())]
            )
            if error:
                code, params = error
                return request.make_json_response(
                    {"error": Ticket._portal_message(code, **params)}
                )
            ufile.seek(0)
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )


class CitizenChatter(PortalChatter):
    @http.route()
    def portal_avatar(
        self, res_id=None, height=50, width=50, access_token=None, _hash=None, pid=None
    ):
        """The portal chatter's avatar of a message: a staff member's photo is never
        sent to a citizen (the placeholder instead), whatever token they hold."""
        message = request.env["mail.message"].browse(_to_int(res_id)).exists()
        if message and message._hotline_hides_author():
            stream = request.env["ir.binary"]._get_image_stream_from(
                request.env["mail.message"],
                field_name="author_avatar",
                width=_to_int(width),
                height=_to_int(height),
            )
            return stream.get_response()
        return super().portal_avatar(
            res_id=res_id,
            height=height,
            width=width,
            access_token=access_token,
            _hash=_hash,
            pid=pid,
        )
