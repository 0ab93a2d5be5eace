import uuid

from odoo import api, fields, models


class HrEmployee(models.Model):
    """Staff that citizens rate: counter clerks get a personal survey link and QR card."""

    _inherit = "hr.employee"

    hotline_district_id = fields.Many2one(
        "hotline.district",
        index="btree_not_null",
        groups="hr.group_hr_user,municipal_hotline.group_hotline_supervisor",
        help="The district the employee serves, for district scores and rankings.",
    )
    hotline_is_counter = fields.Boolean(
        string="Serves at a Counter",
        groups="hr.group_hr_user,municipal_hotline.group_hotline_supervisor",
        help="Walk-in citizens rate this employee through a personal link and QR card.",
    )
    hotline_rating_token = fields.Char(
        string="Rating Link Token",
        compute="_compute_hotline_rating_token",
        store=True,
        readonly=False,
        copy=False,
        groups="hr.group_hr_user,municipal_hotline.group_hotline_supervisor",
    )
    hotline_rating_url = fields.Char(
        string="Rating Link",
        compute="_compute_hotline_rating_url",
        groups="hr.group_hr_user,municipal_hotline.group_hotline_supervisor",
    )
    hotline_rating_count = fields.Integer(
        string="Ratings",
        compute="_compute_hotline_rating_stats",
        groups="hr.group_hr_user,municipal_hotline.group_hotline_supervisor",
    )
    hotline_rating_score = fields.Float(
        string="Average Rating",
        compute="_compute_hotline_rating_stats",
        digits=(3, 2),
        groups="hr.group_hr_user,municipal_hotline.group_hotline_supervisor",
    )

    _hotline_rating_token_uniq = models.UniqueIndex(
        "(hotline_rating_token) WHERE hotline_rating_token IS NOT NULL",
        "Each employee needs their own rating link.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("hotline_rating_token"):
                vals["hotline_rating_token"] = uuid.uuid4().hex
        return super().create(vals_list)

    def _compute_hotline_rating_token(self):
        # a stored compute, not a default: each employee existing at install gets its
        # own token (a default would be evaluated once for all rows); create() sets it
        # for new employees
        for employee in self:
            if not employee.hotline_rating_token:
                employee.hotline_rating_token = uuid.uuid4().hex

    def _compute_hotline_rating_url(self):
        base_url = self[:1].get_base_url()  # one URL for the batch (it needs a record)
        for employee in self:
            employee.hotline_rating_url = (
                f"{base_url}/hotline/rate/{employee.hotline_rating_token}"
                if employee.hotline_rating_token
                else False
            )

    def _compute_hotline_rating_stats(self):
        stats = self.env["hotline.staff.rating.ranking"]._employee_stats(self.ids)
        for employee in self:
            count, score = stats.get(employee.id, (0, 0.0))
            employee.hotline_rating_count = count
            employee.hotline_rating_score = score

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_view_hotline_ratings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "municipal_hotline.hotline_staff_rating_report_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"pivot_row_groupby": ["question_id"]}
        action["display_name"] = self.env._(
            "Ratings of %(employee)s", employee=self.name
        )
        return action

    def action_print_hotline_rating_card(self):
        return {
            "type": "ir.actions.act_url",
            "url": "/hotline/rating/cards?employee_ids="
            + ",".join(str(i) for i in self.ids),
            "target": "new",
        }

    def action_reset_hotline_rating_token(self):
        """A new link when a card was copied or abused; old cards stop working."""
        for employee in self:
            employee.hotline_rating_token = uuid.uuid4().hex
