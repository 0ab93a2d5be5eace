from odoo import fields, models


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
        "month, e.g. the mayor's office. Each gets it in their own language.",
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
