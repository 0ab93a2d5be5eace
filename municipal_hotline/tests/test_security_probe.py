"""The outside probe's findings (issue 17), each proven closed as the probing role.

Following a request does not let staff update it, and staff post on a request only if
they may update it (finding 2); a district's requests follow the district's manager, not
the helpdesk team (finding 6); a phone number is not proof of identity (finding 1);
staff read only the contacts their work needs, and who rated whom stays with supervisors
(finding 4).
"""

from datetime import datetime, timedelta

from odoo.exceptions import AccessError

from .common import HotlineCase, StaffRatingCase


class TestFollowerRights(HotlineCase):
    """Finding 2: helpdesk_mgmt let an employee update every ticket they follow, and
    anyone who reads a ticket post on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # operator2's request in district B: the operator reads it (caller history)
        cls.theirs = cls._create_ticket(
            user=cls.operator2, district_id=cls.district_b.id
        )
        cls.mine = cls._create_ticket(user=cls.operator)

    def test_following_does_not_grant_write(self):
        ticket = self.theirs.with_user(self.operator)
        ticket.message_subscribe(partner_ids=self.operator.partner_id.ids)
        self.assertIn(self.operator.partner_id, self.theirs.message_partner_ids)
        with self.assertRaises(AccessError):
            ticket.write({"address": "hijacked"})
        self.assertFalse(self.theirs.address)

    def test_expert_following_does_not_grant_write(self):
        self.theirs.message_subscribe(partner_ids=self.expert.partner_id.ids)
        self.theirs.with_user(self.expert).read(["name"])
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.expert).write({"address": "hijacked"})

    def test_post_needs_write_access(self):
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.operator).message_post(
                body="Not my request", message_type="comment"
            )

    def test_post_as_follower_needs_write_access(self):
        ticket = self.theirs.with_user(self.operator)
        ticket.message_subscribe(partner_ids=self.operator.partner_id.ids)
        for subtype in ("mail.mt_comment", "mail.mt_note"):
            with self.subTest(subtype=subtype), self.assertRaises(AccessError):
                ticket.message_post(
                    body="Still not mine", message_type="comment", subtype_xmlid=subtype
                )

    def test_post_on_own_request(self):
        message = self.mine.with_user(self.operator).message_post(
            body="Called back", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(message.author_id, self.operator.partner_id)


class TestDistrictAccessEndsWithTheDistrict(HotlineCase):
    """Finding 6: a manager replaced on a district kept its requests through the
    district's helpdesk team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an unassigned request of district A, in team A (the district's team)
        cls.ticket = cls._create_ticket(name="District A hole", user_id=False)
        cls.new_manager = cls._create_users(
            manager_c=(
                "hotline_manager_c",
                "municipal_hotline.group_hotline_district_manager",
                "Manager C",
            )
        )

    def test_replaced_manager_loses_the_district(self):
        self.assertEqual(self.ticket.team_id, self.team_a)
        self.assertFalse(self.ticket.user_id)
        self.ticket.with_user(self.manager_a).read(["name"])
        self.district_a.manager_id = self.new_manager
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.manager_a).write({"address": "x"})
        self.ticket.with_user(self.new_manager).write({"address": "checked"})

    def test_my_district_filter_follows_the_manager(self):
        """ "My District" (the manager's home list) names the districts by id: a change
        of manager, or a new district, shows at once."""
        Ticket = self.env["helpdesk.ticket"]
        mine = [("in_my_district", "=", True)]
        self.assertIn(self.ticket, Ticket.with_user(self.manager_a).search(mine))
        self.assertFalse(Ticket.with_user(self.new_manager).search(mine))
        self.district_a.manager_id = self.new_manager
        self.assertFalse(Ticket.with_user(self.manager_a).search(mine))
        self.assertIn(self.ticket, Ticket.with_user(self.new_manager).search(mine))
        district_c = self.env["hotline.district"].create(
            {"name": "District C", "code": "C", "manager_id": self.manager_a.id}
        )
        self.ticket.district_id = district_c
        self.assertIn(self.ticket, Ticket.with_user(self.manager_a).search(mine))
        self.assertTrue(self.ticket.with_user(self.manager_a).in_my_district)
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.new_manager).read(["name"])

    def test_my_district_search_checks_the_district_rule_alone(self):
        """Within "My District" the requests are checked against the district rule
        alone (ir_rule.py): the same rows as all the rules give, never more; a city's
        narrower district rule still narrows it, and without the rule it is not used."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.manager_a)
        held = self._create_ticket(
            name="Held elsewhere",
            district_id=self.district_b.id,
            user_id=self.manager_a.id,
        )
        mine = [("in_my_district", "=", True)]
        everything = Ticket.search([])
        self.assertIn(held, everything, "held: readable through the personal rule")
        scoped = Ticket.search(mine)
        self.assertEqual(
            scoped, everything.filtered(lambda t: t.district_id == self.district_a)
        )
        self.assertNotIn(held, scoped)
        self.assertFalse(Ticket.search(mine + [("id", "=", held.id)]))
        # an operator has no district: nothing, even with the filter
        self.assertFalse(
            self.env["helpdesk.ticket"].with_user(self.operator).search(mine)
        )
        rule = self.env.ref("municipal_hotline.helpdesk_ticket_rule_district_manager")
        rule.domain_force = (
            "[('district_id', 'in', user.hotline_managed_district_ids.ids),"
            f" ('id', '!=', {self.ticket.id})]"
        )
        self.assertNotIn(self.ticket, Ticket.search(mine), "the city's narrower rule")
        rule.active = False
        self.assertFalse(Ticket.search(mine), "no district rule: the others' rows only")

    def test_district_scope_from_a_caller_never_widens(self):
        """The scope's context key, sent by a caller as over RPC, only ever narrows:
        another district's manager, a citizen, an operator with it read no more."""
        scope = {"hotline_district_scope": True}
        Ticket = self.env["helpdesk.ticket"]
        self.assertNotIn(
            self.ticket,
            Ticket.with_user(self.manager_b).with_context(**scope).search([]),
        )
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.manager_b).with_context(**scope).read(["name"])
        self.assertFalse(
            Ticket.with_user(self.citizen_a).with_context(**scope).search([])
        )
        self.assertEqual(
            Ticket.with_user(self.operator).with_context(**scope).search([]),
            Ticket.with_user(self.operator).search([]),
        )

    def test_replaced_manager_leaves_the_team(self):
        self.district_a.manager_id = self.new_manager
        self.assertNotIn(self.manager_a, self.team_a.user_ids)

    def test_team_membership_alone_grants_nothing(self):
        """Even a manager left in the team (added by hand) has no district access."""
        self.district_a.manager_id = self.new_manager
        self.team_a.user_ids = [(4, self.manager_a.id)]
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.manager_a).read(["name"])
        self.assertFalse(
            self.env["helpdesk.ticket"]
            .with_user(self.manager_a)
            .search([("id", "=", self.ticket.id)])
        )


