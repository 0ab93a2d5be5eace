"""The one test fixture of municipal_hotline.

`HotlineCase` (on Odoo's BaseCommon) holds what every feature's tests share: the city's
roles, two districts with their teams and managers, the seed's agencies, categories and
stages, two citizens, and the factories that make requests, referrals, meeting sessions,
bookings and staff-rating answers. `HotlineHttpCase` adds the portal helpers (login,
CSRF token, post) for controller tests and tours.

The classes below them add the data a group of test files shares: an open meeting session
(`MeetingCase`), requests referred to agencies (`ReferralCase`), rated employees
(`StaffRatingCase`), the hand-built month of the reports (`ReportingCase`) and two
citizens' portal requests (`HotlinePortalCase`).

BaseCommon turns mail tracking off (DISABLED_MAIL_CONTEXT). A class that asserts the
chatter, tracking or mails sets `env_context = MAIL_CONTEXT` (STYLE.md section 4).
"""

import base64
import json
import math
import time
from datetime import datetime, timedelta

from odoo import Command, http
from odoo.tests import HttpCase, freeze_time
from odoo.tools import SQL

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, BaseCommon

from ..controllers.pbx import pbx_signature

GROUP = "municipal_hotline.group_hotline_"
PORTAL = "base.group_portal"
HOTLINE = "municipal_hotline."
# the city's people, by attribute: login (also the password), groups, name
ROLES = {
    "operator": ("hotline_operator", GROUP + "operator", "Operator Parisa Staffname"),
    "operator2": ("hotline_operator2", GROUP + "operator", "Operator Babak"),
    "expert": ("hotline_expert", GROUP + "expert", "Expert Ali"),
    "expert2": ("hotline_expert2", GROUP + "expert", "Expert Sara"),
    "manager_a": ("hotline_manager_a", GROUP + "district_manager", "Manager A"),
    "manager_b": ("hotline_manager_b", GROUP + "district_manager", "Manager B"),
    "supervisor": ("hotline_supervisor", GROUP + "supervisor", "Hotline Director"),
    "line_manager": ("hotline_line_manager", "base.group_user", "Line Manager"),
    "agency_user": ("hotline_agency_water", PORTAL, "Water Company Desk"),
    "citizen_a": ("hotline_citizen_a", PORTAL, "Citizen A"),
    "citizen_b": ("hotline_citizen_b", PORTAL, "Citizen B"),
}
# the seed records the tests use, by attribute
SEED = {
    # a category of each jurisdiction: municipal, agency (water; gas, an emergency) and
    # no public body's
    "cat_pothole": HOTLINE + "category_streets_pothole",
    "cat_water": HOTLINE + "category_water_leak",
    "cat_gas": HOTLINE + "category_gas",
    "cat_none": HOTLINE + "category_other_none",
    # duplicates within 50 m (its parent's rule)
    "cat_light": HOTLINE + "category_lighting_out",
    # stages
    "stage_new": "helpdesk_mgmt.helpdesk_ticket_stage_new",
    "stage_in_progress": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
    "stage_review": HOTLINE + "helpdesk_ticket_stage_review",
    "stage_referred": HOTLINE + "helpdesk_ticket_stage_referred",
    "stage_resolved": HOTLINE + "helpdesk_ticket_stage_resolved",
    "stage_closed": HOTLINE + "helpdesk_ticket_stage_closed",
    "stage_informed": HOTLINE + "helpdesk_ticket_stage_informed",
    # the staff-rating survey
    "survey": HOTLINE + "survey_staff_rating",
}
# mail on, as in production: for the classes that assert chatter, tracking or mails
MAIL_CONTEXT = {"no_reset_password": True}
TEHRAN_MAIL_CONTEXT = {**MAIL_CONTEXT, "tz": "Asia/Tehran"}

# The reports' hand-built month: January 2020, far from any demo request.
JAN_FROM = datetime(2020, 1, 1).date()
JAN_TO = datetime(2020, 1, 31).date()
DEC_FROM = datetime(2019, 12, 1).date()
DEC_TO = datetime(2019, 12, 31).date()


