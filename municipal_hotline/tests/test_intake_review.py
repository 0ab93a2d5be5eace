from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import HotlineCase


class TestExpertReview(HotlineCase):
    def _under_review(self, **vals):
        ticket = self._create_ticket(
            user=self.operator, reviewer_id=self.expert.id, **vals
        )
        ticket.with_user(self.operator).action_send_for_review()
        return ticket

    def _decide(self, ticket, user, decision, assessment="Checked on site", reason=""):
        action = ticket.with_user(user).action_open_review_decision()
        wizard = Form(
            ticket.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )
        wizard.decision = decision
        wizard.assessment = assessment
        if reason:
            wizard.reject_reason = reason
        return wizard.save().action_confirm()

    def test_send_for_review_moves_stage_and_gives_the_expert_a_todo(self):
        ticket = self._under_review()
        self.assertEqual(ticket.stage_id, self.stage_review)
        self.assertEqual(ticket.review_state, "pending")
        activity = ticket.activity_ids.filtered(lambda a: a.user_id == self.expert)
        self.assertEqual(len(activity), 1)
        self.assertIn(ticket.number, activity.summary)
        self.assertIn(self.expert.partner_id, ticket.message_partner_ids)

    def test_send_for_review_needs_a_reviewer(self):
        ticket = self._create_ticket(user=self.operator)
        with self.assertRaises(UserError):
            ticket.with_user(self.operator).action_send_for_review()
        self.assertEqual(ticket.stage_id, self.stage_new)

    def test_reviewer_must_be_an_expert(self):
        with self.assertRaises(ValidationError):
            self._create_ticket(reviewer_id=self.operator2.id)

    def test_expert_accepts(self):
        ticket = self._under_review()
        self._decide(ticket, self.expert, "accept")
        self.assertEqual(ticket.review_state, "done")
        self.assertEqual(ticket.review_decision, "accept")
        self.assertEqual(ticket.review_assessment, "Checked on site")
        self.assertTrue(ticket.review_date)
        self.assertEqual(ticket.stage_id, self.stage_in_progress)
        self.assertFalse(
            ticket.activity_ids.filtered(lambda a: a.user_id == self.expert),
            "the review to-do is done",
        )

    def test_field_visit_plans_a_visit(self):
        ticket = self._under_review()
        self._decide(ticket, self.expert, "field_visit")
        self.assertEqual(ticket.review_decision, "field_visit")
        self.assertIn("visit", ticket.activity_ids.summary.lower())

    def test_refer_to_agency_marks_the_jurisdiction(self):
        ticket = self._under_review()
        self._decide(ticket, self.expert, "refer_to_agency")
        self.assertEqual(ticket.jurisdiction, "agency")

    def test_reject_requires_a_reason(self):
        ticket = self._under_review()
        action = ticket.with_user(self.expert).action_open_review_decision()
        wizard = (
            self.env["hotline.review.decision"]
            .with_user(self.expert)
            .create({"ticket_id": ticket.id, "decision": "reject", "assessment": "No"})
        )
        self.assertEqual(action["res_model"], "hotline.review.decision")
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(ticket.review_state, "pending", "nothing saved")
        with self.assertRaises(ValidationError):
            ticket.write({"review_decision": "reject", "review_reject_reason": " "})

    def test_reject_with_reason_closes(self):
        ticket = self._under_review()
        self._decide(ticket, self.expert, "reject", reason="Duplicate of an older one")
        self.assertEqual(ticket.review_decision, "reject")
        self.assertEqual(ticket.review_reject_reason, "Duplicate of an older one")
        self.assertEqual(ticket.stage_id, self.stage_closed)

    def test_other_expert_cannot_decide(self):
        ticket = self._under_review(district_id=self.district_b.id)
        with self.assertRaises(AccessError):
            ticket.with_user(self.expert2).action_open_review_decision()
        with self.assertRaises(AccessError):
            ticket.with_user(self.expert2)._hotline_record_review("accept", "x")
        self.assertEqual(ticket.review_state, "pending")

    def test_supervisor_may_decide(self):
        ticket = self._under_review()
        self._decide(ticket, self.supervisor, "accept")
        self.assertEqual(ticket.review_decision, "accept")

    def test_decision_only_while_under_review(self):
        ticket = self._create_ticket(reviewer_id=self.expert.id)
        with self.assertRaises(UserError):
            ticket.with_user(self.expert).action_open_review_decision()

    def test_review_is_tracked_in_the_chatter(self):
        ticket = self._under_review().with_context(
            tracking_disable=False, mail_notrack=False
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # what happened at creation is logged apart
        self._decide(ticket, self.expert, "accept")
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket = ticket.sudo()
        ticket.invalidate_recordset(["message_ids"])
        tracked = ticket.message_ids.tracking_value_ids.field_id.mapped("name")
        for name in ("review_decision", "review_state", "review_date"):
            self.assertIn(name, tracked)
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "Checked on site" in str(m.body))
        )


