import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import (
    gregorian_to_jalali,
    jalali_month_bounds,
    jalali_month_label,
    shift_jalali_month,
)

# how many Jalali months back the period picker offers
PICKER_MONTHS = 36


class HotlineReportWizard(models.TransientModel):
    """Download the management workbook of a Jalali month, or of any period."""

    _name = "hotline.report.wizard"
    _description = "Management Workbook Download"

    jalali_month = fields.Selection(
        selection="_jalali_month_selection",
        string="Month",
        default=lambda self: self._default_jalali_month(),
        help="A Jalali month: its first and last days fill the period. Leave empty "
        "to choose any two dates.",
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    file_data = fields.Binary(string="Workbook", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _jalali_month_selection(self):
        """The current Jalali month and the PICKER_MONTHS before it, latest first,
        labelled "1404 آبان" (Persian) or "1404 Aban"."""
        today = self.env["hotline.report.analysis"]._city_today()
        jy, jm, _jd = gregorian_to_jalali(today.year, today.month, today.day)
        months = [shift_jalali_month(jy, jm, -back) for back in range(PICKER_MONTHS)]
        return [
            (f"{y}-{m:02d}", jalali_month_label(y, m, self.env.lang)) for y, m in months
        ]

    @api.model
    def _default_jalali_month(self):
        """The previous Jalali month, the one the monthly email sends."""
        date_from, _date_to = self.env["hotline.report.workbook"]._last_month()
        jy, jm, _jd = gregorian_to_jalali(
            date_from.year, date_from.month, date_from.day
        )
        return f"{jy}-{jm:02d}"

    @api.depends("jalali_month")
    def _compute_period(self):
        for wizard in self:
            if wizard.jalali_month:
                jy, jm = map(int, wizard.jalali_month.split("-"))
                wizard.date_from, wizard.date_to = jalali_month_bounds(jy, jm)
            elif not (wizard.date_from and wizard.date_to):
                wizard.date_from, wizard.date_to = self.env[
                    "hotline.report.workbook"
                ]._last_month()

    @api.model_create_multi
    def create(self, vals_list):
        # two dates given without a month: that period, not the default month's
        for vals in vals_list:
            if "date_from" in vals and "jalali_month" not in vals:
                vals["jalali_month"] = False
        return super().create(vals_list)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._(
                        "The period starts on %(date_from)s, after its end on "
                        "%(date_to)s: swap the two dates.",
                        date_from=wizard.date_from,
                        date_to=wizard.date_to,
                    )
                )

    def action_download(self):
        self.ensure_one()
        workbook = self.env["hotline.report.workbook"]
        self.write(
            {
                "file_data": base64.b64encode(
                    workbook._render(self.date_from, self.date_to)
                ),
                "file_name": workbook._file_name(self.date_from, self.date_to),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file_data"
            "&filename_field=file_name&download=true",
            "target": "self",
        }
