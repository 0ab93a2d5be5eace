from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HotlineCase, HotlineHttpCase


class TestOperatorStages(HotlineCase):
    """Operators move a request by hand only to New, In Progress or Resolved; the
    other stages come with their own step (refer, send for review, close: caller
    informed) or are an expert's or a district manager's (Closed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(user=cls.operator, stage_id=cls.stage_new.id)

    def test_operator_moves_between_new_in_progress_and_resolved(self):
        ticket = self.ticket.with_user(self.operator)
        for stage in (self.stage_in_progress, self.stage_resolved, self.stage_new):
            ticket.stage_id = stage
            self.assertEqual(self.ticket.stage_id, stage)

    def test_operator_cannot_jump_to_closed(self):
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        for stage in (
            self.stage_closed,
            cancelled,
            self.stage_referred,
            self.stage_review,
            self.stage_informed,
        ):
            with self.subTest(stage=stage.name), self.assertRaises(UserError):
                self.ticket.with_user(self.operator).write({"stage_id": stage.id})
        self.assertEqual(self.ticket.stage_id, self.stage_new)

    def test_refusal_is_in_the_operators_language(self):
        self._speak_persian(self.operator)
        # the web client sends the user's language in the context
        ticket = self.ticket.with_user(self.operator).with_context(lang="fa_IR")
        with self.assertRaises(UserError) as refused:
            ticket.stage_id = self.stage_closed
        self.assertRegex(str(refused.exception), "[\u0600-\u06ff]")

    def test_operator_steps_still_move_the_request(self):
        none = self._create_ticket(user=self.operator, category_id=self.cat_none.id)
        none.with_user(self.operator).action_close_caller_informed()
        self.assertEqual(none.stage_id, self.stage_informed)
        self._refer(self.ticket, self.agency_water)
        self.assertEqual(self.ticket.stage_id, self.stage_referred)

    def test_expert_and_manager_close(self):
        for user in (self.expert, self.supervisor):
            with self.subTest(user=user.login):
                ticket = self._create_ticket(user=user)
                ticket.with_user(user).stage_id = self.stage_closed
                self.assertEqual(ticket.stage_id, self.stage_closed)


@tagged("post_install", "-at_install")
class TestIntakeReferTour(HotlineHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._speak_persian(cls.operator)

    def test_refer_from_intake(self):
        """In Chromium, in Persian: an agency's call is saved and referred from Take a
        Call; the operator still reads the tracking code."""
        self.start_tour(
            "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
            "municipal_hotline_intake_refer",
            login=self.operator.login,
        )
        ticket = self.Ticket.search([("partner_name", "=", "Refer Tour Caller")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.stage_id, self.stage_referred)
        self.assertEqual(
            ticket.referral_ids.agency_id,
            self.env.ref("municipal_hotline.partner_agency_water"),
        )
