from odoo import api, fields, models
from odoo.exceptions import ValidationError

JURISDICTIONS = [
    ("municipal", "Municipality"),
    ("agency", "Other agency"),
    ("none", "No public body"),
]


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    jurisdiction = fields.Selection(
        JURISDICTIONS,
        default="municipal",
        required=True,
        help="Whose duty requests of this category are. Outside the municipality's duty, "
        "the operator tells the caller whose duty it is and refers it to that agency.",
    )
    agency_id = fields.Many2one(
        "res.partner",
        string="Agency in Charge",
        domain="[('hotline_agency_type', '!=', False)]",
        help="The outside body in charge when the jurisdiction is another agency.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        help="The team that handles these requests.",
    )
    resolution_hours = fields.Integer(
        string="Target Resolution (hours)",
        help="Sets the deadline of new requests; 0 means no deadline.",
    )
    agency_response_hours = fields.Integer(
        string="Referral Deadline (hours)",
        help="Hours the category's agency has to answer a referral, instead of the "
        "agency's agreed response time. A referral is never due after the request "
        "itself.",
    )
    is_emergency = fields.Boolean(
        string="Emergency",
        help="Life or safety is at stake (a gas smell is not a pothole): handle at once. "
        "Its referrals are urgent: listed first and due in elapsed hours, nights and "
        "holidays included.",
    )
    requires_photo = fields.Boolean(
        string="Photo Required on Resolution",
        help="A request of this category is resolved only with a photo of the repair "
        "(Photos After Repair); the citizen sees it next to their own photos.",
    )
    operator_guidance = fields.Text(
        translate=True,
        help="What the operator tells the caller, shown on the intake form as soon as the "
        "category is chosen: above all whose duty it is and how to reach them.",
    )

    # a subcategory without guidance of its own shows its parent's
    guidance_to_show = fields.Text(
        string="Guidance Shown",
        compute="_compute_guidance_to_show",
        recursive=True,
        help="The category's guidance, or the nearest parent's when it has none.",
    )

    @api.depends("operator_guidance", "parent_id.guidance_to_show")
    def _compute_guidance_to_show(self):
        for category in self:
            category.guidance_to_show = (
                category.operator_guidance or category.parent_id.guidance_to_show
            )

    @api.constrains("jurisdiction", "agency_id")
    def _check_agency(self):
        for category in self:
            if category.jurisdiction == "agency" and not category.agency_id:
                raise ValidationError(
                    self.env._(
                        "Category %(name)s is another agency's duty: choose that agency.",
                        name=category.complete_name,
                    )
                )
            if category.agency_id and not category.agency_id.hotline_agency_type:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not an agency: set its agency type first.",
                        partner=category.agency_id.display_name,
                    )
                )

    @api.constrains("resolution_hours", "agency_response_hours")
    def _check_hours(self):
        if any(c.resolution_hours < 0 or c.agency_response_hours < 0 for c in self):
            raise ValidationError(self.env._("Hours cannot be negative."))

    def write(self, vals):
        res = super().write(vals)
        if "parent_id" in vals and self.env["helpdesk.ticket"].search_count(
            [("category_id", "child_of", self.ids)], limit=1
        ):
            # the request analysis sums requests per main category: a category moved
            # under another one takes its requests with it (a rare setup change)
            self.env.flush_all()
            self.env["hotline.ticket.rollup"].sudo()._rollup_rebuild()
        return res