def tehran(*args):
    """Naive UTC of a Tehran wall-clock time (UTC+03:30, no DST since 2022)."""
    return datetime(*args) - timedelta(hours=3, minutes=30)


class HotlineCase(BaseCommon):
    """Roles, two districts, the seed's agencies and categories, two citizens, factories.

    Users (password = login): operator, operator2, expert, expert2 (in the experts'
    team), manager_a and manager_b (district managers of district_a and district_b,
    members of their district's team), supervisor (the hotline director), line_manager
    (a plain employee), agency_user (a portal contact of agency_water, the tests' own
    water company), citizen_a and citizen_b (portal citizens).
    """

    # the tests' context: BaseCommon's, without mail tracking, or MAIL_CONTEXT
    env_context = DISABLED_MAIL_CONTEXT

    @classmethod
    def default_env_context(cls):
        return dict(cls.env_context)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.Ticket = env["helpdesk.ticket"]
        cls._create_users(**ROLES)
        for attribute, xmlid in SEED.items():
            setattr(cls, attribute, env.ref(xmlid))
        # an agency of the tests' own (the seed's have the demo's or the city's
        # referrals), with the agency user as its contact
        cls.agency_water = cls._create_agency("Test Water Company", "water_sewage", 48)
        cls.agency_user.partner_id.parent_id = cls.agency_water
        Team = env["helpdesk.ticket.team"]
        cls.team_a, cls.team_b, cls.team_experts = Team.create(
            [
                {"name": "Team A", "user_ids": [Command.link(cls.manager_a.id)]},
                {"name": "Team B", "user_ids": [Command.link(cls.manager_b.id)]},
                {"name": "Experts", "user_ids": [Command.link(cls.expert2.id)]},
            ]
        )
        cls.district_a, cls.district_b = env["hotline.district"].create(
            [
                {"name": "Test district A", "code": "TA",
                 "manager_id": cls.manager_a.id, "team_id": cls.team_a.id},
                {"name": "Test district B", "code": "TB",
                 "manager_id": cls.manager_b.id, "team_id": cls.team_b.id},
            ]
        )  # fmt: skip

    @classmethod
    def _create_users(cls, **roles):
        """One user per {attribute: (login, groups, name)}, in one create, made as
        `new_test_user` makes them: password = login, an email of their own."""
        users = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "login": login,
                        "password": login,
                        "name": name,
                        "email": f"{login}@example.com",
                        "group_ids": [
                            Command.set([cls.env.ref(g).id for g in groups.split(",")])
                        ],
                    }
                    for login, groups, name in roles.values()
                ]
            )
        )
        for attribute, user in zip(roles, users, strict=True):
            setattr(cls, attribute, user)
        return users

    @classmethod
    def _speak_persian(cls, *users):
        """Load the Persian terms of the staff's screens and make `users` Persian, in
        Tehran: the walk-through tours of the back office run as the city's staff do."""
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["ir.module.module"].search(
            [("name", "in", ["web", "mail", "helpdesk_mgmt", "municipal_hotline"])]
        )._update_translations(["fa_IR"])
        for user in users:
            user.write({"lang": "fa_IR", "tz": "Asia/Tehran"})

    # factories --------------------------------------------------------------------------

    @classmethod
    def _create_agency(cls, name, agency_type, response_hours):
        """An outside body the hotline refers requests to, answering in `response_hours`."""
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "hotline_agency_type": agency_type,
                "hotline_response_hours": response_hours,
                "email": f"{agency_type}.agency@example.com",
            }
        )

    @classmethod
    def _create_ticket(
        cls, citizen=None, name="Pothole on the main street", phone=None, *, user=None,
        **vals,
    ):  # fmt: skip
        """A pothole in district A. `citizen` (a user or a contact) is the caller, with
        their name, email and an address; `phone` the number they called from; `user`
        who records it (default: the test's environment); `vals` override the rest."""
        values = {
            "name": name,
            "description": f"<p>{name}</p>",
            "category_id": cls.cat_pothole.id,
            "district_id": cls.district_a.id,
        }
        if citizen:
            partner = citizen.partner_id if citizen._name == "res.users" else citizen
            values.update(
                partner_id=partner.id,
                partner_name=partner.name,
                partner_email=partner.email,
                address=f"{name} street",
            )
        if phone:
            values["caller_phone"] = phone
        values.update(vals)
        Ticket = cls.env["helpdesk.ticket"]
        return (Ticket.with_user(user) if user else Ticket).create(values)

    @classmethod
    def _refer(cls, ticket, agencies, user=None):
        """Run the "Refer to agency" wizard as `user` (default: the operator); the new
        referrals to `agencies`."""
        wizard = (
            cls.env["hotline.referral.wizard"]
            .with_user(user or cls.operator)
            .create({"ticket_id": ticket.id})
        )
        wizard.agency_ids = agencies
        wizard.action_refer()
        return ticket.referral_ids.filtered(lambda r: r.agency_id in agencies)

    @classmethod
    def _create_meeting(cls, district, host, start, hours=1, slot_minutes=15):
        """A planned public meeting session of the district, hosted by `host`."""
        return cls.env["hotline.public.meeting"].create(
            {
                "district_id": district.id,
                "host_id": host.id,
                "start": start,
                "stop": start + timedelta(hours=hours),
                "slot_minutes": slot_minutes,
                "place": "Meeting hall",
            }
        )

    def _book(self, partner, meeting=None, slot=None, env=None):
        """A confirmed booking of `partner` (the first free slot, or `slot`) in `meeting`
        (default: the class's session), made in `env`; waiting when the session is full."""
        booking = (env or self.env)["hotline.meeting.booking"].create(
            {
                "meeting_id": (meeting or self.meeting).id,
                "partner_id": partner.id,
                "topic": "Broken street lights",
            }
        )
        booking._take_slot(slot)
        return booking

    @classmethod
    def _answer(cls, employee, scores, channel="counter", comment=None, done=True):
        """A staff-rating answer about `employee` with the given {criterion: score},
        finished by default."""
        survey = cls.survey.sudo()
        questions = {
            q.hotline_criterion: q for q in survey.question_ids if q.hotline_criterion
        }
        answer = survey._create_answer(
            user=cls.env.ref("base.public_user"),
            check_attempts=False,
            hotline_employee_id=employee.id,
            hotline_channel=channel,
            hotline_verified=channel != "counter",
        )
        for criterion, score in scores.items():
            answer._save_lines(questions[criterion], str(score))
        if comment:
            answer._save_lines(
                survey.question_ids.filtered(lambda q: q.question_type == "text_box"),
                comment,
            )
        if done:
            answer._mark_done()
        return answer

    @classmethod
    def _create_call(cls, user=None, phone="09121234567", **vals):
        """A call of the 137 line taken by `user` (default: the operator), answered
        ten seconds after it rang; `vals` override the rest."""
        ring = vals.pop("ring_time", datetime(2020, 1, 15, 8, 0))
        return cls.env["hotline.call"].create(
            {
                "caller_phone": phone,
                "user_id": (user or cls.operator).id,
                "extension": (user or cls.operator).hotline_extension or "201",
                "queue": "137",
                "ring_time": ring,
                "answer_time": ring + timedelta(seconds=10),
                "wait_seconds": 10,
                **vals,
            }
        )

    def _messages_to(self, record, partner):
        """The messages of `record` addressed to `partner`."""
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("partner_ids", "in", partner.ids),
            ]
        )


