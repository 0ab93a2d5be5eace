from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

REVIEW_STATES = [
    ("pending", "Under Review"),
    ("done", "Reviewed"),
]
REVIEW_DECISIONS = [
    ("accept", "Accept"),
    ("field_visit", "Field Visit"),
    ("refer_to_agency", "Refer to Agency"),
    ("reject", "Reject"),
]
EXPERT_GROUP = "municipal_hotline.group_hotline_expert"
SUPERVISOR_GROUP = "municipal_hotline.group_hotline_supervisor"


# one file per concern of the ticket, so that parallel features merge cleanly
class HelpdeskTicket(models.Model):
    """Expert review: an expert assesses a request and decides what happens to it."""

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    reviewer_id = fields.Many2one(
        "res.users",
        string="Reviewing Expert",
        index="btree_not_null",
        tracking=True,
        copy=False,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref(EXPERT_GROUP).ids),
            ("share", "=", False),
        ],
    )
    review_state = fields.Selection(
        REVIEW_STATES, index="btree_not_null", tracking=True, copy=False, readonly=True
    )
    review_decision = fields.Selection(
        REVIEW_DECISIONS,
        string="Decision",
        index="btree_not_null",
        tracking=True,
        copy=False,
        readonly=True,
    )
    review_assessment = fields.Text(
        string="Assessment", tracking=True, copy=False, readonly=True
    )
    review_reject_reason = fields.Text(
        string="Reason for Rejection", tracking=True, copy=False, readonly=True
    )
    review_date = fields.Datetime(
        string="Reviewed On", tracking=True, copy=False, readonly=True
    )

    @api.constrains("reviewer_id")
    def _check_reviewer_is_expert(self):
        for ticket in self.filtered("reviewer_id"):
            if not ticket.reviewer_id.has_group(EXPERT_GROUP):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a hotline expert and cannot review requests.",
                        user=ticket.reviewer_id.name,
                    )
                )

    @api.constrains("review_decision", "review_reject_reason")
    def _check_reject_reason(self):
        for ticket in self:
            if (
                ticket.review_decision == "reject"
                and not (ticket.review_reject_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Request %(number)s: give the reason for rejecting it.",
                        number=ticket.number,
                    )
                )

    # ACTIONS

    def action_send_for_review(self):
        """Hand the request to its reviewing expert: stage, to-do activity, follower."""
        missing = self.filtered(lambda t: not t.reviewer_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose the expert who reviews request %(number)s first.",
                    number=missing[0].number,
                )
            )
        closed = self.filtered("closed")
        if closed:
            raise UserError(
                self.env._(
                    "Request %(number)s is closed: reopen it before sending it for "
                    "review.",
                    number=closed[0].number,
                )
            )
        stage = self.env.ref("municipal_hotline.helpdesk_ticket_stage_review")
        self.write(
            {
                "stage_id": stage.id,
                "review_state": "pending",
                "review_decision": False,
                "review_date": False,
            }
        )
        for ticket in self:
            ticket.message_subscribe(partner_ids=ticket.reviewer_id.partner_id.ids)
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=ticket.reviewer_id.id,
                summary=self.env._("Review request %(number)s", number=ticket.number),
                note=ticket.name,
            )
        return True

    def action_open_review_decision(self):
        self.ensure_one()
        self._hotline_check_can_decide()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Review"),
            "res_model": "hotline.review.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_escalate_to_mayor(self):
        """Send an expert opinion to the mayor's office: flag it, notify supervisors."""
        if not self.env.user.has_group(EXPERT_GROUP):
            raise AccessError(
                self.env._("Only experts and supervisors escalate to the mayor.")
            )
        wrong = self.filtered(lambda t: t.request_kind != "expert_opinion")
        if wrong:
            raise UserError(
                self.env._(
                    "Only expert opinions go to the mayor's office; %(number)s is not "
                    "one.",
                    number=wrong[0].number,
                )
            )
        todo = self.filtered(lambda t: not t.is_escalated_to_mayor)
        if not todo:
            return True
        todo.write(
            {"is_escalated_to_mayor": True, "date_escalated": fields.Datetime.now()}
        )
        supervisors = (
            self.env.ref(SUPERVISOR_GROUP)
            .sudo()
            .user_ids.filtered(lambda u: u.active and not u.share)
        )
        for ticket in todo:
            ticket.message_post(
                body=self.env._(
                    "Expert opinion escalated to the mayor's office by %(user)s.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=supervisors.partner_id.ids,
            )
        return True

    # BUSINESS

    def _hotline_check_can_decide(self):
        for ticket in self:
            if ticket.review_state != "pending":
                raise UserError(
                    self.env._(
                        "Request %(number)s is not waiting for a review.",
                        number=ticket.number,
                    )
                )
            if ticket.reviewer_id != self.env.user and not self.env.user.has_group(
                SUPERVISOR_GROUP
            ):
                raise AccessError(
                    self.env._(
                        "Request %(number)s is reviewed by %(expert)s, not by you.",
                        number=ticket.number,
                        expert=ticket.reviewer_id.name,
                    )
                )

    def _hotline_record_review(self, decision, assessment, reject_reason=False):
        """The expert's decision: stored, tracked, and the request moves on."""
        self._hotline_check_can_decide()
        vals = {
            "review_state": "done",
            "review_decision": decision,
            "review_assessment": assessment,
            "review_reject_reason": reject_reason if decision == "reject" else False,
            "review_date": fields.Datetime.now(),
        }
        stage_xmlid = {
            "accept": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
            "field_visit": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
            "refer_to_agency": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
            "reject": "municipal_hotline.helpdesk_ticket_stage_closed",
        }[decision]
        vals["stage_id"] = self.env.ref(stage_xmlid).id
        if decision == "refer_to_agency":
            # the referral itself is made from the ticket (Refer to agency)
            vals["jurisdiction"] = "agency"
        self.write(vals)
        decision_label = dict(
            self._fields["review_decision"]._description_selection(self.env)
        )[decision]
        for ticket in self:
            ticket.activity_feedback(
                ["mail.mail_activity_data_todo"],
                user_id=ticket.reviewer_id.id,
                feedback=decision_label,
            )
            if decision == "field_visit":
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=(ticket.user_id or ticket.reviewer_id).id,
                    summary=self.env._(
                        "Field visit for %(number)s", number=ticket.number
                    ),
                    note=assessment,
                )
            ticket.message_post(
                body=Markup("<p><b>%s</b></p><p>%s</p>")
                % (
                    self.env._(
                        "Expert decision: %(decision)s", decision=decision_label
                    ),
                    assessment,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
