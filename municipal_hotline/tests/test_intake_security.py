from odoo.exceptions import AccessError

from .common import HotlineCase


class TestTicketRules(HotlineCase):
    """Every ticket rule, allowed and refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._create_ticket(user=cls.operator, district_id=cls.district_a.id)
        cls.theirs = cls._create_ticket(
            user=cls.operator2, district_id=cls.district_b.id
        )
        cls.unassigned = cls._create_ticket(district_id=False, team_id=False)

    # operators
    def test_operator_reads_every_request(self):
        visible = self.Ticket.with_user(self.operator).search(
            [("id", "in", (self.mine | self.theirs | self.unassigned).ids)]
        )
        self.assertEqual(visible, self.mine | self.theirs | self.unassigned)
        self.theirs.with_user(self.operator).read(["number"])

    def test_operator_updates_what_they_took(self):
        self.mine.with_user(self.operator).write({"address": "corrected"})
        self.assertEqual(self.mine.address, "corrected")

    def test_operator_updates_what_they_hold(self):
        self.theirs.user_id = self.operator
        self.theirs.with_user(self.operator).write({"address": "held"})
        self.assertEqual(self.theirs.address, "held")

    def test_operator_refused_on_another_operators_request(self):
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.operator).write({"address": "hijack"})
        self.assertFalse(self.theirs.address)

    def test_operator_cannot_delete(self):
        with self.assertRaises(AccessError):
            self.mine.with_user(self.operator).unlink()

    # district managers
    def test_district_manager_sees_their_district(self):
        Ticket = self.Ticket.with_user(self.manager_a)
        self.assertEqual(
            Ticket.search([("id", "in", (self.mine | self.theirs).ids)]), self.mine
        )
        self.mine.with_user(self.manager_a).write({"address": "checked"})

    def test_district_manager_refused_on_another_district(self):
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.manager_a).write({"address": "x"})

    # experts
    def test_expert_works_on_what_they_review(self):
        self.theirs.reviewer_id = self.expert
        self.theirs.with_user(self.expert).read(["name"])
        self.theirs.with_user(self.expert).write({"address": "seen"})

    def test_expert_works_on_their_teams_requests(self):
        ticket = self._create_ticket(team_id=self.team_experts.id, district_id=False)
        ticket.user_id = self.manager_a  # held by someone else, still the team's
        self.assertEqual(ticket.team_id, self.team_experts)
        ticket.with_user(self.expert2).read(["name"])

    def test_expert_refused_on_an_unrelated_request(self):
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.expert).read(["name"])
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.expert).write({"address": "x"})
        self.assertFalse(
            self.Ticket.with_user(self.expert).search([("id", "=", self.theirs.id)])
        )

    # citizens
    def test_citizen_sees_only_own_requests(self):
        own = self._create_ticket(partner_id=self.citizen_a.partner_id.id)
        Ticket = self.Ticket.with_user(self.citizen_a)
        self.assertEqual(Ticket.search([("id", "in", (own | self.theirs).ids)]), own)
        own.with_user(self.citizen_a).read(["number"])
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.citizen_a).read(["name"])

    def test_other_citizen_refused(self):
        own = self._create_ticket(partner_id=self.citizen_a.partner_id.id)
        with self.assertRaises(AccessError):
            own.with_user(self.citizen_b).read(["name"])

    # supervisors
    def test_supervisor_sees_and_changes_everything(self):
        for ticket in self.mine | self.theirs:
            ticket.with_user(self.supervisor).write({"address": "director"})

    def test_review_wizard_refused_to_others(self):
        self.mine.reviewer_id = self.expert
        self.mine.action_send_for_review()
        wizard = self.env["hotline.review.decision"].create(
            {"ticket_id": self.mine.id, "decision": "accept", "assessment": "x"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.expert2).read(["decision"])
        with self.assertRaises(AccessError):
            self.env["hotline.review.decision"].with_user(self.operator).create(
                {"ticket_id": self.mine.id, "decision": "accept", "assessment": "x"}
            )