# the tests' districts on the map: two squares of 0.01 degree sharing the edge at
# longitude 10.01, far from the demo's (illustrative) Kermanshah
MAP_ORIGIN = (10.0, 10.0)
MAP_STEP = 0.01
# earthdistance's earth() radius (metres): offsets below are exact for its look-up
EARTH_RADIUS = 6378168.0


def map_square(lat, lon, step=MAP_STEP):
    """A GeoJSON Polygon: the square of side `step` degrees from (lat, lon)."""
    ring = [[lon, lat], [lon + step, lat], [lon + step, lat + step], [lon, lat + step]]
    return json.dumps({"type": "Polygon", "coordinates": [ring + [ring[0]]]})


def offset(lat, lon, north=0.0, east=0.0):
    """The point `north` and `east` metres from (lat, lon) on earthdistance's sphere."""
    dlat = math.degrees(north / EARTH_RADIUS)
    dlon = math.degrees(east / (EARTH_RADIUS * math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


class HotlineMapCase(HotlineCase):
    """District A and district B on the map (MAP_ORIGIN, side by side, A west of B)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lat, lon = MAP_ORIGIN
        cls.district_a.boundary_geojson = map_square(lat, lon)
        cls.district_b.boundary_geojson = map_square(lat, lon + MAP_STEP)
        # the middle of A and of B, and a point on their shared edge
        cls.point_a = (lat + MAP_STEP / 2, lon + MAP_STEP / 2)
        cls.point_b = (lat + MAP_STEP / 2, lon + 3 * MAP_STEP / 2)
        cls.point_edge = (lat + MAP_STEP / 2, lon + MAP_STEP)


class HotlineHttpCase(HotlineCase, HttpCase):
    """The fixture for controller tests and tours: log in, post a form with its token."""

    @classmethod
    def _build_web_client_bundles(cls, bundles=("web.assets_web",), rtl=(False, True)):
        """Build the web client's bundles once for the class, the right-to-left CSS of
        Persian pages included: built by each tour, they may outlast its wait (and a
        Persian tour then fails on an asset error)."""
        qweb = cls.env["ir.qweb"]
        for bundle in (*bundles, "web.assets_tests"):
            qweb._get_asset_bundle(bundle, css=False, js=True).js()
        for bundle in bundles:
            for right_to_left in rtl:
                qweb._get_asset_bundle(
                    bundle, css=True, js=False, rtl=right_to_left
                ).css()

    def start_tour(self, url_path, tour_name, **kwargs):
        # built before the browser waits for them: on a busy machine building them
        # in the browser's first page outlasts its wait ("ready code always falsy").
        # Only what this tour's first page loads (a class that built them in
        # setUpClass finds them built; a test's own are rolled back with it).
        login = kwargs.get("login")
        user = login and self.env["res.users"].search([("login", "=", login)], limit=1)
        lang = user and self.env["res.lang"]._lang_get(user.lang or "")
        backend = url_path.startswith(("/odoo", "/web"))
        self._build_web_client_bundles(
            ("web.assets_web",) if backend else ("web.assets_frontend",),
            rtl=(bool(lang and lang.direction == "rtl"),),
        )
        return super().start_tour(url_path, tour_name, **kwargs)

    def _csrf(self):
        return http.Request.csrf_token(self)

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _post(self, url, data=None, files=None):
        """POST a form with the session's CSRF token; the response, not followed."""
        return self.url_open(
            url,
            data={"csrf_token": self._csrf(), **(data or {})},
            files=files,
            allow_redirects=False,
        )


# Data that several test files share ------------------------------------------------------


class MeetingCase(HotlineCase):
    """District A's session next week, open for booking (four 15-minute slots), and six
    citizens' contacts to book it. Times are Tehran's; mails stay on."""

    env_context = TEHRAN_MAIL_CONTEXT

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start = (datetime.now() + timedelta(days=7)).replace(
            minute=0, second=0, microsecond=0
        )
        cls.meeting = cls._create_meeting(cls.district_a, cls.manager_a, start)
        cls.meeting.action_open_booking()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Meeting citizen {i}", "email": f"meeting{i}@example.com"}
                for i in range(6)
            ]
        )

    def _session_started(self, meeting=None):
        """A clock five minutes into the session (default: the class's): attendance,
        orders and "held" wait until a session has started."""
        return freeze_time((meeting or self.meeting).start + timedelta(minutes=5))