class TestEscalation(HotlineCase):
    def _expert_opinion(self, assessment="The bridge needs the mayor's budget"):
        """An expert opinion reviewed by the expert (with `assessment`), or still under
        review when `assessment` is None."""
        ticket = self._create_ticket(
            user=self.operator,
            request_kind="expert_opinion",
            reviewer_id=self.expert.id,
        )
        ticket.with_user(self.operator).action_send_for_review()
        if assessment is not None:
            ticket.with_user(self.expert)._hotline_record_review("accept", assessment)
        return ticket

    def test_expert_opinion_escalated_notifies_supervisors(self):
        ticket = self._expert_opinion()
        ticket.with_user(self.expert).action_escalate_to_mayor()
        self.assertTrue(ticket.is_escalated_to_mayor)
        self.assertTrue(ticket.date_escalated)
        note = ticket.message_ids.filtered(lambda m: "mayor" in str(m.body))
        self.assertIn(self.supervisor.partner_id, note.partner_ids)

    def test_escalation_needs_a_finished_review_with_an_assessment(self):
        """The mayor's office gets an expert's finished assessment, never an open
        review: refused in the expert's language."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        pending = self._expert_opinion(assessment=None)
        done_without_assessment = self._expert_opinion()
        done_without_assessment.sudo().review_assessment = False
        for ticket in (pending, done_without_assessment):
            with self.subTest(review_state=ticket.review_state):
                with self.assertRaises(UserError) as refusal:
                    ticket.with_user(self.expert).with_context(
                        lang="fa_IR"
                    ).action_escalate_to_mayor()
                self.assertIn("ارزیابی", str(refusal.exception))
                self.assertIn(ticket.number, str(refusal.exception))
                self.assertFalse(ticket.is_escalated_to_mayor)
                self.assertFalse(ticket.date_escalated)

    def test_escalation_is_labelled_as_the_mayors_office(self):
        """The flag and its date say "mayor's office", not the referral's "escalated
        to the supervisors" (they shared the label "Escalated On")."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        fields = ["is_escalated_to_mayor", "date_escalated"]
        english = self.Ticket.fields_get(fields, ["string"])
        persian = self.Ticket.with_context(lang="fa_IR").fields_get(fields, ["string"])
        for field in fields:
            with self.subTest(field=field):
                self.assertIn("Mayor's Office", english[field]["string"])
                self.assertIn("دفتر شهردار", persian[field]["string"])
                self.assertNotIn("سرپرست", persian[field]["string"])

    def test_only_expert_opinions_are_escalated(self):
        ticket = self._create_ticket(reviewer_id=self.expert.id)
        with self.assertRaises(UserError):
            ticket.with_user(self.expert).action_escalate_to_mayor()
        self.assertFalse(ticket.is_escalated_to_mayor)

    def test_operator_cannot_escalate(self):
        ticket = self._create_ticket(user=self.operator, request_kind="expert_opinion")
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).action_escalate_to_mayor()
        self.assertFalse(ticket.is_escalated_to_mayor)
