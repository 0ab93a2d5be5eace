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

    # privacy: retention of callers' personal data
    hotline_retention_months = fields.Integer(
        string="Keep Callers' Personal Data (months)",
        default=24,
        help="Closed requests older than this lose their caller's details; contacts "
        "with nothing newer are anonymized. The requests and their figures stay.",
    )
    hotline_retention_auto = fields.Boolean(
        string="Automatic Retention",
        help="Anonymize every month what the retention period has passed.",
    )

    # staff rating at the counter
    hotline_counter_address_limit = fields.Integer(
        string="Counter Answers per Address per Day",
        default=3,
        help="How many counter ratings one internet address may start in a day, all "
        "employees together (one per employee). 0: no limit. Raise it when citizens "
        "rate through the building's Wi-Fi, which gives them all one address.",
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