class ReferralCase(HotlineCase):
    """A water leak in district A and a gas smell after a crash in district B, taken by
    the operator from a caller (a contact); a gas company with a portal contact and the
    police, besides the water company. Mails stay on: the tests read the chatter."""

    env_context = MAIL_CONTEXT

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Referral = cls.env["hotline.referral"]
        cls.agency_gas = cls._create_agency("Test Gas Company", "gas", 4)
        cls.agency_police = cls._create_agency("Test Police", "police", 24)
        # the categories refer to the tests' agencies; the category's 2 h override the
        # gas company's 4 h
        cls.cat_water.agency_id = cls.agency_water
        cls.cat_gas.write({"agency_id": cls.agency_gas.id, "agency_response_hours": 2})
        [cls.gas_user] = cls._create_users(
            gas_user=("hotline_agency_gas", PORTAL, "Gas Company Desk")
        )
        cls.gas_user.partner_id.parent_id = cls.agency_gas
        cls.caller = cls.env["res.partner"].create(
            {"name": "Test citizen", "email": "citizen.ref@example.com"}
        )
        cls.ticket = cls._create_referred_ticket("Leak on Main Street", cls.cat_water)
        cls.ticket_gas = cls._create_referred_ticket(
            "Gas smell after crash", cls.cat_gas, district_id=cls.district_b.id
        )

    @classmethod
    def _create_referred_ticket(cls, name, category, **vals):
        """An agency request the operator holds, with the caller's phone and address."""
        return cls._create_ticket(
            name=name,
            description=f"<p>{name}: details</p>",
            category_id=category.id,
            address="12 Main Street",
            partner_id=cls.caller.id,
            caller_phone="09181112233",
            user_id=cls.operator.id,
            **vals,
        )

    @classmethod
    def _referred_ticket_at(cls, utc, name, category, **vals):
        """A referred request filed at ``utc`` (the transaction's time is create_date,
        from which the request's deadline is counted)."""
        cls.env.flush_all()
        cls.env.cr._now = utc
        try:
            return cls._create_referred_ticket(name, category, **vals)
        finally:
            cls.env.cr._now = None

    @classmethod
    def _send_referrals(cls):
        """Referrals sent by the operator: `ref_water` about the leak (district A),
        `ref_gas` about the gas smell (district B)."""
        cls.ref_water, cls.ref_gas = cls.Referral.create(
            [
                {"ticket_id": cls.ticket.id, "agency_id": cls.agency_water.id},
                {"ticket_id": cls.ticket_gas.id, "agency_id": cls.agency_gas.id},
            ]
        )
        (cls.ref_water | cls.ref_gas).action_send()

    @classmethod
    def _open_referrals(cls, count, agencies, due, ticket=None):
        """Sent referrals due at `due`, spread over the agencies (no mail sent)."""
        return cls.Referral.create(
            [
                {
                    "ticket_id": (ticket or cls.ticket).id,
                    "agency_id": agencies[i % len(agencies)].id,
                    "state": "sent",
                    "date_sent": due - timedelta(hours=4),
                    "date_due": due,
                }
                for i in range(count)
            ]
        )


