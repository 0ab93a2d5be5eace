from odoo import fields, models
from odoo.exceptions import UserError

from ..models.helpdesk_ticket import REVIEW_DECISIONS


class HotlineReviewDecision(models.TransientModel):
    """The expert's review of one request: an assessment and a decision."""

    _name = "hotline.review.decision"
    _description = "Expert Review Decision"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    decision = fields.Selection(REVIEW_DECISIONS, required=True)
    assessment = fields.Text(required=True)
    reject_reason = fields.Text(string="Reason for Rejection")

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "reject" and not (self.reject_reason or "").strip():
            raise UserError(self.env._("Give the reason for rejecting the request."))
        self.ticket_id._hotline_record_review(
            self.decision, self.assessment, self.reject_reason
        )
        return {"type": "ir.actions.act_window_close"}