class TestPhoneIsNotIdentity(HotlineCase):
    """Finding 1: a citizen who typed someone else's number on their account had that
    person's calls linked to their contact, and read them."""

    VICTIM = "0918 765 4321"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen = cls.citizen_a.partner_id
        # the citizen's own account page writes with sudo, as the portal user
        cls.citizen.with_user(cls.citizen_a).sudo().write({"phone": "+989187654321"})

    def _call(self, name="Victim's call"):
        return self._create_ticket(
            name=name, phone=self.VICTIM, user=self.operator, partner_name="Victim"
        )

    def test_unconfirmed_number_links_no_account(self):
        ticket = self._call()
        self.assertTrue(ticket.partner_id)
        self.assertNotEqual(ticket.partner_id, self.citizen)
        with self.assertRaises(AccessError):
            ticket.with_user(self.citizen_a).read(["name", "description"])

    def test_confirmed_number_links_the_account(self):
        self.citizen.with_user(self.operator).action_hotline_confirm_phone()
        self.assertTrue(self.citizen.hotline_phone_verified)
        ticket = self._call("Citizen's own call")
        self.assertEqual(ticket.partner_id, self.citizen)
        ticket.with_user(self.citizen_a).read(["name"])

    def test_changing_the_number_clears_the_confirmation(self):
        self.citizen.with_user(self.operator).action_hotline_confirm_phone()
        self.citizen.with_user(self.citizen_a).sudo().write({"phone": "09120000000"})
        self.assertFalse(self.citizen.hotline_phone_verified)

    def test_citizen_cannot_confirm_their_number(self):
        with self.assertRaises(AccessError):
            self.citizen.with_user(self.citizen_a).sudo().write(
                {"hotline_phone_verified": True}
            )
        with self.assertRaises(AccessError):
            self.citizen.with_user(self.citizen_a).action_hotline_confirm_phone()
        self.assertFalse(self.citizen.hotline_phone_verified)

    def test_signup_number_is_not_confirmed(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.citizen_b)
            .sudo()
            .create(
                {
                    "name": "Signed up",
                    "phone": self.VICTIM,
                    "hotline_phone_verified": True,
                }
            )
        )
        self.assertFalse(partner.hotline_phone_verified)

    def test_booking_phone_shows_no_one_elses_requests(self):
        victims = self._call()
        meeting = self._create_meeting(
            self.district_a, self.manager_a, datetime.now() + timedelta(days=7)
        )
        meeting.action_open_booking()
        booking = self._book(self.citizen, meeting=meeting)
        booking.phone = self.VICTIM
        self.assertNotIn(victims, booking.earlier_ticket_ids)
        # through the contact's confirmed number, the earlier calls are theirs
        self.citizen.with_user(self.operator).action_hotline_confirm_phone()
        own = self._create_ticket(
            name="Own call", phone=self.VICTIM, user=self.operator
        )
        booking.invalidate_recordset(["earlier_ticket_ids"])
        self.assertIn(own, booking.earlier_ticket_ids)