class StaffRatingCase(HotlineCase):
    """The staff as employees: the operator (in district A, under the line manager), the
    expert (in district B) and a counter clerk with no user (district A). Mails stay on."""

    env_context = MAIL_CONTEXT

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.line_manager_employee = Employee.create(
            {"name": "Line Manager", "user_id": cls.line_manager.id}
        )
        cls.operator_employee, cls.expert_employee, cls.clerk = Employee.create(
            [
                {
                    "name": "Operator Parisa",
                    "user_id": cls.operator.id,
                    "parent_id": cls.line_manager_employee.id,
                    "hotline_district_id": cls.district_a.id,
                },
                {
                    "name": "Expert Ali",
                    "user_id": cls.expert.id,
                    "hotline_district_id": cls.district_b.id,
                },
                {
                    "name": "Counter Clerk",
                    "hotline_is_counter": True,
                    "hotline_district_id": cls.district_a.id,
                    "parent_id": cls.line_manager_employee.id,
                    "tz": "Asia/Tehran",
                },
            ]
        )
        cls.rated_citizen = cls.env["res.partner"].create(
            {"name": "Rating Citizen", "email": "rating.citizen@example.com",
             "lang": "en_US"}
        )  # fmt: skip

    @classmethod
    def _create_rated_ticket(cls, **vals):
        """A request the operator took and the expert handles, from a citizen with an
        email (closing it invites them to rate both)."""
        values = {
            "description": "The light at the corner is off.",
            "partner_id": cls.rated_citizen.id,
            "user_id": cls.expert.id,
            "stage_id": cls.stage_in_progress.id,
            "category_id": False,
            "district_id": False,
            **vals,
        }
        return cls._create_ticket(
            name="Broken street light", user=cls.operator, **values
        )


