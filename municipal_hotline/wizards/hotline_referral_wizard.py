from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.hotline_referral import SEND_METHODS


class HotlineReferralWizard(models.TransientModel):
    """Refer a request to one or several agencies at once (a gas leak after a crash:
    the gas company and the police)."""

    _name = "hotline.referral.wizard"
    _description = "Refer to Agency"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Request", required=True)
    agency_ids = fields.Many2many(
        "res.partner",
        string="Agencies",
        compute="_compute_agency_ids",
        store=True,
        readonly=False,
        domain="[('hotline_agency_type', '!=', False)]",
    )
    send_method = fields.Selection(
        SEND_METHODS, string="Send By", default="email", required=True
    )
    note = fields.Text(
        string="Message to the Agency",
        help="Added to the referral email, e.g. what the hotline already did.",
    )

    @api.depends("ticket_id")
    def _compute_agency_ids(self):
        for wizard in self:
            agency = (
                wizard.ticket_id.agency_id or wizard.ticket_id.category_id.agency_id
            )
            wizard.agency_ids = agency

    def action_refer(self):
        """Create and send one referral per agency; already open ones are not doubled."""
        self.ensure_one()
        if not self.agency_ids:
            raise UserError(self.env._("Choose at least one agency."))
        not_agencies = self.agency_ids.filtered(lambda p: not p.hotline_agency_type)
        if not_agencies:
            raise UserError(
                self.env._(
                    "%(partners)s: not an agency. Requests can only be referred to "
                    "partners with an agency type.",
                    partners=", ".join(not_agencies.mapped("display_name")),
                )
            )
        already = self.ticket_id.referral_ids.filtered(
            lambda r: r.state in ("draft", "sent", "acknowledged")
        ).agency_id
        agencies = self.agency_ids - already
        if not agencies:
            raise UserError(
                self.env._("This request is already referred to these agencies.")
            )
        referrals = self.env["hotline.referral"].create(
            [
                {
                    "ticket_id": self.ticket_id.id,
                    "agency_id": agency.id,
                    "send_method": self.send_method,
                    "note": self.note,
                }
                for agency in agencies
            ]
        )
        referrals.action_send()
        if self.env.context.get("hotline_back_to_call"):
            # referred from Take a Call: back to the call and its tracking code
            return {"type": "ir.actions.act_window_close"}
        if len(referrals) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "hotline.referral",
                "res_id": referrals.id,
                "view_mode": "form",
            }
        return self.ticket_id.action_view_referrals()
