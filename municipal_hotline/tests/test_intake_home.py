from odoo import Command
from odoo.tests import tagged

from .common import GROUP, HotlineCase, HotlineHttpCase

INTAKE = "municipal_hotline.helpdesk_ticket_action_intake"


class TestIntakeHome(HotlineCase):
    """Each role lands on its own hotline screen after login, not in Discuss."""

    def test_each_role_has_its_home_screen(self):
        homes = {
            self.operator: INTAKE,
            self.manager_a: "municipal_hotline.helpdesk_ticket_action_my_district",
            self.expert: "municipal_hotline.helpdesk_ticket_action_my_reviews",
            self.supervisor: "municipal_hotline.helpdesk_ticket_action_hotline",
        }
        for user, xmlid in homes.items():
            with self.subTest(user=user.login):
                self.assertEqual(user.action_id.id, self.env.ref(xmlid).id)
        self.assertFalse(
            self.line_manager.action_id, "not hotline staff: Odoo's default"
        )
        # made a supervisor in the groups' own data, before the screens existed
        self.assertEqual(
            self.env.ref("base.user_admin").action_id.id,
            self.env.ref("municipal_hotline.helpdesk_ticket_action_hotline").id,
        )

    def test_user_added_to_operators_lands_on_take_a_call(self):
        user = self.line_manager
        user.group_ids = [Command.link(self.env.ref(GROUP + "operator").id)]
        self.assertEqual(user.action_id.id, self.env.ref(INTAKE).id)

    def test_role_given_from_the_group_form(self):
        """The Users tab of the group's form: given, the role's home; taken, Odoo's."""
        user = self.line_manager
        operators = self.env.ref(GROUP + "operator")
        operators.user_ids = [Command.link(user.id)]
        self.assertEqual(user.action_id.id, self.env.ref(INTAKE).id)
        operators.user_ids = [Command.unlink(user.id)]
        self.assertFalse(user.action_id, "no hotline role left: Odoo's default")

    def test_home_chosen_by_hand_is_kept(self):
        """A home action an administrator chose is not replaced by the role's."""
        referrals = self.env.ref("municipal_hotline.hotline_referral_action")
        self.operator2.action_id = referrals.id
        self.operator2.group_ids = [Command.link(self.env.ref(GROUP + "supervisor").id)]
        self.assertEqual(self.operator2.action_id.id, referrals.id)

    def test_demo_operator_lands_on_take_a_call(self):
        demo = self.env.ref("municipal_hotline.user_operator_demo")
        self.assertEqual(demo.action_id.id, self.env.ref(INTAKE).id)


@tagged("post_install", "-at_install")
class TestIntakeHomeTour(HotlineHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._speak_persian(cls.operator)

    def test_operator_lands_and_stays_on_take_a_call(self):
        """In Chromium, in Persian: login opens Take a Call; discarding a call that
        hung up gives a fresh call form, not Discuss."""
        self.start_tour(
            "/odoo", "municipal_hotline_intake_home", login=self.operator.login
        )
        self.assertFalse(self.Ticket.search([("partner_name", "=", "Hung Up Caller")]))