class ReportingCase(HotlineCase):
    """Three categories and nine requests with known figures (the roles and districts are
    HotlineCase's; `portal` is citizen_a, `citizen` a caller's contact).

    District A (manager_a):
      t1 pothole, caller 0918 111 1111, closed a day before its deadline, answered in 2 h
      t2 pothole, same caller 5 days later (repeat), closed exactly at its deadline,
         answered in 4 h, reopened once
      t3 pothole, same caller 10 days after t2 (no repeat with a 7-day window), closed late
      t4 water leak (another agency's duty), open, deadline in 2099 (on time)
      t5 unrelated message (no public body), open, deadline passed (late)
      t6 pothole from a citizen contact, open, no deadline (left out of the rate)
      t7 pothole, same contact 2 days later (repeat), open, deadline exactly now (on time)
    District B (manager_b):
      t8 pothole, the caller of t1-t3 a day after t3 (repeat), an expert opinion escalated
         to the mayor, closed after 12 h, no deadline
    December 2019: t9 in district A, closed on time (the previous month of the summary).
    Surveys: t1 scored 4 and 5, t8 scored 2, an unfinished answer about t1 scored 1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.repeat_contact_days", 7
        )
        cls.portal = cls.citizen_a
        # the month's own category tree, so that its figures depend on nothing else
        Category = env["helpdesk.ticket.category"]
        cls.streets = Category.create({"name": "Test streets"})
        cls.pothole, cls.water, cls.unrelated = Category.create(
            [
                {"name": "Test pothole", "parent_id": cls.streets.id},
                {"name": "Test water leak", "jurisdiction": "agency",
                 "agency_id": cls.agency_water.id},
                {"name": "Test unrelated", "jurisdiction": "none"},
            ]
        )  # fmt: skip
        cls.citizen = env["res.partner"].create({"name": "Test citizen"})
        a, b, phone = cls.district_a, cls.district_b, "09181111111"
        # key: district, category, caller's phone, contact; then created, deadline,
        # closed, first answered, reopened (dates as they were, written in SQL)
        specs = {
            "t1": (a, cls.pothole, phone, None,
                   "2020-01-05 08:00", "2020-01-07 08:00", "2020-01-06 08:00",
                   "2020-01-05 10:00", 0),
            "t2": (a, cls.pothole, "+98 918 111 1111", None,
                   "2020-01-10 08:00", "2020-01-11 08:00", "2020-01-11 08:00",
                   "2020-01-10 12:00", 1),
            "t3": (a, cls.pothole, phone, None,
                   "2020-01-20 08:00", "2020-01-21 08:00", "2020-01-22 08:00", None, 0),
            "t4": (a, cls.water, "09182222222", None,
                   "2020-01-15 08:00", "2099-01-01 00:00", None, None, 0),
            "t5": (a, cls.unrelated, "09182222222", None,
                   "2020-01-16 08:00", "2020-01-17 08:00", None, None, 0),
            "t6": (a, cls.pothole, False, cls.citizen,
                   "2020-01-25 08:00", None, None, None, 0),
            "t7": (a, cls.pothole, False, cls.citizen,
                   "2020-01-27 08:00", None, None, None, 0),
            "t8": (b, cls.pothole, phone, None,
                   "2020-01-21 08:00", None, "2020-01-21 20:00", None, 0),
            "t9": (a, cls.pothole, "09183333333", None,
                   "2019-12-20 08:00", "2019-12-22 08:00", "2019-12-21 08:00",
                   "2019-12-20 09:00", 0),
        }  # fmt: skip
        tickets = env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Reporting {key}",
                    "description": f"Reporting {key}",
                    "district_id": district.id,
                    "category_id": category.id,
                    "caller_phone": caller,
                    "partner_id": partner.id if partner else False,
                    "stage_id": cls.stage_new.id,
                }
                for key, (district, category, caller, partner, *_dates) in specs.items()
            ]
        )
        cls.tickets = t = dict(zip(specs, tickets, strict=True))
        t["t8"].request_kind = "expert_opinion"
        (t["t1"] | t["t2"] | t["t3"] | t["t8"] | t["t9"]).stage_id = cls.stage_resolved
        for key, (
            *_values,
            created,
            deadline,
            closed,
            answered,
            reopened,
        ) in specs.items():
            cls._set_dates(t[key], created, deadline, closed, answered, reopened)
        # t7's deadline is "now" itself: still on time
        env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET date_deadline = now() AT TIME ZONE 'UTC' "
                "WHERE id = %s",
                t["t7"].id,
            )
        )
        env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET is_escalated_to_mayor = TRUE WHERE id = %s",
                t["t8"].id,
            )
        )
        env.invalidate_all()
        cls.all_tickets = tickets
        cls.all_tickets._update_repeat_contact()
        # staff-rating answers about the requests
        env["survey.user_input"].create(
            [
                {
                    "survey_id": cls.survey.id,
                    "state": state,
                    "hotline_ticket_id": ticket.id,
                    "hotline_overall_score": score,
                }
                for ticket, score, state in (
                    (t["t1"], 4, "done"),
                    (t["t1"], 5, "done"),
                    (t["t1"], 1, "in_progress"),
                    (t["t8"], 2, "done"),
                )
            ]
        )
        env.flush_all()

    @classmethod
    def _set_dates(cls, ticket, created, deadline, closed, answered, reopened):
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket
                      SET create_date = %s, date_deadline = %s, closed_date = %s,
                          date_first_response = %s, reopen_count = %s
                    WHERE id = %s""",
                created,
                deadline,
                closed,
                answered,
                reopened,
                ticket.id,
            )
        )
        ticket._jalali_refresh_sql()

    def _report(self, user=None):
        report = self.env["hotline.ticket.report"]
        return report.with_user(user) if user else report


