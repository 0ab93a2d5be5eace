import base64

from odoo import fields, models


class HotlineReferralAnswerWizard(models.TransientModel):
    """Staff record an answer an agency gave by phone or letter."""

    _name = "hotline.referral.answer.wizard"
    _description = "Record an Agency's Answer"

    referral_id = fields.Many2one("hotline.referral", required=True)
    response = fields.Html(string="Answer", required=True)
    agency_reference = fields.Char(help="The agency's own number for this case.")
    attachment_ids = fields.Many2many("ir.attachment", string="Files")

    def action_answer(self):
        self.ensure_one()
        self.referral_id.action_answer(
            self.response,
            agency_reference=self.agency_reference,
            attachments=[
                (att.name, base64.b64decode(att.datas or b""))
                for att in self.attachment_ids
            ],
        )
        return {"type": "ir.actions.act_window_close"}
