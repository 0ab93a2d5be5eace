import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HotlineReportWizard(models.TransientModel):
    """Download the management workbook for any period."""

    _name = "hotline.report.wizard"
    _description = "Management Workbook Download"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )
    file_data = fields.Binary(string="Workbook", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _default_period(self):
        return self.env["hotline.report.workbook"]._last_month()

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