class TestCitizenContacts(HotlineCase):
    """Finding 4: every member of staff read every citizen's name, phone, email and
    street, and could search callers by phone, whatever their district or requests."""

    PHONE = "0918 555 0101"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a caller of district B, registered by the operator's intake
        cls.ticket_b = cls._create_ticket(
            name="District B call",
            phone=cls.PHONE,
            user=cls.operator,
            partner_name="Caller of B",
            district_id=cls.district_b.id,
        )
        cls.caller = cls.ticket_b.partner_id
        cls.caller.sudo().write({"street": "7 Secret Street", "email": "b@example.com"})

    def _read(self, user):
        return self.caller.with_user(user).read(["name", "phone", "email", "street"])

    def test_caller_is_a_citizen(self):
        self.assertTrue(self.caller.hotline_is_citizen)
        self.assertTrue(self.citizen_a.partner_id.hotline_is_citizen)
        self.assertFalse(self.agency_water.hotline_is_citizen)
        self.assertFalse(self.agency_user.partner_id.hotline_is_citizen)
        self.assertFalse(self.operator.partner_id.hotline_is_citizen)

    def test_other_district_manager_refused(self):
        with self.assertRaises(AccessError):
            self._read(self.manager_a)
        found = (
            self.env["res.partner"]
            .with_user(self.manager_a)
            .search([("phone", "ilike", "555 0101")])
        )
        self.assertFalse(
            found, "a district manager finds no caller of another district"
        )
        self.assertEqual(self._read(self.manager_b)[0]["street"], "7 Secret Street")

    def test_plain_employee_refused(self):
        """An employee without a hotline group (a line manager) reads no citizen."""
        with self.assertRaises(AccessError):
            self._read(self.line_manager)

    def test_expert_reads_only_the_citizens_of_their_requests(self):
        with self.assertRaises(AccessError):
            self._read(self.expert)
        self.ticket_b.reviewer_id = self.expert
        self.assertEqual(self._read(self.expert)[0]["email"], "b@example.com")

    def test_operators_and_supervisors_find_every_caller(self):
        for user in (self.operator2, self.supervisor):
            with self.subTest(user=user.login):
                found = (
                    self.env["res.partner"]
                    .with_user(user)
                    .search([("hotline_phone_key", "=", "9185550101")])
                )
                self.assertEqual(found, self.caller)
                self._read(user)

    def test_non_citizen_contacts_stay_open(self):
        self.agency_water.with_user(self.manager_a).read(["name", "email"])
        self.operator.partner_id.with_user(self.expert).read(["name", "email"])

    def test_existing_contacts_are_marked_on_update(self):
        """A database upgraded from before the rules: its callers are marked too."""
        self.caller.sudo().hotline_is_citizen = False
        self.env["res.partner"]._hotline_mark_existing_citizens()
        self.assertTrue(self.caller.hotline_is_citizen)
        self.assertFalse(self.agency_water.hotline_is_citizen)


class TestRaterStaysPrivate(StaffRatingCase):
    """Finding 4: district and line managers read who rated whom (name and email)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rating = cls.survey.sudo()._create_answer(
            partner=cls.rated_citizen,
            check_attempts=False,
            hotline_employee_id=cls.operator_employee.id,
            hotline_channel="phone",
        )

    def test_managers_read_scores_not_raters(self):
        for user in (self.manager_a, self.line_manager):
            answer = self.rating.with_user(user)
            with self.subTest(user=user.login):
                answer.read(["hotline_overall_score", "hotline_employee_id"])
                for field in ("partner_id", "email", "nickname"):
                    with self.assertRaises(AccessError):
                        answer.read([field])

    def test_supervisor_reads_the_rater(self):
        values = self.rating.with_user(self.supervisor).read(["partner_id", "email"])[0]
        self.assertEqual(values["partner_id"][0], self.rated_citizen.id)