class HotlinePortalCase(HotlineHttpCase):
    """Portal categories (a parent, a leaf with a 72 h deadline, one hidden from the
    portal) and a request of each citizen in `district` (district A)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.district = cls.district_a
        Category = cls.env["helpdesk.ticket.category"]
        cls.category_parent = Category.create(
            {"name": "Portal Streets", "show_in_portal": True}
        )
        cls.category, cls.category_hidden = Category.create(
            [
                {"name": "Portal Pothole", "parent_id": cls.category_parent.id,
                 "show_in_portal": True, "resolution_hours": 72},
                {"name": "Staff Only", "show_in_portal": False},
            ]
        )  # fmt: skip
        cls.ticket_a = cls._create_ticket(cls.citizen_a, "A's pothole", "09121110001")
        cls.ticket_b = cls._create_ticket(cls.citizen_b, "B's pothole", "09122220002")

    def _request_form(self, **overrides):
        """The citizen portal's new-request form, filled in, with `overrides`."""
        return {
            "request_kind": "complaint",
            "category_id": self.category.id,
            "description": "A deep hole in front of the school",
            "district_id": self.district.id,
            "address": "Modares St, alley 12",
            "phone": "09123456789",
            **overrides,
        }

    @classmethod
    def _create_ticket(cls, citizen=None, name="Portal pothole", phone=None, **vals):
        """A request in a portal category (see HotlineCase._create_ticket)."""
        vals.setdefault("category_id", cls.category.id)
        return super()._create_ticket(citizen, name, phone, **vals)

    def _chatter_upload(self, name, data):
        """A file added from the history of citizen A's request (mail's upload route)."""
        token = self.ticket_a.sudo()._portal_ensure_token()
        return self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": self._csrf(),
                "thread_id": self.ticket_a.id,
                "thread_model": "helpdesk.ticket",
                "token": token,
            },
            files={"ufile": (name, data, "application/octet-stream")},
        )

    def _last_request(self, citizen):
        """The newest request of a citizen (a user): the one a form just filed."""
        return self.env["helpdesk.ticket"].search(
            [("partner_id", "=", citizen.partner_id.id)], order="id desc", limit=1
        )


