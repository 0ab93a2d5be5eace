from odoo import api, fields, models
from odoo.exceptions import ValidationError

JURISDICTIONS = [
    ("municipal", "Municipality"),
    ("agency", "Other agency"),
    ("none", "No public body"),
]
# duplicates: the window when no category up the tree sets one, and the largest radius
# (the look-up must stay a neighbourhood's)
DEFAULT_DUPLICATE_WINDOW_DAYS = 30
MAX_DUPLICATE_RADIUS = 2000


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

    # duplicates: reports of the same problem at the same place
    duplicate_radius = fields.Integer(
        string="Duplicate Radius (m)",
        help="Open requests of this category within this distance of a new one are "
        "proposed as the same problem (e.g. 50 m for a street light, 200 m for a road). "
        "0: the parent category's radius; 0 all the way up: no proposals.",
    )
    duplicate_window_days = fields.Integer(
        string="Duplicate Window (days)",
        help="Only requests filed within this many days are proposed as duplicates. "
        "0: the parent category's window (30 days when none is set).",
    )

    # a subcategory without guidance of its own shows its parent's
    guidance_to_show = fields.Text(
        string="Guidance Shown",
        compute="_compute_guidance_to_show",
        recursive=True,
        help="The category's guidance, or the nearest parent's when it has none.",
    )

    def _compute_display_name(self):
        """performance: a category's name is its path of names (helpdesk_mgmt's
        complete name): read the names and parents of the categories and of their
        parents, not every column (guidance, rules) of each, for the category column of
        every list."""
        categories = self.sudo()
        categories.fetch(["name", "parent_id"])
        categories.parent_id.fetch(["name", "parent_id"])
        return super()._compute_display_name()

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

    @api.constrains("duplicate_radius", "duplicate_window_days")
    def _check_duplicate_rule(self):
        if any(c.duplicate_radius < 0 or c.duplicate_window_days < 0 for c in self):
            raise ValidationError(
                self.env._("A duplicate radius or window cannot be negative.")
            )
        if any(c.duplicate_radius > MAX_DUPLICATE_RADIUS for c in self):
            raise ValidationError(
                self.env._(
                    "A duplicate radius cannot exceed %(max)s m.",
                    max=MAX_DUPLICATE_RADIUS,
                )
            )

    def _hotline_duplicate_rule(self):
        """(radius in metres, window in days) of the category, each taken from the
        nearest parent that sets it; radius 0: no duplicate proposals."""
        self.ensure_one()
        radius = days = 0
        category = self
        while category and not (radius and days):
            radius = radius or category.duplicate_radius
            days = days or category.duplicate_window_days
            category = category.parent_id
        return radius, days or DEFAULT_DUPLICATE_WINDOW_DAYS

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
