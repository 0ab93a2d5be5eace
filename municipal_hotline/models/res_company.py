from odoo import api, fields, models

HOTLINE_CALENDAR = "municipal_hotline.resource_calendar_iranian_week"


class ResCompany(models.Model):
    _inherit = "res.company"

    # reporting
    hotline_report_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_hotline_report_partner_rel",
        "company_id",
        "partner_id",
        string="Monthly Report Recipients",
        help="Who receives the management workbook by email on the first of each "
        "Jalali month, e.g. the mayor's office. Each gets it in their own language.",
    )
    # working time
    hotline_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Hotline Working Calendar",
        default=lambda self: self.env.ref(HOTLINE_CALENDAR, raise_if_not_found=False),
        help="The city's working week and official holidays: request deadlines count "
        "the hours of their category on it (Iranian municipal week: Saturday to "
        "Wednesday, Thursday until noon, Friday off).",
    )

    @api.model
    def _hotline_set_default_calendar(self):
        """At install: the Iranian municipal week for companies without a calendar."""
        calendar = self.env.ref(HOTLINE_CALENDAR, raise_if_not_found=False)
        if calendar:
            self.search(
                [("hotline_calendar_id", "=", False)]
            ).hotline_calendar_id = calendar