class PbxCase(HotlineHttpCase):
    """The company's PBX secret, the operators' extensions (201, 202) and `_pbx()`,
    which posts an event signed as the PBX signs it (controllers/pbx.py)."""

    PBX_SECRET = "test-pbx-secret"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.hotline_pbx_secret = cls.PBX_SECRET
        cls.operator.hotline_extension = "201"
        cls.operator2.hotline_extension = "202"

    def _pbx_signed(self, event, call_id="1764745200.42", *, timestamp=None,
                    secret=None, signature=None, body=None, **values):  # fmt: skip
        """The body and headers of one PBX event: {event, call_id, values...} as JSON,
        signed with the company's secret (or `secret`) at `timestamp` (default: now);
        `signature` and `body` replace the computed ones (a forged or malformed event)."""
        if body is None:
            body = json.dumps({"event": event, "call_id": call_id, **values})
        body = body.encode() if isinstance(body, str) else body
        timestamp = str(int(time.time()) if timestamp is None else timestamp)
        headers = {"Content-Type": "application/json", "X-Hotline-Timestamp": timestamp}
        if signature is None:
            signature = pbx_signature(secret or self.PBX_SECRET, timestamp, body)
        if signature:
            headers["X-Hotline-Signature"] = f"sha256={signature}"
        return body, headers

    def _pbx(self, event, call_id="1764745200.42", **kwargs):
        """POST one PBX event (see `_pbx_signed`); the response."""
        body, headers = self._pbx_signed(event, call_id, **kwargs)
        return self.url_open("/hotline/pbx/event", data=body, headers=headers)

    def _ring(self, call_id="1764745200.42", caller="09121234567", extension="201",
              **kwargs):  # fmt: skip
        return self._pbx(
            "ring", call_id, caller=caller, extension=extension, queue="137", **kwargs
        )


class CallCase(HotlineCase):
    """The phone line's records (issue 16): Asterisk Master.csv rows built from
    Tehran wall-clock times, and their import as the supervisor."""

    @staticmethod
    def _cdr_row(uniqueid, src, start, answer=None, seconds=60, talk=0, *,
                 dst="137", channel="SIP/trunk-00000001", dstchannel="",
                 lastapp="Queue", lastdata="hotline,t,,,300", linkedid=None,
                 disposition=None):  # fmt: skip
        """One leg of Master.csv. `start`/`answer` are datetimes of the PBX's wall
        clock (Tehran); the leg ends `seconds` after it starts."""
        end = start + timedelta(seconds=seconds)
        fmt = "%Y-%m-%d %H:%M:%S"
        cells = [
            "", src, dst, "from-trunk", f'"{src}" <{src}>', channel, dstchannel,
            lastapp, lastdata, start.strftime(fmt),
            answer.strftime(fmt) if answer else "", end.strftime(fmt), str(seconds),
            str(talk), disposition or ("ANSWERED" if answer else "NO ANSWER"),
            "DOCUMENTATION", uniqueid, "", linkedid or uniqueid, "1",
        ]  # fmt: skip
        return ",".join(f'"{cell}"' for cell in cells)

    def _import_calls(self, text, name="Master.csv", user=None, **vals):
        """Import `text` through the wizard as `user` (the supervisor); the wizard."""
        wizard = (
            self.env["hotline.call.import.wizard"]
            .with_user(user or self.supervisor)
            .create(
                {
                    "file_data": base64.b64encode(text.encode()),
                    "file_name": name,
                    "pbx_tz": "Asia/Tehran",
                    **vals,
                }
            )
        )
        wizard.action_import()
        return wizard
